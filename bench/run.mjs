// `npm run bench`: tsvisor side by side with tini, dumb-init and supervisord, each a true PID 1 in a
// fresh pid namespace. Installs nothing; prints one table per scenario and writes every raw figure
// to bench/results/latest.json. Knobs: BENCH_RUNS (5), BENCH_SLOW_RUNS (3), BENCH_ONLY=idle,startup,…,
// BENCH_IDLE_SECONDS (10), BENCH_IDLE_SETTLE_SECONDS (10), BENCH_ORPHANS (10000), BENCH_OUTPUT_MB (200), BENCH_KEEP=1 (keep scratch dirs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { removeScratch } from './lib/launch.mjs';
import { describeMachine } from './lib/machine.mjs';
import { killAllNamespaces } from './lib/namespace.mjs';
import { availablePeers, INSTALL_HINT, missingPeers, useTsvisorEntry } from './lib/peers.mjs';
import { renderTable } from './lib/table.mjs';
import { tsvisorProblem } from './lib/tsvisor-ready.mjs';
import { snapshotTsvisor } from './lib/tsvisor-snapshot.mjs';
import { idleScenario } from './scenarios/idle.mjs';
import { outputScenario } from './scenarios/output.mjs';
import { reapingScenario } from './scenarios/reaping.mjs';
import { restartScenario } from './scenarios/restart.mjs';
import { shutdownScenario } from './scenarios/shutdown.mjs';
import { startupScenario } from './scenarios/startup.mjs';

const SCENARIOS = {
  idle: idleScenario,
  startup: startupScenario,
  reaping: reapingScenario,
  shutdown: shutdownScenario,
  restart: restartScenario,
  output: outputScenario,
};

const int = (name, fallback) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const runs = int('BENCH_RUNS', 5);
const settings = {
  runs,
  slowRuns: int('BENCH_SLOW_RUNS', Math.min(3, runs)),
  idleRuns: int('BENCH_IDLE_RUNS', 1),
  idleSeconds: int('BENCH_IDLE_SECONDS', 10),
  idleSettleSeconds: int('BENCH_IDLE_SETTLE_SECONDS', 10),
  orphans: int('BENCH_ORPHANS', 10_000),
  outputMb: int('BENCH_OUTPUT_MB', 200),
};
const only = (process.env.BENCH_ONLY ?? Object.keys(SCENARIOS).join(',')).split(',').filter((s) => s in SCENARIOS);

preflight();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAllNamespaces();
    removeScratch();
    process.exit(130);
  });
}
const missing = missingPeers();
if (missing.length > 0) {
  console.log(`Peers not installed, skipped: ${missing.join(', ')}\nTo compare against them run:\n  ${INSTALL_HINT}\n`);
}
const entry = await snapshotTsvisor();
const problem = entry === undefined ? 'no dist/tsvisor.mjs (run `npm run build`)' : await tsvisorProblem(entry);
if (problem !== undefined) console.log(`tsvisor left out of this run: ${problem}\n`);
if (entry !== undefined) useTsvisorEntry(entry);
const peers = availablePeers(problem === undefined);
const machine = describeMachine(entry);
console.log(
  `Machine: ${machine.nproc} × ${machine.cpu}, kernel ${machine.kernel}, node ${machine.node}, load ${machine.loadavgAtStart.join(' ')}`,
);
console.log(`Peers: ${peers.map((p) => p.id).join(', ')}; settings ${JSON.stringify(settings)}\n`);

const results = {};
const targets = [];
const startedAt = Date.now();
try {
  for (const id of only) {
    const began = Date.now();
    const result = await SCENARIOS[id](peers, settings);
    const text = [
      ...result.tables.map((t) => renderTable(t.title, t.metrics, t.rows)),
      ...(result.notes ?? []).map((n) => `- ${n}`),
      ...result.targets.map(
        (t) => `- target: ${t.name}: ${t.met === null ? 'n/a' : t.met ? 'MET' : 'MISSED'} (${t.detail})`,
      ),
    ].join('\n\n');
    console.log(`${text}\n\n(${id}: ${((Date.now() - began) / 1000).toFixed(0)} s, load ${loadavg()[0].toFixed(2)})\n`);
    results[id] = {
      seconds: (Date.now() - began) / 1000,
      loadavgAfter: loadavg(),
      tables: result.tables,
      notes: result.notes ?? [],
      targets: result.targets,
      raw: result.raw,
      text,
    };
    targets.push(...result.targets);
  }
} finally {
  removeScratch();
}

console.log('### Targets\n');
for (const t of targets)
  console.log(`- ${t.met === null ? 'n/a   ' : t.met ? 'MET   ' : 'MISSED'} ${t.name} — ${t.detail}`);
const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
const report = {
  date: new Date().toISOString(),
  durationS: (Date.now() - startedAt) / 1000,
  machine,
  settings,
  results,
  targets,
};
writeFileSync(`${out}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
// The same tables as Markdown, ready for docs/performance.md.
const targetLines = targets.map(
  (t) => `- ${t.met === null ? 'n/a' : t.met ? '**met**' : '**missed**'}: ${t.name} (${t.detail})`,
);
writeFileSync(
  `${out}latest.md`,
  `${Object.values(results)
    .map((r) => r.text)
    .join('\n\n')}\n\n### Targets\n\n${targetLines.join('\n')}\n`,
);
console.log(
  `\nRaw figures: bench/results/latest.json, tables: bench/results/latest.md (${report.durationS.toFixed(0)} s)`,
);

// Every scenario needs root for unshare --pid (as in the CI image); fail early with the reason.
function preflight() {
  try {
    execFileSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'pipe', timeout: 10_000 });
  } catch (error) {
    console.error(`cannot create a pid namespace (run as root): ${String(error.stderr ?? error.message).trim()}`);
    process.exit(1);
  }
}
