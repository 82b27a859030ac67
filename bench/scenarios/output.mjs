// Scenario 6: a program writes N MB of 100-byte lines; the writer stamps its own start and the
// moment close(stdout) returns, so every path (direct pipe, tsvisor modes, supervisord) is timed alike.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '../lib/clock.mjs';
import { fixed } from '../lib/format.mjs';
import { launchArgv, launchPeer, runDir } from '../lib/launch.mjs';
import { median } from '../lib/stats.mjs';

const WRITER = fileURLToPath(new URL('../fixtures/writer.pl', import.meta.url));

// Runs each path BENCH_SLOW_RUNS times, interleaved.
export async function outputScenario(peers, settings) {
  const bytes = settings.outputMb * 1_000_000;
  const paths = [{ id: 'pipe', label: 'direct pipe to cat', isTsvisor: false }];
  const tsvisor = peers.find((p) => p.id === 'tsvisor');
  if (tsvisor)
    for (const mode of ['raw', 'prefix', 'json'])
      paths.push({ id: `tsvisor-${mode}`, label: `tsvisor ${mode}`, isTsvisor: true, peer: tsvisor, mode });
  const supervisord = peers.find((p) => p.id === 'supervisord');
  if (supervisord)
    paths.push({
      id: 'supervisord',
      label: 'supervisord → /dev/stdout',
      isTsvisor: false,
      peer: supervisord,
      mode: 'stdout',
    });
  const rows = new Map(
    paths.map((p) => [p.id, { peer: p.label, isTsvisor: p.isTsvisor, samples: { mbPerSec: [], seconds: [] } }]),
  );
  const raw = [];
  for (let run = 0; run < settings.runs; run++) {
    for (const path of paths) {
      const seconds = await writeOnce(path, bytes);
      raw.push({ path: path.id, seconds, mbPerSec: settings.outputMb / seconds });
      rows.get(path.id).samples.seconds.push(seconds);
      rows.get(path.id).samples.mbPerSec.push(settings.outputMb / seconds);
    }
  }
  const pick = (id) => median(raw.filter((r) => r.path === id).map((r) => r.mbPerSec));
  const prefix = pick('tsvisor-prefix');
  const pipe = pick('pipe');
  const sv = pick('supervisord');
  const known = (...xs) => xs.every(Number.isFinite);
  return {
    tables: [
      {
        title: `Output throughput, ${settings.outputMb} MB of 100-byte lines (median of ${settings.runs})`,
        metrics: [
          { key: 'mbPerSec', label: 'throughput', unit: 'MB/s', better: 'higher', digits: 0 },
          { key: 'seconds', label: 'writer time', unit: 's', better: 'lower' },
        ],
        rows: [...rows.values()],
      },
    ],
    notes: [
      'tsvisor raw lets the program inherit tsvisor’s own stdout (no pipe, no copy): it times the writer alone, an upper bound.',
    ],
    targets: [
      {
        name: 'prefix output ≥ 50 % of a direct pipe',
        met: known(prefix, pipe) ? prefix >= 0.5 * pipe : null,
        detail: `tsvisor prefix ${fixed(prefix, 0)} MB/s vs pipe ${fixed(pipe, 0)} MB/s (${fixed((prefix / pipe) * 100, 0)} %)`,
      },
      {
        name: 'prefix output faster than supervisord',
        met: known(prefix, sv) ? prefix > sv : null,
        detail: `tsvisor prefix ${fixed(prefix, 0)} MB/s vs supervisord ${fixed(sv, 0)} MB/s`,
      },
    ],
    raw,
  };
}

async function writeOnce(path, bytes) {
  const dir = runDir(path.id);
  const stamp = join(dir, 'stamp');
  const writer = ['perl', WRITER, String(bytes), stamp];
  // Every reader's own output goes to /dev/null, like `| cat > /dev/null`.
  const run =
    path.peer === undefined
      ? await launchArgv(['sh', '-c', `${writer.join(' ')} | cat > /dev/null`], { dir, output: 'discard' })
      : await launchPeer(path.peer, [{ name: 'writer', argv: writer, restart: 'no', output: path.mode }], {
          dir,
          output: 'discard',
          ctx: { supervisord: { startsecs: 0, startretries: 0 } },
        });
  try {
    await pollUntil(() => (existsSync(stamp) ? true : undefined), {
      intervalMs: 20,
      timeoutMs: 300_000,
      label: `${path.id} writer`,
    });
    const [start, end] = readFileSync(stamp, 'utf8').trim().split(' ').map(Number);
    return (end - start) / 1000;
  } catch (error) {
    process.stderr.write(`output ${path.id}: ${error.message}\n`);
    return Number.NaN;
  } finally {
    await run.teardown();
  }
}
