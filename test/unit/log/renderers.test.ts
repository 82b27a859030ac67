import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJsonRecords } from '../../../src/log/json-render.js';
import { LineBatch } from '../../../src/log/line-batch.js';
import { LineSplitter } from '../../../src/log/line-splitter.js';
import { renderPrefixed } from '../../../src/log/prefix-render.js';

// Bytes that exercise every path: newlines, quotes, backslash, tab, other controls, valid and invalid UTF-8.
const ALPHABET = [0x61, 0x62, 0x0a, 0x0a, 0x22, 0x5c, 0x09, 0x01, 0x1b, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xff, 0x20];
const HEAD = '{"program":"p","line":';

// The per-line definition the one-buffer renderers must reproduce byte for byte.
function reference(prefix: Buffer, b: LineBatch): { prefixed: Buffer; json: string } {
  const parts: Buffer[] = [];
  let json = '';
  for (let i = 0; i < b.count; i++) {
    parts.push(prefix, b.line(i), Buffer.from('\n'));
    json += `${HEAD}${JSON.stringify(b.text(i))}${b.partials[i] === 1 ? ',"partial":true}\n' : '}\n'}`;
  }
  return { prefixed: Buffer.concat(parts), json };
}

describe('renderPrefixed / renderJsonRecords', () => {
  it('property: same bytes as formatting every line on its own, for any chunking and line limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 70 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 24 }),
        fc.constantFrom('', 'name | '),
        (arrays, max, prefixText) => {
          const prefix = Buffer.from(prefixText);
          const splitter = new LineSplitter(max);
          const batch = new LineBatch();
          const check = (chunk: Buffer): void => {
            const want = reference(prefix, batch);
            expect(renderPrefixed(prefix, batch).equals(want.prefixed)).toBe(true);
            expect(renderJsonRecords(HEAD, chunk, batch).toString('utf8')).toBe(want.json);
          };
          for (const a of arrays) {
            const chunk = Buffer.from(a);
            batch.clear();
            splitter.push(chunk, batch);
            check(chunk);
          }
          batch.clear();
          splitter.end(batch);
          check(Buffer.alloc(0));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('copies long runs of plain ASCII lines (the fast paths) exactly', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
    const chunk = Buffer.from(`${text}\ntail`);
    const batch = new LineBatch();
    new LineSplitter(16384).push(chunk, batch);
    expect(batch.count).toBe(2000);
    const want = reference(Buffer.from('w | '), batch);
    expect(renderPrefixed(Buffer.from('w | '), batch).equals(want.prefixed)).toBe(true);
    expect(renderJsonRecords(HEAD, chunk, batch).toString()).toBe(want.json);
  });
});
