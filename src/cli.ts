// argv → command. Each command returns an exit code; this file only parses
// and maps, so PID 1 start-up loads nothing it does not need.

import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { LogLevel } from './config/types.js';

const USAGE = `Usage:
  tsvisor [-c FILE] [--log-level LEVEL]      supervise the programs of FILE (default /etc/tsvisor.yaml,
                                             or $TSVISOR_CONFIG)
  tsvisor check [-c FILE | FILE]             validate FILE; exit 0 when valid, 2 when not
  tsvisor schema                             print the config's JSON Schema
  tsvisor ctl [--socket PATH] COMMAND ...    control a running tsvisor (tsvisor ctl --help)
  tsvisor [OPTIONS] -- CMD [ARGS...]         drop-in init for one command (like tini / dumb-init)

Drop-in options:
  -e, --remap-exit CODE      report exit code CODE as 0 (repeatable), e.g. -e 143
  --restart POLICY           restart CMD per Docker policy: no | on-failure[:N] | always | unless-stopped
  --no-pgroup                forward signals to the child only, not its process group

Common options:
  --log-level LEVEL          trace | debug | info | warn | error | fatal | silent
  -h, --help                 this help
  -v, --version              print the version
`;

// bin/tsvisor sized libuv's thread pool through the environment; programs must not inherit that.
if (process.env.TSVISOR_UNSET_UV_THREADPOOL_SIZE === '1') {
  delete process.env.UV_THREADPOOL_SIZE;
  delete process.env.TSVISOR_UNSET_UV_THREADPOOL_SIZE;
}

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

async function main(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  if (dash !== -1) return dropIn(argv.slice(0, dash), argv.slice(dash + 1));
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest);
    case 'schema': {
      const { runSchema } = await import('./app/schema-command.js');
      return runSchema(process.stdout);
    }
    case 'ctl': {
      const { runCtl } = await import('./control/ctl-command.js');
      return runCtl(rest, process.env, process.stdout, process.stderr);
    }
    default:
      return run(argv);
  }
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return print(USAGE);
  if (values.version) return print(`tsvisor ${(await import('./app/version.js')).VERSION}\n`);
  const logLevel = parseLevel(values['log-level']);
  const configPath = values.config ?? process.env.TSVISOR_CONFIG ?? '/etc/tsvisor.yaml';
  // Listen before loading the supervisor: an early `docker stop` must not be lost (see os/early-signals.ts).
  const [{ listenEarly }, { HANDLED_SIGNALS }] = await Promise.all([
    import('./os/early-signals.js'),
    import('./config/signal-names.js'),
  ]);
  const signals = listenEarly(HANDLED_SIGNALS);
  const { runConfigMode } = await import('./app/run.js');
  supervising = true;
  return runConfigMode({ configPath, logLevel, signals });
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { config: { type: 'string', short: 'c' } },
    allowPositionals: true,
  });
  const file = values.config ?? positionals[0] ?? process.env.TSVISOR_CONFIG ?? '/etc/tsvisor.yaml';
  const { runCheck } = await import('./app/check-command.js');
  return runCheck(file, process.stdout, process.stderr);
}

async function dropIn(options: string[], command: string[]): Promise<number> {
  const { values } = parseArgs({
    args: options,
    options: {
      'remap-exit': { type: 'string', short: 'e', multiple: true },
      restart: { type: 'string' },
      'no-pgroup': { type: 'boolean' },
      'log-level': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const logLevel = parseLevel(values['log-level']) ?? 'warn';
  const remap = new Map<number, number>();
  for (const raw of values['remap-exit'] ?? []) {
    const code = Number(raw);
    if (!Number.isInteger(code) || code < 0 || code > 255)
      throw new UsageError(`-e takes an exit code 0-255, not "${raw}"`);
    remap.set(code, 0);
  }
  supervising = true;
  if (values.restart !== undefined) return dropInWithRestart(command, values.restart, logLevel);
  const { runDropIn } = await import('./app/drop-in.js');
  return runDropIn(command, { exitCodeRemap: remap, logLevel, pgroupKill: values['no-pgroup'] !== true });
}

/** `--restart` reuses the engine: the command becomes the one critical program of an in-memory config. */
async function dropInWithRestart(command: string[], restart: string, logLevel: LogLevel): Promise<number> {
  if (command.length === 0) throw new UsageError('no command given after --');
  const { parseConfig } = await import('./config/load.js');
  const { formatDiagnostic } = await import('./config/format-diagnostic.js');
  const name = basename(command[0] ?? 'main').replace(/[^A-Za-z0-9_.-]/g, '_') || 'main';
  const doc = {
    programs: { [name]: { command, restart, critical: true, output: 'raw' } },
    logging: { level: logLevel },
    control: { socket: process.env.TSVISOR_SOCKET ?? '/run/tsvisor.sock' },
  };
  const loaded = parseConfig(JSON.stringify(doc), '--restart');
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) process.stderr.write(`tsvisor: ${formatDiagnostic(d)}\n`);
    return 2;
  }
  const [{ listenEarly }, { HANDLED_SIGNALS }] = await Promise.all([
    import('./os/early-signals.js'),
    import('./config/signal-names.js'),
  ]);
  const signals = listenEarly(HANDLED_SIGNALS);
  const { runSupervisor } = await import('./app/run.js');
  return runSupervisor(loaded.config, { configPath: '--restart', logLevel, signals });
}

function parseLevel(raw: string | undefined): LogLevel | undefined {
  if (raw === undefined) return undefined;
  const level = LEVELS.find((l) => l === raw);
  if (!level) throw new UsageError(`--log-level takes one of ${LEVELS.join(', ')}, not "${raw}"`);
  return level;
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

class UsageError extends Error {}

/** How long the CLI waits for its own stdout/stderr to drain before exiting anyway. */
const EXIT_FLUSH_MS = 2000;

function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('drain', resolve);
    stream.once('error', () => resolve());
    stream.once('close', resolve);
  });
}

/** Commands that run as PID 1 end with _exit: see os/exit-now.ts. */
let supervising = false;

main(process.argv.slice(2)).then(
  async (code) => {
    process.exitCode = code;
    if (supervising) (await import('./os/exit-now.js')).exitNow(code);
    // Leftover handles (a half-open control client) must not hold the process. But process.stdout to a pipe
    // is asynchronous: `ctl status --json | jq` lost everything past ~200 KB when we exited at once. So wait
    // for both streams to drain, bounded, since a reader may never read.
    const exit = () => process.exit(code);
    setTimeout(exit, EXIT_FLUSH_MS);
    void Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => setImmediate(exit));
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`tsvisor: ${error instanceof Error ? error.message : String(error)}\n`);
    if (usage) process.stderr.write('Try tsvisor --help\n');
    process.exit(usage ? 2 : 70);
  },
);
