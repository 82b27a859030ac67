// The one place that loads libc through koffi. Every native call tsvisor
// needs (waitpid, prctl, tcsetpgrp, socket calls for sd_notify) declares its
// prototype on this handle, so glibc/musl detection happens once.

import { createRequire } from 'node:module';

// koffi's type definitions are loaded lazily with the library itself; keeping
// the module off the start-up path matters for PID 1 start-up time.
type Koffi = typeof import('koffi');

const require = createRequire(import.meta.url);
let koffi: Koffi | undefined;
let lib: ReturnType<Koffi['load']> | undefined;

/** The koffi module, loaded on first use. */
export function getKoffi(): Koffi {
  koffi ??= require('koffi') as Koffi;
  return koffi;
}

/** libc, loaded on first use: glibc's soname first, then musl's. */
export function getLibc(): ReturnType<Koffi['load']> {
  if (lib) return lib;
  const k = getKoffi();
  const candidates = ['libc.so.6', `libc.musl-${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}.so.1`, 'libc.so'];
  let lastError: unknown;
  for (const name of candidates) {
    try {
      lib = k.load(name);
      return lib;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error('cannot load libc through koffi', { cause: lastError });
}

// koffi's function objects are untyped callables; each caller's wrapper gives them a signature.
type NativeFn = (...args: unknown[]) => unknown;

const functions = new Map<string, NativeFn>();

/** A libc function by C prototype, declared once and cached. */
export function libcFunction(prototype: string): NativeFn {
  let f = functions.get(prototype);
  if (!f) {
    f = getLibc().func(prototype) as NativeFn;
    functions.set(prototype, f);
  }
  return f;
}

/** Result of a native call: the return value and errno when it failed. */
export interface NativeResult {
  readonly value: number;
  readonly errno: number;
}

/** Call a libc function returning int; errno is read right after a negative result. */
export function libcCall(prototype: string, ...args: unknown[]): NativeResult {
  const value = libcFunction(prototype)(...args) as number;
  return { value, errno: value < 0 ? getKoffi().errno() : 0 };
}
