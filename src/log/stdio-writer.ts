// Writes to fd 1 / fd 2 without ever blocking PID 1's event loop.
//
// Why not process.stdout: on Linux Node makes stdout synchronous for pipes and
// files, so a log driver that stops reading would freeze supervision (no
// reaping, no signal handling). Why not net.Socket({ fd }): libuv would set
// O_NONBLOCK on the open file description, which is shared with every program
// that inherits the same fd in raw mode; their plain write() would then fail
// with EAGAIN. So we keep the fd's flags untouched and write from libuv's
// thread pool (fs.writev): a stuck reader blocks one pool thread, never the loop.

import { EventEmitter } from 'node:events';
import fs from 'node:fs';

/** An fd writer with backpressure: write() returns false past the high-water mark; 'drain' says "resume". */
export interface StdioWriter {
  /** Queues the bytes; the caller must not mutate a Uint8Array after handing it over. */
  write(chunk: string | Uint8Array): boolean;
  /** Resolves true once everything queued reached the fd, false after timeoutMs (a blocked fd never hangs exit). */
  flush(timeoutMs: number): Promise<boolean>;
  on(event: 'drain', listener: () => void): this;
  once(event: 'drain', listener: () => void): this;
  off(event: 'drain', listener: () => void): this;
  /** true between a write() that returned false and the next 'drain'. */
  readonly needDrain: boolean;
  /** true after a write error (EPIPE, EBADF…): further writes are discarded. */
  readonly closed: boolean;
  readonly queuedBytes: number;
}

export interface StdioWriterOptions {
  readonly fd: number;
  /** Bytes queued before write() returns false; 'drain' fires below half of it. Default 1 MiB. */
  readonly highWaterMark?: number;
  /** Called once, when the fd fails for good; the writer then discards output instead of crashing. */
  readonly onClosed?: (err: NodeJS.ErrnoException) => void;
}

// Linux IOV_MAX; writev rejects larger batches with EINVAL.
const MAX_IOVECS = 1024;
const RETRY_MAX_MS = 100;

/** Creates the writer for one fd (1 or 2, or any fd in tests). */
export function createStdioWriter(opts: StdioWriterOptions): StdioWriter {
  return new FdWriter(opts.fd, opts.highWaterMark ?? 1024 * 1024, opts.onClosed);
}

class FdWriter extends EventEmitter implements StdioWriter {
  private queue: Buffer[] = [];
  private queued = 0;
  private busy = false;
  private retryMs = 1;
  private waiters: Array<() => void> = [];
  needDrain = false;
  closed = false;

  constructor(
    private readonly fd: number,
    private readonly highWaterMark: number,
    private readonly onClosed: ((err: NodeJS.ErrnoException) => void) | undefined,
  ) {
    super();
    // Every paused program stream waits for one drain; dozens of programs are normal, not a leak.
    this.setMaxListeners(0);
  }

  get queuedBytes(): number {
    return this.queued;
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.closed) return true;
    const buf =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (buf.length === 0) return !this.needDrain;
    this.queue.push(buf);
    this.queued += buf.length;
    this.pump();
    if (this.queued >= this.highWaterMark) this.needDrain = true;
    return !this.needDrain;
  }

  flush(timeoutMs: number): Promise<boolean> {
    if (this.idle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }

  private idle(): boolean {
    return this.closed || (this.queued === 0 && !this.busy);
  }

  private pump(): void {
    if (this.busy || this.closed || this.queue.length === 0) return;
    this.busy = true;
    const batch = this.queue.length <= MAX_IOVECS ? this.queue : this.queue.slice(0, MAX_IOVECS);
    this.queue = batch === this.queue ? [] : this.queue.slice(MAX_IOVECS);
    fs.writev(this.fd, batch, (err, written) => this.settle(batch, err, written));
  }

  private settle(batch: Buffer[], err: NodeJS.ErrnoException | null, written: number): void {
    if (err) {
      if (err.code === 'EAGAIN' || err.code === 'EINTR') {
        // Someone else set O_NONBLOCK on the shared description: back off and retry, keeping order.
        this.queue = batch.concat(this.queue);
        setTimeout(() => {
          this.busy = false;
          this.pump();
        }, this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        return;
      }
      this.busy = false;
      this.close(err);
      return;
    }
    this.retryMs = 1;
    this.busy = false;
    this.queued -= written;
    this.requeueUnwritten(batch, written);
    if (this.needDrain && this.queued <= this.highWaterMark / 2) {
      this.needDrain = false;
      this.emit('drain');
    }
    if (this.queue.length > 0) this.pump();
    else if (this.idle()) this.wakeFlushers();
  }

  // A pipe may accept only part of a writev; the rest goes back to the head of the queue.
  private requeueUnwritten(batch: Buffer[], written: number): void {
    let skip = written;
    let i = 0;
    while (i < batch.length && skip >= (batch[i]?.length ?? 0)) {
      skip -= batch[i]?.length ?? 0;
      i++;
    }
    if (i === batch.length) return;
    const rest = batch.slice(i);
    const head = rest[0];
    if (head && skip > 0) rest[0] = head.subarray(skip);
    this.queue = rest.concat(this.queue);
  }

  private close(err: NodeJS.ErrnoException): void {
    this.closed = true;
    this.queue = [];
    this.queued = 0;
    this.wakeFlushers();
    // Sources paused on us must resume, or programs would block forever on a dead log.
    if (this.needDrain) {
      this.needDrain = false;
      this.emit('drain');
    }
    this.onClosed?.(err);
  }

  private wakeFlushers(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
