// The last N lines of one program, for `tsvisor ctl logs NAME [-n N] [-f]`.
// Fixed-size circular storage, so a chatty program costs N lines of memory, no more.

import type { LogLine } from '../control/api.js';

/** Read side handed to the control plane. */
export interface LogRing {
  /** Up to n most recent lines, oldest first. */
  last(n: number): LogLine[];
  /** Calls cb for every line appended from now on, until the returned function is called. */
  subscribe(cb: (line: LogLine) => void): () => void;
}

/** A LogRing the output hub appends to. */
export class LineRing implements LogRing {
  private readonly slots: Array<LogLine | undefined>;
  private next = 0;
  private size = 0;
  private readonly subscribers = new Set<(line: LogLine) => void>();

  constructor(readonly capacity: number) {
    this.slots = new Array<LogLine | undefined>(Math.max(0, capacity));
  }

  /** true when every appended line must be materialised (someone follows), not only the last `capacity`. */
  get followed(): boolean {
    return this.subscribers.size > 0;
  }

  append(line: LogLine): void {
    if (this.capacity > 0) {
      this.slots[this.next] = line;
      this.next = (this.next + 1) % this.capacity;
      this.size = Math.min(this.size + 1, this.capacity);
    }
    for (const cb of this.subscribers) {
      // A broken follower (e.g. a socket that went away) must not stop output of the program.
      try {
        cb(line);
      } catch {
        this.subscribers.delete(cb);
      }
    }
  }

  last(n: number): LogLine[] {
    const count = Math.max(0, Math.min(Math.floor(n), this.size));
    const out: LogLine[] = [];
    for (let i = count; i > 0; i--) {
      const line = this.slots[(this.next - i + this.capacity) % this.capacity];
      if (line) out.push(line);
    }
    return out;
  }

  subscribe(cb: (line: LogLine) => void): () => void {
    this.subscribers.add(cb);
    return () => {
      this.subscribers.delete(cb);
    };
  }
}
