import { describe, expect, it } from 'vitest';
import { createLineSplitter } from '../../../src/control/line-splitter.js';

describe('createLineSplitter', () => {
  it('joins lines split across chunks and keeps the unterminated rest', () => {
    const s = createLineSplitter(100);
    expect(s.push(Buffer.from('ab')).lines).toEqual([]);
    expect(s.push(Buffer.from('c\nde\r\nf')).lines).toEqual(['abc', 'de']);
    expect(s.pendingBytes()).toBe(1);
    expect(s.push(Buffer.from('\n')).lines).toEqual(['f']);
    expect(s.pendingBytes()).toBe(0);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const s = createLineSplitter(100);
    const bytes = Buffer.from('é€\n');
    expect(s.push(bytes.subarray(0, 1)).lines).toEqual([]);
    expect(s.push(bytes.subarray(1, 4)).lines).toEqual([]);
    expect(s.push(bytes.subarray(4)).lines).toEqual(['é€']);
  });

  it('accepts a line of exactly the cap and overflows one byte beyond', () => {
    const s = createLineSplitter(4);
    expect(s.push(Buffer.from('abcd\n'))).toEqual({ lines: ['abcd'], overflow: false });
    expect(s.push(Buffer.from('abcde\n')).overflow).toBe(true);
  });

  it('overflows on an unterminated line before the newline arrives and stays overflowed', () => {
    const s = createLineSplitter(8);
    expect(s.push(Buffer.from('ok\n12345')).lines).toEqual(['ok']);
    const result = s.push(Buffer.from('6789'));
    expect(result.overflow).toBe(true);
    expect(s.pendingBytes()).toBe(0);
    expect(s.push(Buffer.from('x\n'))).toEqual({ lines: [], overflow: true });
  });

  it('does not keep a reference to the caller’s buffer', () => {
    const s = createLineSplitter(100);
    const chunk = Buffer.from('abc');
    s.push(chunk);
    chunk.fill(0x7a);
    expect(s.push(Buffer.from('\n')).lines).toEqual(['abc']);
  });
});
