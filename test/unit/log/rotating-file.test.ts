import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingFile } from '../../../src/log/rotating-file.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsvisor-rot-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const lines = (from: number, to: number): Buffer => {
  let s = '';
  for (let i = from; i < to; i++) s += `line-${String(i).padStart(4, '0')}\n`; // 10 bytes each
  return Buffer.from(s);
};
const read = (p: string): string => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');

describe('RotatingFile', () => {
  it('appends, rotates by size at line boundaries, and keeps maxFiles files', async () => {
    const p = path.join(dir, 'sub', 'app.log');
    const f = new RotatingFile({ path: p, maxSizeBytes: 35, maxFiles: 3 }, () => undefined);
    for (let i = 0; i < 10; i++) f.append(lines(i, i + 1), 1);
    await f.close();
    // 10 lines of 10 bytes, 3 per file: app.log.2 = lines 3-5, app.log.1 = 6-8, app.log = 9; 0-2 rotated away.
    expect(read(p)).toBe(lines(9, 10).toString());
    expect(read(`${p}.1`)).toBe(lines(6, 9).toString());
    expect(read(`${p}.2`)).toBe(lines(3, 6).toString());
    expect(fs.existsSync(`${p}.3`)).toBe(false);
    for (const name of fs.readdirSync(path.dirname(p))) {
      expect(fs.statSync(path.join(path.dirname(p), name)).size).toBeLessThanOrEqual(35);
    }
  });

  it('splits one large batch across files at line boundaries', async () => {
    const p = path.join(dir, 'big.log');
    const f = new RotatingFile({ path: p, maxSizeBytes: 25, maxFiles: 10 }, () => undefined);
    f.append(lines(0, 7), 7);
    await f.close();
    const all = [6, 5, 4, 3, 2, 1].map((i) => read(`${p}.${i}`)).join('') + read(p);
    expect(all).toBe(lines(0, 7).toString());
    expect(read(p)).toBe(lines(6, 7).toString());
  });

  it('continues an existing file and counts its size', async () => {
    const p = path.join(dir, 'old.log');
    fs.writeFileSync(p, lines(0, 3));
    const f = new RotatingFile({ path: p, maxSizeBytes: 40, maxFiles: 2 }, () => undefined);
    f.append(lines(3, 5), 2);
    await f.close();
    expect(read(`${p}.1`)).toBe(lines(0, 4).toString());
    expect(read(p)).toBe(lines(4, 5).toString());
  });

  it('with maxFiles 1 truncates instead of keeping old files', async () => {
    const p = path.join(dir, 'one.log');
    const f = new RotatingFile({ path: p, maxSizeBytes: 20, maxFiles: 1 }, () => undefined);
    f.append(lines(0, 5), 5);
    await f.close();
    expect(read(p)).toBe(lines(4, 5).toString());
    expect(fs.readdirSync(dir)).toEqual(['one.log']);
  });

  it('reports an unwritable file once, drops lines, then records how many were lost', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    const problems: string[] = [];
    const f = new RotatingFile({ path: path.join(blocker, 'x.log'), maxSizeBytes: 1000, maxFiles: 2 }, (m) =>
      problems.push(m),
    );
    for (let i = 0; i < 5; i++) {
      f.append(lines(i, i + 1), 1);
      await f.flush();
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/ENOTDIR|EEXIST/);
    // The path becomes writable again: the next write succeeds after a marker with the count.
    fs.rmSync(blocker);
    f.append(lines(5, 6), 1);
    await f.close();
    expect(read(path.join(blocker, 'x.log'))).toBe(`[tsvisor] 5 line(s) dropped\n${lines(5, 6)}`);
  });

  it('a full disk (/dev/full gives ENOSPC) is reported once, never thrown', async () => {
    const problems: string[] = [];
    const f = new RotatingFile({ path: '/dev/full', maxSizeBytes: 1e9, maxFiles: 2 }, (m) => problems.push(m));
    for (let i = 0; i < 20; i++) {
      f.append(lines(i, i + 1), 1);
      if (i % 5 === 0) await f.flush();
    }
    await f.close();
    expect(problems).toEqual([expect.stringMatching(/ENOSPC/)]);
  });

  it('drops (and reports) instead of queueing without bound when writes lag', async () => {
    const problems: string[] = [];
    const f = new RotatingFile(
      { path: path.join(dir, 'q.log'), maxSizeBytes: 1e6, maxFiles: 2 },
      (m) => problems.push(m),
      30,
    );
    f.append(lines(0, 2), 2); // taken by the writer at once
    f.append(lines(2, 4), 2); // queued (20 bytes)
    f.append(lines(4, 6), 2); // over 30 queued bytes: dropped
    f.append(lines(6, 7), 1); // accepted again once the queue has room
    await f.close();
    expect(problems).toEqual([expect.stringMatching(/slower/)]);
    expect(read(path.join(dir, 'q.log'))).toBe(`${lines(0, 4)}[tsvisor] 2 line(s) dropped\n${lines(6, 7)}`);
  });
});
