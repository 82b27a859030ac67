// `output` (per program) and `logging.output`: a mode word or a map. Program
// fields left out inherit from logging.output field by field, so parsing
// yields a partial that normalize.ts completes.

import * as z from 'zod';
import { absolutePath, byteSize, choice, oneOf, strictMap } from './schema-primitives.js';
import type { LogFileConfig, OutputMode } from './types.js';

/** What parsing `output` yields before inheritance fills the gaps. */
export interface PartialOutput {
  readonly mode?: OutputMode | undefined;
  readonly timestamps?: boolean | undefined;
  readonly file?: LogFileConfig | undefined;
}

const modeSchema = choice(
  ['prefix', 'json', 'raw'],
  'prefix: "[name] line"; json: one JSON object per line; raw: lines unchanged.',
);

const fileSchema = strictMap({
  path: absolutePath('File the output is also written to.'),
  max_size: byteSize('Rotate when the file reaches this size (K/M/G are powers of 1024).').prefault('10MB'),
  max_files: z
    .int({ error: 'expected a whole number ≥ 1' })
    .min(1, { error: 'must be at least 1' })
    .default(5)
    .meta({ description: 'Rotated files kept.' }),
})
  .meta({ description: 'Also write the output to a rotated file.' })
  .transform((f): LogFileConfig => ({ path: f.path, maxSizeBytes: f.max_size, maxFiles: f.max_files }));

/** `output`: "prefix" | "json" | "raw" | {mode, timestamps, file}. */
export const outputSchema = oneOf(
  [
    modeSchema.transform((mode): PartialOutput => ({ mode })),
    strictMap({
      mode: modeSchema.optional(),
      timestamps: z
        .boolean({ error: 'expected true or false' })
        .optional()
        .meta({ description: 'Prefix each line with an ISO timestamp.' }),
      file: fileSchema.optional(),
    }),
  ],
  'one of `prefix`, `json`, `raw`, or a map with mode/timestamps/file',
).meta({ description: 'How program output reaches tsvisor’s stdout.' });
