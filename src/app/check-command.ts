// `tsvisor check -c FILE`: validates a config without starting anything.

import { formatDiagnostic } from '../config/format-diagnostic.js';
import { loadConfigFile } from '../config/load.js';

/** Exit code of `check` when the config is invalid (0 when valid). */
export const CHECK_INVALID_EXIT = 2;

/** Prints every diagnostic to `err` (exit 2) or `FILE: ok (N programs)` to `out` (exit 0). */
export async function runCheck(file: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const result = await loadConfigFile(file);
  if (!result.ok) {
    for (const d of result.diagnostics) err.write(`${formatDiagnostic(d)}\n`);
    return CHECK_INVALID_EXIT;
  }
  const n = result.config.programs.length;
  out.write(`${file}: ok (${n} program${n === 1 ? '' : 's'})\n`);
  return 0;
}
