// Maps why a spawn produced no process to the shell's convention, so a
// missing binary looks the same under tsvisor as under `sh -c`.

import type { SpawnFailure } from './spawn-types.js';

/** 127 for a missing program, 126 for one that exists but cannot be executed. */
export function spawnFailureOf(command: string, errorCode: string | undefined, detail?: string): SpawnFailure {
  if (errorCode === 'ENOENT') return { code: 127, message: `${command}: command not found` };
  const why =
    errorCode === 'EACCES'
      ? 'permission denied'
      : errorCode === 'ENOEXEC'
        ? 'exec format error'
        : (detail ?? errorCode ?? 'cannot execute');
  return { code: 126, message: `${command}: ${why}` };
}
