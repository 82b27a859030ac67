// Schemas for the per-program fields whose YAML has several spellings
// (compose accepts a string or a list for most of them).

import * as z from 'zod';
import { choice, describeValue, oneOf, strictMap } from './schema-primitives.js';
import { splitCommand } from './split-command.js';
import type { Dependency, RestartPolicy, UserSpec } from './types.js';

/** `command`: exec-form list, or a string split like a shell would, without a shell. */
export const commandSchema = oneOf(
  [
    z.string().transform((s, ctx) => {
      const r = splitCommand(s);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
      return r.ok ? r.argv : [];
    }),
    // Numbers are accepted in the list because YAML reads `[sleep, 10]` as a string and a number.
    z
      .array(oneOf([z.string(), z.number()], 'a string'))
      .min(1, { error: 'command is empty' })
      .transform((items, ctx) => {
        if (items[0] === '') ctx.addIssue({ code: 'custom', path: [0], message: 'the program name is empty' });
        return items.map(String);
      }),
  ],
  'a string or a list of strings',
).meta({
  description:
    'What to run. A list is used as argv; a string is split into argv like a POSIX shell would (quotes, backslashes) but no shell runs it. For a shell: ["sh", "-c", "a | b"].',
});

const ENV_KEY = /^[^=\0]+$/;

/** `environment`: map (scalars become strings) or compose list `["KEY=value"]`. */
export const environmentSchema = oneOf(
  [
    z.record(
      z.string().regex(ENV_KEY, { error: 'variable names cannot be empty or contain `=`' }),
      oneOf([z.string(), z.number(), z.boolean()], 'a string, number or boolean').transform(String),
    ),
    z
      .array(z.string({ error: (i) => `expected "KEY=value", got ${describeValue(i.input)}` }))
      .transform((items, ctx) => {
        const env: [string, string][] = [];
        const seen = new Set<string>();
        items.forEach((item, i) => {
          const eq = item.indexOf('=');
          if (eq <= 0) {
            ctx.addIssue({ code: 'custom', path: [i], message: `expected "KEY=value", got \`${item}\`` });
            return;
          }
          const key = item.slice(0, eq);
          if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `\`${key}\` is set twice` });
          seen.add(key);
          env.push([key, item.slice(eq + 1)]);
        });
        return Object.fromEntries(env);
      }),
  ],
  'a map of NAME: value or a list of "NAME=value"',
)
  .transform((env): Record<string, string> => Object.fromEntries(Object.entries(env)))
  .meta({ description: 'Variables added to the environment tsvisor passes on.' });

const USER = /^([^:\s]+)(?::([^:\s]+))?$/;
const idOrName = (s: string): string | number => (/^\d+$/.test(s) ? Number(s) : s);

/** `user`: "name", "1000", 1000, "name:group", "1000:1000". */
export const userSchema = oneOf([z.string(), z.int().min(0)], 'a user like "app", "1000" or "app:staff"')
  .meta({ description: 'User (and optional group) to run as: "app", "1000", "app:staff", "1000:1000".' })
  .transform((v, ctx): UserSpec => {
    if (typeof v === 'number') return { user: v, group: undefined };
    const m = USER.exec(v);
    if (m === null) {
      ctx.addIssue({ code: 'custom', message: `expected a user like "app", "1000" or "app:staff", got \`${v}\`` });
      return { user: v, group: undefined };
    }
    return { user: idOrName(m[1] ?? ''), group: m[2] === undefined ? undefined : idOrName(m[2]) };
  });

const RESTART_WORDS = ['no', 'on-failure', 'always', 'unless-stopped'] as const;

/** `restart`: Docker's policies; YAML `false` (what YAML 1.1 makes of `no`) means "no". */
export const restartSchema = oneOf(
  [z.literal(false), z.enum(RESTART_WORDS), z.templateLiteral(['on-failure:', z.int()])],
  '`no`, `on-failure`, `on-failure:N`, `always` or `unless-stopped`',
)
  .meta({
    description:
      'Docker restart policy: no | on-failure[:N] (N = max restarts, 0 = unlimited) | always | unless-stopped.',
  })
  .transform((v, ctx): RestartPolicy => {
    if (v === false || v === 'no') return { kind: 'no' };
    if (v === 'always' || v === 'unless-stopped') return { kind: v };
    if (v === 'on-failure') return { kind: 'on-failure', maxRestarts: undefined };
    const n = Number(v.slice('on-failure:'.length));
    if (n < 0) ctx.addIssue({ code: 'custom', message: `on-failure:N needs N ≥ 0 (0 = unlimited), got ${n}` });
    return { kind: 'on-failure', maxRestarts: n > 0 ? n : undefined };
  })
  .prefault('always');

const conditionSchema = choice(
  ['started', 'healthy', 'completed_successfully'],
  'What the dependency must reach first.',
);

/** `depends_on`: list of names, or map name → {condition}. */
export const dependsOnSchema = oneOf(
  [
    z.array(z.string({ error: (i) => `expected a program name, got ${describeValue(i.input)}` })),
    z.record(z.string(), strictMap({ condition: conditionSchema.default('started') })),
  ],
  'a list of program names or a map of name: {condition: ...}',
)
  .meta({ description: 'Programs to start first (and stop after this one).' })
  .transform((v, ctx): Dependency[] => {
    if (!Array.isArray(v)) return Object.entries(v).map(([name, d]) => ({ name, condition: d.condition }));
    v.forEach((name, i) => {
      if (v.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `\`${name}\` is listed twice` });
    });
    return v.map((name) => ({ name, condition: 'started' as const }));
  })
  .prefault([]);
