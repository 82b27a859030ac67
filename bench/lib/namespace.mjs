// Starts a command as PID 1 of a fresh pid + mount namespace (what `docker run` gives an init) and
// observes it from the host: every peer pays the same unshare/fork/mount-proc cost.
import { spawn } from 'node:child_process';
import { nowMs, sleep } from './clock.mjs';
import { childrenOf } from './proc.mjs';

const live = new Set();

// SIGKILLs every namespace still running, synchronously: for the harness's own SIGINT/SIGTERM, since
// unshare ignores both while it waits and would leave its namespace running.
export function killAllNamespaces() {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
}

// One running namespace: host pid of its init, launch time, and a promise of its exit.
export async function startNamespace(argv, { stdout = 'ignore', stderr = 'ignore', env = process.env } = {}) {
  const launchedMs = nowMs();
  // --kill-child: if the harness dies, unshare's death SIGKILLs the init and with it the namespace.
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', '--', ...argv], {
    stdio: ['ignore', stdout, stderr],
    env,
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, atMs: nowMs() }));
  });
  const spawnError = new Promise((_, reject) => child.on('error', reject));
  const initPid = await Promise.race([firstChild(child.pid), spawnError]);
  live.add(initPid);
  let done = false;
  exited.then(() => {
    done = true;
    live.delete(initPid);
  });
  return {
    initPid,
    launchedMs,
    exited,
    isDone: () => done,
    // Like `docker kill -s`: only the init is signalled, it decides what happens to the rest.
    signal(sig) {
      if (!done) process.kill(initPid, sig);
    },
    // SIGKILL to a pid namespace's init kills every process in it, so nothing of the run survives.
    async teardown() {
      if (!done) {
        try {
          process.kill(initPid, 'SIGKILL');
        } catch {}
      }
      await exited;
    },
  };
}

// The namespace's init is unshare's only child; it exists once unshare has forked.
async function firstChild(pid) {
  const deadline = nowMs() + 5000;
  while (nowMs() < deadline) {
    const [first] = childrenOf(pid);
    if (first !== undefined) return first;
    await sleep(0.5);
  }
  throw new Error('unshare did not fork a namespace init within 5 s');
}
