import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LoggingConfig, OutputConfig } from '../../../src/config/types.js';
import { createOutputHub } from '../../../src/log/output-hub.js';
import { nameColour } from '../../../src/log/prefix-format.js';
import type { Clock } from '../../../src/os/clock.js';
import { MemoryWriter } from './memory-writer.js';

const clock: Clock = { now: () => 5, toWall: (t) => `T${t}` };
const prefix: OutputConfig = { mode: 'prefix', timestamps: false, file: undefined };
const json: OutputConfig = { mode: 'json', timestamps: false, file: undefined };
const logging = (over: Partial<LoggingConfig> = {}): LoggingConfig => ({
  level: 'info',
  format: 'json',
  output: prefix,
  ringLines: 3,
  maxLineBytes: 1024,
  ...over,
});

function setup(over: Partial<LoggingConfig> = {}, isTTY = false) {
  const stdout = new MemoryWriter();
  const stderr = new MemoryWriter();
  const hub = createOutputHub({ logging: logging(over), stdout, stderr, isTTY, clock });
  return { hub, stdout, stderr };
}

describe('output hub', () => {
  it('prefix mode: each line to the stream it came from, names padded to the longest program', async () => {
    const { hub, stdout, stderr } = setup();
    hub.setPrograms(['web', 'worker']);
    const out = new PassThrough();
    const err = new PassThrough();
    const done = hub.attach('web', prefix, { stdout: out, stderr: err });
    out.write('hello\r\nwor');
    err.write('oops\n');
    out.end('ld');
    err.end();
    await done;
    expect(stdout.text).toBe('web    | hello\r\nweb    | world\n');
    expect(stderr.text).toBe('web    | oops\n');
  });

  it('prefix mode keeps invalid UTF-8 bytes and adds timestamps and colour when asked', async () => {
    const { hub, stdout } = setup({}, true);
    hub.setPrograms(['db']);
    const out = new PassThrough();
    const done = hub.attach('db', { ...prefix, timestamps: true }, { stdout: out, stderr: null });
    out.end(Buffer.from([0xff, 0x41, 0x0a]));
    await done;
    const expected = Buffer.concat([
      Buffer.from(`T5 \x1b[${nameColour('db')}mdb |\x1b[0m `),
      Buffer.from([0xff, 0x41, 0x0a]),
    ]);
    expect(stdout.bytes.equals(expected)).toBe(true);
  });

  it('json mode: one object per line, partial pieces marked', async () => {
    const { hub, stdout, stderr } = setup({ maxLineBytes: 4 });
    const out = new PassThrough();
    const err = new PassThrough();
    const done = hub.attach('api', json, { stdout: out, stderr: err });
    out.end('abcdef\n');
    err.end('e\n');
    await done;
    expect(
      stdout.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { time: 'T5', program: 'api', stream: 'stdout', line: 'abcd', partial: true },
      { time: 'T5', program: 'api', stream: 'stdout', line: 'ef' },
    ]);
    expect(JSON.parse(stderr.text)).toEqual({ time: 'T5', program: 'api', stream: 'stderr', line: 'e' });
  });

  it('fills the ring (kept across restarts) and feeds followers every line', async () => {
    const { hub } = setup({ ringLines: 3 });
    const seen: string[] = [];
    const stop = hub.ring('web').subscribe((l) => seen.push(`${l.stream}:${l.line}`));
    let out = new PassThrough();
    await Promise.all([hub.attach('web', prefix, { stdout: out, stderr: null }), out.end('a\nb\n')]);
    out = new PassThrough();
    await Promise.all([hub.attach('web', prefix, { stdout: out, stderr: null }), out.end('c\nd\ne\nf\n')]);
    stop();
    expect(seen).toEqual(['stdout:a', 'stdout:b', 'stdout:c', 'stdout:d', 'stdout:e', 'stdout:f']);
    expect(
      hub
        .ring('web')
        .last(10)
        .map((l) => l.line),
    ).toEqual(['d', 'e', 'f']);
    expect(hub.ring('web').last(1)[0]).toEqual({ program: 'web', stream: 'stdout', line: 'f', time: 'T5' });
  });

  it('setPrograms recomputes padding and drops removed rings', async () => {
    const { hub, stdout } = setup();
    hub.setPrograms(['a', 'longname']);
    let out = new PassThrough();
    await Promise.all([hub.attach('a', prefix, { stdout: out, stderr: null }), out.end('1\n')]);
    hub.setPrograms(['a', 'bb']);
    hub.ring('a-name-that-does-not-exist'); // asking for logs of a typo must not widen the column
    out = new PassThrough();
    await Promise.all([hub.attach('a', prefix, { stdout: out, stderr: null }), out.end('2\n')]);
    expect(stdout.text).toBe('a        | 1\na  | 2\n');
    expect(hub.ring('a').last(5)).toHaveLength(2);
    hub.setPrograms(['bb']);
    expect(hub.ring('a').last(5)).toHaveLength(0);
  });

  it('raw mode passes bytes through unchanged (still filling the ring)', async () => {
    const { hub, stdout } = setup();
    const out = new PassThrough();
    const done = hub.attach('r', { ...prefix, mode: 'raw' }, { stdout: out, stderr: null });
    out.end('x\ny');
    await done;
    expect(stdout.text).toBe('x\ny');
    expect(
      hub
        .ring('r')
        .last(5)
        .map((l) => l.line),
    ).toEqual(['x', 'y']);
  });

  it('pauses the program stream while the writer is over its high-water mark and resumes on drain', async () => {
    const { hub, stdout } = setup();
    const out = new PassThrough({ highWaterMark: 16 });
    const done = hub.attach('p', prefix, { stdout: out, stderr: null });
    stdout.block();
    out.write('1\n');
    await new Promise((r) => setImmediate(r));
    expect(out.isPaused()).toBe(true);
    // The source now sees backpressure too: its buffer fills and write() says stop.
    let accepted = true;
    for (let i = 0; i < 10 && accepted; i++) accepted = out.write('more\n');
    expect(accepted).toBe(false);
    const before = stdout.chunks.length;
    stdout.release();
    out.end();
    await done;
    expect(stdout.chunks.length).toBeGreaterThan(before);
    expect(stdout.text.split('\n').filter((l) => l === 'p | more').length).toBeGreaterThan(0);
    expect(stdout.text.startsWith('p | 1\n')).toBe(true);
  });

  it('a full log disk is reported once and does not stop stdout output', async () => {
    const stdout = new MemoryWriter();
    const problems: string[] = [];
    const hub = createOutputHub({
      logging: logging(),
      stdout,
      stderr: new MemoryWriter(),
      isTTY: false,
      clock,
      onProblem: (m) => problems.push(m),
    });
    const out = new PassThrough();
    const done = hub.attach(
      'f',
      { ...prefix, file: { path: '/dev/full', maxSizeBytes: 1e9, maxFiles: 2 } },
      { stdout: out, stderr: null },
    );
    for (let i = 0; i < 100; i++) {
      out.write(`${i}\n`);
      await new Promise((r) => setImmediate(r));
    }
    out.end();
    await done;
    await hub.close();
    expect(stdout.text.split('\n')).toHaveLength(101);
    expect(problems).toEqual([expect.stringMatching(/ENOSPC/)]);
  });

  it('appends every line to the program log file, across both streams', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsvisor-hub-'));
    try {
      const { hub } = setup();
      const file = { path: path.join(dir, 'w.log'), maxSizeBytes: 1e6, maxFiles: 2 };
      const out = new PassThrough();
      const err = new PassThrough();
      const done = hub.attach('w', { ...prefix, timestamps: true, file }, { stdout: out, stderr: err });
      out.end('o1\no2\n');
      err.end('e1');
      await done;
      await hub.close();
      const lines = fs.readFileSync(file.path, 'utf8').split('\n');
      expect(lines.sort()).toEqual(['', 'T5 e1', 'T5 o1', 'T5 o2']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
