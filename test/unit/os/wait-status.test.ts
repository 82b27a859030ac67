import { describe, expect, it } from 'vitest';
import { signalName, signalNumber } from '../../../src/os/signal-name.js';
import { decodeWaitStatus, exitCodeOf } from '../../../src/os/wait-status.js';

describe('decodeWaitStatus', () => {
  it.each([
    [0, { code: 0, signal: null }],
    [3 << 8, { code: 3, signal: null }],
    [255 << 8, { code: 255, signal: null }],
    [15, { code: null, signal: 'SIGTERM' }],
    [9 | 0x80, { code: null, signal: 'SIGKILL' }], // core-dump bit set
    [6, { code: null, signal: 'SIGABRT' }],
  ])('status %i', (status, exit) => {
    expect(decodeWaitStatus(status)).toEqual(exit);
  });

  it('ignores stop and continue reports', () => {
    expect(decodeWaitStatus((19 << 8) | 0x7f)).toBeNull();
    expect(decodeWaitStatus(0xffff)).toBeNull();
  });
});

describe('exitCodeOf', () => {
  it('is the code, or 128 + signal number', () => {
    expect(exitCodeOf({ code: 32, signal: null }, signalNumber)).toBe(32);
    expect(exitCodeOf({ code: null, signal: 'SIGTERM' }, signalNumber)).toBe(143);
    expect(exitCodeOf({ code: null, signal: 'SIGKILL' }, signalNumber)).toBe(137);
  });
});

describe('signalName', () => {
  it('prefers canonical names over aliases', () => {
    expect(signalName(6)).toBe('SIGABRT');
    expect(signalName(29)).toBe('SIGIO');
    expect(signalName(40)).toBe('SIG40');
  });
});
