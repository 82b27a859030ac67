// Soak: one tsvisor as PID 1 for SOAK_MINUTES (default 30) under random
// crashes, restarts, ctl commands, signals and reloads, with the reaper kept
// busy by a steady stream of orphans. RSS and open fds are sampled every few
// seconds; after a warm-up their least-squares slopes must be flat.
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { request } from '../faults/harness/control-client.js';
import {
  cleanupFaultRuns,
  configText,
  expectTableTrue,
  type FaultRun,
  startFaultRun,
} from '../faults/harness/fault-run.js';
import { cpuSeconds, fdCount, rssKiB, slope } from '../faults/harness/proc-usage.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const SAMPLE_MS = 5000;
// The first part of the run is warm-up (JIT, heap sizing, rings filling) and is left out of the fit.
const WARMUP_FRACTION = 0.2;
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);

afterAll(cleanupFaultRuns);

const PROGRAMS = `  crashy:
    command: ["perl", "-e", "select(undef, undef, undef, rand 2); exit int rand 3"]
    backoff: { initial: 50ms, max: 500ms, reset_after: 1s }
  orphans:
    command: ["sh", "-c", "while :; do (sleep 0.01 &); (: &); sleep 0.05; done"]
  chatty:
    command: ["sh", "-c", "while :; do echo chatty-line-with-some-words-in-it; sleep 0.02; done"]
    output: { file: { path: LOGDIR/chatty.log, max_size: 64KB, max_files: 2 } }
  steady:
    command: ["sleep", "infinity"]
  unless:
    command: ["sleep", "infinity"]
    restart: unless-stopped
`;
const NAMES = ['crashy', 'orphans', 'chatty', 'steady', 'unless'];

/** A small seeded PRNG (mulberry32) so a failing run can be replayed with SOAK_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function randomAction(fr: FaultRun, rand: () => number, variants: string[]): Promise<string> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const name = pick(NAMES);
  const roll = rand();
  const sock = fr.dir.socket;
  if (roll < 0.2) return `restart ${name}: ${(await request(sock, 'restart', { names: [name] }, 30_000)).ok}`;
  if (roll < 0.35) return `stop ${name}: ${(await request(sock, 'stop', { names: [name] }, 30_000)).ok}`;
  if (roll < 0.55) return `start ${name}: ${(await request(sock, 'start', { names: [name] }, 30_000)).ok}`;
  if (roll < 0.65) {
    const sig = pick(['SIGKILL', 'SIGTERM', 'SIGUSR1', 'SIGSTOP', 'SIGCONT']);
    const r = await request(sock, 'signal', { signal: sig, names: [name] }, 10_000);
    // A SIGSTOPped program is continued soon, so it never sits frozen for the rest of the run.
    if (sig === 'SIGSTOP') await request(sock, 'signal', { signal: 'SIGCONT', names: [name] }, 10_000);
    return `signal ${sig} ${name}: ${r.ok}`;
  }
  if (roll < 0.8) {
    writeFileSync(fr.configPath, pick(variants));
    fr.run.signal('SIGHUP');
    return 'SIGHUP';
  }
  if (roll < 0.9) return `status: ${(await request(sock, 'status', {}, 10_000)).ok}`;
  await request(sock, 'logs', { name, lines: 200 }, 10_000);
  return `logs ${name}`;
}

describe('soak', () => {
  it(`${MINUTES} min of random faults: RSS and fds stay flat, the table stays true, shutdown works`, async () => {
    const rand = prng(SEED);
    let variants: string[] = [];
    const fr = await startFaultRun((dir) => PROGRAMS.replace('LOGDIR', dir.dir), {
      // warn: the log of a 30-minute run stays small in the test process; crashes and errors still show.
      logLevel: 'warn',
      ready: /chatty +\| chatty-line/,
    });
    const body = PROGRAMS.replace('LOGDIR', fr.dir.dir);
    const text = (programs: string) => configText(fr.dir, programs, '', fr.dir.stateDir, 'warn');
    variants = [
      text(body),
      text(`${body}  extra:\n    command: ["sleep", "infinity"]\n`),
      text(body.replace('max: 500ms', 'max: 300ms')),
      'programs: { broken: { command: 42 } }\n',
    ];
    const pid = fr.run.hostPid;
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    const samples: Array<{ min: number; rss: number; fds: number; cpu: number }> = [];
    let nextSample = t0;
    let actions = 0;
    while (Date.now() < end) {
      if (Date.now() >= nextSample) {
        samples.push({ min: (Date.now() - t0) / 60_000, rss: rssKiB(pid), fds: fdCount(pid), cpu: cpuSeconds(pid) });
        nextSample += SAMPLE_MS;
      }
      await randomAction(fr, rand, variants);
      actions += 1;
      await new Promise((r) => setTimeout(r, 200 + rand() * 800));
    }
    // Back to the base config so the final table is known, then check it against /proc.
    writeFileSync(fr.configPath, variants[0] ?? '');
    expect((await request(fr.dir.socket, 'reload', {}, 30_000)).ok).toBe(true);
    expect(
      (await request(fr.dir.socket, 'start', { names: ['steady', 'unless', 'chatty', 'orphans'] }, 30_000)).ok,
    ).toBe(true);
    await expectTableTrue(fr, 20_000);

    const fit = samples.filter((s) => s.min >= MINUTES * WARMUP_FRACTION);
    const rssSlope = slope(fit.map((s) => [s.min, s.rss])); // KiB per minute
    const fdSlope = slope(fit.map((s) => [s.min, s.fds])); // fds per minute
    const first = fit[0];
    const last = fit.at(-1);
    const cpuShare = first && last ? (last.cpu - first.cpu) / ((last.min - first.min) * 60) : 0;
    const summary = {
      seed: SEED,
      minutes: MINUTES,
      actions,
      samples: samples.length,
      rss_kib: { first: first?.rss, last: last?.rss, max: Math.max(...fit.map((s) => s.rss)) },
      rss_slope_kib_per_min: Math.round(rssSlope * 10) / 10,
      fds: { first: first?.fds, last: last?.fds, max: Math.max(...fit.map((s) => s.fds)) },
      fd_slope_per_min: Math.round(fdSlope * 100) / 100,
      cpu_share: Math.round(cpuShare * 1000) / 10,
    };
    console.log(`[soak] ${JSON.stringify(summary)}`);
    console.log(`[soak] samples ${JSON.stringify(samples.map((s) => [Math.round(s.min * 60), s.rss, s.fds]))}`);
    // Flat means: the fitted growth over an hour would stay below 32 MiB and 30 fds (noise from GC and
    // the randomly started/stopped programs' pipes is a few MiB and a few fds either way).
    expect(rssSlope * 60).toBeLessThan(32 * 1024);
    expect(fdSlope * 60).toBeLessThan(30);
    expect(fr.run.stderr()).not.toMatch(/"level":"fatal"/);
    // At warn there is no `shutdown complete` line: the exit code says it.
    fr.run.signal('SIGTERM');
    expect((await fr.run.waitExit(30_000)).code).toBe(0);
  });
});
