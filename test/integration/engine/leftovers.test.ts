// Shutdown drains processes that escaped their program (double-forked daemons): SIGTERM first, as PID 1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvents } from '../../helpers/log-events.js';
import { pid1Session } from '../../helpers/pid1-session.js';

const session = pid1Session();

describe('leftover processes at shutdown as PID 1', () => {
  it('a daemon that double-forked away from its program gets SIGTERM, not only the kernel SIGKILL', async () => {
    const marker = `${session.dir.dir}/daemon.log`;
    const path = session.config(`programs:
  launcher:
    # The daemon leaves the program's process group and session (setsid) and is re-parented to PID 1.
    command: ["sh", "-c", "(setsid sh -c 'trap \\"echo daemon-got-term >> ${marker}; exit 0\\" TERM; echo daemon-up >> ${marker}; while :; do sleep 0.05; done' &); echo launched; exec sleep 1000"]
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/launcher +\| launched/);
    for (let i = 0; i < 100 && !readFileSync(marker, { flag: 'a+' }).toString().includes('daemon-up'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const procs = await run.processes();
    const daemon = procs.find((p) => p.comm === 'sh' && p.ppid === 1);
    expect(daemon, 'the daemon is re-parented to tsvisor').toBeDefined();
    run.signal('SIGTERM');
    const result = await run.waitExit();
    expect(readFileSync(marker, 'utf8')).toContain('daemon-got-term');
    expect(parseEvents(result.stderr).some((e) => e.msg === 'sending SIGTERM to leftover processes')).toBe(true);
    expect(parseEvents(result.stderr).some((e) => e.msg === 'sending SIGKILL to leftover processes')).toBe(false);
    expect(result.code).toBe(0);
  });
});
