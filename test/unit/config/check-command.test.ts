import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/app/check-command.js';
import { formatDiagnostic } from '../../../src/config/format-diagnostic.js';
import { loadConfigFile } from '../../../src/config/load.js';

const fixture = (name: string) => new URL(`../../fixtures/configs/${name}`, import.meta.url).pathname;

function sink() {
  const s = { text: '', stream: undefined as unknown as Writable };
  s.stream = new Writable({
    write(chunk, _enc, done) {
      s.text += String(chunk);
      done();
    },
  });
  return s;
}

async function check(file: string) {
  const out = sink();
  const err = sink();
  const code = await runCheck(file, out.stream, err.stream);
  return { code, out: out.text, err: err.text };
}

const dir = mkdtempSync(join(tmpdir(), 'tsvisor-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runCheck', () => {
  it('valid file → ok line on out, exit 0', async () => {
    expect(await check(fixture('full.yaml'))).toEqual({
      code: 0,
      out: `${fixture('full.yaml')}: ok (5 programs)\n`,
      err: '',
    });
    expect((await check(fixture('minimal.yaml'))).out).toContain(': ok (1 program)');
  });

  it('invalid file → every diagnostic on err, exit 2', async () => {
    const r = await check(fixture('bad.yaml'));
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `${fixture('bad.yaml')}:4:14: programs.web.restart: expected \`no\`, \`on-failure\`, \`on-failure:N\`, \`always\` or \`unless-stopped\`, got \`sometimes\`\n`,
    });
  });

  it('missing file → one diagnostic without a position', async () => {
    const missing = join(dir, 'nope.yaml');
    expect(await check(missing)).toEqual({
      code: 2,
      out: '',
      err: `${missing}: cannot read ${missing}: no such file\n`,
    });
    const r = await loadConfigFile(missing);
    expect(r).toEqual({
      ok: false,
      diagnostics: [{ file: missing, line: 0, col: 0, path: '', message: `cannot read ${missing}: no such file` }],
    });
  });

  it('a directory is unreadable as a file', async () => {
    expect((await check(dir)).err).toBe(`${dir}: cannot read ${dir}: is a directory\n`);
  });

  it('reads what is on disk', async () => {
    const file = join(dir, 'x.yaml');
    writeFileSync(file, 'programs:\n  a: {command: x}\n  b: {command: y}\n');
    expect((await check(file)).out).toBe(`${file}: ok (2 programs)\n`);
  });
});

describe('formatDiagnostic', () => {
  it.each([
    [{ file: 'f', line: 4, col: 14, path: 'programs.web.restart', message: 'm' }, 'f:4:14: programs.web.restart: m'],
    [{ file: 'f', line: 2, col: 1, path: '', message: 'm' }, 'f:2:1: m'],
    [{ file: 'f', line: 0, col: 0, path: '', message: 'm' }, 'f: m'],
    [{ file: 'f', line: 0, col: 0, path: 'a.b', message: 'm' }, 'f: a.b: m'],
  ])('%j', (d, text) => {
    expect(formatDiagnostic(d)).toBe(text);
  });
});
