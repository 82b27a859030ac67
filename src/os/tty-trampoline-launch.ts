// Turns a launch plan into one that goes through dist/tty-trampoline.mjs:
// Node cannot run code in a child between fork and exec, and a parent-side
// setpgid(child) loses to the child's exec (EACCES), so a tiny Node process
// does setpgid + tcsetpgrp itself and then exec()s the program in place —
// the pid libuv registered stays the program's.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LaunchPlan } from './launch-plan.js';
import { hideNodeEnv } from './trampoline-env.js';

// Where the bundle puts it relative to this module: inlined into an entry (dist/), in a chunk (dist/chunks/),
// or the TypeScript source run by vitest (src/os/ → the built dist/).
const CANDIDATES = ['./tty-trampoline.mjs', '../tty-trampoline.mjs', '../../dist/tty-trampoline.mjs'];

let found: string | null | undefined;

/** Absolute path of the built trampoline, or undefined when this install has none (e.g. not built). */
export function ttyTrampolinePath(): string | undefined {
  if (found === undefined) {
    found = null;
    for (const candidate of CANDIDATES) {
      const path = fileURLToPath(new URL(candidate, import.meta.url));
      if (existsSync(path)) {
        found = path;
        break;
      }
    }
  }
  return found ?? undefined;
}

/** plan, started as `node TRAMPOLINE -- FILE ARGS…` with the same ids and (Node-proofed) environment. */
export function throughTtyTrampoline(plan: LaunchPlan, trampoline: string): LaunchPlan {
  return {
    ...plan,
    file: process.execPath,
    args: [trampoline, '--', plan.file, ...plan.args],
    env: hideNodeEnv(plan.env),
  };
}
