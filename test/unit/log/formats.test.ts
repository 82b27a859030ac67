import { describe, expect, it } from 'vitest';
import { formatJsonLine, jsonRecordHead } from '../../../src/log/json-format.js';
import { formatPrefix, nameColour } from '../../../src/log/prefix-format.js';
import { formatPrettyLine } from '../../../src/log/pretty-line.js';

describe('formatPrefix', () => {
  it('pads names to the width so the separators align', () => {
    expect(formatPrefix('web', { width: 6, color: false, time: undefined })).toBe('web    | ');
    expect(formatPrefix('worker', { width: 6, color: false, time: undefined })).toBe('worker | ');
  });
  it('puts the timestamp first when asked', () => {
    expect(formatPrefix('db', { width: 2, color: false, time: '2024-05-01T12:00:00.000Z' })).toBe(
      '2024-05-01T12:00:00.000Z db | ',
    );
  });
  it('colours name and separator with a colour that depends only on the name', () => {
    const a = formatPrefix('web', { width: 3, color: true, time: undefined });
    expect(a).toBe(`\x1b[${nameColour('web')}mweb |\x1b[0m `);
    expect(nameColour('web')).toBe(nameColour('web'));
    const distinct = new Set(['web', 'db', 'worker', 'cron', 'nginx', 'redis'].map(nameColour));
    expect(distinct.size).toBeGreaterThan(1);
    expect(distinct.has(31)).toBe(false);
  });
});

describe('formatJsonLine', () => {
  it('is one JSON object per line with time, program, stream, line and optional partial', () => {
    const head = jsonRecordHead('t"1', 'web', 'stderr');
    const s = formatJsonLine(head, 'he said "hi"\r\u0001\ufffd', false);
    expect(s.endsWith('\n')).toBe(true);
    expect(s.indexOf('\n')).toBe(s.length - 1);
    expect(Object.keys(JSON.parse(s))).toEqual(['time', 'program', 'stream', 'line']);
    expect(JSON.parse(s)).toEqual({
      time: 't"1',
      program: 'web',
      stream: 'stderr',
      line: 'he said "hi"\r\u0001\ufffd',
    });
    expect(JSON.parse(formatJsonLine(jsonRecordHead('t', 'a', 'stdout'), 'x', true))).toEqual({
      time: 't',
      program: 'a',
      stream: 'stdout',
      line: 'x',
      partial: true,
    });
  });
});

describe('formatPrettyLine', () => {
  it('prints time, padded level, program, message and fields', () => {
    const time = new Date(2024, 0, 1, 12, 0, 1, 123).toISOString();
    const line = formatPrettyLine({ time, level: 'info', program: 'web', msg: 'running', pid: 42 }, false);
    expect(line).toBe('12:00:01.123 INFO  web: running pid=42\n');
  });
  it('quotes values with spaces and shows error messages', () => {
    const line = formatPrettyLine(
      {
        time: 0,
        level: 'error',
        msg: 'spawn failed',
        reason: 'no such file',
        err: { type: 'Error', message: 'ENOENT x' },
      },
      false,
    );
    expect(line).toMatch(/ERROR spawn failed reason="no such file" err="ENOENT x"\n$/);
  });
});
