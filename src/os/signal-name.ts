// Signal number ↔ canonical name. os.constants.signals lists aliases
// (SIGIOT, SIGPOLL) after the names the kernel documents; the first wins.

import { constants } from 'node:os';

const byNumber = new Map<number, string>();
for (const [name, num] of Object.entries(constants.signals)) {
  if (!byNumber.has(num)) byNumber.set(num, name);
}

/** Canonical name of a signal number, e.g. 15 → 'SIGTERM'; `SIG${n}` for numbers Node does not name (real-time). */
export function signalName(num: number): string {
  return byNumber.get(num) ?? `SIG${num}`;
}

/** Number of a signal name, or undefined when this platform has no such signal. */
export function signalNumber(name: string): number | undefined {
  return (constants.signals as Record<string, number | undefined>)[name];
}
