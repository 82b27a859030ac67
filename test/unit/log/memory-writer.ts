// A StdioWriter port that keeps what is written in memory; `block()` makes it
// report backpressure until `release()`, so the hub's pause/resume is observable.
import { EventEmitter } from 'node:events';
import type { StdioWriter } from '../../../src/log/stdio-writer.js';

export class MemoryWriter extends EventEmitter implements StdioWriter {
  readonly chunks: Buffer[] = [];
  needDrain = false;
  closed = false;
  private blocked = false;

  /** What the writer claims is still queued for its fd (a stuck reader: set it high). */
  pending = 0;

  get queuedBytes(): number {
    return this.pending;
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(Buffer.from(chunk));
    if (this.blocked) this.needDrain = true;
    return !this.needDrain;
  }
  block(): void {
    this.blocked = true;
  }
  release(): void {
    this.blocked = false;
    this.needDrain = false;
    this.emit('drain');
  }
  flush(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
