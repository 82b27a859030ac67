// Every shipped example config passes `tsvisor check` and starts with the schema line editors use.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runToEnd, TSVISOR_BIN } from '../helpers/pid1.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function configs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return configs(path);
    // pod.yaml is a Kubernetes manifest; its embedded config is checked against tsvisor.yaml by the e2e suite.
    return d.name.endsWith('.yaml') && d.name !== 'pod.yaml' ? [path] : [];
  });
}

describe('shipped examples', () => {
  const files = configs(join(root, 'examples'));

  it('include the quickstart the README runs', () => {
    expect(files.map((f) => relative(root, f))).toContain('examples/quickstart.yaml');
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s passes tsvisor check', async (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schemas\/tsvisor\.schema\.json$/);
    const result = await runToEnd([process.execPath, TSVISOR_BIN, 'check', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
