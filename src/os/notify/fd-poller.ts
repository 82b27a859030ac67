// One blocking poll(2) over every fd tsvisor waits on natively (sd_notify
// sockets, pidfds), run as a single koffi async call on one libuv threadpool
// thread. Any number of notify programs and adopted daemons therefore cost one
// thread, and an idle PID 1 makes no periodic wake-ups: the thread sleeps in
// the kernel until a datagram, a process exit or our own eventfd wake-up.
// With nothing registered no call is in flight at all, so no thread is held
// and the event loop may end.

import {
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  EINTR,
  type NotifyNativeCalls,
  notifyNativeCalls,
  POLLIN,
  POLLNVAL,
} from './native-calls.js';

/** Called on the main thread with poll(2) revents when a watched fd is ready. */
export type ReadyHandler = (revents: number) => void;

/** A watched fd; release it before closing the fd. */
export interface FdRegistration {
  /**
   * Stops watching. `onReleased` runs once no poll call on the worker thread
   * still holds the fd — closing it earlier would race: poll would keep
   * sleeping on a closed fd, or on an unrelated fd that reused the number.
   */
  release(onReleased?: () => void): void;
}

/** Waits for readiness on many fds with one blocked thread. */
export interface FdPoller {
  watch(fd: number, onReady: ReadyHandler): FdRegistration;
  /** Whether a poll call currently occupies a threadpool thread (for tests and status). */
  readonly busy: boolean;
}

interface Watch {
  readonly fd: number;
  readonly onReady: ReadyHandler;
  releaseCalled: boolean;
}

const POLLFD_SIZE = 8; // struct pollfd { int fd; short events; short revents; }
const MAX_QUICK_RETRIES = 3;

/** A poller over the given native calls (tests inject nothing; production uses sharedFdPoller). */
export function createFdPoller(native: NotifyNativeCalls = notifyNativeCalls()): FdPoller {
  const watches = new Set<Watch>();
  let wakeFd = -1;
  let inFlight: readonly Watch[] | undefined;
  let pendingReleases: Array<() => void> = [];
  let failures = 0;
  const counter = Buffer.alloc(8);

  function wake(): void {
    counter.writeBigUInt64LE(1n);
    native.write(wakeFd, counter, 8);
  }

  function arm(): void {
    if (inFlight !== undefined || watches.size === 0) return;
    if (wakeFd < 0) {
      wakeFd = native.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
      if (wakeFd < 0) throw new Error(`eventfd failed (errno ${native.errno()})`);
    }
    const snapshot = [...watches];
    const fds = Buffer.alloc((snapshot.length + 1) * POLLFD_SIZE);
    [wakeFd, ...snapshot.map((w) => w.fd)].forEach((fd, i) => {
      fds.writeInt32LE(fd, i * POLLFD_SIZE);
      fds.writeInt16LE(POLLIN, i * POLLFD_SIZE + 4);
    });
    inFlight = snapshot;
    native.pollAsync(fds, snapshot.length + 1, -1, (error, result) => {
      // koffi restores the worker thread's errno only for the duration of this
      // callback, so read it before any other native call can overwrite it.
      const errno = result < 0 ? native.errno() : 0;
      settle(snapshot, fds, error, result, errno);
    });
  }

  // With nothing to watch, give the eventfd back too; the next watch makes a new one.
  function closeWhenIdle(): void {
    if (inFlight !== undefined || watches.size > 0 || wakeFd < 0) return;
    native.close(wakeFd);
    wakeFd = -1;
  }

  function rearm(): void {
    closeWhenIdle();
    try {
      arm();
    } catch (error) {
      process.emitWarning(`tsvisor fd poller stopped: ${String(error)}`);
    }
  }

  function settle(snapshot: readonly Watch[], fds: Buffer, error: unknown, result: number, errno: number): void {
    inFlight = undefined;
    const releases = pendingReleases;
    pendingReleases = [];
    for (const done of releases) done();
    // libuv threadpool threads do not block signals, so any signal PID 1
    // handles (SIGCHLD above all) may land on the polling thread: EINTR is
    // routine and is simply re-armed.
    if (result < 0 && errno === EINTR && error == null) {
      rearm();
      return;
    }
    failures = error == null && result >= 0 ? 0 : failures + 1;
    if (failures > 0) {
      // A real error: retry at once a few times, then once a second, so a
      // persistent failure cannot become a busy loop.
      if (failures <= MAX_QUICK_RETRIES) setImmediate(rearm);
      else setTimeout(rearm, 1000);
      return;
    }
    if (fds.readInt16LE(6) !== 0) native.read(wakeFd, counter, 8);
    snapshot.forEach((w, i) => {
      const revents = fds.readInt16LE((i + 1) * POLLFD_SIZE + 6);
      if (revents === 0 || !watches.has(w)) return;
      // An fd closed behind our back reports POLLNVAL forever; drop it so it cannot spin.
      if (revents & POLLNVAL) watches.delete(w);
      try {
        w.onReady(revents);
      } catch (handlerError) {
        process.emitWarning(`tsvisor fd handler failed: ${String(handlerError)}`);
      }
    });
    rearm();
  }

  return {
    get busy() {
      return inFlight !== undefined;
    },
    watch(fd, onReady) {
      const w: Watch = { fd, onReady, releaseCalled: false };
      watches.add(w);
      if (inFlight !== undefined) wake();
      else {
        try {
          arm();
        } catch (error) {
          watches.delete(w);
          throw error;
        }
      }
      return {
        release(onReleased) {
          // Idempotent: a second release must not close the fd twice (the number may be reused by then).
          if (w.releaseCalled) return;
          w.releaseCalled = true;
          watches.delete(w);
          if (inFlight?.includes(w)) {
            if (onReleased) pendingReleases.push(onReleased);
            wake();
          } else {
            onReleased?.();
            closeWhenIdle();
          }
        },
      };
    },
  };
}

let shared: FdPoller | undefined;

/** The process-wide poller: every notify socket and pidfd shares its one thread. */
export function sharedFdPoller(): FdPoller {
  shared ??= createFdPoller();
  return shared;
}
