import { describe, expect, it } from 'vitest';
import { createLogger, createNullLogger } from '../../../src/log/logger.js';
import { MemoryWriter } from './memory-writer.js';

describe('createLogger', () => {
  it('json: one object per line with ISO time, level label, msg and fields; no pid/hostname', () => {
    const out = new MemoryWriter();
    const log = createLogger({ level: 'info', format: 'json', out, isTTY: false });
    log.child({ program: 'web' }).info({ from: 'starting', to: 'running', pid: 42 }, 'running');
    log.debug('hidden');
    log.warn({ delay_ms: 200, exit: 1 }, 'backoff');
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] ?? '');
    expect(first).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      program: 'web',
      from: 'starting',
      to: 'running',
      pid: 42,
      msg: 'running',
    });
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ level: 'warn', delay_ms: 200, exit: 1, msg: 'backoff' });
  });

  it('pretty (and auto on a TTY): compact human lines', () => {
    for (const format of ['pretty', 'auto'] as const) {
      const out = new MemoryWriter();
      const log = createLogger({ level: 'debug', format, out, isTTY: format === 'auto' });
      log.child({ program: 'web' }).info({ pid: 42 }, 'running');
      const esc = String.fromCharCode(27);
      // Colour only on a TTY (auto here); the text without escapes is the same either way.
      expect(out.text.includes(`${esc}[32mINFO `)).toBe(format === 'auto');
      expect(out.text.replaceAll(new RegExp(`${esc}\\[\\d+m`, 'g'), '')).toMatch(
        /^\d\d:\d\d:\d\d\.\d{3} INFO {2}web: running pid=42\n$/,
      );
    }
  });

  it('auto without a TTY is json', () => {
    const out = new MemoryWriter();
    createLogger({ level: 'info', format: 'auto', out, isTTY: false }).info('x');
    expect(JSON.parse(out.text)).toMatchObject({ level: 'info', msg: 'x' });
  });

  it('null logger accepts calls and writes nothing', () => {
    const log = createNullLogger();
    log.error('nothing');
    expect(log.level).toBe('silent');
  });

  it('drops its own lines while the reader is stuck, then says how many', () => {
    const out = new MemoryWriter();
    const log = createLogger({ level: 'info', format: 'json', out, isTTY: false });
    log.info('before');
    out.pending = 64 * 1024 * 1024;
    for (let i = 0; i < 5; i++) log.info('lost');
    out.pending = 0;
    log.info('after');
    const lines = out.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; dropped?: number });
    expect(lines.map((l) => l.msg)).toEqual([
      'before',
      'log lines dropped while the log reader was not reading',
      'after',
    ]);
    expect(lines[1]?.dropped).toBe(5);
  });
});
