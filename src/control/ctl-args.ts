// Parses `tsvisor ctl …` arguments into a command, or a usage error. Pure, so
// every spelling is unit-tested without a socket.

import { canonicalSignal } from '../config/signal-names.js';
import { parseTimeout } from './parse-timeout.js';

/** A parsed ctl command line. */
export type CtlCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'status'; readonly names: string[]; readonly json: boolean }
  | { readonly kind: 'start' | 'stop' | 'restart'; readonly names: string[] }
  | { readonly kind: 'signal'; readonly signal: string; readonly names: string[] }
  | { readonly kind: 'logs'; readonly name: string; readonly lines: number; readonly follow: boolean }
  | { readonly kind: 'reload' | 'shutdown' }
  | { readonly kind: 'wait'; readonly name: string; readonly for: 'running' | 'healthy'; readonly timeoutMs: number };

/** The parse outcome; `socket` is the --socket value when given. */
export type CtlArgs =
  | { readonly ok: true; readonly socket: string | undefined; readonly command: CtlCommand }
  | { readonly ok: false; readonly message: string };

/** Usage text printed by `tsvisor ctl --help` and after usage errors. */
export const CTL_USAGE = `usage: tsvisor ctl [--socket PATH] COMMAND
  status [NAME...] [--json]     exit 0 when all (named) programs are OK, 3 otherwise
  start|stop|restart NAME...|all
  signal SIG NAME...|all
  logs NAME [-n N] [-f]
  reload
  shutdown
  wait NAME [--for running|healthy] [--timeout 30s]   exit 3 on timeout
`;

const DEFAULT_LOG_LINES = 100;
const DEFAULT_WAIT_MS = 30_000;

/** Parses the arguments that follow `tsvisor ctl`. */
export function parseCtlArgs(argv: readonly string[]): CtlArgs {
  let socket: string | undefined;
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const valued = new Set(['--socket', '-n', '--lines', '--for', '--timeout']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (valued.has(flag)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) return usage(`${flag} needs a value`);
      if (flag === '--socket') socket = value;
      else flags.set(flag === '--lines' ? '-n' : flag, value);
    } else if (['--json', '-f', '--follow', '-h', '--help'].includes(arg)) {
      flags.set(arg === '--follow' ? '-f' : arg === '--help' ? '-h' : arg, true);
    } else {
      return usage(`unknown option ${arg}`);
    }
  }
  const [verb, ...rest] = positional;
  if (flags.has('-h') || verb === 'help') return { ok: true, socket, command: { kind: 'help' } };
  if (verb === undefined) return usage('missing command');
  const allowed = ALLOWED_FLAGS[verb];
  if (allowed === undefined) return usage(`unknown command "${verb}"`);
  for (const flag of flags.keys()) if (!allowed.includes(flag)) return usage(`${verb} does not take ${flag}`);
  const command = build(verb, rest, flags);
  return typeof command === 'string' ? usage(command) : { ok: true, socket, command };
}

const ALLOWED_FLAGS: Readonly<Record<string, readonly string[]>> = {
  status: ['--json'],
  start: [],
  stop: [],
  restart: [],
  signal: [],
  logs: ['-n', '-f'],
  reload: [],
  shutdown: [],
  wait: ['--for', '--timeout'],
};

// Returns the command, or a usage message.
function build(verb: string, rest: string[], flags: Map<string, string | true>): CtlCommand | string {
  switch (verb) {
    case 'status':
      return { kind: 'status', names: rest, json: flags.has('--json') };
    case 'start':
    case 'stop':
    case 'restart':
      return rest.length === 0 ? `${verb} needs program names or "all"` : { kind: verb, names: rest };
    case 'signal': {
      const [sig, ...names] = rest;
      if (sig === undefined || names.length === 0) return 'signal needs a signal and program names';
      const signal = canonicalSignal(sig);
      return signal === undefined ? `unknown signal "${sig}"` : { kind: 'signal', signal, names };
    }
    case 'logs': {
      if (rest.length !== 1 || rest[0] === undefined) return 'logs needs exactly one program name';
      const n = flags.get('-n');
      const lines = n === undefined ? DEFAULT_LOG_LINES : Number(n);
      if (!Number.isInteger(lines) || lines < 0) return `-n: "${String(n)}" is not a line count`;
      return { kind: 'logs', name: rest[0], lines, follow: flags.has('-f') };
    }
    case 'reload':
    case 'shutdown':
      return rest.length > 0 ? `${verb} takes no arguments` : { kind: verb };
    case 'wait': {
      if (rest.length !== 1 || rest[0] === undefined) return 'wait needs exactly one program name';
      const condition = flags.get('--for') ?? 'running';
      if (condition !== 'running' && condition !== 'healthy') return '--for must be running or healthy';
      const timeout = flags.get('--timeout');
      const timeoutMs = typeof timeout === 'string' ? parseTimeout(timeout) : DEFAULT_WAIT_MS;
      if (timeoutMs === undefined) return `--timeout: "${String(timeout)}" is not a duration (e.g. 30s, 2m)`;
      return { kind: 'wait', name: rest[0], for: condition, timeoutMs };
    }
    default:
      return `unknown command "${verb}"`;
  }
}

function usage(message: string): CtlArgs {
  return { ok: false, message };
}
