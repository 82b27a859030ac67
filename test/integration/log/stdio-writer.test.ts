// The writer against real kernel objects: a FIFO nobody reads (blocked log
// driver), a FIFO whose reader went away (EPIPE), a non-blocking fd (EAGAIN).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStdioWriter } from '../../../src/log/stdio-writer.js';

let dir: string;
let fifo: string;
const fds: number[] = [];
const open = (flags: number | string): number => {
  const fd = fs.openSync(fifo, flags);
  fds.push(fd);
  return fd;
};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsvisor-writer-'));
  fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
});
afterEach(() => {
  for (const fd of fds.splice(0)) {
    try {
      fs.closeSync(fd);
    } catch {}
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

// Reads everything from fd until `bytes` arrived.
async function drain(fd: number, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let got = 0;
  const buf = Buffer.alloc(65536);
  while (got < bytes) {
    const n = await new Promise<number>((resolve, reject) =>
      fs.read(fd, buf, 0, buf.length, null, (err, r) => (err ? reject(err) : resolve(r))),
    );
    chunks.push(Buffer.from(buf.subarray(0, n)));
    got += n;
  }
  return Buffer.concat(chunks);
}

const payload = (i: number): Buffer => Buffer.from(`${i.toString().padStart(6, '0')} ${'x'.repeat(1000)}\n`);

describe('StdioWriter', () => {
  it('a reader that stops reading never blocks the event loop; flush is bounded; data survives', async () => {
    const w = open('w+'); // O_RDWR on a FIFO: no one else reads it, so writes block once the pipe is full
    const writer = createStdioWriter({ fd: w, highWaterMark: 64 * 1024 });
    const expected: Buffer[] = [];
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      expected.push(payload(i));
      if (!writer.write(payload(i))) refused++;
    }
    expect(refused).toBeGreaterThan(0);
    expect(writer.needDrain).toBe(true);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const flushed = await writer.flush(500);
    clearInterval(timer);
    expect(flushed).toBe(false);
    expect(ticks).toBeGreaterThan(5);
    // A reader shows up: everything arrives in order, 'drain' fires, flush completes.
    const drained = new Promise<void>((resolve) => writer.once('drain', () => resolve()));
    const all = Buffer.concat(expected);
    const got = await drain(open('r'), all.length);
    await drained;
    expect(await writer.flush(5000)).toBe(true);
    expect(createHash('sha1').update(got).digest('hex')).toBe(createHash('sha1').update(all).digest('hex'));
  });

  it('EPIPE: reports once, then discards without throwing and never asks callers to wait', async () => {
    const r = open(fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const w = open('w');
    const closed: string[] = [];
    const writer = createStdioWriter({ fd: w, highWaterMark: 1024, onClosed: (e) => closed.push(String(e.code)) });
    expect(writer.write('before\n')).toBe(true);
    expect(await writer.flush(5000)).toBe(true);
    fs.closeSync(r);
    fds.splice(fds.indexOf(r), 1);
    for (let i = 0; i < 50; i++) writer.write(payload(i));
    await writer.flush(5000);
    for (let i = 0; i < 50; i++) expect(writer.write(payload(i))).toBe(true);
    await sleep(50);
    expect(closed).toEqual(['EPIPE']);
    expect(writer.closed).toBe(true);
    expect(writer.needDrain).toBe(false);
  });

  it('retries on EAGAIN when the fd is non-blocking, keeping order', async () => {
    const r = open(fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const w = open(fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    const closed: string[] = [];
    const writer = createStdioWriter({ fd: w, onClosed: (e) => closed.push(String(e.code)) });
    const all = Buffer.concat(Array.from({ length: 300 }, (_, i) => payload(i)));
    for (let i = 0; i < 300; i++) writer.write(payload(i));
    await sleep(100); // the pipe (64 KiB) is full by now: writes are failing with EAGAIN and being retried
    const chunks: Buffer[] = [];
    let got = 0;
    const buf = Buffer.alloc(65536);
    while (got < all.length) {
      try {
        const n = fs.readSync(r, buf);
        chunks.push(Buffer.from(buf.subarray(0, n)));
        got += n;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        await sleep(5);
      }
    }
    expect(await writer.flush(5000)).toBe(true);
    expect(Buffer.concat(chunks).equals(all)).toBe(true);
    expect(closed).toEqual([]);
  });
});
