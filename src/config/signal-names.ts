// Signal names as the config, the OS layer and drop-in mode spell them.
// Canonical = the first name os.constants.signals lists for a number, so
// SIGIOT → SIGABRT and SIGPOLL → SIGIO everywhere.

import { constants } from 'node:os';
import { signalName } from '../os/signal-name.js';

const BY_NAME: Readonly<Record<string, number>> = constants.signals;

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;
const RELOAD_SIGNALS = ['SIGHUP'] as const;
const FORWARDED_SIGNALS = [
  'SIGUSR1',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGSTKFLT',
  'SIGCONT',
  'SIGTSTP',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
] as const;

const exists = (name: string): boolean => BY_NAME[name] !== undefined;

/** Every signal tsvisor installs a listener for, in a stable order; only those this platform has. */
export const HANDLED_SIGNALS: readonly string[] = [...SHUTDOWN_SIGNALS, ...RELOAD_SIGNALS, ...FORWARDED_SIGNALS].filter(
  exists,
);

/** What each handled signal does when `signals:` does not mention it. */
export function defaultSignalAction(name: string): 'shutdown' | 'reload' | 'forward' | 'ignore' | undefined {
  // tsvisor's own write to a closed stdout or control client raises SIGPIPE in tsvisor itself, and a
  // listener cannot tell that from `kill -PIPE 1`: forwarding it would kill every program.
  if (name === 'SIGPIPE') return 'ignore';
  if ((SHUTDOWN_SIGNALS as readonly string[]).includes(name)) return 'shutdown';
  if ((RELOAD_SIGNALS as readonly string[]).includes(name)) return 'reload';
  if ((FORWARDED_SIGNALS as readonly string[]).includes(name) && exists(name)) return 'forward';
  return undefined;
}

/** 'TERM', 'SIGTERM', 'sigterm', '15' and 15 all give 'SIGTERM'; undefined when not a signal here. */
export function canonicalSignal(input: string | number): string | undefined {
  if (typeof input === 'number') return Number.isInteger(input) ? knownName(input) : undefined;
  const s = input.trim().toUpperCase();
  if (/^\d+$/.test(s)) return knownName(Number(s));
  const name = s.startsWith('SIG') ? s : `SIG${s}`;
  const num = BY_NAME[name];
  return num === undefined ? undefined : knownName(num);
}

/** The platform number of a canonical (or alias) signal name; undefined when unknown. */
export function signalNumber(name: string): number | undefined {
  return BY_NAME[name];
}

/** Why a real signal cannot appear in `signals:`, or undefined when it can. */
export function unconfigurableReason(canonical: string): string | undefined {
  if (canonical === 'SIGKILL' || canonical === 'SIGSTOP')
    return `${canonical} cannot be caught, so it cannot be configured`;
  if (canonical === 'SIGCHLD') return 'SIGCHLD is reserved: tsvisor uses it to reap children';
  if (['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGSYS'].includes(canonical))
    return `${canonical} reports a fault in tsvisor itself and cannot be configured`;
  if (!HANDLED_SIGNALS.includes(canonical))
    return `${canonical} is not handled by tsvisor; configurable signals: ${HANDLED_SIGNALS.join(', ')}`;
  return undefined;
}

/** The canonical name of a signal number this platform names; undefined for others (real-time signals). */
function knownName(num: number): string | undefined {
  const name = signalName(num);
  return BY_NAME[name] === undefined ? undefined : name;
}
