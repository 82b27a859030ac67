// Shared by the config tests: parse YAML text and get either the Config or the formatted diagnostics.

import { formatDiagnostic } from '../../../src/config/format-diagnostic.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Config, ProgramConfig } from '../../../src/config/types.js';

/** The Config of valid YAML; throws with the diagnostics otherwise. */
export function configOf(yaml: string): Config {
  const r = parseConfig(yaml, 't.yaml');
  if (!r.ok) throw new Error(`expected a valid config:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  return r.config;
}

/** The single program of a config made of `programs: {p: <fields>}` (fields as YAML lines, 4-space indented for you). */
export function programOf(fields: string): ProgramConfig {
  const program = configOf(programYaml(fields)).programs[0];
  if (program === undefined) throw new Error('no program');
  return program;
}

/** YAML for one program `p`; `fields` are YAML lines relative to the program. */
export function programYaml(fields: string): string {
  const body = fields
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return `programs:\n  p:\n${body}\n`;
}

/** The formatted diagnostics of invalid YAML; throws when it is valid. */
export function errorsOf(yaml: string): string[] {
  const r = parseConfig(yaml, 't.yaml');
  if (r.ok) throw new Error('expected diagnostics, got a valid config');
  return r.diagnostics.map(formatDiagnostic);
}
