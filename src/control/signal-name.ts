// Operators type `HUP`, `sighup`, `SIGHUP` or `1`; the runtime wants one
// canonical spelling. Both the ctl client (to fail before connecting) and the
// server (never trust the wire) use this.

import { constants } from 'node:os';

const byNumber = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name] as const),
);

/** The canonical `SIGxxx` name of a signal given by name or number, or undefined when the kernel has no such signal. */
export function canonicalSignal(input: string): string | undefined {
  const text = input.trim();
  if (/^\d+$/.test(text)) return byNumber.get(Number(text));
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return Object.hasOwn(constants.signals, name) ? name : undefined;
}
