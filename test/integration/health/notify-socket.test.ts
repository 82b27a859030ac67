import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { openNotifySocket } from '../../../src/os/notify-socket.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tsvisor-notify-'));
// mkdtemp makes the directory 0700; the unprivileged-sender test needs to reach the socket inside.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Fields = ReadonlyMap<string, string>;

/** Collects messages and resolves waiters once `count` have arrived. */
function inbox() {
  const messages: Fields[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    messages,
    push(fields: Fields) {
      messages.push(fields);
      for (const w of waiters) if (messages.length >= w.count) w.resolve();
    },
    until(count: number, ms = 10_000): Promise<void> {
      if (messages.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${messages.length}/${count} messages`)), ms);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

async function pySend(address: string, payload: string): Promise<void> {
  const script = [
    'import socket, sys',
    'a = sys.argv[1]',
    "a = '\\0' + a[1:] if a.startswith('@') else a",
    's = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)',
    's.sendto(sys.argv[2].encode(), a)',
  ].join('\n');
  await run(python, ['-c', script, address, payload]);
}

// The pyenv shim costs ~0.5 s per start; the system interpreter does not.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

async function socatSend(path: string, payload: string): Promise<void> {
  await run('sh', ['-c', `printf '%s' "$1" | socat -u STDIN UNIX-SENDTO:"$2"`, 'sh', payload, path]);
}

describe('openNotifySocket', () => {
  it('receives READY=1 and STATUS from a python sender', async () => {
    const box = inbox();
    const path = join(dir, 'py.sock');
    const socket = await openNotifySocket(path, box.push);
    try {
      await pySend(path, 'READY=1');
      await pySend(path, 'STATUS=Serving 3 clients\nMAINPID=4242');
      await box.until(2);
      expect(box.messages.map((m) => Object.fromEntries(m))).toEqual([
        { READY: '1' },
        { STATUS: 'Serving 3 clients', MAINPID: '4242' },
      ]);
    } finally {
      socket.close();
    }
    expect(existsSync(path)).toBe(false);
  });

  it('receives from systemd-notify and socat', async () => {
    const box = inbox();
    const path = join(dir, 'sd.sock');
    const socket = await openNotifySocket(path, box.push);
    try {
      await run('systemd-notify', ['--ready', '--status=warming up'], { env: { ...process.env, NOTIFY_SOCKET: path } });
      // systemd-notify returns only after its BARRIER=1 (a pipe fd passed with
      // SCM_RIGHTS) is released, so by now the message is in; BARRIER itself is not reported.
      await box.until(1);
      expect(box.messages.map((m) => Object.fromEntries(m))).toEqual([{ READY: '1', STATUS: 'warming up' }]);
      await socatSend(path, 'STOPPING=1');
      await box.until(2);
      expect(box.messages.map((m) => Object.fromEntries(m))[1]).toEqual({ STOPPING: '1' });
    } finally {
      socket.close();
    }
  });

  it('hands the socket to the program user so an unprivileged sender can notify', async () => {
    const nobody = 65534;
    const sendAsNobody = (path: string) =>
      run('setpriv', [
        `--reuid=${nobody}`,
        `--regid=${nobody}`,
        '--clear-groups',
        'sh',
        '-c',
        'printf READY=1 | socat -u STDIN UNIX-SENDTO:"$1"',
        'sh',
        path,
      ]);
    const rootOwned = await openNotifySocket(join(dir, 'root.sock'), () => {});
    try {
      await expect(sendAsNobody(rootOwned.path)).rejects.toThrow();
    } finally {
      rootOwned.close();
    }
    const box = inbox();
    const path = join(dir, 'owned.sock');
    const socket = await openNotifySocket(path, box.push, { uid: nobody, gid: nobody });
    try {
      expect(statSync(path).uid).toBe(nobody);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      await sendAsNobody(path);
      await box.until(1);
      expect(box.messages[0]?.get('READY')).toBe('1');
    } finally {
      socket.close();
    }
  });

  it('supports abstract @names', async () => {
    const box = inbox();
    const name = `@tsvisor-test-${process.pid}-${Date.now()}`;
    const socket = await openNotifySocket(name, box.push);
    try {
      await pySend(name, 'READY=1');
      await box.until(1);
      expect(box.messages[0]?.get('READY')).toBe('1');
    } finally {
      socket.close();
    }
  });

  it('replaces a stale socket file, can rebind after close, and never clobbers a regular file', async () => {
    const path = join(dir, 'stale.sock');
    // A socket file left behind by a process that died without unlinking it.
    await run(python, [
      '-c',
      'import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind(sys.argv[1])',
      path,
    ]);
    expect(existsSync(path)).toBe(true);
    const box = inbox();
    const first = await openNotifySocket(path, box.push);
    first.close();
    const second = await openNotifySocket(path, box.push);
    try {
      await socatSend(path, 'READY=1');
      await box.until(1);
    } finally {
      second.close();
    }
    const file = join(dir, 'regular');
    writeFileSync(file, 'keep me');
    await expect(openNotifySocket(file, () => {})).rejects.toThrow(/not a socket/);
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });

  it('serves many notify sockets with one thread: the threadpool stays free for fs work', async () => {
    const box = inbox();
    const sockets = await Promise.all(
      Array.from({ length: 12 }, (_, i) => openNotifySocket(join(dir, `many-${i}.sock`), box.push)),
    );
    try {
      // With one blocked thread per socket, 12 sockets would starve libuv's 4 threads and this read would hang.
      const read = readFile(__filename, 'utf8');
      await expect(
        Promise.race([read.then(() => 'read'), new Promise((r) => setTimeout(() => r('starved'), 5000))]),
      ).resolves.toBe('read');
      await Promise.all(sockets.map((s, i) => socatSend(s.path, `STATUS=${i}`)));
      await box.until(12);
      expect(box.messages.map((m) => m.get('STATUS')).sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: 12 }, (_, i) => String(i)),
      );
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('lets the process exit by itself once its socket is closed', async () => {
    const bundle = join(dir, 'notify-once.mjs');
    await build({
      entryPoints: [join(__dirname, '../../fixtures/health/notify-once.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      external: ['koffi'],
      logLevel: 'silent',
    });
    const path = join(dir, 'once.sock');
    const child = spawn(process.execPath, [bundle, path], {
      env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const listening = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('listening\n')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await listening;
      await pySend(path, 'READY=1\nSTATUS=done');
      const code = await Promise.race([exited, new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 10_000))]);
      expect(code).toBe(0);
      expect(out).toContain('{"READY":"1","STATUS":"done"}');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
