import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../../src/runtime/health-probe.js';

const noSpawn = {
  spawn: () => {
    throw new Error('network probes must not spawn');
  },
  env: {},
};

function listen<S extends TcpServer | Server>(server: S): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: TcpServer | Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function waitNoConnections(server: TcpServer | Server): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const n = await new Promise<number>((resolve) => server.getConnections((_e, c) => resolve(c)));
    if (n === 0) return 0;
    await new Promise((r) => setTimeout(r, 20));
  }
  return -1;
}

describe('tcp probe', () => {
  let server: TcpServer;
  let port: number;
  let accepted = 0;
  beforeAll(async () => {
    server = createTcpServer((socket) => {
      accepted++;
      socket.on('error', () => {});
    });
    port = await listen(server);
  });
  afterAll(() => close(server));

  it('is healthy when the port accepts, and hangs up right away', async () => {
    const result = await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, 5000, noSpawn);
    expect(result).toEqual({ ok: true, output: `connected to 127.0.0.1:${port}` });
    expect(await waitNoConnections(server)).toBe(0);
    expect(accepted).toBe(1);
  });

  it('is unhealthy on a closed port', async () => {
    const probe = createTcpServer();
    const closedPort = await listen(probe);
    await close(probe);
    const result = await runProbe({ kind: 'tcp', host: '127.0.0.1', port: closedPort }, 5000, noSpawn);
    expect(result).toEqual({ ok: false, output: `cannot connect to 127.0.0.1:${closedPort}: ECONNREFUSED` });
  });

  it('never throws on a port out of range', async () => {
    const result = await runProbe({ kind: 'tcp', host: '127.0.0.1', port: 70000 }, 5000, noSpawn);
    expect(result.ok).toBe(false);
  });
});

describe('http probe', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      if (req.url === '/ok') res.end('fine');
      else if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/error') res.writeHead(500).end('broken');
      else if (req.url === '/stream') res.writeHead(200).write('first chunk, never ends');
      // /hang: never answers
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await close(server);
  });

  it.each([
    ['/ok', true, 'HTTP 200 OK'],
    ['/redirect', true, 'HTTP 302 Found'],
    ['/error', false, 'HTTP 500 Internal Server Error'],
    ['/stream', true, 'HTTP 200 OK'],
  ])('GET %s', async (path, ok, output) => {
    expect(await runProbe({ kind: 'http', url: base + path }, 5000, noSpawn)).toEqual({ ok, output });
    expect(await waitNoConnections(server)).toBe(0);
  });

  it('times out on a server that never answers and drops the connection', async () => {
    const result = await runProbe({ kind: 'http', url: `${base}/hang` }, 400, noSpawn);
    expect(result).toEqual({ ok: false, output: 'timed out after 400ms' });
    expect(await waitNoConnections(server)).toBe(0);
  });

  it('is unhealthy when nothing listens', async () => {
    const probe = createTcpServer();
    const closedPort = await listen(probe);
    await close(probe);
    const result = await runProbe({ kind: 'http', url: `http://127.0.0.1:${closedPort}/` }, 5000, noSpawn);
    expect(result).toEqual({ ok: false, output: `GET http://127.0.0.1:${closedPort}/ failed: ECONNREFUSED` });
  });

  it('rejects URLs it cannot probe without throwing', async () => {
    expect(await runProbe({ kind: 'http', url: 'not a url' }, 1000, noSpawn)).toEqual({
      ok: false,
      output: 'invalid health check URL "not a url"',
    });
    expect((await runProbe({ kind: 'http', url: 'ftp://x/' }, 1000, noSpawn)).output).toBe(
      'unsupported health check URL scheme ftp:',
    );
  });
});
