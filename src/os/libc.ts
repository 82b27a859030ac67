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
