import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from '../../../src/config/did-you-mean.js';

const KEYS = ['command', 'restart', 'user', 'depends_on', 'stop_signal', 'healthcheck', 'environment'];

describe('closestMatch', () => {
  it.each([
    ['resart', 'restart'],
    ['restrat', 'restart'],
    ['Restart', 'restart'],
    ['comand', 'command'],
    ['depends-on', 'depends_on'],
    ['dependson', 'depends_on'],
    ['stopsignal', 'stop_signal'],
    ['env', undefined],
    ['foo', undefined],
    ['usr', 'user'],
    ['x', undefined],
    ['uesr', 'user'],
  ])('%s → %s', (input, match) => {
    expect(closestMatch(input, KEYS)).toBe(match);
  });

  it('formats a hint or nothing', () => {
    expect(didYouMean('resart', KEYS)).toBe(' (did you mean `restart`?)');
    expect(didYouMean('zzzzzz', KEYS)).toBe('');
    expect(didYouMean('a', [])).toBe('');
  });
});
