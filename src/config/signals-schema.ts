// `signals:` — what tsvisor does with each signal it receives. Only the
// configured entries come out of parsing; normalize.ts adds the defaults.

import * as z from 'zod';
import { choice, describeValue, oneOf, signalName, strictMap } from './schema-primitives.js';
import { canonicalSignal, unconfigurableReason } from './signal-names.js';
import type { SignalAction } from './types.js';

const signalKey = z.string().superRefine((key, ctx) => {
  const name = canonicalSignal(key);
  const reason = name === undefined ? `\`${key}\` is not a signal on this platform` : unconfigurableReason(name);
  if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason });
});

const forwardSchema = strictMap({
  forward: oneOf(
    [
      z.literal('all'),
      z.array(z.string({ error: (i) => `expected a program name, got ${describeValue(i.input)}` })).min(1),
    ],
    '`all` or a list of program names',
  )
    .default('all')
    .meta({ description: 'Programs whose process group receives the signal.' }),
  as: signalName('Send this signal instead of the one received.').optional(),
});

const actionSchema = oneOf(
  [choice(['shutdown', 'reload', 'ignore', 'forward'], 'What tsvisor does.'), forwardSchema],
  '`shutdown`, `reload`, `ignore`, `forward` or {forward: [...], as: SIGNAL}',
).transform((a): SignalAction => {
  if (typeof a !== 'string') return { kind: 'forward', targets: a.forward === 'all' ? undefined : a.forward, as: a.as };
  return a === 'forward' ? { kind: 'forward', targets: undefined, as: undefined } : { kind: a };
});

/** The `signals:` map, keyed by canonical signal name after parsing. */
export const signalsSchema = z
  .record(signalKey, actionSchema)
  .meta({
    description: 'Signal name → shutdown | reload | ignore | forward | {forward: all | [programs], as: SIGNAL}.',
  })
  .transform((map, ctx) => {
    const out: Record<string, SignalAction> = {};
    const spelled: Record<string, string> = {};
    for (const [key, action] of Object.entries(map)) {
      const name = canonicalSignal(key) ?? key;
      const earlier = spelled[name];
      if (earlier !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], params: { at: 'key' }, message: `same signal as \`${earlier}\`` });
      spelled[name] = key;
      out[name] = action;
    }
    return out;
  })
  .prefault({});
