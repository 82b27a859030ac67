import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineBatch } from '../../../src/log/line-batch.js';
import { LineSplitter } from '../../../src/log/line-splitter.js';

type Piece = [string, boolean];

// The pieces a batch holds, as [bytes, partial]; clears it for the next chunk.
function drain(b: LineBatch, enc: BufferEncoding): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < b.count; i++) out.push([b.line(i).toString(enc), b.partials[i] === 1]);
  b.clear();
  return out;
}

// Feeds chunks and returns [hex bytes, partial] per emitted piece.
function split(max: number, chunks: readonly Buffer[], end = true): Piece[] {
  const s = new LineSplitter(max);
  const b = new LineBatch();
  const out: Piece[] = [];
  for (const c of chunks) {
    s.push(c, b);
    out.push(...drain(b, 'hex'));
  }
  if (end) s.end(b);
  out.push(...drain(b, 'hex'));
  return out;
}
const hex = (s: string | Buffer): string => Buffer.from(s).toString('hex');

describe('LineSplitter', () => {
  it('splits on \\n and keeps CR bytes', () => {
    expect(split(100, [Buffer.from('a\r\nb\n\nc\r\n')])).toEqual([
      [hex('a\r'), false],
      [hex('b'), false],
      ['', false],
      [hex('c\r'), false],
    ]);
  });

  it('passes invalid UTF-8 through byte for byte', () => {
    const bad = Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x0a, 0x80, 0x0a]);
    expect(split(100, [bad])).toEqual([
      ['fffe41c3', false],
      ['80', false],
    ]);
  });

  it('reassembles lines across chunk boundaries, including a multi-byte char cut in the middle', () => {
    const text = Buffer.from('héllo wörld €uro\nnext\n');
    const euro = text.indexOf(Buffer.from('€'));
    const chunks = [
      text.subarray(0, 2),
      text.subarray(2, euro + 1),
      text.subarray(euro + 1, euro + 2),
      text.subarray(euro + 2),
    ];
    expect(split(100, chunks)).toEqual([
      [hex('héllo wörld €uro'), false],
      [hex('next'), false],
    ]);
  });

  it('flushes the unterminated last line at end, and only then', () => {
    expect(split(100, [Buffer.from('one\ntw'), Buffer.from('o')], false)).toEqual([[hex('one'), false]]);
    expect(split(100, [Buffer.from('one\ntw'), Buffer.from('o')])).toEqual([
      [hex('one'), false],
      [hex('two'), false],
    ]);
    expect(split(100, [])).toEqual([]);
  });

  it('emits a long line in marked pieces; only the last piece is unmarked', () => {
    expect(split(4, [Buffer.from('abcdefghij\nxy\n')])).toEqual([
      [hex('abcd'), true],
      [hex('efgh'), true],
      [hex('ij'), false],
      [hex('xy'), false],
    ]);
    expect(split(4, [Buffer.from('abcd\n')])).toEqual([[hex('abcd'), false]]);
  });

  it('emits pieces of a long line before its newline arrives (bounded memory)', () => {
    const s = new LineSplitter(8);
    const b = new LineBatch();
    const got: Piece[] = [];
    for (let i = 0; i < 5; i++) {
      s.push(Buffer.from('0123456789'), b);
      got.push(...drain(b, 'latin1'));
    }
    expect(got.length).toBeGreaterThanOrEqual(5);
    expect(got.every(([b, p]) => p && b.length === 8)).toBe(true);
  });

  it('never cuts a multi-byte character in two pieces', () => {
    // 'aa€' = 61 61 e2 82 ac: a cut at 4 would split the euro sign.
    expect(split(4, [Buffer.from('aa€b\n')])).toEqual([
      [hex('aa'), true],
      [hex('€b'), false],
    ]);
  });

  it('property: concatenating pieces (adding \\n after unmarked ones) reproduces the input exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 16 }),
        (arrays, max) => {
          const chunks = arrays.map((a) => Buffer.from(a));
          const input = Buffer.concat(chunks);
          const s = new LineSplitter(max);
          const b = new LineBatch();
          const out: Buffer[] = [];
          let pieces = 0;
          const emit = (): void => {
            for (let i = 0; i < b.count; i++) {
              pieces++;
              expect(b.line(i).length).toBeLessThanOrEqual(max);
              out.push(Buffer.from(b.line(i)), b.partials[i] === 1 ? Buffer.alloc(0) : Buffer.from('\n'));
            }
            b.clear();
          };
          for (const c of chunks) {
            s.push(c, b);
            emit();
          }
          s.end(b);
          emit();
          let rebuilt = Buffer.concat(out);
          // end() of an unterminated line adds no newline in the input.
          if (input.length > 0 && input[input.length - 1] !== 0x0a && pieces > 0) rebuilt = rebuilt.subarray(0, -1);
          expect(rebuilt.equals(input)).toBe(true);
        },
      ),
    );
  });
});
