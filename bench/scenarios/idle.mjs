// Scenario 1: what an idle PID 1 costs. Every peer runs side by side in its own namespace during one
// shared idle window, so a 10 s window costs 10 s in total instead of 10 s per peer.
import { pollUntil, sleep } from '../lib/clock.mjs';
import { fixed } from '../lib/format.mjs';
import { countLive, launchPeer } from '../lib/launch.mjs';
import { contextSwitchesOf, memoryOf, parseStat } from '../lib/proc.mjs';
import { median } from '../lib/stats.mjs';

const SLICES = 5;

// Runs the idle window once per BENCH_IDLE_RUNS and returns tables, targets and raw samples.
export async function idleScenario(peers, settings) {
  const variants = [];
  for (const count of [1, 50]) {
    for (const peer of peers) if (count === 1 || peer.multi) variants.push({ peer, count });
  }
  const rows = new Map(
    variants.map((v) => [key(v), { peer: `${v.peer.label} ×${v.count}`, isTsvisor: v.peer.isTsvisor, samples: {} }]),
  );
  const raw = [];
  for (let run = 0; run < settings.idleRuns; run++) {
    const launched = await Promise.all(variants.map((v) => startIdle(v)));
    try {
      // Let start-up work finish before the window opens: JIT, supervisord's startsecs, and V8's
      // memory reducer, GC rounds from ~8 s after Node starts (~100 switches, ~40 ms CPU each).
      await sleep(settings.idleSettleSeconds * 1000);
      const windowMs = settings.idleSeconds * 1000;
      const before = launched.map(({ run: r }) => snapshot(r.initPid));
      const sliceCs = launched.map(() => []);
      const memory = launched.map(() => []);
      let previous = before;
      for (let slice = 0; slice < SLICES; slice++) {
        await sleep(windowMs / SLICES);
        const now = launched.map(({ run: r }) => snapshot(r.initPid));
        now.forEach((s, i) => {
          sliceCs[i].push((s.cs - previous[i].cs) / (windowMs / SLICES / 1000));
          memory[i].push(s.memory);
        });
        previous = now;
      }
      launched.forEach(({ variant }, i) => {
        const first = before[i];
        const last = previous[i];
        const sample = {
          peer: variant.peer.id,
          programs: variant.count,
          rssMb: median(memory[i].map((m) => m.rssKb / 1024)),
          pssMb: median(memory[i].map((m) => m.pssKb / 1024)),
          // The whole window counts for the target: a timer firing every few seconds must show.
          csPerSec: (last.cs - first.cs) / settings.idleSeconds,
          // The median 2 s slice tells a one-off burst (a late GC) from a steady wake-up rate.
          steadyCsPerSec: median(sliceCs[i]),
          csPerSecSlices: sliceCs[i],
          involuntaryPerSec: (last.involuntary - first.involuntary) / settings.idleSeconds,
          mainCsPerSec: (last.mainCs - first.mainCs) / settings.idleSeconds,
          cpuMs: last.cpuMs - first.cpuMs,
          threads: last.threads,
        };
        raw.push(sample);
        const s = rows.get(key(variant)).samples;
        for (const metric of ['rssMb', 'pssMb', 'csPerSec', 'steadyCsPerSec', 'mainCsPerSec', 'cpuMs']) {
          s[metric] = [...(s[metric] ?? []), sample[metric]];
        }
      });
    } finally {
      await Promise.all(launched.map(({ run: r }) => r.teardown()));
    }
  }
  return {
    tables: [
      {
        title: `Idle footprint of PID 1 (${settings.idleSeconds} s window from ${settings.idleSettleSeconds} s after start, all peers side by side)`,
        metrics: [
          { key: 'rssMb', label: 'RSS', unit: 'MB', better: 'lower' },
          { key: 'pssMb', label: 'PSS', unit: 'MB', better: 'lower' },
          { key: 'csPerSec', label: 'vol. ctx sw, all threads', unit: '/s', better: 'lower', ratio: false },
          { key: 'steadyCsPerSec', label: 'same, median 2 s slice', unit: '/s', better: 'lower', ratio: false },
          { key: 'mainCsPerSec', label: 'main thread', unit: '/s', better: 'lower', ratio: false },
          {
            key: 'cpuMs',
            label: `CPU per ${settings.idleSeconds} s`,
            unit: 'ms',
            better: 'lower',
            digits: 0,
            ratio: false,
          },
        ],
        rows: [...rows.values()],
      },
    ],
    targets: targets(raw),
    raw,
  };
}

async function startIdle(variant) {
  const programs = Array.from({ length: variant.count }, (_, i) => ({
    name: `sleeper${i + 1}`,
    argv: ['sleep', 'infinity'],
    restart: 'always',
    output: 'discard',
  }));
  const run = await launchPeer(variant.peer, programs);
  try {
    await pollUntil(() => (countLive(run, 'sleep') >= variant.count ? true : undefined), {
      intervalMs: 20,
      timeoutMs: 30_000,
      label: `${variant.count} sleeps under ${variant.peer.id}`,
    });
  } catch (error) {
    await run.teardown();
    throw new Error(`${error.message}\n${run.outputTail()}`);
  }
  return { variant, run };
}

function snapshot(pid) {
  const cs = contextSwitchesOf(pid);
  const stat = parseStat(pid);
  const memory = memoryOf(pid);
  if (cs === undefined || stat === undefined || memory === undefined) throw new Error(`PID 1 (host ${pid}) vanished`);
  // Voluntary switches are the process's own wake-ups; involuntary ones measure the machine's load.
  // CLK_TCK is 100 on every Linux this runs on, so a tick is 10 ms.
  return {
    cs: cs.voluntary,
    involuntary: cs.involuntary,
    mainCs: cs.mainVoluntary,
    threads: cs.threads,
    memory,
    cpuMs: (stat.utimeTicks + stat.stimeTicks) * 10,
  };
}

function key(v) {
  return `${v.peer.id}:${v.count}`;
}

function targets(raw) {
  const pick = (peer, programs, metric) =>
    median(raw.filter((r) => r.peer === peer && r.programs === programs).map((r) => r[metric]));
  const tini = pick('tini', 1, 'csPerSec');
  const out = [];
  for (const programs of [1, 50]) {
    const ts = pick('tsvisor', programs, 'csPerSec');
    out.push({
      name: `idle ctx switches/s with ${programs} program(s) ≤ tini's + 1`,
      met: Number.isFinite(ts) && Number.isFinite(tini) ? ts <= tini + 1 : null,
      detail: `tsvisor ${fixed(ts, 2)}/s (steady ${fixed(pick('tsvisor', programs, 'steadyCsPerSec'), 2)}/s) vs tini ${fixed(tini, 2)}/s`,
    });
  }
  const rss = pick('tsvisor', 50, 'rssMb');
  out.push({
    name: 'RSS with 50 programs ≤ 60 MB',
    met: Number.isFinite(rss) ? rss <= 60 : null,
    detail: `tsvisor ${fixed(rss, 1)} MB`,
  });
  return out;
}
