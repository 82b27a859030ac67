// Collects the first OUTPUT_LIMIT bytes a probe writes to stdout and stderr,
// interleaved in arrival order, and keeps draining the rest: a check that
// prints a lot must never block on a full pipe and so "time out".

import type { Readable } from 'node:stream';
import { OUTPUT_LIMIT } from './probe-result.js';

/** A bounded sink for probe output. */
export interface OutputCapture {
  /** The captured text, cut at OUTPUT_LIMIT bytes on a character boundary. */
  text(): string;
  /** Stop listening and free the pipes (after a timeout the streams may never end on their own). */
  dispose(): void;
}

/** Starts capturing from the given streams (null ones are skipped). */
export function captureOutput(streams: ReadonlyArray<Readable | null>): OutputCapture {
  const chunks: Buffer[] = [];
  let kept = 0;
  const onData = (chunk: Buffer | string): void => {
    if (kept >= OUTPUT_LIMIT) return;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const slice = buf.subarray(0, OUTPUT_LIMIT - kept);
    chunks.push(slice);
    kept += slice.length;
  };
  const live = streams.filter((s): s is Readable => s !== null);
  for (const stream of live) {
    stream.on('data', onData);
    // A pipe error (EPIPE, reset) only ends capture; the exit status decides health.
    stream.on('error', () => {});
  }
  return {
    text() {
      // A multi-byte character split by the cut decodes as a trailing U+FFFD; drop it.
      return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks)).replace(/\uFFFD$/, '');
    },
    dispose() {
      for (const stream of live) {
        stream.off('data', onData);
        stream.destroy();
      }
    },
  };
}
