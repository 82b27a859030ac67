// The server against hostile and unlucky clients, over a real Unix socket.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '../../../src/control/wire.js';
import { type ControlFixture, eventually, rawClient, startFixture } from './control-fixture.js';
import { programView } from './program-view.js';

let fx: ControlFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const views = () => [programView({ name: 'web' }), programView({ name: 'worker' })];
const status = (id: number) => `${JSON.stringify({ v: 1, id, cmd: 'status', args: {} })}\n`;

describe('control server', () => {
  it('answers garbage with an error and keeps serving the same connection', async () => {
    fx = await startFixture(views());
    const c = await rawClient(fx.socketPath);
    c.socket.write('this is not json\n{"v":1}\n\n');
    c.socket.write(status(9));
    const [garbage, noId, ok] = await c.waitLines(3);
    expect(garbage).toMatchObject({ v: 1, id: null, ok: false, error: { code: 'bad-request' } });
    expect(noId).toMatchObject({ id: null, ok: false, error: { code: 'bad-request' } });
    expect(ok).toMatchObject({ v: 1, id: 9, ok: true });
    c.socket.destroy();
  });

  it('answers pipelined requests in order', async () => {
    fx = await startFixture(views());
    const c = await rawClient(fx.socketPath);
    c.socket.write(Array.from({ length: 20 }, (_, i) => status(i)).join(''));
    const lines = await c.waitLines(20);
    expect(lines.map((l) => (l as { id: number }).id)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    c.socket.destroy();
  });

  it('refuses an unknown protocol version with a clear error', async () => {
    fx = await startFixture(views());
    const c = await rawClient(fx.socketPath);
    c.socket.write('{"v":2,"id":5,"cmd":"status","args":{}}\n');
    const [line] = await c.waitLines(1);
    expect(line).toMatchObject({ id: 5, ok: false, error: { code: 'bad-version' } });
    c.socket.destroy();
  });

  it('closes a connection whose line exceeds the cap, without buffering it, and keeps serving others', async () => {
    fx = await startFixture(views());
    const c = await rawClient(fx.socketPath);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    // Write until the server gives up; it must answer before we reach much beyond the cap.
    let sent = 0;
    while (sent <= MAX_REQUEST_BYTES + chunk.length && !c.socket.destroyed) {
      c.socket.write(chunk);
      sent += chunk.length;
    }
    const [line] = await c.waitLines(1);
    expect(line).toMatchObject({ id: null, ok: false, error: { code: 'too-large' } });
    c.socket.end();
    await c.closed;
    const next = await rawClient(fx.socketPath);
    next.socket.write(status(1));
    expect((await next.waitLines(1))[0]).toMatchObject({ id: 1, ok: true });
    next.socket.destroy();
    expect(fx.log.records.some((r) => r.level === 'warn' && /too large/.test(r.msg))).toBe(true);
  });

  it('answers a request whose sender half-closed right after it (socat style)', async () => {
    fx = await startFixture(views());
    const c = await rawClient(fx.socketPath);
    c.socket.end(status(3));
    const [line] = await c.waitLines(1);
    expect(line).toMatchObject({ id: 3, ok: true });
    await c.closed;
  });

  it('reports a request cut off by a half-close and closes', async () => {
    fx = await startFixture(views());
    const c = await rawClient(fx.socketPath);
    c.socket.end('{"v":1,"id":4,"cmd":"sta');
    const [line] = await c.waitLines(1);
    expect(line).toMatchObject({ id: null, ok: false, error: { code: 'bad-request' } });
    await c.closed;
  });

  it('drops a connection that sends half a line and then goes silent', async () => {
    fx = await startFixture(views(), { idleTimeoutMs: 200 });
    const c = await rawClient(fx.socketPath);
    c.socket.write('{"v":1,"id":1,');
    await c.closed;
    expect(c.lines).toEqual([]);
  });

  it('unsubscribes a follower that disconnects mid-stream', async () => {
    fx = await startFixture(views());
    const api = fx.api;
    const c = await rawClient(fx.socketPath);
    c.socket.write('{"v":1,"id":1,"cmd":"logs","args":{"name":"web","lines":0,"follow":true}}\n');
    await eventually(() => api.followers.size === 1);
    api.emitLine('web', 'hello');
    const [event] = await c.waitLines(1);
    expect(event).toMatchObject({ id: 1, event: { type: 'log', line: { line: 'hello', program: 'web' } } });
    c.socket.destroy();
    await eventually(() => api.followers.size === 0);
  });

  it('ends a follow when the client half-closes, with a final response', async () => {
    fx = await startFixture(views());
    const api = fx.api;
    const c = await rawClient(fx.socketPath);
    c.socket.write('{"v":1,"id":2,"cmd":"logs","args":{"name":"web","follow":true}}\n');
    await eventually(() => api.followers.size === 1);
    c.socket.end();
    const [final] = await c.waitLines(1);
    expect(final).toMatchObject({ id: 2, ok: true, result: null });
    expect(api.followers.size).toBe(0);
    await c.closed;
  });

  it('turns an unexpected runtime exception into an internal error response and logs it', async () => {
    fx = await startFixture(views());
    fx.api.statusFailure = new Error('boom');
    const c = await rawClient(fx.socketPath);
    c.socket.write(status(8));
    expect((await c.waitLines(1))[0]).toMatchObject({ id: 8, ok: false, error: { code: 'internal', message: 'boom' } });
    expect(fx.log.records.some((r) => r.level === 'error')).toBe(true);
    c.socket.destroy();
  });

  it('rejects a signal the kernel does not know, even from a raw client', async () => {
    fx = await startFixture(views());
    const c = await rawClient(fx.socketPath);
    c.socket.write('{"v":1,"id":1,"cmd":"signal","args":{"signal":"SIGBOGUS","names":["web"]}}\n');
    expect((await c.waitLines(1))[0]).toMatchObject({ id: 1, ok: false, error: { code: 'bad-signal' } });
    expect(fx.api.calls).toEqual([]);
    c.socket.destroy();
  });

  it('serves 200 concurrent clients', async () => {
    fx = await startFixture(views());
    const socketPath = fx.socketPath;
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const c = await rawClient(socketPath);
        c.socket.end(status(i));
        const [line] = await c.waitLines(1);
        await c.closed;
        return line as { id: number; ok: boolean; result: unknown[] };
      }),
    );
    expect(results.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(results.every((r) => r.ok && r.result.length === 2)).toBe(true);
  });

  it('fails pending waits with shutting-down and closes every connection on close()', async () => {
    fx = await startFixture([programView({ name: 'web', state: 'starting' })]);
    const c = await rawClient(fx.socketPath);
    c.socket.write('{"v":1,"id":1,"cmd":"wait","args":{"name":"web","for":"running","timeout_ms":60000}}\n');
    const [waiting] = await c.waitLines(1);
    expect(waiting).toMatchObject({ id: 1, event: { type: 'waiting', program: { name: 'web', state: 'starting' } } });
    const idle = await rawClient(fx.socketPath);
    await fx.server.close();
    const lines = await c.waitLines(2);
    expect(lines[1]).toMatchObject({ id: 1, ok: false, error: { code: 'shutting-down' } });
    await Promise.all([c.closed, idle.closed]);
  });
});
