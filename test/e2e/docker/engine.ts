// A private Docker engine for the suite: its own data-root, exec-root, socket
// and pidfile under one temp dir, no iptables and no bridge, so it can run
// beside any other engine (or none) on the machine and leaves nothing behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DockerCli } from './docker-cli.js';

/** A running private engine; `stop` is idempotent. */
export interface Engine {
  readonly cli: DockerCli;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Thrown when the engine cannot come up on this machine (the only reason the suite may skip). */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Starts dockerd with everything under `dir` (keep it short: unix socket paths are limited to 108 bytes). */
export async function startEngine(dir: string, storageDriver: string, readyTimeoutMs = 90_000): Promise<Engine> {
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'dockerd.log');
  const socket = join(dir, 'docker.sock');
  const ns = `tsvisor-e2e-${process.pid}`;
  const out = openSync(logFile, 'a');
  const child = spawn(
    'dockerd',
    [
      '--iptables=false',
      '--ip6tables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--bridge=none',
      `--storage-driver=${storageDriver}`,
      `--data-root=${join(dir, 'data')}`,
      `--exec-root=${join(dir, 'exec')}`,
      `--pidfile=${join(dir, 'docker.pid')}`,
      `-H`,
      `unix://${socket}`,
      // A containerd already running on the host would otherwise be shared:
      // own namespaces keep our containers and images out of its way.
      `--containerd-namespace=${ns}`,
      `--containerd-plugins-namespace=${ns}-plugins`,
    ],
    // Own process group: if dockerd must be killed, its managed containerd goes with it.
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  // Exit is observed through the 'exit' event; the handle itself must not keep vitest alive after teardown.
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new EngineUnavailableError('dockerd could not be spawned (not installed?)');
  const cli = new DockerCli(`unix://${socket}`);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      // Unref'd: once dockerd is gone, this timer must not keep vitest alive for the rest of its 30 s.
      const deadline = sleep(30_000, false, { ref: false });
      const gone = await Promise.race([exited(child).then(() => true), deadline]);
      if (!gone) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // The group emptied between the deadline and the kill.
        }
        await exited(child);
      }
    }
  };

  const deadline = performance.now() + readyTimeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new EngineUnavailableError(`dockerd exited during start-up:\n${tail(logFile, 25)}`);
    }
    const r = await cli.run(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 10_000 });
    if (r.exitCode === 0) return { cli, pid, logFile, stop };
    await sleep(250);
  }
  await stop();
  throw new EngineUnavailableError(`dockerd not ready after ${readyTimeoutMs} ms:\n${tail(logFile, 25)}`);
}
