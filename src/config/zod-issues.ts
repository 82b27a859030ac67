// zod issues → ConfigIssues with messages written for people editing YAML.
// Union failures are resolved to the option the user evidently meant (the
// one whose type matched), so `output: {mode: fancy}` reports the bad mode
// rather than "expected a string or a map".

import type * as z from 'zod';
import type { ConfigIssue } from './config-issue.js';
import { describeValue, quoteHint } from './schema-primitives.js';

type Issue = z.core.$ZodIssue;
type Path = readonly (string | number)[];

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'a map',
  record: 'a map',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

// zod's own messages all start like this; ours never do.
const isDefaultMessage = (m: string) => /^(Invalid|Too (small|big))/.test(m);

const toPath = (p: readonly PropertyKey[]): (string | number)[] =>
  p.map((k) => (typeof k === 'number' ? k : String(k)));

// A union option that failed only because the value has another type.
// zod keeps running an option's checks after its type test failed, so one
// root-level invalid_type is enough to call the option a mismatch.
const isTypeMismatch = (branch: readonly Issue[]) =>
  branch.some((i) => i.path.length === 0 && i.code === 'invalid_type') ||
  branch.every((i) => i.path.length === 0 && (i.code === 'invalid_value' || i.code === 'invalid_format'));

function reword(issue: Issue): string {
  if (!isDefaultMessage(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return `expected ${expected}, got ${describeValue(issue.input)}${quoteHint(issue.input, expected)}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => describeValue(v)).join(' or ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' ? `needs at least ${issue.minimum} item(s)` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `takes at most ${issue.maximum} item(s)` : `must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

/** Flattens zod issues (recursing into unions and record keys) into ConfigIssues. */
export function configIssuesFromZod(issues: readonly Issue[], prefix: Path = []): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...toPath(issue.path)];
    if (issue.code === 'unrecognized_keys') {
      const lines = issue.message.split('\n');
      issue.keys.forEach((key, i) => {
        out.push({ path: [...path, key], message: lines[i] ?? `unknown key \`${key}\``, at: 'key' });
      });
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0];
      out.push({ path, message: inner === undefined ? issue.message : reword(inner), at: 'key' });
    } else if (
      (issue.code === 'invalid_type' || issue.code === 'invalid_union') &&
      issue.input === undefined &&
      path.length > 0
    ) {
      out.push({ path, message: `missing required key \`${String(path.at(-1))}\``, at: 'parent' });
    } else if (issue.code === 'invalid_union') {
      const meant = issue.errors.filter((branch) => !isTypeMismatch(branch));
      const [only] = meant;
      if (meant.length === 1 && only !== undefined) out.push(...configIssuesFromZod(only, path));
      else out.push({ path, message: reword(issue), at: 'value' });
    } else {
      const at = issue.code === 'custom' && issue.params?.at === 'key' ? 'key' : 'value';
      out.push({ path, message: reword(issue), at });
    }
  }
  return out;
}
