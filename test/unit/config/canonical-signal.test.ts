import { describe, expect, it } from 'vitest';
import { canonicalSignal } from '../../../src/config/signal-names.js';

describe('canonicalSignal', () => {
  it.each([
    ['SIGHUP', 'SIGHUP'],
    ['hup', 'SIGHUP'],
    ['SigTerm', 'SIGTERM'],
    ['9', 'SIGKILL'],
    [' USR2 ', 'SIGUSR2'],
  ])('%j → %s', (input, name) => {
    expect(canonicalSignal(input)).toBe(name);
  });

  it.each(['SIGFOO', 'FOO', '999', '', 'SIG', '-9'])('rejects %j', (input) => {
    expect(canonicalSignal(input)).toBeUndefined();
  });
});
