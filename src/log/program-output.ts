// Reads one program stream (stdout or stderr) line by line and hands each
// chunk's lines to a sink, pausing the pipe while the destination writer is
// over its high-water mark. Pausing stops reading the fd, the pipe fills and
// the program blocks in write() — exactly what happens without a supervisor —
// so memory stays bounded and no line is dropped.

import type { Readable } from 'node:stream';
import { LineBatch } from './line-batch.js';
import { LineSplitter } from './line-splitter.js';
import type { StdioWriter } from './stdio-writer.js';

/** Receives the raw chunk (empty at end of stream) and the lines it completed; `lines` is reused after return. */
export type ChunkSink = (chunk: Buffer, lines: LineBatch) => void;

/** Pumps `stream` into `sink` until it ends; resolves after the last partial line was delivered. */
export function pumpProgramStream(
  stream: Readable,
  maxLineBytes: number,
  writer: StdioWriter,
  sink: ChunkSink,
): Promise<void> {
  const splitter = new LineSplitter(maxLineBytes);
  const lines = new LineBatch();
  return new Promise((resolve) => {
    let finished = false;
    const resume = (): void => {
      if (!finished) stream.resume();
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      lines.clear();
      splitter.push(buf, lines);
      sink(buf, lines);
      if (writer.needDrain) {
        stream.pause();
        writer.once('drain', resume);
      }
    };
    // 'error' (e.g. EIO when a pty closes) and 'close' without 'end' (destroyed) both end the stream for us.
    const finish = (): void => {
      if (finished) return;
      finished = true;
      stream.off('data', onData);
      writer.off('drain', resume);
      lines.clear();
      splitter.end(lines);
      if (lines.count > 0) sink(Buffer.alloc(0), lines);
      lines.clear();
      resolve();
    };
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('close', finish);
    // on, not once: a second 'error' without a listener would be thrown and kill PID 1.
    stream.on('error', finish);
  });
}
