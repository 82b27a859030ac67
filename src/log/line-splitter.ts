// Turns a program's byte stream into lines without touching the bytes: no
// decoding here, so invalid UTF-8 and CR stay exactly as the program wrote
// them. Memory is bounded by maxLineBytes plus one chunk: a line that grows
// past the limit is emitted in pieces before its newline arrives.

/** Receives one line (without its '\n'); partial = the line continues in the next piece. */
export type LineSink = (bytes: Buffer, partial: boolean) => void;

/** Splits chunks on '\n'; lines longer than maxLineBytes come out in marked pieces. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes: number) {
    if (!(maxLineBytes >= 1)) throw new RangeError(`maxLineBytes must be >= 1, got ${maxLineBytes}`);
  }

  push(chunk: Buffer, emit: LineSink): void {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl === -1) break;
      const part = chunk.subarray(pos, nl);
      if (this.pendingBytes === 0) {
        this.emitLine(part, emit);
      } else {
        this.pending.push(part);
        const line = Buffer.concat(this.pending, this.pendingBytes + part.length);
        this.pending = [];
        this.pendingBytes = 0;
        this.emitLine(line, emit);
      }
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      // Copy: a subarray would pin the whole (up to 64 KiB) chunk for one short tail.
      const tail = Buffer.from(chunk.subarray(pos));
      this.pending.push(tail);
      this.pendingBytes += tail.length;
      if (this.pendingBytes > this.maxLineBytes) this.emitOversizedHead(emit);
    }
  }

  /** Flushes the unterminated last line at end of stream. */
  end(emit: LineSink): void {
    if (this.pendingBytes === 0) return;
    const line = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    emit(line, false);
  }

  private emitLine(line: Buffer, emit: LineSink): void {
    let start = 0;
    while (line.length - start > this.maxLineBytes) {
      const cut = utf8SafeCut(line, start, this.maxLineBytes);
      emit(line.subarray(start, start + cut), true);
      start += cut;
    }
    emit(start === 0 ? line : line.subarray(start), false);
  }

  // Emits full pieces while more than maxLineBytes are pending, keeping the remainder (>= 1 byte) pending.
  private emitOversizedHead(emit: LineSink): void {
    const buf = Buffer.concat(this.pending, this.pendingBytes);
    let start = 0;
    while (buf.length - start > this.maxLineBytes) {
      const cut = utf8SafeCut(buf, start, this.maxLineBytes);
      emit(buf.subarray(start, start + cut), true);
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
