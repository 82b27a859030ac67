// The whole config file. This zod schema is the single source of truth:
// parsing, defaults and the published JSON Schema all come from it.

import * as z from 'zod';
import { outputSchema } from './output-schema.js';
import { programSchema } from './program-schema.js';
import { absolutePath, choice, duration, strictMap } from './schema-primitives.js';
import { signalsSchema } from './signals-schema.js';

/** Program names: also used in log prefixes, control commands and file names. */
export const PROGRAM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const count = (description: string, min: number, fallback: number) =>
  z
    .int({ error: `expected a whole number ≥ ${min}` })
    .min(min, { error: `must be at least ${min}` })
    .default(fallback)
    .meta({ description });

/** The root of tsvisor.yaml. */
export const configSchema = strictMap({
  programs: z
    .record(
      z.string().regex(PROGRAM_NAME, {
        error: 'program names start with a letter or digit and contain only letters, digits, `_`, `.` and `-`',
      }),
      programSchema,
    )
    .refine((p) => Object.keys(p).length > 0, { error: 'define at least one program' })
    .meta({ description: 'The programs to supervise, by name.' }),
  shutdown: strictMap({
    timeout: duration(
      'Deadline for the whole shutdown; keep it below the container stop timeout (Docker: 10s).',
      'positive',
    ).prefault('9s'),
  })
    .meta({ description: 'Container shutdown.' })
    .prefault({}),
  control: strictMap({
    socket: absolutePath('Unix socket of the control API.').default('/run/tsvisor.sock'),
    group: z.string().optional().meta({ description: 'Group allowed to use the socket (mode 0660); else 0600.' }),
    state_dir: absolutePath('Where operator stops of unless-stopped programs are remembered.').default(
      '/var/lib/tsvisor',
    ),
  })
    .meta({ description: 'Control socket (tsvisor ctl).' })
    .prefault({}),
  logging: strictMap({
    level: choice(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'tsvisor’s own log level.').default(
      'info',
    ),
    format: choice(['json', 'pretty', 'auto'], 'tsvisor’s own log format; auto = pretty on a TTY.').default('auto'),
    output: outputSchema.optional(),
    ring_lines: count('Lines of output kept per program for `tsvisor ctl logs`.', 0, 1000),
    max_line_bytes: count('Longer lines are split and marked.', 1, 65536),
  })
    .meta({ description: 'tsvisor’s log and the defaults for program output.' })
    .prefault({}),
  signals: signalsSchema,
}).meta({ title: 'tsvisor configuration', description: 'tsvisor.yaml: programs to supervise and how.' });

/** The parsed (not yet normalised) config. */
export type ParsedConfig = z.output<typeof configSchema>;
