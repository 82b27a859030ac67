import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../../src/os/process-group.js';
import { spawnChild } from '../../../src/os/spawner.js';
import { runProbe } from '../../../src/runtime/health-probe.js';

const dir = mkdtempSync(join(tmpdir(), 'tsvisor-health-exec-'));
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const deps = { spawn: spawnChild, env };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// "Gone" = no longer running. An orphaned grandchild becomes a zombie of the
// host's init, which may reap it late; that is not the probe's business.
function running(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!running(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('exec probe', () => {
  it('is healthy on exit 0 and returns its output', async () => {
    const result = await runProbe({ kind: 'exec', argv: ['echo', 'all good'] }, 5000, deps);
    expect(result).toEqual({ ok: true, output: 'all good\n' });
  });

  it('is unhealthy on a non-zero exit, with stdout and stderr', async () => {
    const result = await runProbe({ kind: 'exec', argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }, 5000, deps);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('out\n');
    expect(result.output).toContain('err\n');
  });

  it('describes a silent failure by its exit code', async () => {
    expect(await runProbe({ kind: 'exec', argv: ['false'] }, 5000, deps)).toEqual({
      ok: false,
      output: 'exited with code 1',
    });
  });

  it('reports a command that cannot start', async () => {
    const result = await runProbe({ kind: 'exec', argv: ['/nonexistent/tsvisor-check'] }, 5000, deps);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/nonexistent/);
  });

  it('passes env and cwd to the check', async () => {
    const result = await runProbe({ kind: 'exec', argv: ['sh', '-c', 'echo "$PROBE_VAR $(pwd)"'] }, 5000, {
      ...deps,
      env: { ...env, PROBE_VAR: 'hello' },
      cwd: dir,
    });
    expect(result).toEqual({ ok: true, output: `hello ${dir}\n` });
  });

  it('keeps only the first 4 KiB of a large output and still sees the exit', async () => {
    const result = await runProbe({ kind: 'exec', argv: ['sh', '-c', 'yes | head -c 1000000; exit 0'] }, 10_000, deps);
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(result.output)).toBe(4096);
  });

  it('times out, and kills the whole process group of the check', async () => {
    const pids = join(dir, 'timeout.pids');
    const script = `sleep 300 & echo $! > ${pids}.tmp; echo $$ >> ${pids}.tmp; mv ${pids}.tmp ${pids}; wait`;
    const result = await runProbe({ kind: 'shell', script }, 700, deps);
    expect(result).toEqual({ ok: false, output: 'timed out after 700ms' });
    const [sleeper, shell] = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(sleeper).toBeGreaterThan(1);
    expect(shell).toBeGreaterThan(1);
    expect(await waitGone(shell as number)).toBe(true);
    expect(await waitGone(sleeper as number)).toBe(true);
  });

  it('formats whole-second timeouts like Docker', async () => {
    expect(await runProbe({ kind: 'exec', argv: ['sleep', '30'] }, 1000, deps)).toEqual({
      ok: false,
      output: 'timed out after 1s',
    });
  });
});

describe('shell probe', () => {
  it('runs the script with /bin/sh -c', async () => {
    expect(await runProbe({ kind: 'shell', script: 'test 2 -gt 1 && echo yes' }, 5000, deps)).toEqual({
      ok: true,
      output: 'yes\n',
    });
  });

  it('is unhealthy when the script fails', async () => {
    expect(await runProbe({ kind: 'shell', script: 'echo "not ready" >&2; exit 1' }, 5000, deps)).toEqual({
      ok: false,
      output: 'not ready\n',
    });
  });
});
