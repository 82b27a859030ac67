// Signal policy in config mode: forwarded signals reach programs; SIGUSR1 never opens Node's inspector.
import { describe, expect, it } from 'vitest';
import { pid1Session } from '../../helpers/pid1-session.js';

const session = pid1Session();

const trapper = (name: string) =>
  `["sh", "-c", "for s in USR1 USR2 WINCH HUP; do trap \\"echo ${name}-got-$s\\" $s; done; echo ${name}-up; while :; do sleep 0.05; done"]`;

describe('signal policy as PID 1', () => {
  it('forwards SIGUSR1/SIGUSR2 to every program, rewrites and targets as configured, and opens no inspector', async () => {
    const path = session.config(`signals:
  SIGWINCH: { forward: [b], as: SIGHUP }
programs:
  a:
    command: ${trapper('a')}
  b:
    command: ${trapper('b')}
`);
    const run = await session.start(['-c', path]);
    await run.waitFor('a | a-up');
    await run.waitFor('b | b-up');
    run.signal('SIGUSR1');
    await run.waitFor('a | a-got-USR1');
    await run.waitFor('b | b-got-USR1');
    run.signal('SIGUSR2');
    await run.waitFor('a | a-got-USR2');
    run.signal('SIGWINCH');
    await run.waitFor('b | b-got-HUP');
    const listening = await run.exec(['sh', '-c', 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null']);
    // 9229 = 0x2411, Node's inspector port.
    expect(listening.stdout).not.toMatch(/:2411 /);
    expect(run.stdout()).not.toContain('a-got-HUP');
    expect(run.stderr()).not.toMatch(/Debugger listening/);
    run.signal('SIGTERM');
    expect((await run.waitExit(30_000)).code).toBe(0);
  });
});
