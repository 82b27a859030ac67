// Scenario 4: SIGTERM to PID 1 (what `docker stop` sends) until the namespace's init has exited,
// with programs that need 50 ms to stop, and with one that ignores SIGTERM (grace-period accuracy).
import { fileURLToPath } from 'node:url';
import { nowMs, pollUntil, sleep } from '../lib/clock.mjs';
import { fixed } from '../lib/format.mjs';
import { countLive, launchPeer } from '../lib/launch.mjs';
import { median } from '../lib/stats.mjs';

const SLOW_STOP = fileURLToPath(new URL('../fixtures/slow-stop.pl', import.meta.url));
const IGNORE_TERM = fileURLToPath(new URL('../fixtures/ignore-term.pl', import.meta.url));
const GRACE_MS = 2000;

// Runs 1- and 20-program stops BENCH_RUNS times, the grace case BENCH_SLOW_RUNS times.
export async function shutdownScenario(peers, settings) {
  const raw = [];
  const tables = [];
  for (const count of [1, 20]) {
    const eligible = peers.filter((p) => count === 1 || p.multi);
    const programs = Array.from({ length: count }, (_, i) => ({
      name: `slow${i + 1}`,
      argv: ['perl', SLOW_STOP],
      restart: 'always',
      stopGraceMs: 10_000,
    }));
    tables.push(
      await measure(
        `Shutdown: SIGTERM → exit, ${count} program(s) taking 50 ms to stop`,
        eligible,
        programs,
        settings.runs,
        raw,
        count,
      ),
    );
  }
  const graceful = peers.filter((p) => p.id === 'tsvisor' || p.id === 'supervisord');
  const stubborn = [{ name: 'stubborn', argv: ['perl', IGNORE_TERM], restart: 'always', stopGraceMs: GRACE_MS }];
  const graceTable = await measure(
    `Shutdown: program ignoring SIGTERM, ${GRACE_MS} ms grace period`,
    graceful,
    stubborn,
    settings.slowRuns,
    raw,
    'grace',
  );
  graceTable.metrics.push({ key: 'overshootMs', label: 'beyond grace', unit: 'ms', better: 'lower' });
  for (const row of graceTable.rows) row.samples.overshootMs = row.samples.ms.map((ms) => ms - GRACE_MS);
  tables.push(graceTable);
  const pick = (peer) => median(raw.filter((r) => r.peer === peer && r.programs === 20).map((r) => r.ms));
  const ts = pick('tsvisor');
  const sv = pick('supervisord');
  return {
    tables,
    targets: [
      {
        name: 'shutdown of 20 programs faster than supervisord',
        met: Number.isFinite(ts) && Number.isFinite(sv) ? ts < sv : null,
        detail: `tsvisor ${fixed(ts, 0)} ms vs supervisord ${fixed(sv, 0)} ms`,
      },
    ],
    raw,
  };
}

async function measure(title, peers, programs, runs, raw, variant) {
  const rows = new Map(peers.map((p) => [p.id, { peer: p.label, isTsvisor: p.isTsvisor, samples: { ms: [] } }]));
  for (let run = 0; run < runs; run++) {
    for (const peer of peers) {
      const { ms, code } = await stopOnce(peer, programs);
      raw.push({ peer: peer.id, programs: variant, ms, code });
      rows.get(peer.id).samples.ms.push(ms);
    }
  }
  return {
    title: `${title} (median of ${runs})`,
    metrics: [{ key: 'ms', label: 'SIGTERM → exit', unit: 'ms', better: 'lower' }],
    rows: [...rows.values()],
  };
}

async function stopOnce(peer, programs) {
  const run = await launchPeer(peer, programs, {
    ctx: { shutdownTimeoutMs: 30_000, supervisord: { startsecs: 0, startretries: 3 } },
  });
  try {
    await pollUntil(() => (countLive(run, 'perl') >= programs.length ? true : undefined), {
      intervalMs: 5,
      timeoutMs: 30_000,
      label: `${programs.length} programs under ${peer.id}`,
    });
    // Perl installs its TERM handler a few ms after exec; stopping earlier would measure the default action.
    await sleep(300);
    const sentAt = nowMs();
    run.signal('SIGTERM');
    const exit = await Promise.race([run.exited, sleep(30_000).then(() => undefined)]);
    if (exit === undefined) throw new Error('did not exit within 30 s of SIGTERM');
    return { ms: exit.atMs - sentAt, code: exit.code };
  } catch (error) {
    process.stderr.write(`shutdown ${peer.id}: ${error.message}\n${run.outputTail()}\n`);
    return { ms: Number.NaN, code: null };
  } finally {
    await run.teardown();
  }
}
