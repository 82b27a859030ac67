// systemd sd_notify compatibility: one AF_UNIX datagram socket per notify
// program, bound where that program's NOTIFY_SOCKET points. Because each socket
// belongs to exactly one program, a message is attributed by the socket it
// arrived on — no SO_PASSCRED / SCM_CREDENTIALS needed.
//
// Node has no AF_UNIX datagram sockets, so the socket is made through koffi and
// waited on by the shared fd poller: every notify socket (and every pidfd)
// shares ONE blocking poll(2) on ONE libuv threadpool thread (of 4 by default),
// so PID 1 neither busy-polls nor wakes up periodically while idle, and N
// notify programs do not exhaust the threadpool.

import { chmodSync, chownSync, unlinkSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { type FdRegistration, sharedFdPoller } from './notify/fd-poller.js';
import {
  AF_UNIX,
  MSG_DONTWAIT,
  notifyNativeCalls,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
} from './notify/native-calls.js';
import { parseNotifyMessage } from './notify/notify-message.js';
import { unixSocketAddress } from './notify/socket-address.js';

/** An open notify socket; `close` unlinks the path at once and frees the fd once the poller lets go of it. */
export interface NotifySocket {
  readonly path: string;
  close(): void;
}

// systemd caps a notify datagram at PIPE_BUF; longer ones arrive truncated.
const DATAGRAM_MAX = 4096;
// Per wake-up, so one chatty sender cannot starve the event loop; the poll fires again at once.
const MAX_MESSAGES_PER_WAKE = 64;

/** Who may send: sending needs write permission on the socket file, so a program running as another user must own it. */
export interface NotifySocketOwner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Binds an sd_notify socket at `path` ('@name' = abstract: no file, no
 * permissions — any process in the network namespace may send) and calls
 * `onMessage` with each datagram's fields.
 */
export async function openNotifySocket(
  path: string,
  onMessage: (fields: ReadonlyMap<string, string>) => void,
  owner?: NotifySocketOwner,
): Promise<NotifySocket> {
  const { addr, length } = unixSocketAddress(path);
  const abstract = path.startsWith('@');
  if (!abstract) await removeStaleSocket(path);
  const native = notifyNativeCalls();
  const fd = native.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw new Error(`cannot create notify socket for ${path} (errno ${native.errno()})`);
  if (native.bind(fd, addr, length) < 0) {
    const errno = native.errno();
    native.close(fd);
    throw new Error(`cannot bind notify socket ${path} (errno ${errno})`);
  }
  if (!abstract) {
    try {
      // 0600 whatever the umask: attribution is by socket, so only the program
      // (and root) may claim to be it.
      chmodSync(path, 0o600);
      if (owner !== undefined) chownSync(path, owner.uid, owner.gid);
    } catch (error) {
      native.close(fd);
      unlinkQuietly(path);
      throw new Error(`cannot set the owner/mode of notify socket ${path}`, { cause: error });
    }
  }
  let closed = false;
  const buf = Buffer.alloc(DATAGRAM_MAX);
  const drain = (): void => {
    for (let i = 0; i < MAX_MESSAGES_PER_WAKE && !closed; i++) {
      const n = native.recv(fd, buf, DATAGRAM_MAX, MSG_DONTWAIT);
      if (n < 0) return; // EAGAIN: drained (other errors: the next poll reports them)
      if (n === 0) continue;
      const fields = new Map(parseNotifyMessage(buf.toString('utf8', 0, n)));
      // BARRIER=1 carries a pipe fd; recv without a control buffer makes the
      // kernel release it, which is the whole answer the sender waits for.
      fields.delete('BARRIER');
      if (fields.size > 0) onMessage(fields);
    }
  };
  let registration: FdRegistration;
  try {
    registration = sharedFdPoller().watch(fd, drain);
  } catch (error) {
    native.close(fd);
    if (!abstract) unlinkQuietly(path);
    throw error;
  }
  return {
    path,
    close() {
      if (closed) return;
      closed = true;
      // Unlink now, not when the fd is freed: the runtime may bind the same
      // path again for the program's next run, and a late unlink would remove
      // the new socket.
      if (!abstract) unlinkQuietly(path);
      registration.release(() => native.close(fd));
    },
  };
}

// A socket file left by a previous tsvisor that died would make bind fail
// with EADDRINUSE. Only sockets are removed, never a file someone else owns.
async function removeStaleSocket(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (stat === undefined) return;
  if (!stat.isSocket()) throw new Error(`notify socket path ${path} exists and is not a socket`);
  unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
