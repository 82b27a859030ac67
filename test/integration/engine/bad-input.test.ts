// Spawn failures are exit events with a clear log line, never a crash of PID 1.
import { describe, expect, it } from 'vitest';
import { parseEvents } from '../../helpers/log-events.js';
import { pid1Session } from '../../helpers/pid1-session.js';

const session = pid1Session();

describe('bad program definitions as PID 1', () => {
  it.each([
    ['a command that does not exist', 'command: ["/nonexistent/program"]', 127, /not found|no such file/i],
    [
      'a user that does not exist',
      'command: ["true"]\n    user: no-such-user-xyz',
      126,
      /unknown user "no-such-user-xyz"/,
    ],
    ['a working_dir that does not exist', 'command: ["true"]\n    working_dir: /no/such/dir', 126, /\/no\/such\/dir/],
  ])(
    '%s: one clear log line, the restart policy applies, the others keep running',
    async (_what, def, code, message) => {
      const path = session.config(`programs:
  bad:
    ${def}
    restart: on-failure:1
    backoff: { initial: 50ms }
  good:
    command: ["sh", "-c", "echo good-up; exec sleep 1000"]
`);
      const run = await session.start(['-c', path]);
      await run.waitFor('good | good-up');
      await run.waitFor(/"program":"bad".*"to":"fatal"/, 30_000);
      const errors = parseEvents(run.stderr()).filter((e) => e.program === 'bad' && e.level === 'error');
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors[0]?.msg).toMatch(message);
      const exits = parseEvents(run.stderr()).filter((e) => e.program === 'bad' && e.to === 'backoff');
      expect(exits[0]?.exit).toBe(`exit ${code}`);
      // The good program is untouched and still running.
      const procs = await run.processes();
      expect(procs.some((p) => p.comm === 'sleep')).toBe(true);
      run.signal('SIGTERM');
      const result = await run.waitExit(30_000);
      expect(result.code).toBe(0);
    },
  );
});
