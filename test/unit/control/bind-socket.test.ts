// Socket file safety: mode, group, who can connect, stale and live sockets.
import { spawn } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startControlServer } from '../../../src/control/server.js';
import { useCleanups } from './cleanups.js';
import { rawClient } from './control-fixture.js';
import { FakeApi } from './fake-api.js';
import { logRecorder } from './log-recorder.js';
import { programView } from './program-view.js';

const { defer, tempDir } = useCleanups();

async function serve(socketPath: string, group?: string) {
  const server = await startControlServer({
    socketPath,
    group,
    api: new FakeApi([programView({ name: 'web' })]),
    log: logRecorder(),
  });
  defer(() => server.close());
  return server;
}

/** Runs a tiny node client as nobody:nogroup with no supplementary groups; prints "ok" or the errno. */
function connectAsNobody(socketPath: string): Promise<string> {
  const script = `const s=require('net').connect(process.argv[1]);
s.on('connect',()=>s.end('{"v":1,"id":1,"cmd":"status"}\\n'));
s.on('data',d=>{process.stdout.write(JSON.parse(String(d).split('\\n')[0]).ok?'ok':'refused');});
s.on('error',e=>process.stdout.write(e.code));`;
  const child = spawn(
    'setpriv',
    ['--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups', process.execPath, '-e', script, socketPath],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', () => resolve(out));
  });
}

describe('bindSocket', () => {
  it('creates the socket 0600, refuses other users, and leaves no private dir behind', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ctl.sock');
    await serve(path);
    const info = await stat(path);
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.uid).toBe(process.getuid?.());
    expect(await readdir(dir)).toEqual(['ctl.sock']);
    expect(await connectAsNobody(path)).toBe('EACCES');
  });

  it('with a group, creates it 0660 owned by that group, and a member can connect', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ctl.sock');
    await serve(path, 'nogroup');
    const info = await stat(path);
    expect(info.mode & 0o777).toBe(0o660);
    const nogroup = (await readFile('/etc/group', 'utf8')).match(/^nogroup:[^:]*:(\d+):/m)?.[1];
    expect(info.gid).toBe(Number(nogroup));
    expect(await connectAsNobody(path)).toBe('ok');
  });

  it('rejects an unknown group and creates nothing', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ctl.sock');
    await expect(serve(path, 'no-such-group-xyz')).rejects.toThrow(/no group named "no-such-group-xyz"/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('creates missing parent directories', async () => {
    const dir = await tempDir();
    const path = join(dir, 'a', 'b', 'ctl.sock');
    await serve(path);
    expect((await stat(path)).isSocket()).toBe(true);
  });

  it('replaces a stale socket left by a killed server', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ctl.sock');
    // A real process binds the path and dies by SIGKILL, so nothing unlinks it.
    const script = `require('net').createServer().listen(process.argv[1],()=>process.kill(process.pid,'SIGKILL'))`;
    await new Promise((resolve) => spawn(process.execPath, ['-e', script, path]).once('close', resolve));
    expect((await lstat(path)).isSocket()).toBe(true);
    await serve(path);
    const c = await rawClient(path);
    c.socket.end('{"v":1,"id":1,"cmd":"status"}\n');
    expect((await c.waitLines(1))[0]).toMatchObject({ ok: true });
  });

  it('refuses a path another live server answers on, and leaves it working', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ctl.sock');
    const first = await serve(path);
    await expect(serve(path)).rejects.toThrow(/already serving/);
    expect(await readdir(dir)).toEqual(['ctl.sock']);
    const c = await rawClient(first.path);
    c.socket.end('{"v":1,"id":1,"cmd":"status"}\n');
    expect((await c.waitLines(1))[0]).toMatchObject({ ok: true });
  });

  it('refuses to replace something that is not a socket', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ctl.sock');
    await writeFile(path, 'precious');
    await expect(serve(path)).rejects.toThrow(/not a socket/);
    expect(await readFile(path, 'utf8')).toBe('precious');
  });

  it('removes the socket at close, but not one that replaced it meanwhile', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ctl.sock');
    const server = await serve(path);
    await server.close();
    await expect(lstat(path)).rejects.toMatchObject({ code: 'ENOENT' });

    const again = await serve(path);
    await rm(path);
    await mkdir(path);
    await again.close();
    expect((await lstat(path)).isDirectory()).toBe(true);
  });

  it('falls back to a narrowed umask when the private path would not fit, still 0600', async () => {
    const base = await tempDir();
    // Final path fits in sun_path (107 bytes); base/.tsv-XXXXXX/s would not.
    const dir = join(base, 'd'.repeat(98 - base.length - 1));
    await mkdir(dir, { mode: 0o755 });
    const path = join(dir, 'c.sock');
    expect(Buffer.byteLength(path)).toBeLessThanOrEqual(107);
    expect(Buffer.byteLength(join(dir, '.tsv-XXXXXX', 's'))).toBeGreaterThan(107);
    const umaskBefore = process.umask();
    await serve(path);
    expect(process.umask()).toBe(umaskBefore);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['c.sock']);
    expect(await connectAsNobody(path)).toBe('EACCES');
  });

  it('refuses a path longer than a Unix socket allows', async () => {
    const dir = await tempDir();
    const path = join(dir, 'x'.repeat(120));
    await expect(serve(path)).rejects.toThrow(/longer than the 107 bytes/);
    expect(await readdir(dir)).toEqual([]);
  });
});
