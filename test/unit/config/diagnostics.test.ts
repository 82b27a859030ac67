import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/config/format-diagnostic.js';
import { parseConfig } from '../../../src/config/load.js';
import { errorsOf } from './parse-helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/configs/${name}`, import.meta.url), 'utf8');
const fixtureErrors = (name: string) => {
  const r = parseConfig(fixture(name), name);
  return r.ok ? [] : r.diagnostics.map(formatDiagnostic);
};

describe('positions', () => {
  it('schema error points at the value', () => {
    expect(fixtureErrors('bad.yaml')).toEqual([
      'bad.yaml:4:14: programs.web.restart: expected `no`, `on-failure`, `on-failure:N`, `always` or `unless-stopped`, got `sometimes`',
    ]);
  });

  it('unknown key points at the key and suggests the right one', () => {
    expect(errorsOf('programs:\n  web:\n    command: a\n    resart: no\n')).toEqual([
      't.yaml:4:5: programs.web.resart: unknown key `resart` (did you mean `restart`?)',
    ]);
    expect(errorsOf('programs: {web: {command: a}}\nloging: {}\n')).toEqual([
      't.yaml:2:1: loging: unknown key `loging` (did you mean `logging`?)',
    ]);
    expect(errorsOf('programs: {web: {command: a, bogus: 1, other: 2}}\n')).toEqual([
      't.yaml:1:30: programs.web.bogus: unknown key `bogus`',
      't.yaml:1:40: programs.web.other: unknown key `other`',
    ]);
  });

  it('missing required key points at the parent map', () => {
    expect(errorsOf('programs:\n  web:\n    restart: always\n')).toEqual([
      't.yaml:3:5: programs.web.command: missing required key `command`',
    ]);
    expect(errorsOf('logging: {}\n')).toEqual(['t.yaml:1:1: programs: missing required key `programs`']);
  });

  it('reports every schema error at once, in file order', () => {
    const errors = errorsOf(
      'programs:\n  web:\n    command: a\n    restart: x\n  db:\n    command: []\n    type: nope\n',
    );
    expect(errors.map((e) => e.split(': ')[0])).toEqual(['t.yaml:4:14', 't.yaml:6:14', 't.yaml:7:11']);
  });

  it('bad program names point at the name', () => {
    expect(errorsOf('programs:\n  -web: {command: a}\n')).toEqual([
      expect.stringMatching(/^t\.yaml:2:3: programs\.-web: program names start with a letter or digit/),
    ]);
    expect(errorsOf('programs: {}\n')).toEqual(['t.yaml:1:11: programs: define at least one program']);
  });

  it('values from an alias point at the alias', () => {
    expect(errorsOf('x-common: &r sometimes\nprograms:\n  web: {command: a, restart: *r}\n')[1]).toBe(
      't.yaml:3:30: programs.web.restart: expected `no`, `on-failure`, `on-failure:N`, `always` or `unless-stopped`, got `sometimes`',
    );
  });
});

describe('semantic errors', () => {
  it('dependency cycle names the cycle', () => {
    expect(fixtureErrors('cycle.yaml')).toEqual([
      'cycle.yaml:4:18: programs.a.depends_on[0]: dependency cycle: a -> b -> a',
    ]);
    expect(errorsOf('programs:\n  a: {command: x, depends_on: {a: {}}}\n')).toEqual([
      't.yaml:2:32: programs.a.depends_on.a: dependency cycle: a -> a',
    ]);
  });

  it('unknown dependency, list and map forms', () => {
    expect(errorsOf('programs:\n  db: {command: x}\n  web:\n    command: x\n    depends_on: [db, dbb]\n')).toEqual([
      't.yaml:5:22: programs.web.depends_on[1]: unknown program `dbb` (did you mean `db`?)',
    ]);
    expect(errorsOf('programs:\n  web:\n    command: x\n    depends_on:\n      cache: {condition: started}\n')).toEqual(
      ['t.yaml:5:7: programs.web.depends_on.cache: unknown program `cache`'],
    );
  });

  it('healthy condition needs a healthcheck or notify', () => {
    const yaml = (db: string) =>
      `programs:\n  db: {command: x${db}}\n  web:\n    command: x\n    depends_on: {db: {condition: healthy}}\n`;
    expect(errorsOf(yaml(''))).toEqual([
      't.yaml:5:18: programs.web.depends_on.db: `db` has no healthcheck and no `notify: true`, so it can never become healthy',
    ]);
    expect(parseConfig(yaml(', notify: true'), 't.yaml').ok).toBe(true);
    expect(parseConfig(yaml(', healthcheck: {tcp: 1}'), 't.yaml').ok).toBe(true);
    expect(errorsOf(yaml(', healthcheck: {disable: true}'))[0]).toContain('can never become healthy');
  });

  it('forking needs a pidfile', () => {
    expect(errorsOf('programs:\n  d:\n    command: x\n    type: forking\n')).toEqual([
      't.yaml:4:11: programs.d.type: type `forking` needs `pidfile`',
    ]);
  });
});

describe('YAML problems', () => {
  it('syntax errors get file:line:col and the first line of the message', () => {
    const errors = fixtureErrors('syntax-error.yaml');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e).toMatch(/^syntax-error\.yaml:\d+:\d+: \S/);
      expect(e).not.toContain('\n');
    }
  });

  it('tags yaml only warns about are errors', () => {
    expect(errorsOf('programs:\n  web: {command: !!foo a}\n')[0]).toMatch(/^t\.yaml:2:18: Unresolved tag/);
  });

  it('empty file and non-map documents', () => {
    expect(errorsOf('')).toEqual(['t.yaml:1:1: the file is empty; define at least `programs`']);
    expect(errorsOf('# only a comment\n')).toEqual(['t.yaml:1:1: the file is empty; define at least `programs`']);
    expect(errorsOf('- a\n')).toEqual(['t.yaml:1:1: expected a map, got a list']);
  });

  it('a duplicate key is an error that names the key, block or flow style, plain or quoted', () => {
    expect(errorsOf('programs:\n  web: {command: a}\n  web: {command: b}\n')).toEqual([
      't.yaml:3:3: duplicate key `web`: it already appears above in this map',
    ]);
    expect(errorsOf('programs:\n  a:\n    command: [x]\n    restart: always\n    restart: "no"\n')).toEqual([
      't.yaml:5:5: duplicate key `restart`: it already appears above in this map',
    ]);
    expect(errorsOf('programs: {"a b": {command: [x]}, "a b": {command: [y]}}')).toEqual([
      't.yaml:1:35: duplicate key `"a b"`: it already appears above in this map',
    ]);
  });

  it('undefined aliases and alias bombs are diagnostics', () => {
    expect(errorsOf('programs: *nope\n')[0]).toMatch(/^t\.yaml:1:\d+: /);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
          .join(', ')}]`,
      );
    expect(errorsOf(`${bomb.join('\n')}\n`).length).toBeGreaterThan(0);
  });
});
