// Real programs → hub in a real node process → real pipes read by the test.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleDriver, exitOf, fixtures, floodLine, readStats, startDriver } from './driver.js';

let driver: Awaited<ReturnType<typeof bundleDriver>>;
beforeAll(async () => {
  driver = await bundleDriver();
});
afterAll(() => driver?.remove());

const node = process.execPath;
const interleave = (name: string, n: number) => ({
  name,
  argv: [node, path.join(fixtures, 'interleave.mjs'), name, String(n)],
});
const flood = (name: string, bytes: number, progress?: string) => ({
  name,
  argv: [node, path.join(fixtures, 'flood.mjs'), String(bytes), ...(progress ? [progress] : [])],
});
const MB = 1024 * 1024;

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8'))));
}

// Streams `name | line` output through a checker without holding it in memory.
function checkFlood(stream: NodeJS.ReadableStream, name: string) {
  const hash = createHash('sha256');
  const state = { count: 0, bad: 0, firstBad: '' };
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (s: string) => {
    const lines = (rest + s).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) {
      const want = `${name} | ${floodLine(state.count)}`;
      if (l !== want && state.bad++ === 0) state.firstBad = `${JSON.stringify(l)} != ${JSON.stringify(want)}`;
      hash.update(l.slice(name.length + 3));
      hash.update('\n');
      state.count++;
    }
  });
  const ended = new Promise<void>((resolve) => stream.once('end', () => resolve()));
  return { state, ended, hash, rest: () => rest };
}

function expectedFlood(bytes: number): { lines: number; sha: string } {
  const hash = createHash('sha256');
  let written = 0;
  let i = 0;
  while (written < bytes) {
    let batch = 0;
    while (batch < 65536) {
      const l = `${floodLine(i)}\n`;
      hash.update(l);
      batch += l.length;
      i++;
    }
    written += batch;
  }
  return { lines: i, sha: hash.digest('hex') };
}

describe.each(['prefix', 'json'] as const)('hub with real programs (%s)', (mode) => {
  it('attributes every line to its program, in order, on the stream it was written to', async () => {
    const statsFile = path.join(driver.dir, `stats-interleave-${mode}.json`);
    const names = ['alpha', 'b', 'charlie-long'];
    const child = startDriver(driver.script, { programs: names.map((n) => interleave(n, 400)), mode, statsFile });
    const [out, err, code] = await Promise.all([collect(child.stdout), collect(child.stderr), exitOf(child, 30_000)]);
    expect(code).toBe(0);
    for (const [text, kind] of [
      [out, 'out'],
      [err, 'err'],
    ] as const) {
      const seen = new Map<string, number>(names.map((n) => [n, 0]));
      for (const line of text.trimEnd().split('\n')) {
        let program: string;
        let content: string;
        if (mode === 'json') {
          const rec = JSON.parse(line) as { program: string; stream: string; line: string };
          expect(rec.stream).toBe(kind === 'out' ? 'stdout' : 'stderr');
          program = rec.program;
          content = rec.line;
        } else {
          const m = /^(\S+) +\| (.*)$/.exec(line);
          expect(m, line).not.toBeNull();
          program = m?.[1] ?? '';
          content = m?.[2] ?? '';
          expect(line.indexOf('|')).toBe('charlie-long'.length + 1);
        }
        const n = seen.get(program) ?? -1;
        expect(content).toBe(`${program} ${kind} ${n}`);
        seen.set(program, n + 1);
      }
      expect([...seen.values()]).toEqual([400, 400, 400]);
    }
    expect(readStats(statsFile)?.reports).toEqual([]);
  });
});

describe('hub under load', () => {
  it('passes 200 MB through prefix mode intact with bounded RSS', async () => {
    const bytes = 200 * MB;
    const statsFile = path.join(driver.dir, 'stats-flood.json');
    const started = performance.now();
    const child = startDriver(driver.script, { programs: [flood('flood', bytes)], mode: 'prefix', statsFile });
    const check = checkFlood(child.stdout, 'flood');
    const err = collect(child.stderr);
    const code = await exitOf(child, 240_000);
    await check.ended;
    const seconds = (performance.now() - started) / 1000;
    const want = expectedFlood(bytes);
    expect(code).toBe(0);
    expect(await err).toBe('');
    expect(check.state.firstBad).toBe('');
    expect(check.rest()).toBe('');
    expect(check.state.count).toBe(want.lines);
    expect(check.hash.digest('hex')).toBe(want.sha);
    const stats = readStats(statsFile);
    expect(stats?.done).toBe(true);
    expect(stats?.maxRss).toBeLessThan(150 * MB);
    console.log(
      `flood: ${want.lines} lines, ${(bytes / MB / seconds).toFixed(0)} MB/s end to end, peak driver RSS ${((stats?.maxRss ?? 0) / MB).toFixed(0)} MB`,
    );
  }, 300_000);

  it('blocks the program, not memory, while nobody reads stdout; then delivers everything', async () => {
    const bytes = 64 * MB;
    const statsFile = path.join(driver.dir, 'stats-blocked.json');
    const progress = path.join(driver.dir, 'progress');
    const child = startDriver(driver.script, {
      programs: [flood('flood', bytes, progress)],
      mode: 'prefix',
      statsFile,
    });
    child.stdout.pause();
    const read = (): number => Number(fs.existsSync(progress) ? fs.readFileSync(progress, 'utf8') || 0 : 0);
    // Wait until the program stops making progress (it is blocked in write()).
    let last = -1;
    for (let i = 0; i < 60; i++) {
      await sleep(500);
      const now = read();
      if (now > 0 && now === last) break;
      last = now;
    }
    const stuckAt = read();
    await sleep(1000);
    expect(read()).toBe(stuckAt);
    expect(stuckAt).toBeLessThan(bytes / 4);
    const stats = readStats(statsFile);
    expect(stats?.done).toBe(false);
    expect(stats?.maxRss).toBeLessThan(150 * MB);
    // Resume reading: nothing was lost while blocked.
    const check = checkFlood(child.stdout, 'flood');
    child.stdout.resume();
    const code = await exitOf(child, 120_000);
    await check.ended;
    expect(code).toBe(0);
    expect(check.state.firstBad).toBe('');
    expect(check.state.count).toBe(expectedFlood(bytes).lines);
    console.log(
      `blocked: program stopped after ${(stuckAt / MB).toFixed(2)} MB, driver RSS ${((stats?.maxRss ?? 0) / MB).toFixed(0)} MB`,
    );
  }, 180_000);

  it('keeps running when its stdout is closed, reports it once, and still serves stderr', async () => {
    const statsFile = path.join(driver.dir, 'stats-closed.json');
    const child = startDriver(driver.script, {
      programs: [interleave('chatty', 2000), flood('flood', 8 * MB)],
      mode: 'prefix',
      statsFile,
    });
    child.stdout.destroy();
    const [err, code] = await Promise.all([collect(child.stderr), exitOf(child, 60_000)]);
    expect(code).toBe(0);
    const stats = readStats(statsFile);
    expect(stats?.done).toBe(true);
    expect(stats?.reports).toEqual(['stdout: EPIPE']);
    const errLines = err.trimEnd().split('\n');
    expect(errLines).toHaveLength(2000);
    expect(errLines[1999]).toBe('chatty | chatty err 1999');
  });
});
