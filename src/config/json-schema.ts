// The published JSON Schema (schemas/tsvisor.schema.json), generated from the
// zod schema so editors complete and check exactly what tsvisor accepts.

import * as z from 'zod';
import { configSchema } from './schema.js';

/** JSON Schema (draft 2020-12) of tsvisor.yaml as users write it. */
export function configJsonSchema(): Record<string, unknown> {
  // io: 'input' describes the YAML side of every transform: durations and
  // sizes stay strings, `restart` stays a word.
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
