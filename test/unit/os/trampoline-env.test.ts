import { describe, expect, it } from 'vitest';
import { hideNodeEnv, restoreNodeEnv } from '../../../src/os/trampoline-env.js';

describe('trampoline environment', () => {
  it('hides every NODE_* name from the trampoline and nothing else', () => {
    const hidden = hideNodeEnv({ PATH: '/bin', NODE_OPTIONS: '--inspect', NODE_ENV: 'production', XNODE_A: '1' });
    expect(Object.keys(hidden).filter((k) => k.startsWith('NODE_'))).toEqual([]);
    expect(hidden).toMatchObject({ PATH: '/bin', XNODE_A: '1' });
  });

  it('restores the program environment exactly, in order', () => {
    const env = { A: '1', NODE_OPTIONS: '--require x', B: 'a=b', NODE_ENV: '', C: '' };
    expect(restoreNodeEnv(hideNodeEnv(env))).toEqual(['A=1', 'NODE_OPTIONS=--require x', 'B=a=b', 'NODE_ENV=', 'C=']);
  });

  it('skips unset entries', () => {
    expect(restoreNodeEnv({ A: undefined, B: '2' })).toEqual(['B=2']);
  });
});
