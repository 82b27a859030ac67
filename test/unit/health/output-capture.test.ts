import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { captureOutput } from '../../../src/runtime/health/output-capture.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('captureOutput', () => {
  it('interleaves both streams in arrival order', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    const capture = captureOutput([out, null, err]);
    out.write('a');
    await flush();
    err.write('b');
    await flush();
    out.write('c');
    await flush();
    expect(capture.text()).toBe('abc');
    capture.dispose();
  });

  it('keeps the first 4 KiB and keeps draining so a writer never blocks', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const capture = captureOutput([out]);
    for (let i = 0; i < 100; i++) out.write('x'.repeat(1000));
    await flush();
    expect(capture.text()).toBe('x'.repeat(4096));
    expect(out.writableLength).toBe(0);
    capture.dispose();
    expect(out.destroyed).toBe(true);
  });

  it('drops a multi-byte character cut at the limit', async () => {
    const out = new PassThrough();
    const capture = captureOutput([out]);
    out.write(`${'x'.repeat(4095)}é`);
    await flush();
    expect(capture.text()).toBe('x'.repeat(4095));
    capture.dispose();
  });
});
