// Turns a program's byte stream into lines without touching the bytes: no
// decoding here, so invalid UTF-8 and CR stay exactly as the program wrote
// them. Memory is bounded by maxLineBytes plus one chunk: a line that grows
// past the limit is emitted in pieces before its newline arrives.

import type { LineBatch } from './line-batch.js';

/** Splits chunks on '\n' into a LineBatch; lines longer than maxLineBytes come out in marked pieces. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes: number) {
    if (!(maxLineBytes >= 1)) throw new RangeError(`maxLineBytes must be >= 1, got ${maxLineBytes}`);
  }

  /** Appends the lines `chunk` completes to `out` (which the caller cleared). */
  push(chunk: Buffer, out: LineBatch): void {
    const max = this.maxLineBytes;
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl === -1) break;
      if (this.pendingBytes === 0) {
        if (nl - pos <= max) out.add(chunk, pos, nl, false);
        else this.emitLine(chunk, pos, nl, out);
      } else {
        this.pending.push(chunk.subarray(pos, nl));
        const line = Buffer.concat(this.pending, this.pendingBytes + nl - pos);
        this.pending = [];
        this.pendingBytes = 0;
        this.emitLine(line, 0, line.length, out);
      }
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      // Copy: a subarray would pin the whole (up to 64 KiB) chunk for one short tail.
      const tail = Buffer.from(chunk.subarray(pos));
      this.pending.push(tail);
      this.pendingBytes += tail.length;
      if (this.pendingBytes > max) this.emitOversizedHead(out);
    }
  }

  /** Flushes the unterminated last line at end of stream. */
  end(out: LineBatch): void {
    if (this.pendingBytes === 0) return;
    const line = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    out.add(line, 0, line.length, false);
  }

  private emitLine(buf: Buffer, start: number, end: number, out: LineBatch): void {
    while (end - start > this.maxLineBytes) {
      const cut = utf8SafeCut(buf, start, this.maxLineBytes);
      out.add(buf, start, start + cut, true);
      start += cut;
    }
    out.add(buf, start, end, false);
  }

  // Emits full pieces while more than maxLineBytes are pending, keeping the remainder (>= 1 byte) pending.
  private emitOversizedHead(out: LineBatch): void {
    const buf = Buffer.concat(this.pending, this.pendingBytes);
    let start = 0;
    while (buf.length - start > this.maxLineBytes) {
      const cut = utf8SafeCut(buf, start, this.maxLineBytes);
      out.add(buf, start, start + cut, true);
      start += cut;
    }
    const rest = Buffer.from(buf.subarray(start));
    this.pending = [rest];
    this.pendingBytes = rest.length;
  }
}

// Moves a cut back to a character boundary so a split never breaks a multi-byte
// character in two pieces (each piece is printed on its own prefixed line).
// Bytes that are not valid UTF-8 are cut anywhere: they are passed through as-is.
function utf8SafeCut(buf: Buffer, start: number, max: number): number {
  let cut = max;
  let back = 0;
  while (back < 3 && cut > 1 && ((buf[start + cut] ?? 0) & 0xc0) === 0x80) {
    cut--;
    back++;
  }
  const lead = buf[start + cut] ?? 0;
  if (back > 0 && (lead & 0xc0) === 0xc0 && sequenceLength(lead) > back) return cut;
  return max;
}

function sequenceLength(lead: number): number {
  if ((lead & 0xe0) === 0xc0) return 2;
  if ((lead & 0xf0) === 0xe0) return 3;
  if ((lead & 0xf8) === 0xf0) return 4;
  return 1;
}
