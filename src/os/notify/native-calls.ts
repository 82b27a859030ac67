// The libc calls behind the notify socket, the fd poller and pidfd watching.
// Declared here (not in libc.ts) so the shared contract file stays small; the
// library handle itself still comes from getLibc() so it is loaded once.

import { getKoffi, getLibc } from '../libc.js';

// koffi types its function handles loosely; these are the shapes we call.
type AsyncCallback = (error: unknown, result: number) => void;

/** The native calls used by the notify socket, fd poller and pid watcher. */
export interface NotifyNativeCalls {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Buffer, addrLen: number): number;
  /** Returns the datagram length, or -1 with errno set. */
  recv(fd: number, buf: Buffer, len: number, flags: number): number;
  close(fd: number): number;
  eventfd(initval: number, flags: number): number;
  read(fd: number, buf: Buffer, len: number): number;
  write(fd: number, buf: Buffer, len: number): number;
  /** Runs poll(2) on a libuv threadpool thread; `fds` must not be touched until the callback. */
  pollAsync(fds: Buffer, nfds: number, timeoutMs: number, callback: AsyncCallback): void;
  pidfdOpen(pid: number): number;
  errno(): number;
}

export const AF_UNIX = 1;
export const SOCK_DGRAM = 2;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const EFD_NONBLOCK = 0o4000;
export const EFD_CLOEXEC = 0o2000000;
export const MSG_DONTWAIT = 0x40;
export const POLLIN = 0x1;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLNVAL = 0x20;
export const EAGAIN = 11;
export const EINTR = 4;
export const ESRCH = 3;
export const ENOSYS = 38;
/** pidfd_open(2) has no glibc wrapper before 2.36 (and none in musl), so it goes through syscall(2). */
const SYS_PIDFD_OPEN: Partial<Record<string, number>> = { x64: 434, arm64: 434, arm: 434, riscv64: 434, ia32: 434 };

let calls: NotifyNativeCalls | undefined;

/** The native calls, bound on first use. */
export function notifyNativeCalls(): NotifyNativeCalls {
  if (calls) return calls;
  const lib = getLibc();
  const koffi = getKoffi();
  const socket = lib.func('int socket(int domain, int type, int protocol)');
  const bind = lib.func('int bind(int fd, const void *addr, uint32_t len)');
  const recv = lib.func('intptr_t recv(int fd, void *buf, size_t len, int flags)');
  const close = lib.func('int close(int fd)');
  const eventfd = lib.func('int eventfd(unsigned int initval, int flags)');
  const read = lib.func('intptr_t read(int fd, void *buf, size_t len)');
  const write = lib.func('intptr_t write(int fd, const void *buf, size_t len)');
  const poll = lib.func('int poll(void *fds, unsigned long nfds, int timeout)');
  const syscall = lib.func('long syscall(long number, ...)');
  const pidfdNr = SYS_PIDFD_OPEN[process.arch];
  calls = {
    socket: (d, t, p) => socket(d, t, p) as number,
    bind: (fd, addr, len) => bind(fd, addr, len) as number,
    recv: (fd, buf, len, flags) => Number(recv(fd, buf, len, flags)),
    close: (fd) => close(fd) as number,
    eventfd: (init, flags) => eventfd(init, flags) as number,
    read: (fd, buf, len) => Number(read(fd, buf, len)),
    write: (fd, buf, len) => Number(write(fd, buf, len)),
    pollAsync: (fds, nfds, timeoutMs, callback) => poll.async(fds, nfds, timeoutMs, callback),
    pidfdOpen: (pid) => {
      if (pidfdNr === undefined) {
        koffi.errno(ENOSYS);
        return -1;
      }
      return Number(syscall(pidfdNr, 'int', pid, 'unsigned int', 0));
    },
    errno: () => koffi.errno(),
  };
  return calls;
}
