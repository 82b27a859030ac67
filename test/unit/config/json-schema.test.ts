import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runSchema } from '../../../src/app/schema-command.js';
import { configJsonSchema } from '../../../src/config/json-schema.js';

const committed = new URL('../../../schemas/tsvisor.schema.json', import.meta.url);

function schemaText(): string {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  expect(runSchema(out)).toBe(0);
  return text;
}

describe('JSON Schema', () => {
  it('schemas/tsvisor.schema.json is up to date', () => {
    const text = schemaText();
    // UPDATE_SCHEMA=1 npx vitest run test/unit/config/json-schema.test.ts rewrites it.
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(committed, text);
    const onDisk = readFileSync(committed, 'utf8');
    expect(
      onDisk === text,
      'schemas/tsvisor.schema.json is stale: run `node bin/tsvisor schema > schemas/tsvisor.schema.json` ' +
        '(or UPDATE_SCHEMA=1 npx vitest run test/unit/config/json-schema.test.ts)',
    ).toBe(true);
  });

  it('is 2-space JSON ending in a newline', () => {
    const text = schemaText();
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('lets editors complete keys: closed maps with descriptions', () => {
    type Schema = {
      properties?: Record<string, Schema>;
      additionalProperties?: unknown;
      description?: string;
      required?: string[];
    };
    const root = configJsonSchema() as Schema;
    expect(root.additionalProperties).toBe(false);
    expect(root.required).toEqual(['programs']);
    const programs = root.properties?.programs as { additionalProperties: Schema } | undefined;
    const program = programs?.additionalProperties ?? {};
    expect(program.additionalProperties).toBe(false);
    expect(program.required).toEqual(['command']);
    const keys = Object.keys(program.properties ?? {});
    expect(keys).toEqual(
      expect.arrayContaining(['command', 'restart', 'healthcheck', 'depends_on', 'output', 'stop_signal']),
    );
    for (const k of keys) expect(program.properties?.[k]?.description, k).toBeTruthy();
    for (const k of ['shutdown', 'control', 'logging', 'signals'])
      expect(root.properties?.[k]?.description, k).toBeTruthy();
  });

  it('describes durations and sizes as strings with defaults', () => {
    const program = (
      configJsonSchema() as {
        properties: { programs: { additionalProperties: { properties: Record<string, Record<string, unknown>> } } };
      }
    ).properties.programs.additionalProperties.properties;
    expect(program.stop_grace_period).toMatchObject({ type: 'string', default: '10s' });
    expect(program.restart).toMatchObject({ default: 'always' });
    expect(JSON.stringify(program.output)).toContain('"max_size":{"default":"10MB"');
  });
});
