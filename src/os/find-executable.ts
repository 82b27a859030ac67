// PATH lookup done by us rather than execvp, for the cases where the program
// is exec()ed by a trampoline and a missing binary would otherwise surface as
// the trampoline's exit code instead of a spawn failure.

import { accessSync, constants, statSync } from 'node:fs';

/** Absolute path of command along PATH, or an error code like a failed exec would give. */
export function findExecutable(
  command: string,
  path: string | undefined,
): { path: string } | { code: 'ENOENT' | 'EACCES' } {
  const candidates = command.includes('/')
    ? [command]
    : (path ?? '/usr/local/bin:/usr/bin:/bin').split(':').map((dir) => `${dir || '.'}/${command}`);
  let sawDenied = false;
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return { path: candidate };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EACCES') sawDenied = true;
    }
  }
  return { code: sawDenied ? 'EACCES' : 'ENOENT' };
}
