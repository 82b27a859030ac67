// The lines one read produced, as byte ranges into the buffers they came in
// (usually the chunk itself). Ranges instead of per-line Buffer objects: at
// ~800 lines per 64 KiB read, a subarray per line was the hub's largest cost.
// One batch is reused for every read of a stream, so consumers must copy what
// they keep; the buffers themselves are never mutated and may be retained.

/** Reusable list of line ranges; entry i is bufs[i][starts[i], ends[i]), without its '\n'. */
export class LineBatch {
  count = 0;
  readonly bufs: Buffer[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** 1 when the line continues in the next entry (it was longer than maxLineBytes). */
  readonly partials: number[] = [];
  /** Total bytes of all ranges, so renderers can size their output in one go. */
  bytes = 0;

  clear(): void {
    // Dropping buffer references lets a large finished chunk be collected before the next read.
    this.bufs.length = 0;
    this.count = 0;
    this.bytes = 0;
  }

  add(buf: Buffer, start: number, end: number, partial: boolean): void {
    const i = this.count++;
    this.bufs[i] = buf;
    this.starts[i] = start;
    this.ends[i] = end;
    this.partials[i] = partial ? 1 : 0;
    this.bytes += end - start;
  }

  /** Entry i as a view (no copy). */
  line(i: number): Buffer {
    const buf = this.bufs[i];
    if (buf === undefined) throw new RangeError(`no line ${i} in a batch of ${this.count}`);
    return buf.subarray(this.starts[i], this.ends[i]);
  }

  /** Entry i decoded as UTF-8 (invalid bytes become U+FFFD). */
  text(i: number): string {
    return this.bufs[i]?.toString('utf8', this.starts[i], this.ends[i]) ?? '';
  }
}
