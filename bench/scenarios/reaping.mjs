// Scenario 3: a fixture makes N orphans as fast as it can fork; we time until PID 1 has reaped them
// all and track the peak number of orphans waiting for it (zombies, or about to be) from the host.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs, pollUntil, sleep } from '../lib/clock.mjs';
import { fixed } from '../lib/format.mjs';
import { countLive, launchPeer, runDir } from '../lib/launch.mjs';
import { childrenOf, parseStat } from '../lib/proc.mjs';
import { median } from '../lib/stats.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/orphans.pl', import.meta.url));
const PEER_IDS = ['tsvisor', 'tsvisor-dropin', 'tini', 'dumb-init'];

// Runs each reaping peer BENCH_SLOW_RUNS times.
export async function reapingScenario(peers, settings) {
  const eligible = peers.filter((p) => PEER_IDS.includes(p.id));
  const rows = new Map(eligible.map((p) => [p.id, { peer: p.label, isTsvisor: p.isTsvisor, samples: {} }]));
  const raw = [];
  for (let run = 0; run < settings.slowRuns; run++) {
    for (const peer of eligible) {
      const sample = await reapOnce(peer, settings.orphans);
      raw.push({ peer: peer.id, ...sample });
      const s = rows.get(peer.id).samples;
      for (const [k, v] of Object.entries(sample)) s[k] = [...(s[k] ?? []), v];
    }
  }
  const ts = median(raw.filter((r) => r.peer === 'tsvisor').map((r) => r.totalMs));
  const tini = median(raw.filter((r) => r.peer === 'tini').map((r) => r.totalMs));
  return {
    tables: [
      {
        title: `Reaping ${settings.orphans} orphans (median of ${settings.slowRuns})`,
        metrics: [
          { key: 'totalMs', label: 'first fork → all reaped', unit: 'ms', better: 'lower', digits: 0 },
          { key: 'lagMs', label: 'last fork → all reaped', unit: 'ms', better: 'lower', digits: 1 },
          { key: 'peakPending', label: 'peak unreaped', unit: 'procs', better: 'lower', digits: 0 },
          { key: 'forkRate', label: 'fixture fork rate', unit: 'orphans/s', better: 'higher', digits: 0 },
          { key: 'initCpuMs', label: 'PID 1 CPU', unit: 'ms', better: 'lower', digits: 0 },
        ],
        rows: [...rows.values()],
      },
    ],
    targets: [
      {
        name: `reaping ${settings.orphans} orphans within 1.5× of tini`,
        met: Number.isFinite(ts) && Number.isFinite(tini) ? ts <= 1.5 * tini : null,
        detail: `tsvisor ${fixed(ts, 0)} ms vs tini ${fixed(tini, 0)} ms (${fixed(ts / tini, 2)}×)`,
      },
    ],
    raw,
  };
}

async function reapOnce(peer, orphans) {
  const dir = runDir(peer.id);
  const go = join(dir, 'go');
  const stamp = join(dir, 'stamp');
  // The shell stays as the one long-running program, so single-child inits do not exit with the fixture.
  const script = `perl ${FIXTURE} ${orphans} ${go} ${stamp}; exec sleep infinity`;
  const run = await launchPeer(peer, [{ name: 'orphans', argv: ['sh', '-c', script], restart: 'no' }], { dir });
  try {
    await pollUntil(() => (countLive(run, 'perl') >= 1 ? true : undefined), {
      intervalMs: 5,
      timeoutMs: 30_000,
      label: 'fixture',
    });
    await sleep(200);
    // Children PID 1 had before the burst (the shell, helpers) are not orphans.
    const before = new Set(childrenOf(run.initPid));
    const cpuBefore = cpuMsOf(run.initPid);
    writeFileSync(go, '');
    let peak = 0;
    const doneAt = await pollUntil(
      () => {
        const pending = childrenOf(run.initPid).filter((pid) => !before.has(pid)).length;
        peak = Math.max(peak, pending);
        return pending === 0 && existsSync(stamp) ? nowMs() : undefined;
      },
      { intervalMs: 1, timeoutMs: 180_000, label: `${orphans} orphans reaped under ${peer.id}` },
    );
    const [start, end] = readFileSync(stamp, 'utf8').trim().split(' ').map(Number);
    return {
      totalMs: doneAt - start,
      lagMs: doneAt - end,
      peakPending: peak,
      forkRate: (orphans / (end - start)) * 1000,
      // The reaper's own cost: on 2 cores every ms PID 1 spends is taken from the forking fixture.
      initCpuMs: cpuMsOf(run.initPid) - cpuBefore,
    };
  } catch (error) {
    process.stderr.write(`reaping ${peer.id}: ${error.message}\n${run.outputTail()}\n`);
    return {
      totalMs: Number.NaN,
      lagMs: Number.NaN,
      peakPending: Number.NaN,
      forkRate: Number.NaN,
      initCpuMs: Number.NaN,
    };
  } finally {
    await run.teardown();
  }
}

// utime+stime of a process in ms (CLK_TCK is 100 on Linux, so 10 ms per tick).
function cpuMsOf(pid) {
  const stat = parseStat(pid);
  return stat === undefined ? Number.NaN : (stat.utimeTicks + stat.stimeTicks) * 10;
}
