// Which programs a reload must touch. supervisord's SIGHUP stops and starts
// everything; comparing the normalised configs lets a reload restart only the
// programs whose definition actually changed.

import type { ProgramConfig } from '../config/types.js';

/** Names sorted into what a reload does with them; each list keeps config-file order. */
export interface ProgramDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
  readonly unchanged: string[];
}

/** Compares two program lists by name, then by structural equality of each normalised config. */
export function diffPrograms(old: readonly ProgramConfig[], next: readonly ProgramConfig[]): ProgramDiff {
  const before = new Map(old.map((p) => [p.name, p] as const));
  const after = new Set(next.map((p) => p.name));
  const diff: ProgramDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const program of next) {
    const previous = before.get(program.name);
    if (previous === undefined) diff.added.push(program.name);
    else if (structurallyEqual(previous, program)) diff.unchanged.push(program.name);
    else diff.changed.push(program.name);
  }
  for (const program of old) {
    if (!after.has(program.name)) diff.removed.push(program.name);
  }
  return diff;
}

// Key order is irrelevant and a key holding `undefined` equals an absent key:
// normalisation may spell "not set" either way, and neither is a change an
// operator made. Array order is significant (argv).
function structurallyEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => structurallyEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!structurallyEqual(left[key], right[key])) return false;
  }
  return true;
}
