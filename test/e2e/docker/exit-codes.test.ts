// The container's exit code is the supervisor's, which follows the critical
// program's: Docker (and Kubernetes) see why the container ended.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Containers, e2eContext, programLine } from './context.js';
import { timed } from './phase-timer.js';

const ctx = e2eContext();

describe.skipIf(ctx.skip !== null)('container exit code from a critical program', () => {
  const containers = new Containers(ctx);
  const dir = mkdtempSync('/tmp/tsv-e2e-cfg-');
  afterAll(async () => {
    await containers.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 7 when a critical program exits 7, after stopping the others', async () => {
    writeFileSync(
      join(dir, 'critical.yaml'),
      [
        'shutdown:',
        '  timeout: 5s',
        'programs:',
        '  sidecar:',
        '    command: [sh, -c, \'trap "echo sidecar: stopping; exit 0" TERM; while :; do sleep 0.1; done\']',
        '  main:',
        "    command: [sh, -c, 'echo main: failing; sleep 1; exit 7']",
        '    restart: "no"',
        '    critical: true',
        '    depends_on: [sidecar]',
        '',
      ].join('\n'),
    );
    const name = containers.name('critical');
    const r = await timed('critical exit 7: docker run to exit', () =>
      containers.cli.run(
        [
          'run',
          '--network',
          'none',
          '--name',
          name,
          '-v',
          `${dir}:/cfg:ro`,
          ctx.images.tsvisor,
          '-c',
          '/cfg/critical.yaml',
        ],
        { timeoutMs: 60_000 },
      ),
    );
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(7);
    expect(await containers.exitCode(name)).toBe(7);
    const logs = await containers.logs(name);
    expect(logs).toMatch(programLine('main', 'main: failing'));
    expect(logs).toMatch(programLine('sidecar', 'sidecar: stopping'));
  });

  it('rejects an invalid config with exit code 2 and a positioned message', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'programs:\n  web:\n    command: [sleep, 1]\n    restart: sometimes\n');
    const r = await containers.cli.run(
      ['run', '--rm', '--network', 'none', '-v', `${dir}:/cfg:ro`, ctx.images.tsvisor, '-c', '/cfg/bad.yaml'],
      { timeoutMs: 60_000 },
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:4:\d+/);
  });
});
