import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { getLibc } from '../../../src/os/libc.js';
import { createFdPoller } from '../../../src/os/notify/fd-poller.js';
import { EFD_CLOEXEC, EFD_NONBLOCK, notifyNativeCalls } from '../../../src/os/notify/native-calls.js';

// The real kernel and a real threadpool thread; the wrapper only counts poll(2) calls.
function countingNative() {
  const native = notifyNativeCalls();
  const counter = { polls: 0 };
  return {
    counter,
    native: {
      ...native,
      pollAsync: (...args: Parameters<typeof native.pollAsync>) => {
        counter.polls++;
        native.pollAsync(...args);
      },
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fd poller', () => {
  it('sleeps in one poll call while idle, wakes once per event, and frees the thread on release', async () => {
    const { native, counter } = countingNative();
    const poller = createFdPoller(native);
    const efd = native.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    expect(efd).toBeGreaterThanOrEqual(0);
    const buf = Buffer.alloc(8);
    let ready = 0;
    const registration = poller.watch(efd, () => {
      ready++;
      native.read(efd, buf, 8);
    });
    expect(poller.busy).toBe(true);
    await sleep(1000);
    // No periodic wake-ups: still the first call, still blocked.
    expect(counter.polls).toBe(1);
    expect(ready).toBe(0);

    buf.writeBigUInt64LE(1n);
    native.write(efd, buf, 8);
    for (let i = 0; i < 200 && ready === 0; i++) await sleep(10);
    expect(ready).toBe(1);
    await sleep(300);
    expect(counter.polls).toBe(2);
    expect(ready).toBe(1);

    let released = false;
    registration.release(() => {
      released = true;
      native.close(efd);
    });
    // The fd is still inside the blocked poll: it may only be closed after the wake-up returns.
    expect(released).toBe(false);
    for (let i = 0; i < 200 && !released; i++) await sleep(10);
    expect(released).toBe(true);
    expect(poller.busy).toBe(false);
    expect(counter.polls).toBe(2);
  });

  it('adds an fd to a poll already in flight', async () => {
    const { native } = countingNative();
    const poller = createFdPoller(native);
    const [a, b] = [0, 1].map(() => native.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) as [number, number];
    const seen: string[] = [];
    const buf = Buffer.alloc(8);
    const ra = poller.watch(a, () => seen.push('a'));
    const rb = poller.watch(b, () => {
      seen.push('b');
      native.read(b, buf, 8);
    });
    buf.writeBigUInt64LE(1n);
    native.write(b, Buffer.from(buf), 8);
    for (let i = 0; i < 200 && seen.length === 0; i++) await sleep(10);
    expect(seen).toEqual(['b']);
    let closed = 0;
    ra.release(() => {
      closed++;
      native.close(a);
    });
    rb.release(() => {
      closed++;
      native.close(b);
    });
    // A second release is a no-op: closing b twice could close an unrelated, reused fd number.
    rb.release(() => closed++);
    for (let i = 0; i < 200 && closed < 2; i++) await sleep(10);
    await sleep(100);
    expect(closed).toBe(2);
    expect(poller.busy).toBe(false);
  });

  it('re-arms at once when a signal interrupts the blocked poll (EINTR)', async () => {
    const { native, counter } = countingNative();
    const poller = createFdPoller(native);
    const efd = native.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    const buf = Buffer.alloc(8);
    let ready = 0;
    const registration = poller.watch(efd, () => {
      ready++;
      native.read(efd, buf, 8);
    });
    const tgkill = getLibc().func('int tgkill(int tgid, int tid, int sig)');
    const onSignal = () => {};
    process.on('SIGUSR2', onSignal);
    try {
      // Aim each signal at the thread blocked in poll(2), as SIGCHLD may land in PID 1.
      for (let i = 0; i < 6; i++) {
        let tid: number | undefined;
        for (let tries = 0; tries < 200 && tid === undefined; tries++) {
          tid = pollingThread();
          if (tid === undefined) await sleep(10);
        }
        expect(tid).toBeDefined();
        const before = counter.polls;
        expect(tgkill(process.pid, tid as number, constants.signals.SIGUSR2)).toBe(0);
        // Re-armed at once (well under the 1 s back-off used for real errors).
        for (let tries = 0; tries < 60 && counter.polls === before; tries++) await sleep(10);
        expect(counter.polls).toBe(before + 1);
      }
      // Six interruptions in a row must not have pushed the poller into its slow retry mode.
      buf.writeBigUInt64LE(1n);
      native.write(efd, Buffer.from(buf), 8);
      for (let tries = 0; tries < 50 && ready === 0; tries++) await sleep(10);
      expect(ready).toBe(1);
    } finally {
      process.off('SIGUSR2', onSignal);
      registration.release(() => native.close(efd));
    }
  });
});

function pollingThread(): number | undefined {
  for (const tid of readdirSync('/proc/self/task')) {
    const wchan = readFileSync(`/proc/self/task/${tid}/wchan`, 'utf8');
    if (wchan.startsWith('poll_schedule_timeout')) return Number(tid);
  }
  return undefined;
}
