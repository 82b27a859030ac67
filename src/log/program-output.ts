// Reads one program stream (stdout or stderr) line by line and hands each
// chunk's lines to a sink, pausing the pipe while the destination writer is
// over its high-water mark. Pausing stops reading the fd, the pipe fills and
// the program blocks in write() — exactly what happens without a supervisor —
// so memory stays bounded and no line is dropped.

import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';
import type { StdioWriter } from './stdio-writer.js';

/** One line (or a piece of an over-long one) read from a program. */
export interface LinePiece {
  readonly bytes: Buffer;
  /** The line continues in the next piece (it was longer than maxLineBytes). */
  readonly partial: boolean;
}

/** Receives the raw chunk (empty at end of stream) and the lines it completed. */
export type ChunkSink = (chunk: Buffer, pieces: readonly LinePiece[]) => void;

/** Pumps `stream` into `sink` until it ends; resolves after the last partial line was delivered. */
export function pumpProgramStream(
  stream: Readable,
  maxLineBytes: number,
  writer: StdioWriter,
  sink: ChunkSink,
): Promise<void> {
  const splitter = new LineSplitter(maxLineBytes);
  return new Promise((resolve) => {
    let finished = false;
    const resume = (): void => {
      if (!finished) stream.resume();
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const pieces: LinePiece[] = [];
      splitter.push(buf, (bytes, partial) => pieces.push({ bytes, partial }));
      sink(buf, pieces);
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
      const pieces: LinePiece[] = [];
      splitter.end((bytes, partial) => pieces.push({ bytes, partial }));
      if (pieces.length > 0) sink(Buffer.alloc(0), pieces);
      resolve();
    };
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('close', finish);
    // on, not once: a second 'error' without a listener would be thrown and kill PID 1.
    stream.on('error', finish);
  });
}
