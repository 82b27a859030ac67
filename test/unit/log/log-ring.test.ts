import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../src/control/api.js';
import { LineRing } from '../../../src/log/log-ring.js';

const line = (n: number): LogLine => ({ program: 'p', stream: 'stdout', line: `l${n}`, time: 't' });

describe('LineRing', () => {
  it('keeps the last N lines, oldest first', () => {
    const r = new LineRing(3);
    expect(r.last(10)).toEqual([]);
    for (let i = 1; i <= 5; i++) r.append(line(i));
    expect(r.last(10).map((l) => l.line)).toEqual(['l3', 'l4', 'l5']);
    expect(r.last(2).map((l) => l.line)).toEqual(['l4', 'l5']);
    expect(r.last(0)).toEqual([]);
    expect(r.last(-1)).toEqual([]);
  });
  it('delivers new lines to subscribers until they unsubscribe', () => {
    const r = new LineRing(2);
    const seen: string[] = [];
    const stop = r.subscribe((l) => seen.push(l.line));
    expect(r.followed).toBe(true);
    r.append(line(1));
    r.append(line(2));
    stop();
    r.append(line(3));
    expect(seen).toEqual(['l1', 'l2']);
    expect(r.followed).toBe(false);
  });
  it('drops a subscriber that throws and keeps serving others', () => {
    const r = new LineRing(2);
    const seen: string[] = [];
    r.subscribe(() => {
      throw new Error('socket gone');
    });
    r.subscribe((l) => seen.push(l.line));
    r.append(line(1));
    r.append(line(2));
    expect(seen).toEqual(['l1', 'l2']);
  });
  it('with capacity 0 stores nothing but still feeds followers', () => {
    const r = new LineRing(0);
    const seen: string[] = [];
    r.subscribe((l) => seen.push(l.line));
    r.append(line(1));
    expect(r.last(5)).toEqual([]);
    expect(seen).toEqual(['l1']);
  });
});
