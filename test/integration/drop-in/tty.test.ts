// Drop-in mode on a terminal (`docker run -it`), with util-linux `script`
// providing a real pty: keys typed at the terminal reach the child.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pid1Run, runPlainCommand, TSVISOR_BIN } from '../../helpers/pid1.js';

const bin = (name: string) => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));
const hasScript = existsSync('/usr/bin/script');
const runs: Pid1Run[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.kill()));
});

async function onTerminal(command: string): Promise<Pid1Run> {
  // -e: script exits with the command's status; -f: flush output as it comes.
  const run = await runPlainCommand(['script', '-qefc', command, '/dev/null'], { stdin: 'pipe' });
  runs.push(run);
  return run;
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('Ctrl-C and Ctrl-\\ reach the child', async () => {
    const run = await onTerminal(
      `${process.execPath} ${TSVISOR_BIN} -- ${process.execPath} ${bin('print-signals.mjs')} --exit-on SIGQUIT`,
    );
    await run.waitFor(/ready \d+/);
    run.stdin?.write('\x03');
    await run.waitFor(/got SIGINT/);
    run.stdin?.write('\x1c');
    await run.waitFor(/got SIGQUIT/);
    expect((await run.waitExit()).code).toBe(0);
  });

  it('the child reads what is typed', async () => {
    const run = await onTerminal(
      `${process.execPath} ${TSVISOR_BIN} -- sh -c 'echo prompt; read line; echo "read: $line"'`,
    );
    await run.waitFor('prompt');
    run.stdin?.write('hello\r');
    await run.waitFor('read: hello');
    expect((await run.waitExit()).code).toBe(0);
  });
});
