import { describe, expect, it } from 'vitest';
import { LineBatch } from '../../../src/log/line-batch.js';
import { LineRing } from '../../../src/log/log-ring.js';

const origin = { program: 'p', stream: 'stdout', time: 't' } as const;
// A one-read batch holding lines l<from>..l<to>.
function batch(from: number, to = from): LineBatch {
  const b = new LineBatch();
  const chunk = Buffer.from(Array.from({ length: to - from + 1 }, (_, i) => `l${from + i}\n`).join(''));
  let pos = 0;
  for (;;) {
    const nl = chunk.indexOf(10, pos);
    if (nl === -1) return b;
    b.add(chunk, pos, nl, false);
    pos = nl + 1;
  }
}

describe('LineRing', () => {
  it('keeps the last N lines, oldest first', () => {
    const r = new LineRing(3);
    expect(r.last(10)).toEqual([]);
    for (let i = 1; i <= 5; i++) r.appendBatch(origin, batch(i));
    expect(r.last(10).map((l) => l.line)).toEqual(['l3', 'l4', 'l5']);
    expect(r.last(2).map((l) => l.line)).toEqual(['l4', 'l5']);
    expect(r.last(1)).toEqual([{ program: 'p', stream: 'stdout', line: 'l5', time: 't' }]);
    expect(r.last(0)).toEqual([]);
    expect(r.last(-1)).toEqual([]);
  });
  it('marks the pieces of an over-long line that continue in the next entry, for stored and followed lines', () => {
    const r = new LineRing(4);
    const followed: unknown[] = [];
    r.subscribe((l) => followed.push(l));
    const b = new LineBatch();
    const chunk = Buffer.from('aaabbbc');
    b.add(chunk, 0, 3, true);
    b.add(chunk, 3, 6, true);
    b.add(chunk, 6, 7, false);
    r.appendBatch(origin, b);
    const expected = [
      { program: 'p', stream: 'stdout', line: 'aaa', time: 't', partial: true },
      { program: 'p', stream: 'stdout', line: 'bbb', time: 't', partial: true },
      { program: 'p', stream: 'stdout', line: 'c', time: 't' },
    ];
    expect(r.last(3)).toEqual(expected);
    expect(followed).toEqual(expected);
  });

  it('delivers new lines to subscribers until they unsubscribe', () => {
    const r = new LineRing(2);
    const seen: string[] = [];
    const stop = r.subscribe((l) => seen.push(l.line));
    r.appendBatch(origin, batch(1, 2));
    stop();
    r.appendBatch(origin, batch(3));
    expect(seen).toEqual(['l1', 'l2']);
  });
  it('drops a subscriber that throws and keeps serving others', () => {
    const r = new LineRing(2);
    const seen: string[] = [];
    r.subscribe(() => {
      throw new Error('socket gone');
    });
    r.subscribe((l) => seen.push(l.line));
    r.appendBatch(origin, batch(1));
    r.appendBatch(origin, batch(2));
    expect(seen).toEqual(['l1', 'l2']);
  });
  it('a read with more lines than the capacity keeps only its last ones', () => {
    const r = new LineRing(3);
    r.appendBatch(origin, batch(1, 2));
    r.appendBatch(origin, batch(3, 9));
    expect(r.last(10).map((l) => l.line)).toEqual(['l7', 'l8', 'l9']);
  });
  it('with capacity 0 stores nothing but still feeds followers', () => {
    const r = new LineRing(0);
    const seen: string[] = [];
    r.subscribe((l) => seen.push(l.line));
    r.appendBatch(origin, batch(1));
    expect(r.last(5)).toEqual([]);
    expect(seen).toEqual(['l1']);
  });
});
