// Creates the control socket file with its final mode and owner before anyone
// can reach it.
//
// The race: bind() creates the socket file with 0777 & ~umask, and Node gives
// no way to pass a mode. chmod after listen leaves a window in which any local
// user may connect; flipping process.umask around listen is process-wide and
// also applies to fs calls running on libuv's thread pool at that moment (log
// files, the held-store). So we bind inside a fresh 0700 directory next to the
// target, fix mode and group there, and only then hard-link the finished
// socket to its public name. A Unix socket is found by inode, so the link is
// the same listening socket; link() (unlike rename) fails instead of silently
// replacing a socket another tsvisor bound after our probe.

import { chmod, chown, link, lstat, mkdir, mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { connect, type Server } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { resolveGroupId } from './group-id.js';

// sun_path is 108 bytes including the terminating NUL.
const SUN_PATH_MAX = 107;

/** Identity of the socket file we published, so close() never unlinks someone else's. */
export interface BoundSocket {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
}

/** Makes `server` listen on `socketPath` with mode 0600 (0660 and group-owned when `group` is set). */
export async function bindSocket(server: Server, socketPath: string, group: string | undefined): Promise<BoundSocket> {
  if (Buffer.byteLength(socketPath) > SUN_PATH_MAX) {
    throw new Error(`control socket path ${socketPath} is longer than the ${SUN_PATH_MAX} bytes a Unix socket allows`);
  }
  const gid = group === undefined ? undefined : await resolveGroupId(group);
  const mode = gid === undefined ? 0o600 : 0o660;
  const dir = dirname(socketPath);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const existing = await probeExisting(socketPath);
  // Short prefix: sun_path holds 107 bytes and the private path must fit too.
  const privateDir = await mkdtemp(join(dir, '.tsv-'));
  const privatePath = join(privateDir, 's');
  try {
    if (Buffer.byteLength(privatePath) > SUN_PATH_MAX) {
      await bindWithUmask(server, socketPath, existing, gid, mode);
    } else {
      await bindPrivately(server, privatePath, socketPath, existing, gid, mode);
    }
    const published = await stat(socketPath);
    return { path: socketPath, dev: published.dev, ino: published.ino };
  } catch (error) {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  } finally {
    await rm(privateDir, { recursive: true, force: true });
  }
}

async function bindPrivately(
  server: Server,
  privatePath: string,
  socketPath: string,
  existing: 'none' | 'stale',
  gid: number | undefined,
  mode: number,
): Promise<void> {
  await listen(server, privatePath);
  if (gid !== undefined) await chown(privatePath, -1, gid);
  await chmod(privatePath, mode);
  if (existing === 'stale') await unlink(socketPath).catch(ignoreMissing);
  try {
    await link(privatePath, socketPath);
  } catch (error) {
    if (isCode(error, 'EEXIST'))
      throw new Error(`${socketPath} appeared while tsvisor was binding it`, { cause: error });
    throw error;
  }
}

// Fallback when the private path would not fit in sun_path. listen() binds
// synchronously, so the umask is narrowed only for that call; fs work running
// on libuv's thread pool at that instant may create a file 0600 instead of
// 0644 — more restrictive, never less.
async function bindWithUmask(
  server: Server,
  socketPath: string,
  existing: 'none' | 'stale',
  gid: number | undefined,
  mode: number,
): Promise<void> {
  if (existing === 'stale') await unlink(socketPath).catch(ignoreMissing);
  const listening = listen(server, socketPath, () => {
    const previous = process.umask(0o177);
    return () => process.umask(previous);
  });
  await listening;
  // Widening 0600 → 0660 for the group happens after chown, never before.
  if (gid !== undefined) await chown(socketPath, -1, gid);
  await chmod(socketPath, mode);
}

/** Removes the published socket file if it is still the one we created. */
export async function unbindSocket(bound: BoundSocket): Promise<void> {
  try {
    const current = await lstat(bound.path);
    if (current.dev === bound.dev && current.ino === bound.ino) await unlink(bound.path);
  } catch (error) {
    ignoreMissing(error);
  }
}

// 'stale' = a socket file nobody listens on (tsvisor was SIGKILLed); a live
// one belongs to another supervisor and must not be stolen.
async function probeExisting(socketPath: string): Promise<'none' | 'stale'> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(socketPath);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'none';
    throw error;
  }
  if (!info.isSocket()) throw new Error(`${socketPath} exists and is not a socket; refusing to replace it`);
  const outcome = await new Promise<'live' | 'stale' | 'none'>((resolve) => {
    const probe = connect(socketPath);
    const timer = setTimeout(() => settle('live'), 2000);
    probe.once('connect', () => settle('live'));
    probe.once('error', (error) => {
      if (isCode(error, 'ECONNREFUSED')) settle('stale');
      else if (isCode(error, 'ENOENT')) settle('none');
      // EAGAIN = a listener whose backlog is full: very much alive.
      else settle('live');
    });
    function settle(result: 'live' | 'stale' | 'none') {
      clearTimeout(timer);
      probe.destroy();
      resolve(result);
    }
  });
  if (outcome === 'live') {
    throw new Error(`another process is already serving ${socketPath} (${basename(socketPath)} answers connections)`);
  }
  return outcome;
}

// `around` runs immediately before the synchronous bind inside listen() and
// its returned function immediately after.
function listen(server: Server, path: string, around?: () => () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    const restore = around?.();
    try {
      server.listen(path, () => {
        server.off('error', onError);
        resolve();
      });
    } finally {
      restore?.();
    }
  });
}

function ignoreMissing(error: unknown): void {
  if (!isCode(error, 'ENOENT')) throw error;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
