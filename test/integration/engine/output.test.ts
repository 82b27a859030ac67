// Program output through the real binary as PID 1: attribution, streams, /dev/stdout.
import { describe, expect, it } from 'vitest';
import { pid1Session } from '../../helpers/pid1-session.js';
import { waitUntil } from '../../helpers/wait-until.js';

const session = pid1Session();

describe('program output as PID 1', () => {
  it('prefixes each line with its program, keeps stdout and stderr apart, and lets programs open /dev/stdout', async () => {
    const path = session.config(`programs:
  alpha:
    command: ["sh", "-c", "for i in 1 2 3 4 5; do echo alpha-out-$i; echo alpha-err-$i >&2; done; echo alpha-devstdout > /dev/stdout; echo alpha-devstderr > /dev/stderr; exec sleep 1000"]
  beta:
    command: ["sh", "-c", "for i in 1 2 3 4 5; do echo beta-out-$i; done; exec sleep 1000"]
`);
    const run = await session.start(['-c', path]);
    await waitUntil(
      () => run.stdout().includes('alpha-devstdout') && run.stdout().includes('beta-out-5'),
      'all output',
    );
    await run.waitFor('alpha-devstderr');
    const out = run.stdout().split('\n');
    const err = run.stderr().split('\n');
    expect(out.filter((l) => /^alpha \| alpha-out-\d$/.test(l)).map((l) => l.slice(-1))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(out.filter((l) => /^beta +\| beta-out-\d$/.test(l))).toHaveLength(5);
    expect(err.filter((l) => /^alpha \| alpha-err-\d$/.test(l))).toHaveLength(5);
    expect(out).toContain('alpha | alpha-devstdout');
    expect(err).toContain('alpha | alpha-devstderr');
    expect(run.stdout()).not.toContain('-err-');
    run.signal('SIGTERM');
    expect((await run.waitExit()).code).toBe(0);
  });
});
