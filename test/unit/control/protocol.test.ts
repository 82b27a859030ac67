import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/control/protocol.js';
import { encodeError, encodeEvent, encodeRequest, encodeResult } from '../../../src/control/wire.js';

describe('parseRequest', () => {
  it('accepts a request produced by encodeRequest and fills defaults', () => {
    const parsed = parseRequest(encodeRequest(7, 'logs', { name: 'web' }).trimEnd());
    expect(parsed).toEqual({
      ok: true,
      request: { id: 7, cmd: 'logs', args: { name: 'web', lines: 100, follow: false } },
    });
  });

  it('defaults missing args and status names', () => {
    expect(parseRequest('{"v":1,"id":1,"cmd":"status"}')).toEqual({
      ok: true,
      request: { id: 1, cmd: 'status', args: { names: [] } },
    });
  });

  it.each([
    ['not json', 'hello', null, 'bad-request'],
    ['an array', '[1,2]', null, 'bad-request'],
    ['a missing id', '{"v":1,"cmd":"status"}', null, 'bad-request'],
    ['a negative id', '{"v":1,"id":-1,"cmd":"status"}', null, 'bad-request'],
    ['another version', '{"v":2,"id":3,"cmd":"status"}', 3, 'bad-version'],
    ['an unknown command', '{"v":1,"id":4,"cmd":"format-disk"}', 4, 'bad-request'],
    ['a prototype key as command', '{"v":1,"id":4,"cmd":"toString"}', 4, 'bad-request'],
    ['start without names', '{"v":1,"id":5,"cmd":"start","args":{"names":[]}}', 5, 'bad-request'],
    ['wrong arg type', '{"v":1,"id":6,"cmd":"logs","args":{"name":"a","lines":"ten"}}', 6, 'bad-request'],
    [
      'bad wait condition',
      '{"v":1,"id":8,"cmd":"wait","args":{"name":"a","for":"dead","timeout_ms":1}}',
      8,
      'bad-request',
    ],
    ['args not an object', '{"v":1,"id":9,"cmd":"status","args":"x"}', 9, 'bad-request'],
  ])('rejects %s', (_label, line, id, code) => {
    const parsed = parseRequest(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.id).toBe(id);
      expect(parsed.code).toBe(code);
      expect(parsed.message.length).toBeGreaterThan(0);
    }
  });

  it('names the version in the bad-version message', () => {
    const parsed = parseRequest('{"v":2,"id":3,"cmd":"status"}');
    expect(!parsed.ok && parsed.message).toMatch(/version 2.*speaks 1/);
  });
});

describe('encoders', () => {
  it('frame one JSON object per line with the version', () => {
    for (const line of [encodeResult(1, [1]), encodeError(null, 'too-large', 'x'), encodeEvent(2, { type: 'log' })]) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(JSON.parse(line)).toMatchObject({ v: 1 });
    }
    expect(JSON.parse(encodeError(3, 'timeout', 'late'))).toEqual({
      v: 1,
      id: 3,
      ok: false,
      error: { code: 'timeout', message: 'late' },
    });
  });
});
