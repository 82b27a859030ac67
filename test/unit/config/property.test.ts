import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../../src/config/load.js';
import type { LoadResult } from '../../../src/config/types.js';

function expectWellFormed(r: LoadResult): void {
  if (r.ok) return;
  expect(r.diagnostics.length).toBeGreaterThan(0);
  for (const d of r.diagnostics) {
    expect(d.message).not.toMatch(/^internal error/);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
  }
}

const keys = fc.constantFrom(
  'programs',
  'command',
  'restart',
  'environment',
  'user',
  'healthcheck',
  'test',
  'tcp',
  'http',
  'depends_on',
  'condition',
  'signals',
  'SIGTERM',
  'TERM',
  'forward',
  'as',
  'output',
  'mode',
  'file',
  'path',
  'logging',
  'web',
  'db',
  'backoff',
  'initial',
  'max',
  'stop_signal',
  'type',
  'pidfile',
  'shutdown',
  'timeout',
  'control',
  '__proto__',
  'x',
);
const scalars = fc.oneof(
  fc.constantFrom(
    'no',
    'always',
    'on-failure:2',
    'on-failure:-1',
    '10s',
    '1m30s',
    'web',
    'db',
    'SIGTERM',
    '/abs',
    'healthy',
    'CMD',
    'NONE',
    'a "b',
    'x | y',
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const values = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalars, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(keys, tie('value'), { maxKeys: 5 }),
})).value;

describe('parseConfig never throws', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) =>
        expectWellFormed(parseConfig(text, 'r.yaml')),
      ),
      { numRuns: 500 },
    );
  });

  it('on random YAML-ish text', () => {
    const line = fc.tuple(
      fc.nat({ max: 6 }),
      keys,
      fc.constantFrom(':', ': ', ':\n', ' - ', ': [', ': {', ': "'),
      scalars,
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const text = lines.map(([indent, k, sep, v]) => `${' '.repeat(indent)}${k}${sep}${String(v)}`).join('\n');
        expectWellFormed(parseConfig(text, 'r.yaml'));
      }),
      { numRuns: 500 },
    );
  });

  it('on random objects serialised as YAML', () => {
    fc.assert(
      fc.property(values, (v) => expectWellFormed(parseConfig(stringify(v), 'r.yaml'))),
      { numRuns: 500 },
    );
  });

  it('on random programs', () => {
    const program = fc.dictionary(keys, values, { maxKeys: 6 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('web', 'db', 'a'), program, { minKeys: 1, maxKeys: 3 }), (programs) => {
        expectWellFormed(parseConfig(stringify({ programs }), 'r.yaml'));
      }),
      { numRuns: 500 },
    );
  });
});
