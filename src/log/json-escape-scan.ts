// Finds, in one chunk, the bytes a JSON string cannot carry as they are:
// '"', '\\', control bytes other than '\n' (which only ends lines), and any
// non-ASCII byte when the chunk is not valid UTF-8. Lines free of them are
// copied verbatim into json records. Built from primitives that do not step
// through bytes in JS: memchr (indexOf), simdutf (isUtf8), and a 4-bytes-at-a-
// time test for "some byte < 0x20" (a regex over the chunk ran at ~300 MB/s).

import { isUtf8 } from 'node:buffer';

/** Positions of escape-needing bytes of one chunk, asked for in increasing order. */
export class EscapeScanner {
  private quote = -1;
  private backslash = -1;
  private control = -1;
  private readonly words: Int32Array;
  private readonly wordBase: number;
  private readonly invalidUtf8: boolean;

  constructor(private readonly chunk: Buffer) {
    this.invalidUtf8 = !isUtf8(chunk.subarray(0, chunk.lastIndexOf(0x0a) + 1));
    // The 4-byte-aligned middle of the chunk, viewed as words.
    const head = (4 - (chunk.byteOffset & 3)) & 3;
    const count = Math.max(0, (chunk.length - head) >> 2);
    this.wordBase = head;
    this.words = new Int32Array(chunk.buffer, chunk.byteOffset + head, count);
  }

  /** true when the chunk's lines hold invalid UTF-8: decoding must replace it, so no line may be copied. */
  get mustDecode(): boolean {
    return this.invalidUtf8;
  }

  /** The first escape-needing byte at or after `from`, or chunk.length. */
  next(from: number): number {
    const len = this.chunk.length;
    if (this.quote < from) this.quote = orEnd(this.chunk.indexOf(0x22, from), len);
    if (this.backslash < from) this.backslash = orEnd(this.chunk.indexOf(0x5c, from), len);
    if (this.control < from) this.control = this.findControl(from);
    return Math.min(this.quote, this.backslash, this.control);
  }

  private findControl(from: number): number {
    const chunk = this.chunk;
    const base = this.wordBase;
    const words = this.words;
    let i = from;
    // Bytes before the first whole word at or after `from`.
    const firstWord = i <= base ? 0 : (i - base + 3) >> 2;
    const wordStart = Math.min(chunk.length, base + firstWord * 4);
    for (; i < wordStart; i++) if (isControl(chunk[i] as number)) return i;
    for (let w = firstWord; w < words.length; w++) {
      const x = words[w] as number;
      // Classic "has a byte < n" test (n = 0x20): exact as a yes/no for the word.
      if ((((x - 0x20202020) | 0) & ~x & 0x80808080) !== 0) {
        const at = base + w * 4;
        for (let b = at; b < at + 4; b++) if (isControl(chunk[b] as number)) return b;
      }
    }
    for (i = Math.max(i, base + words.length * 4); i < chunk.length; i++) if (isControl(chunk[i] as number)) return i;
    return chunk.length;
  }
}

function isControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x0a;
}

function orEnd(index: number, end: number): number {
  return index === -1 ? end : index;
}
