// `node tty-trampoline.mjs -- CMD ARGS…`: the drop-in child on a terminal
// (bundled as its own entry, dist/tty-trampoline.mjs). It does what a job
// control shell does in the child between fork and exec, then exec()s CMD in
// place, so the pid tsvisor registered is CMD's:
//   own process group in tsvisor's session (not setsid: a new session has no
//   controlling terminal, and bash says "no job control"), made the terminal's
//   foreground group — only when tsvisor's group held the foreground, so a
//   tsvisor started in the background does not steal the terminal.
// Then it undoes Node's own changes that exec() would pass on, so CMD starts
// as libuv would have started it directly: every classic signal at SIG_DFL
// (Node ignores SIGPIPE), an empty signal mask, stdio without close-on-exec.
// Real-time signals are left alone: neither Node nor libuv touches them, so
// they already are what CMD would have inherited.

import { writeSync } from 'node:fs';
import { constants } from 'node:os';
import { defaultDisposition, execvpe, keepAcrossExec, setpgid, unblockAllSignals } from './exec-calls.js';
import { getpgid, ignoreSignal, tcgetpgrp, tcsetpgrp } from './libc-calls.js';
import { spawnFailureOf } from './spawn-failure.js';
import { restoreNodeEnv } from './trampoline-env.js';

const SIGTTOU = constants.signals.SIGTTOU;
// libuv resets 1..31 in the children it spawns; the trampoline mirrors it exactly.
const CLASSIC_SIGNALS = 31;

const dash = process.argv.indexOf('--', 2);
const argv = dash === -1 ? [] : process.argv.slice(dash + 1);
const command = argv[0] ?? '';

function takeForeground(): void {
  const ours = getpgid(0).value;
  const foreground = tcgetpgrp(0).value === ours;
  // Failure is survivable: CMD then runs in tsvisor's group, reached by signals all the same.
  if (setpgid(0, 0).value !== 0 || !foreground) return;
  // A background group calling tcsetpgrp gets SIGTTOU (a stop) unless it is ignored; reset below.
  ignoreSignal(SIGTTOU);
  tcsetpgrp(0, process.pid);
}

function resetProcessState(): void {
  for (let sig = 1; sig <= CLASSIC_SIGNALS; sig += 1) defaultDisposition(sig);
  unblockAllSignals();
  for (const fd of [0, 1, 2]) keepAcrossExec(fd);
}

function errnoName(errno: number): string | undefined {
  return Object.entries(constants.errno).find(([, n]) => n === errno)?.[0];
}

if (command === '') {
  writeSync(2, 'tsvisor: empty command\n');
  process.exit(127);
}
takeForeground();
resetProcessState();
const result = execvpe(command, argv, restoreNodeEnv(process.env));
// Still here: the exec failed. Same wording and codes as the spawner's own failures.
const failure = spawnFailureOf(command, errnoName(result.errno));
// SIGPIPE is back at its default: a closed stderr must not turn 127/126 into a signal death.
ignoreSignal(constants.signals.SIGPIPE);
try {
  writeSync(2, `tsvisor: ${failure.message}\n`);
} catch {
  // stderr closed: the exit code still says it.
}
process.exit(failure.code);
