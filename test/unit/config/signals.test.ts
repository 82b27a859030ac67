import { describe, expect, it } from 'vitest';
import { HANDLED_SIGNALS } from '../../../src/config/signal-names.js';
import { configOf, errorsOf } from './parse-helpers.js';

const withSignals = (block: string) => `programs:\n  web: {command: a}\n  db: {command: b}\nsignals:\n${block}\n`;

describe('signals', () => {
  it('overrides defaults and keeps an entry for every handled signal', () => {
    const c = configOf(
      withSignals(
        '  TERM: ignore\n  sighup: shutdown\n  "10": reload\n  SIGWINCH: {forward: [web, db], as: SIGUSR2}\n  INT: {as: QUIT}',
      ),
    );
    expect(Object.keys(c.signals).sort()).toEqual([...HANDLED_SIGNALS].sort());
    expect(c.signals.SIGTERM).toEqual({ kind: 'ignore' });
    expect(c.signals.SIGHUP).toEqual({ kind: 'shutdown' });
    expect(c.signals.SIGUSR1).toEqual({ kind: 'reload' });
    expect(c.signals.SIGWINCH).toEqual({ kind: 'forward', targets: ['web', 'db'], as: 'SIGUSR2' });
    expect(c.signals.SIGINT).toEqual({ kind: 'forward', targets: undefined, as: 'SIGQUIT' });
    expect(c.signals.SIGQUIT).toEqual({ kind: 'shutdown' });
  });

  it.each([
    ['  forward: {forward: all}', { kind: 'forward', targets: undefined, as: undefined }],
    ['  forward: forward', { kind: 'forward', targets: undefined, as: undefined }],
  ])('%s', (line, action) => {
    expect(configOf(withSignals(line.replace('forward:', 'USR2:'))).signals.SIGUSR2).toEqual(action);
  });

  it.each([
    ['  KILL: shutdown', 'signals.KILL: SIGKILL cannot be caught'],
    ['  SIGSTOP: ignore', 'signals.SIGSTOP: SIGSTOP cannot be caught'],
    ['  CHLD: ignore', 'signals.CHLD: SIGCHLD is reserved'],
    ['  SIGSEGV: ignore', 'signals.SIGSEGV: SIGSEGV reports a fault'],
    ['  SIGTTIN: ignore', 'SIGTTIN is not handled by tsvisor'],
    ['  NOPE: ignore', 'signals.NOPE: `NOPE` is not a signal on this platform'],
    ['  TERM: restart', 'signals.TERM: expected `shutdown`, `reload`, `ignore`, `forward`'],
    ['  TERM: {forward: [wbe]}', 't.yaml:5:20: signals.TERM.forward[0]: unknown program `wbe` (did you mean `web`?)'],
    ['  TERM: {forward: []}', 'signals.TERM.forward'],
    ['  TERM: {as: NOPE}', 'signals.TERM.as: `NOPE` is not a signal'],
    ['  TERM: {forwrd: all}', 'did you mean `forward`?'],
    ['  TERM: ignore\n  SIGTERM: shutdown', 't.yaml:6:3: signals.SIGTERM: same signal as `TERM`'],
  ])('rejects %j', (block, message) => {
    expect(errorsOf(withSignals(block)).join('\n')).toContain(message);
  });
});
