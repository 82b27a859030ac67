// The last N lines of one program, for `tsvisor ctl logs NAME [-n N] [-f]`.
// Fixed-size circular storage of byte ranges into the chunks the lines were
// read in: nothing is decoded until someone asks, because a chatty program
// writes far more lines than anyone reads. Node gives every read its own
// right-sized buffer, so the chunks kept alive hold at most the ring's lines
// plus the older part of the oldest chunk.

import type { LogLine } from '../control/api.js';
import type { LineBatch } from './line-batch.js';

/** Read side handed to the control plane. */
export interface LogRing {
  /** Up to n most recent lines, oldest first. */
  last(n: number): LogLine[];
  /** Calls cb for every line appended from now on, until the returned function is called. */
  subscribe(cb: (line: LogLine) => void): () => void;
}

/** Who wrote the lines of one read, and when; shared by all of them. */
export interface LineOrigin {
  readonly program: string;
  readonly stream: 'stdout' | 'stderr';
  readonly time: string;
}

/** A LogRing the output hub appends to. */
export class LineRing implements LogRing {
  private readonly bufs: Array<Buffer | undefined>;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly partials: Uint8Array;
  private readonly origins: Array<LineOrigin | undefined>;
  private next = 0;
  private size = 0;
  private readonly subscribers = new Set<(line: LogLine) => void>();

  constructor(readonly capacity: number) {
    const n = Math.max(0, capacity);
    this.bufs = new Array<Buffer | undefined>(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.partials = new Uint8Array(n);
    this.origins = new Array<LineOrigin | undefined>(n);
  }

  /** Records every line of a read; only the last `capacity` are stored, and only followers make it decode. */
  appendBatch(origin: LineOrigin, lines: LineBatch): void {
    const count = lines.count;
    if (this.capacity > 0) {
      for (let i = Math.max(0, count - this.capacity); i < count; i++) {
        const slot = this.next;
        this.bufs[slot] = lines.bufs[i];
        this.starts[slot] = lines.starts[i] as number;
        this.ends[slot] = lines.ends[i] as number;
        this.partials[slot] = lines.partials[i] as number;
        this.origins[slot] = origin;
        this.next = (slot + 1) % this.capacity;
      }
      this.size = Math.min(this.size + count, this.capacity);
    }
    if (this.subscribers.size === 0) return;
    for (let i = 0; i < count; i++) this.notify(logLine(origin, lines.text(i), lines.partials[i] === 1));
  }

  last(n: number): LogLine[] {
    const count = Math.max(0, Math.min(Math.floor(n), this.size));
    const out: LogLine[] = [];
    for (let i = count; i > 0; i--) {
      const slot = (this.next - i + this.capacity) % this.capacity;
      const buf = this.bufs[slot];
      const origin = this.origins[slot];
      if (!buf || !origin) continue;
      out.push(logLine(origin, buf.toString('utf8', this.starts[slot], this.ends[slot]), this.partials[slot] === 1));
    }
    return out;
  }

  subscribe(cb: (line: LogLine) => void): () => void {
    this.subscribers.add(cb);
    return () => {
      this.subscribers.delete(cb);
    };
  }

  private notify(line: LogLine): void {
    for (const cb of this.subscribers) {
      // A broken follower (e.g. a socket that went away) must not stop output of the program.
      try {
        cb(line);
      } catch {
        this.subscribers.delete(cb);
      }
    }
  }
}

// Same key order as the control protocol has always sent; `partial` only when set, as in json output mode.
function logLine(origin: LineOrigin, line: string, partial: boolean): LogLine {
  const entry = { program: origin.program, stream: origin.stream, line, time: origin.time };
  return partial ? { ...entry, partial: true } : entry;
}
