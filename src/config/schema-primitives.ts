// Building blocks of the config schema. Each one parses a YAML value into
// its normalised form (durations → ms, sizes → bytes, signals → canonical
// names) so the rest of the pipeline never re-reads a string, while the JSON
// Schema (generated with io: 'input') still describes what users type.

import { isAbsolute } from 'node:path';
import * as z from 'zod';
import { BYTE_SIZE_PATTERN, parseByteSize } from './byte-size.js';
import { didYouMean } from './did-you-mean.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { canonicalSignal } from './signal-names.js';

/** How a YAML value is named in messages ("a list", "null"). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `\`${v}\``;
  return `${typeof v} ${String(v)}`;
}

/**
 * A map that rejects unknown keys. The error function returns one line per
 * unknown key, in the order of `issue.keys`, because zod reports them as one
 * issue and the diagnostics layer splits it to point at each key.
 */
export function strictMap<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((k) => `unknown key \`${k}\`${didYouMean(k, known)}`).join('\n');
      if (issue.code === 'invalid_type') return `expected a map, got ${describeValue(issue.input)}`;
      return undefined;
    },
  });
}

/** A union whose failure message says what was expected when no option's type matched. */
export function oneOf<const T extends readonly [z.core.SomeType, ...z.core.SomeType[]]>(options: T, expected: string) {
  return z.union(options, {
    error: (issue) => `expected ${expected}, got ${describeValue(issue.input)}${quoteHint(issue.input, expected)}`,
  });
}

/**
 * YAML turns unquoted `true`, `false` and `null` (also `~` and an empty value) into non-strings, which surprises
 * people writing `command: [true]`: say how to get the word.
 */
export function quoteHint(input: unknown, expected: string): string {
  if (!expected.includes('string')) return '';
  if (typeof input === 'boolean') return ` (YAML reads unquoted ${input} as a boolean: write "${input}")`;
  if (input === null) return ' (YAML reads an empty value, `null` or `~` as null: quote the text you meant)';
  return '';
}

const durationMessage = 'expected a duration like 500ms, 10s or 1m30s';

/** A compose-style duration string, parsed to milliseconds. */
export function duration(description: string, min: 'zero' | 'positive') {
  return z
    .string({ error: (i) => `${durationMessage}, got ${describeValue(i.input)}` })
    .meta({ description, pattern: DURATION_PATTERN })
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === undefined) ctx.addIssue({ code: 'custom', message: `${durationMessage}, got \`${s}\`` });
      else if (min === 'positive' && ms <= 0) ctx.addIssue({ code: 'custom', message: 'must be longer than 0s' });
      return ms ?? 0;
    });
}

/** A size in bytes: a number, or a string with a 1024-based unit (10MB = 10 MiB). */
export function byteSize(description: string) {
  return oneOf([z.int(), z.string().meta({ pattern: BYTE_SIZE_PATTERN })], 'a size like 10MB, 512K or a byte count')
    .meta({ description })
    .transform((v, ctx) => {
      const bytes = parseByteSize(v);
      if (bytes === undefined || bytes <= 0)
        ctx.addIssue({
          code: 'custom',
          message: `expected a size like 10MB, 512K or a byte count, got ${describeValue(v)}`,
        });
      return bytes ?? 0;
    });
}

/** An absolute filesystem path. */
export function absolutePath(description: string) {
  return z
    .string({ error: (i) => `expected an absolute path, got ${describeValue(i.input)}` })
    .meta({ description })
    .refine((s) => isAbsolute(s), { error: (i) => `expected an absolute path, got ${describeValue(i.input)}` });
}

/** Any real signal of this platform, by name ("TERM", "SIGTERM", "sigterm") or number; gives the canonical name. */
export function signalName(description: string) {
  return oneOf([z.string(), z.int()], 'a signal name like SIGTERM')
    .meta({ description })
    .transform((v, ctx) => {
      const name = canonicalSignal(v);
      if (name === undefined)
        ctx.addIssue({ code: 'custom', message: `${describeValue(v)} is not a signal on this platform` });
      return name ?? '';
    });
}

/** true/false with a message that names the value YAML produced. */
export function flag(description: string, fallback: boolean) {
  return z
    .boolean({ error: (i) => `expected true or false, got ${describeValue(i.input)}` })
    .default(fallback)
    .meta({ description });
}

/** One of a fixed set of words. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z
    .enum(values, {
      error: (i) => `expected one of ${values.map((v) => `\`${v}\``).join(', ')}, got ${describeValue(i.input)}`,
    })
    .meta({ description });
}
