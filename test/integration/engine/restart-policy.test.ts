// Docker restart policies and backoff, with tsvisor as a real PID 1.
import { describe, expect, it } from 'vitest';
import { parseEvents, transitionsTo } from '../../helpers/log-events.js';
import { pid1Session } from '../../helpers/pid1-session.js';
import { waitUntil } from '../../helpers/wait-until.js';

const session = pid1Session();

const config = (programs: string) =>
  session.config(`programs:
${programs}`);

function startTimes(stderr: string, program: string): number[] {
  return transitionsTo(stderr, 'starting')
    .filter((e) => e.program === program)
    .map((e) => Date.parse(String(e.time)));
}

describe('restart policies as PID 1', () => {
  it('on-failure:2 on a program that always exits 3 starts it exactly 3 times, 100 ms then 200 ms apart', async () => {
    const path = config(`
  crasher:
    command: ["sh", "-c", "echo started; exit 3"]
    restart: on-failure:2
`);
    const run = await session.start(['-c', path]);
    const result = await run.waitExit(40_000);
    expect(result.stdout.match(/crasher \| started/g)).toHaveLength(3);
    const starts = startTimes(result.stderr, 'crasher');
    expect(starts).toHaveLength(3);
    const [a = 0, b = 0, c = 0] = starts;
    expect(b - a).toBeGreaterThanOrEqual(95);
    expect(c - b).toBeGreaterThanOrEqual(190);
    expect(c - b).toBeGreaterThan(b - a);
    expect(c - b).toBeLessThan(3000);
    expect(transitionsTo(result.stderr, 'fatal')).toHaveLength(1);
    // Every program ended for good: tsvisor exits with the first failure's code.
    expect(result.code).toBe(3);
  });

  it('always restarts a program that exits 0; "no" never restarts', async () => {
    const path = config(`
  again:
    command: ["sh", "-c", "echo again-ran"]
    restart: always
    backoff: { initial: 50ms, max: 50ms }
  once:
    command: ["sh", "-c", "echo once-ran; exit 1"]
    restart: "no"
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/"program":"once".*"to":"exited"/);
    const count = (re: RegExp) => session.run.stdout().match(re)?.length ?? 0;
    await waitUntil(() => count(/again +\| again-ran/g) >= 4, 'four runs of "again"');
    expect(count(/once +\| once-ran/g)).toBe(1);
    run.signal('SIGTERM');
    const result = await run.waitExit(30_000);
    expect(result.stdout.match(/once +\| once-ran/g)).toHaveLength(1);
    expect(result.code).toBe(0);
  });

  it('backoff.max caps the delay and a run longer than reset_after resets it', async () => {
    const path = config(`
  capped:
    command: ["false"]
    backoff: { initial: 40ms, max: 100ms, reset_after: 10s }
  steady:
    command: ["sh", "-c", "sleep 0.3; exit 1"]
    backoff: { initial: 40ms, max: 1s, reset_after: 200ms }
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/"program":"capped".*"restarts":6/, 40_000);
    await run.waitFor(/"program":"steady".*"restarts":4/, 40_000);
    run.signal('SIGTERM');
    const result = await run.waitExit(30_000);
    const delays = (name: string) =>
      parseEvents(result.stderr)
        .filter((e) => e.program === name && e.to === 'backoff')
        .map((e) => e.delay_ms);
    expect(delays('capped').slice(0, 6)).toEqual([40, 80, 100, 100, 100, 100]);
    expect(delays('steady').slice(0, 4)).toEqual([40, 40, 40, 40]);
    expect(result.code).toBe(0);
  });
});
