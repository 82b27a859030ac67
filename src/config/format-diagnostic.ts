// Diagnostics in the `file:line:col: message` shape editors and CI parse.

import type { Diagnostic } from './types.js';

/** `FILE:LINE:COL: path: message`; `FILE: message` without a position; no `path: ` when it is empty. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
  return d.path === '' ? `${where}: ${d.message}` : `${where}: ${d.path}: ${d.message}`;
}

/** 'programs.web.command[0]' for ['programs', 'web', 'command', 0]. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s === '' ? seg : `${s}.${seg}`),
    '',
  );
}
