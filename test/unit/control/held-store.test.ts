// Persistence of operator stops on a real filesystem, including read-only and
// full ones (tmpfs mounts inside a private temp dir; needs root like the rest
// of this suite).
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHeldStore } from '../../../src/runtime/held-store.js';
import { useCleanups } from './cleanups.js';
import { logRecorder } from './log-recorder.js';

const { defer, tempDir } = useCleanups();

function mountTmpfs(dir: string, options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tsvisor-test', dir]);
  defer(() => {
    execFileSync('umount', [dir]);
  });
}

describe('createHeldStore', () => {
  it('round-trips the held set through a JSON file', async () => {
    const dir = join(await tempDir(), 'state', 'nested');
    const log = logRecorder();
    const store = createHeldStore(dir, log);
    await store.save(new Set(['worker', 'api']));
    expect(JSON.parse(await readFile(join(dir, 'held.json'), 'utf8'))).toEqual({ version: 1, held: ['api', 'worker'] });
    expect(await createHeldStore(dir, log).load()).toEqual(new Set(['api', 'worker']));
    await store.save(new Set());
    expect(await store.load()).toEqual(new Set());
    expect(await readdir(dir)).toEqual(['held.json']);
    expect(log.records).toEqual([]);
  });

  it('treats a missing file as nothing held, silently', async () => {
    const log = logRecorder();
    expect(await createHeldStore(await tempDir(), log).load()).toEqual(new Set());
    expect(log.records).toEqual([]);
  });

  it.each([
    ['truncated JSON', '{"version":1,"held":["a"'],
    ['wrong shape', '{"version":1,"held":[1,2]}'],
    ['not an object', '"a"'],
    ['binary junk', '\u0000\u0001\u0002'],
  ])('treats a corrupt file (%s) as empty and warns', async (_label, content) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'held.json'), content);
    const log = logRecorder();
    expect(await createHeldStore(dir, log).load()).toEqual(new Set());
    expect(log.records.map((r) => r.level)).toEqual(['warn']);
  });

  it('keeps the last of overlapping saves', async () => {
    const dir = await tempDir();
    const store = createHeldStore(dir, logRecorder());
    const saves = Array.from({ length: 20 }, (_, i) => store.save(new Set([`p${i}`])));
    await Promise.all(saves);
    expect(await store.load()).toEqual(new Set(['p19']));
    expect(await readdir(dir)).toEqual(['held.json']);
  });

  it('logs and survives a read-only filesystem, keeping the previous file', async () => {
    const dir = join(await tempDir(), 'ro');
    await mkdir(dir);
    mountTmpfs(dir, 'size=64k');
    await createHeldStore(dir, logRecorder()).save(new Set(['a']));
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const log = logRecorder();
    const store = createHeldStore(dir, log);
    await expect(store.save(new Set(['a', 'b']))).resolves.toBeUndefined();
    expect(log.records).toHaveLength(1);
    expect(log.records[0]).toMatchObject({ level: 'error', fields: { err: { code: 'EROFS' } } });
    expect(await store.load()).toEqual(new Set(['a']));
  });

  it('logs and survives a full disk, keeping the previous file and no temp file', async () => {
    const dir = join(await tempDir(), 'full');
    await mkdir(dir);
    mountTmpfs(dir, 'size=16k');
    const store = createHeldStore(dir, logRecorder());
    await store.save(new Set(['a']));
    // Fill every remaining block.
    await writeFile(join(dir, 'filler'), Buffer.alloc(64 * 1024)).catch(() => undefined);
    const log = logRecorder();
    const again = createHeldStore(dir, log);
    await expect(again.save(new Set(['a', 'b'.repeat(8192)]))).resolves.toBeUndefined();
    expect(log.records).toHaveLength(1);
    expect(log.records[0]).toMatchObject({ level: 'error', fields: { err: { code: 'ENOSPC' } } });
    expect(await again.load()).toEqual(new Set(['a']));
    expect((await readdir(dir)).sort()).toEqual(['filler', 'held.json']);
  });

  it('logs and survives a state dir that cannot be created', async () => {
    const base = await tempDir();
    await writeFile(join(base, 'file'), 'x');
    const log = logRecorder();
    const store = createHeldStore(join(base, 'file', 'state'), log);
    await expect(store.save(new Set(['a']))).resolves.toBeUndefined();
    expect(await store.load()).toEqual(new Set());
    expect(log.records.map((r) => r.level)).toEqual(['error', 'warn']);
  });
});
