import { describe, expect, it } from 'vitest';
import { parsePidfile } from '../../../src/os/pidfile.js';

describe('parsePidfile', () => {
  it.each([
    ['1234\n', 1234],
    ['  77  ', 77],
    ['4242\n8080\n', 4242],
    ['4242 extra words', 4242],
  ])('accepts %j', (text, pid) => {
    expect(parsePidfile('/run/x.pid', text)).toEqual({ ok: true, pid });
  });

  it.each([
    ['', 'pidfile /run/x.pid is empty'],
    ['\n \n', 'pidfile /run/x.pid is empty'],
    ['abc', 'pidfile /run/x.pid does not hold a pid: "abc"'],
    ['-5', 'pidfile /run/x.pid does not hold a pid: "-5"'],
    ['12a', 'pidfile /run/x.pid does not hold a pid: "12a"'],
    ['0x10', 'pidfile /run/x.pid does not hold a pid: "0x10"'],
    ['1', 'pidfile /run/x.pid names invalid pid 1'],
    ['0', 'pidfile /run/x.pid names invalid pid 0'],
    ['99999999999', 'pidfile /run/x.pid does not hold a pid: "99999999999"'],
    ['4294967295', 'pidfile /run/x.pid names invalid pid 4294967295'],
  ])('rejects %j', (text, reason) => {
    expect(parsePidfile('/run/x.pid', text)).toEqual({ ok: false, reason });
  });
});
