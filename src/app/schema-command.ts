// `tsvisor schema`: prints the JSON Schema of the config file.

import { configJsonSchema } from '../config/json-schema.js';

/** Writes the JSON Schema (2-space JSON and a newline); returns the exit code. */
export function runSchema(out: NodeJS.WritableStream): number {
  out.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return 0;
}
