// One entry of `programs:` as written in YAML, parsed into normalised values
// (normalize.ts only renames keys and fills inherited output).

import type * as z from 'zod';
import { healthcheckSchema } from './healthcheck-schema.js';
import { outputSchema } from './output-schema.js';
import { commandSchema, dependsOnSchema, environmentSchema, restartSchema, userSchema } from './program-fields.js';
import { absolutePath, choice, duration, flag, signalName, strictMap } from './schema-primitives.js';

const backoffSchema = strictMap({
  initial: duration('Delay before the first restart; doubles each time.', 'positive').prefault('100ms'),
  max: duration('The delay never exceeds this.', 'positive').prefault('1m'),
  reset_after: duration('A run at least this long resets the delay to `initial`.', 'zero').prefault('10s'),
})
  .meta({ description: 'Restart delays (Docker’s defaults: 100ms doubling, 1m cap, reset after 10s up).' })
  .superRefine((b, ctx) => {
    if (b.max < b.initial) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be at least `initial`' });
  })
  .prefault({});

/** A program as written under `programs.<name>`. */
export const programSchema = strictMap({
  command: commandSchema,
  environment: environmentSchema.prefault({}),
  working_dir: absolutePath('Directory the program starts in.').optional(),
  user: userSchema.optional(),
  restart: restartSchema,
  backoff: backoffSchema,
  stop_signal: signalName('Signal sent to stop the program (TERM, SIGTERM, 15 …).').prefault('SIGTERM'),
  stop_grace_period: duration('Time between the stop signal and SIGKILL.', 'zero').prefault('10s'),
  depends_on: dependsOnSchema,
  healthcheck: healthcheckSchema.optional(),
  on_unhealthy: choice(['restart', 'ignore', 'shutdown'], 'What to do when the healthcheck fails.').default('restart'),
  critical: flag('When this program ends for good, stop everything and exit with its code.', false),
  type: choice(
    ['longrun', 'oneshot', 'forking'],
    'longrun: runs until stopped; oneshot: runs to completion; forking: daemonises and writes `pidfile`.',
  ).default('longrun'),
  pidfile: absolutePath('Where a forking program writes its pid (required for type: forking).').optional(),
  notify: flag('Readiness via sd_notify: NOTIFY_SOCKET is set and READY=1 marks the program healthy.', false),
  autostart: flag('false: only started by an operator (tsvisor ctl start).', true),
  output: outputSchema.optional(),
}).meta({ description: 'One supervised program.' });

/** The parsed (not yet normalised) program. */
export type ParsedProgram = z.output<typeof programSchema>;
