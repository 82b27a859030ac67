// Scenario 5: a program that fails at once; each start appends a CLOCK_MONOTONIC stamp, so the
// intervals between starts show each supervisor's backoff and, minus the configured delay, its latency.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs, pollUntil, sleep } from '../lib/clock.mjs';
import { launchPeer, runDir } from '../lib/launch.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/stamp-and-exit.pl', import.meta.url));
const RESTARTS = 10;
// A 1 s cap keeps the 10 restarts within ~8 s; the default 1 min cap would need ~100 s for the doubling.
const TSVISOR_BACKOFF = { initialMs: 100, maxMs: 1000, resetAfterMs: 10_000 };

const VARIANTS = [
  {
    peerId: 'tsvisor',
    label: 'tsvisor (100 ms ×2, cap 1 s)',
    ctx: { backoff: TSVISOR_BACKOFF },
    delayMs: (k) => Math.min(TSVISOR_BACKOFF.initialMs * 2 ** k, TSVISOR_BACKOFF.maxMs),
    timeoutMs: 15_000,
  },
  {
    peerId: 'supervisord',
    label: 'supervisord (startsecs=1, startretries=3)',
    ctx: { supervisord: { startsecs: 1, startretries: 3 } },
    // supervisord waits 1, 2, 3… s between attempts while STARTING, then gives up (FATAL).
    delayMs: (k) => (k + 1) * 1000,
    timeoutMs: 8000,
  },
  {
    peerId: 'supervisord',
    label: 'supervisord (startsecs=0)',
    ctx: { supervisord: { startsecs: 0, startretries: 3 } },
    // An exit after RUNNING is restarted with no delay at all.
    delayMs: () => 0,
    timeoutMs: 15_000,
  },
];

// Runs the variants side by side (they mostly wait), BENCH_SLOW_RUNS times.
export async function restartScenario(peers, settings) {
  const variants = VARIANTS.filter((v) => peers.some((p) => p.id === v.peerId));
  const rows = variants.map((v) => ({
    peer: v.label,
    isTsvisor: v.peerId === 'tsvisor',
    samples: { starts: [], latencyMs: [], intervals: [] },
  }));
  const raw = [];
  for (let run = 0; run < settings.slowRuns; run++) {
    const results = await Promise.all(variants.map((v) => startsOf(v, peers)));
    results.forEach((starts, i) => {
      const v = variants[i];
      const intervals = starts.slice(1).map((t, k) => t - starts[k]);
      const latencies = intervals.map((ms, k) => ms - v.delayMs(k));
      raw.push({ variant: v.label, starts: starts.length, intervals, latencies });
      rows[i].samples.starts.push(starts.length);
      rows[i].samples.latencyMs.push(...latencies);
      rows[i].samples.intervals.push(intervals);
    });
  }
  // Every run's sequence, not per-index medians: supervisord's 1 s tick shifts restarts by whole
  // seconds from run to run, and a median across such runs describes none of them.
  const notes = rows.map((row) => {
    const runs = row.samples.intervals.map((iv) => iv.map(formatMs).join(', ') || 'none');
    return `${row.peer}: intervals ${runs.join(' | ')}`;
  });
  for (const row of rows) delete row.samples.intervals;
  return {
    tables: [
      {
        title: `Restart of a program that exits at once (first ${RESTARTS} restarts, ${settings.slowRuns} runs)`,
        metrics: [
          { key: 'starts', label: 'starts seen', unit: 'n', better: 'higher', digits: 0, ratio: false },
          {
            key: 'latencyMs',
            label: 'interval − configured delay',
            unit: 'ms',
            better: 'lower',
            digits: 1,
            ratio: false,
          },
        ],
        rows,
      },
    ],
    notes,
    targets: [],
    raw,
  };
}

async function startsOf(variant, peers) {
  const peer = peers.find((p) => p.id === variant.peerId);
  const dir = runDir(`restart-${peer.id}`);
  const stamps = join(dir, 'starts');
  const run = await launchPeer(peer, [{ name: 'crasher', argv: ['perl', FIXTURE, stamps], restart: 'always' }], {
    dir,
    ctx: variant.ctx,
  });
  try {
    // The window opens at the first start: supervisord alone can take seconds to boot on a busy machine.
    const first = await pollUntil(() => readStamps(stamps)[0], {
      intervalMs: 20,
      timeoutMs: 30_000,
      label: 'first start',
    });
    let starts = [first];
    while (nowMs() < first + variant.timeoutMs && starts.length <= RESTARTS && !run.isDone()) {
      await sleep(50);
      starts = readStamps(stamps);
    }
    return starts.slice(0, RESTARTS + 1);
  } catch (error) {
    process.stderr.write(`restart ${variant.label}: ${error.message}\n${run.outputTail()}\n`);
    return [];
  } finally {
    await run.teardown();
  }
}

function readStamps(path) {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : `${ms.toFixed(0)}ms`;
}
