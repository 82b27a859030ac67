// A control server on a real Unix socket in a private temp dir, backed by a
// FakeApi, plus helpers to talk to it as `tsvisor ctl` or as a raw client.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgramView } from '../../../src/control/api.js';
import { runCtl } from '../../../src/control/ctl-command.js';
import { type ControlServer, startControlServer } from '../../../src/control/server.js';
import { FakeApi } from './fake-api.js';
import { logRecorder } from './log-recorder.js';

export interface CtlResult {
  code: number;
  out: string;
  err: string;
}

export interface ControlFixture {
  dir: string;
  socketPath: string;
  api: FakeApi;
  server: ControlServer;
  log: ReturnType<typeof logRecorder>;
  ctl(argv: string[], env?: NodeJS.ProcessEnv): Promise<CtlResult>;
  cleanup(): Promise<void>;
}

/** A traversable (0755) temp dir, so only the socket's own mode decides who may connect. */
export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsvisor-ctl-'));
  await chmod(dir, 0o755);
  return dir;
}

export async function startFixture(
  views: ProgramView[],
  options: { group?: string; idleTimeoutMs?: number } = {},
): Promise<ControlFixture> {
  const dir = await makeTempDir();
  const socketPath = join(dir, 'ctl.sock');
  const api = new FakeApi(views);
  const log = logRecorder();
  const server = await startControlServer({
    socketPath,
    group: options.group,
    api,
    log,
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
  });
  return {
    dir,
    socketPath,
    api,
    server,
    log,
    ctl: (argv, env = {}) => ctlAt(socketPath, argv, env),
    cleanup: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs runCtl against socketPath, capturing its output. */
export async function ctlAt(socketPath: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CtlResult> {
  let out = '';
  let err = '';
  const code = await runCtl(
    ['--socket', socketPath, ...argv],
    env,
    { write: (t: string) => (out += t) },
    { write: (t: string) => (err += t) },
  );
  return { code, out, err };
}

/** A raw connection that collects the parsed lines it receives. */
export interface RawClient {
  socket: Socket;
  lines: unknown[];
  /** Resolves when at least n lines have arrived. */
  waitLines(n: number): Promise<unknown[]>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
}

export async function rawClient(socketPath: string): Promise<RawClient> {
  const socket = connect(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const lines: unknown[] = [];
  let buffer = '';
  const listeners = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl = buffer.indexOf('\n');
    while (nl !== -1) {
      lines.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
    for (const l of listeners) l();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    lines,
    closed,
    waitLines: (n) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (lines.length >= n) {
            listeners.delete(check);
            resolve(lines);
          }
        };
        listeners.add(check);
        check();
        void closed.then(() => {
          if (lines.length < n)
            reject(new Error(`closed after ${lines.length} of ${n} lines: ${JSON.stringify(lines)}`));
        });
      }),
  };
}

/** Polls until predicate holds; for state reached through a socket round-trip. */
export async function eventually(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
