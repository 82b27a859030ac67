// Scenario 2: time from launching the namespace to 1 and to 50 `sleep infinity` programs having
// exec'd (a process named "sleep" exists only after exec), polled from the host every ~1 ms.
import { nowMs, pollUntil } from '../lib/clock.mjs';
import { fixed } from '../lib/format.mjs';
import { countLive, launchPeer } from '../lib/launch.mjs';
import { median } from '../lib/stats.mjs';

// Runs every peer BENCH_RUNS times per program count, interleaved so load spikes hit all peers alike.
export async function startupScenario(peers, settings) {
  const raw = [];
  const tables = [];
  for (const count of [1, 50]) {
    const eligible = peers.filter((p) => count === 1 || p.multi);
    const rows = new Map(eligible.map((p) => [p.id, { peer: p.label, isTsvisor: p.isTsvisor, samples: { ms: [] } }]));
    for (let run = 0; run < settings.runs; run++) {
      for (const peer of eligible) {
        const ms = await timeToExec(peer, count);
        raw.push({ peer: peer.id, programs: count, ms });
        rows.get(peer.id).samples.ms.push(ms);
      }
    }
    tables.push({
      title: `Start-up: launch → ${count} program(s) exec'd (median of ${settings.runs})`,
      metrics: [{ key: 'ms', label: 'time', unit: 'ms', better: 'lower' }],
      rows: [...rows.values()],
    });
  }
  const pick = (peer) => median(raw.filter((r) => r.peer === peer && r.programs === 50).map((r) => r.ms));
  const ts = pick('tsvisor');
  const sv = pick('supervisord');
  return {
    tables,
    targets: [
      {
        name: 'start-up of 50 programs faster than supervisord',
        met: Number.isFinite(ts) && Number.isFinite(sv) ? ts < sv : null,
        detail: `tsvisor ${fixed(ts, 0)} ms vs supervisord ${fixed(sv, 0)} ms`,
      },
    ],
    raw,
  };
}

async function timeToExec(peer, count) {
  const programs = Array.from({ length: count }, (_, i) => ({
    name: `sleeper${i + 1}`,
    argv: ['sleep', 'infinity'],
    restart: 'always',
    output: 'discard',
  }));
  const run = await launchPeer(peer, programs);
  try {
    const at = await pollUntil(() => (countLive(run, 'sleep') >= count ? nowMs() : undefined), {
      intervalMs: 1,
      timeoutMs: 30_000,
      label: `${count} sleeps under ${peer.id}`,
    });
    return at - run.launchedMs;
  } catch (error) {
    process.stderr.write(`start-up ${peer.id} ×${count}: ${error.message}\n${run.outputTail()}\n`);
    return Number.NaN;
  } finally {
    await run.teardown();
  }
}
