// Writes a tsvisor YAML config for the bench's program list (JSON is YAML, so no serializer is needed).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Path of a config running `programs`; ctx = { dir, backoff?, shutdownTimeoutMs? }.
export function writeTsvisorConfig(programs, ctx) {
  const backoff = ctx.backoff ?? { initialMs: 100, maxMs: 60_000, resetAfterMs: 10_000 };
  const config = {
    programs: Object.fromEntries(
      programs.map((p) => [
        p.name,
        {
          command: p.argv,
          restart: p.restart ?? 'always',
          stop_grace_period: `${p.stopGraceMs ?? 10_000}ms`,
          backoff: {
            initial: `${backoff.initialMs}ms`,
            max: `${backoff.maxMs}ms`,
            reset_after: `${backoff.resetAfterMs}ms`,
          },
          ...(outputMode(p) === undefined ? {} : { output: outputMode(p) }),
        },
      ]),
    ),
    shutdown: { timeout: `${ctx.shutdownTimeoutMs ?? 30_000}ms` },
    logging: { level: 'info', format: 'json' },
    // A socket and state dir per run: side-by-side runs share the host's /run and /var/lib.
    control: { socket: join(ctx.dir, 'tsvisor.sock'), state_dir: join(ctx.dir, 'state') },
  };
  const path = join(ctx.dir, 'tsvisor.yaml');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

// 'discard' and 'stdout' are the supervisord notions; tsvisor always forwards, so they map to its default.
function outputMode(program) {
  return ['raw', 'prefix', 'json'].includes(program.output) ? program.output : undefined;
}
