// How program output reaches `docker logs` on a real engine, including the
// common Docker idiom of a program opening /dev/stdout itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Containers, e2eContext, programLine } from './context.js';

const ctx = e2eContext();

describe.skipIf(ctx.skip !== null)('program output in docker logs', () => {
  const containers = new Containers(ctx);
  const dir = mkdtempSync('/tmp/tsv-e2e-out-');
  afterAll(async () => {
    await containers.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const runOnce = async (file: string, yaml: string) => {
    writeFileSync(join(dir, file), yaml);
    const name = containers.name('output');
    const r = await containers.cli.run(
      ['run', '--network', 'none', '--name', name, '-v', `${dir}:/cfg:ro`, ctx.images.tsvisor, '-c', `/cfg/${file}`],
      { timeoutMs: 60_000 },
    );
    return { exitCode: r.exitCode, logs: await containers.logs(name) };
  };

  it('prefixes stdout and stderr lines, and passes raw output through unchanged', async () => {
    const { exitCode, logs } = await runOnce(
      'modes.yaml',
      [
        'programs:',
        '  pre:',
        "    command: [sh, -c, 'echo to-stdout; echo to-stderr >&2']",
        '    type: oneshot',
        '  plain:',
        "    command: [sh, -c, 'echo raw-line']",
        '    type: oneshot',
        '    output: raw',
        '  done:',
        "    command: [sh, -c, 'sleep 1; exit 0']",
        '    restart: "no"',
        '    critical: true',
        '',
      ].join('\n'),
    );
    expect(exitCode).toBe(0);
    expect(logs).toMatch(programLine('pre', 'to-stdout'));
    expect(logs).toMatch(programLine('pre', 'to-stderr'));
    expect(logs).toMatch(/^raw-line$/m);
  });

  // Programs get real pipes (not libuv's socketpairs), so nginx's `access_log /dev/stdout`,
  // apache's `CustomLog /dev/stdout` etc. can reopen their output.
  it('lets a program in prefix mode open /dev/stdout itself', async () => {
    const { logs } = await runOnce(
      'devstdout.yaml',
      [
        'programs:',
        '  opener:',
        "    command: [sh, -c, 'echo via-dev-stdout > /dev/stdout']",
        '    restart: "no"',
        '    critical: true',
        '',
      ].join('\n'),
    );
    expect(logs).toMatch(programLine('opener', 'via-dev-stdout'));
  });
});
