import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../../src/os/proc-stat.js';

describe('parseProcStat', () => {
  it('reads pid, comm, state, ppid, pgrp, session', () => {
    expect(parseProcStat('42 (sleep) S 1 42 42 0 -1 4194304 96 0')).toEqual({
      pid: 42,
      comm: 'sleep',
      state: 'S',
      ppid: 1,
      pgrp: 42,
      session: 42,
    });
  });

  it('keeps spaces and parentheses inside comm', () => {
    expect(parseProcStat('7 (a) Z 9 (b c) R 3 4 5 0')).toMatchObject({ comm: 'a) Z 9 (b c', state: 'R', ppid: 3 });
  });

  it('reads a zombie', () => {
    expect(parseProcStat('100 (yes) Z 1 99 99 0 -1')).toMatchObject({ state: 'Z', ppid: 1, pgrp: 99 });
  });

  it('rejects malformed text', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 sleep S 1')).toBeUndefined();
    expect(parseProcStat('12 (sleep)')).toBeUndefined();
  });
});
