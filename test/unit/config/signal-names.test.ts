import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  canonicalSignal,
  defaultSignalAction,
  HANDLED_SIGNALS,
  signalNumber,
  unconfigurableReason,
} from '../../../src/config/signal-names.js';

describe('canonicalSignal', () => {
  it.each([
    ['TERM', 'SIGTERM'],
    ['SIGTERM', 'SIGTERM'],
    ['sigterm', 'SIGTERM'],
    ['term', 'SIGTERM'],
    ['15', 'SIGTERM'],
    [15, 'SIGTERM'],
    ['KILL', 'SIGKILL'],
    [9, 'SIGKILL'],
    ['SIGIOT', 'SIGABRT'],
    ['SIGPOLL', 'SIGIO'],
    [' HUP ', 'SIGHUP'],
  ] as const)('%j → %s', (input, name) => {
    expect(canonicalSignal(input)).toBe(name);
  });

  it.each(['FOO', 'SIG', '', '0', 0, 999, -15, 1.5, 'SIGRTMIN', 'SIGTERM2'])('%j is not a signal', (input) => {
    expect(canonicalSignal(input)).toBeUndefined();
  });
});

describe('HANDLED_SIGNALS', () => {
  it('holds the shutdown, reload and forwarded signals that exist here', () => {
    expect(HANDLED_SIGNALS.slice(0, 4)).toEqual(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']);
    for (const s of ['SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT', 'SIGTSTP']) expect(HANDLED_SIGNALS).toContain(s);
    for (const s of HANDLED_SIGNALS) expect(constants.signals).toHaveProperty(s);
    for (const s of ['SIGKILL', 'SIGSTOP', 'SIGCHLD', 'SIGSEGV', 'SIGPOLL']) expect(HANDLED_SIGNALS).not.toContain(s);
  });

  it('gives each a default action', () => {
    expect(defaultSignalAction('SIGTERM')).toBe('shutdown');
    expect(defaultSignalAction('SIGHUP')).toBe('reload');
    expect(defaultSignalAction('SIGUSR1')).toBe('forward');
    expect(defaultSignalAction('SIGCHLD')).toBeUndefined();
    for (const s of HANDLED_SIGNALS) expect(defaultSignalAction(s)).toBeDefined();
  });
});

describe('signalNumber', () => {
  it('uses the platform numbers', () => {
    expect(signalNumber('SIGTERM')).toBe(constants.signals.SIGTERM);
    expect(signalNumber('SIGKILL')).toBe(9);
    expect(signalNumber('NOPE')).toBeUndefined();
  });
});

describe('unconfigurableReason', () => {
  it.each([
    ['SIGKILL', 'cannot be caught'],
    ['SIGSTOP', 'cannot be caught'],
    ['SIGCHLD', 'reap'],
    ['SIGSEGV', 'fault'],
    ['SIGBUS', 'fault'],
    ['SIGTTIN', 'not handled'],
  ])('%s', (name, reason) => {
    expect(unconfigurableReason(name)).toContain(reason);
  });

  it('allows every handled signal', () => {
    for (const s of HANDLED_SIGNALS) expect(unconfigurableReason(s)).toBeUndefined();
  });
});
