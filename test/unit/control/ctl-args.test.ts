import { describe, expect, it } from 'vitest';
import { parseCtlArgs } from '../../../src/control/ctl-args.js';

describe('parseCtlArgs', () => {
  it.each([
    [['status'], { kind: 'status', names: [], json: false }],
    [['status', 'a', 'b', '--json'], { kind: 'status', names: ['a', 'b'], json: true }],
    [['start', 'all'], { kind: 'start', names: ['all'] }],
    [['stop', 'a', 'b'], { kind: 'stop', names: ['a', 'b'] }],
    [['restart', 'a'], { kind: 'restart', names: ['a'] }],
    [['signal', 'hup', 'a'], { kind: 'signal', signal: 'SIGHUP', names: ['a'] }],
    [['signal', '10', 'a', 'b'], { kind: 'signal', signal: 'SIGUSR1', names: ['a', 'b'] }],
    [['logs', 'a'], { kind: 'logs', name: 'a', lines: 100, follow: false }],
    [['logs', 'a', '-n', '5', '-f'], { kind: 'logs', name: 'a', lines: 5, follow: true }],
    [['logs', '--lines=7', '--follow', 'a'], { kind: 'logs', name: 'a', lines: 7, follow: true }],
    [['reload'], { kind: 'reload' }],
    [['shutdown'], { kind: 'shutdown' }],
    [['wait', 'a'], { kind: 'wait', name: 'a', for: 'running', timeoutMs: 30_000 }],
    [
      ['wait', 'a', '--for', 'healthy', '--timeout', '2m'],
      { kind: 'wait', name: 'a', for: 'healthy', timeoutMs: 120_000 },
    ],
    [['--help'], { kind: 'help' }],
    [['help'], { kind: 'help' }],
    [['--', 'stop', '-weird-name'], { kind: 'stop', names: ['-weird-name'] }],
  ])('%j', (argv, command) => {
    expect(parseCtlArgs(argv)).toEqual({ ok: true, socket: undefined, command });
  });

  it('takes --socket before or after the command, with or without =', () => {
    expect(parseCtlArgs(['--socket', '/x.sock', 'status'])).toMatchObject({ ok: true, socket: '/x.sock' });
    expect(parseCtlArgs(['status', '--socket=/y.sock'])).toMatchObject({ ok: true, socket: '/y.sock' });
  });

  it.each([
    [[], /missing command/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['status', '--bogus'], /unknown option --bogus/],
    [['stop'], /needs program names/],
    [['start', '--json', 'a'], /start does not take --json/],
    [['signal', 'SIGFOO', 'a'], /unknown signal "SIGFOO"/],
    [['signal', 'TERM'], /needs a signal and program names/],
    [['logs'], /exactly one program/],
    [['logs', 'a', 'b'], /exactly one program/],
    [['logs', 'a', '-n', 'ten'], /not a line count/],
    [['logs', 'a', '-n'], /-n needs a value/],
    [['reload', 'now'], /takes no arguments/],
    [['wait', 'a', '--for', 'dead'], /--for must be/],
    [['wait', 'a', '--timeout', 'soon'], /not a duration/],
    [['--socket'], /--socket needs a value/],
  ])('rejects %j', (argv, message) => {
    const parsed = parseCtlArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
