// The client against a misbehaving server (a raw socket server in the test).
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlRemoteError, controlRequest } from '../../../src/control/client.js';
import { ctlAt, makeTempDir } from './control-fixture.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A server that answers every connection with `reply`. */
async function fakeServer(reply: (socket: Socket, request: string) => void): Promise<string> {
  const dir = await makeTempDir();
  const path = join(dir, 's.sock');
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (d: Buffer) => reply(socket, d.toString()));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return path;
}

describe('controlRequest', () => {
  it('sends one versioned request line and returns the result, passing events on', async () => {
    let seen = '';
    const path = await fakeServer((s, request) => {
      seen = request;
      s.write('{"v":1,"id":1,"event":{"type":"waiting","n":1}}\n{"v":1,"id":1,"ok":true,');
      s.end('"result":[42]}\n');
    });
    const events: unknown[] = [];
    const result = await controlRequest(path, 'wait', { name: 'a' }, { onEvent: (e) => events.push(e) });
    expect(result).toEqual([42]);
    expect(events).toEqual([{ type: 'waiting', n: 1 }]);
    expect(JSON.parse(seen)).toEqual({ v: 1, id: 1, cmd: 'wait', args: { name: 'a' } });
    expect(seen.endsWith('\n')).toBe(true);
  });

  it.each([
    ['garbage', (s: Socket) => s.end('nonsense\n'), /malformed response/],
    ['a response without ok', (s: Socket) => s.end('{"v":1,"id":1}\n'), /malformed response/],
    ['another protocol version', (s: Socket) => s.end('{"v":9,"id":1,"ok":true,"result":1}\n'), /protocol v9/],
    ['a close without answer', (s: Socket) => s.end(), /closed the connection without answering/],
    ['a close mid-line', (s: Socket) => s.end('{"v":1,"id":1,"ok":tr'), /closed the connection/],
  ])('rejects %s with a ControlRemoteError', async (_label, reply, message) => {
    const path = await fakeServer(reply);
    const error = await controlRequest(path, 'status', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlRemoteError);
    expect((error as Error).message).toMatch(message);
  });

  it('makes ctl print one line and exit 1 on a broken server', async () => {
    const path = await fakeServer((s) => s.end('nonsense\n'));
    expect(await ctlAt(path, ['status'])).toEqual({
      code: 1,
      out: '',
      err: 'tsvisor ctl: tsvisor sent a malformed response\n',
    });
  });

  it('reports a connection refused on a stale socket file', async () => {
    const dir = await makeTempDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'stale.sock');
    const script = `require('net').createServer().listen(process.argv[1],()=>process.kill(process.pid,'SIGKILL'))`;
    await new Promise((resolve) => spawn(process.execPath, ['-e', script, path]).once('close', resolve));
    const r = await ctlAt(path, ['status']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `tsvisor ctl: cannot connect to ${path}: connection refused (is tsvisor running? set --socket or TSVISOR_SOCKET)\n`,
    );
  });
});
