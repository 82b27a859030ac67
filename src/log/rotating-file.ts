// A program's optional log file: appended asynchronously, rotated by size
// (path, path.1 … path.N-1). It never blocks or fails stdout output: when the
// disk is full or slower than the program, lines are dropped, the problem is
// reported once, and a marker line records how many were lost once writing works again.

import type { FileHandle } from 'node:fs/promises';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LogFileConfig } from '../config/types.js';

/** Called once per failure episode (not per line), e.g. on ENOSPC. */
export type FileProblem = (message: string, err: unknown) => void;

// A disk slower than the program: beyond this much queued data lines are dropped rather than held in memory.
const DEFAULT_MAX_QUEUED = 8 * 1024 * 1024;

/** Appends newline-terminated batches to one rotated log file. */
export class RotatingFile {
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private queuedLines = 0;
  private handle: FileHandle | undefined;
  private size = 0;
  private running: Promise<void> | undefined;
  private dropped = 0;
  private overflowed = 0;
  private failing = false;
  private closed = false;

  constructor(
    readonly config: LogFileConfig,
    private readonly onProblem: FileProblem,
    private readonly maxQueuedBytes = DEFAULT_MAX_QUEUED,
  ) {}

  /** Queues whole lines (data must end with '\n'); `lines` is how many, for the drop count. */
  append(data: Buffer, lines: number): void {
    if (this.closed || data.length === 0) return;
    if (this.queuedBytes + data.length > this.maxQueuedBytes) {
      this.overflowed += lines;
      this.report('log file writes are slower than the program; dropping lines', undefined);
      return;
    }
    // The overflowed lines came after everything still queued and before this batch: the marker goes here.
    if (this.overflowed > 0) {
      this.enqueue(marker(this.overflowed));
      this.overflowed = 0;
    }
    this.enqueue(data);
    this.queuedLines += lines;
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
  }

  private enqueue(data: Buffer): void {
    this.queue.push(data);
    this.queuedBytes += data.length;
  }

  /** Resolves when everything queued so far was written (or dropped). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const data = Buffer.concat(this.queue, this.queuedBytes);
      const lines = this.queuedLines;
      this.queue = [];
      this.queuedBytes = 0;
      this.queuedLines = 0;
      try {
        // Lines lost to failed writes came before everything now queued.
        if (this.dropped > 0) await this.writeRotating(marker(this.dropped));
        this.dropped = 0;
        await this.writeRotating(data);
        this.failing = false;
      } catch (err) {
        // Reopen next time: the size we track may be wrong after a short write.
        await this.handle?.close().catch(() => undefined);
        this.handle = undefined;
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        this.dropped += lines;
        this.report(`cannot write log file ${this.config.path} (${code}); dropping lines`, err);
      }
    }
  }

  private report(message: string, err: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.onProblem(message, err);
  }

  // Splits at line boundaries so every file stays within maxSizeBytes, except a single longer line.
  private async writeRotating(data: Buffer): Promise<void> {
    const max = this.config.maxSizeBytes;
    let rest = data;
    while (rest.length > 0) {
      const fh = await this.open();
      const room = max - this.size;
      let take = rest.length;
      if (rest.length > room) {
        const nl = room > 0 ? rest.lastIndexOf(0x0a, room - 1) : -1;
        if (nl >= 0) take = nl + 1;
        else if (this.size > 0) {
          await this.rotate();
          continue;
        } else {
          const end = rest.indexOf(0x0a);
          take = end === -1 ? rest.length : end + 1;
        }
      }
      await writeAll(fh, rest.subarray(0, take));
      this.size += take;
      rest = rest.subarray(take);
      if (rest.length > 0) await this.rotate();
    }
  }

  private async open(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await fs.mkdir(path.dirname(this.config.path), { recursive: true });
    const fh = await fs.open(this.config.path, 'a');
    this.size = (await fh.stat()).size;
    this.handle = fh;
    return fh;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    const p = this.config.path;
    if (this.config.maxFiles <= 1) {
      await fs.truncate(p, 0);
      return;
    }
    for (let i = this.config.maxFiles - 1; i >= 2; i--) await renameIfExists(`${p}.${i - 1}`, `${p}.${i}`);
    await renameIfExists(p, `${p}.1`);
  }
}

function marker(lines: number): Buffer {
  return Buffer.from(`[tsvisor] ${lines} line(s) dropped\n`);
}

async function renameIfExists(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}
