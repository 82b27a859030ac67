// The control socket server: binds the Unix socket safely, hands each
// connection to serveConnection, and tears everything down at shutdown so
// PID 1 never waits on a client that stopped reading.

import { createServer, type Socket } from 'node:net';
import type { ControlApi } from './api.js';
import { type BoundSocket, bindSocket, unbindSocket } from './bind-socket.js';
import { type Connection, serveConnection } from './connection.js';
import type { ControlLogger } from './control-logger.js';

/** What the composition root passes in; socketPath is already resolved (see resolveSocketPath). */
export interface ControlServerOptions {
  readonly socketPath: string;
  /** When set, the socket is 0660 and owned by this group (name or gid); otherwise 0600. */
  readonly group: string | undefined;
  readonly api: ControlApi;
  readonly log: ControlLogger;
  /** Close connections idle this long with nothing in flight; default 60 s. */
  readonly idleTimeoutMs?: number;
  /** Connections beyond this are refused by the kernel-level accept; default 1024 (each costs an fd). */
  readonly maxConnections?: number;
}

/** A running control server. */
export interface ControlServer {
  readonly path: string;
  /** Stops accepting, ends every connection (streams get a final line), removes the socket file. */
  close(): Promise<void>;
}

// How long close() lets in-flight answers drain before destroying connections.
const CLOSE_GRACE_MS = 1000;

/** Binds the control socket and starts serving `api` on it. Rejects when a live server already owns the path. */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const connections = new Map<Socket, Connection>();
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  // allowHalfOpen: `echo '{…}' | socat - UNIX:…` shuts its write side right
  // after the request; the answer must still be deliverable.
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: false }, (socket) => {
    const connection = serveConnection(socket, { api: options.api, log: options.log, idleTimeoutMs });
    connections.set(socket, connection);
    socket.once('close', () => connections.delete(socket));
  });
  server.maxConnections = options.maxConnections ?? 1024;
  server.on('error', (error) => options.log.error({ err: error }, 'control socket error'));
  const bound: BoundSocket = await bindSocket(server, options.socketPath, options.group);
  options.log.info({ path: bound.path, group: options.group ?? null }, 'control socket listening');

  let closed: Promise<void> | undefined;
  return {
    path: bound.path,
    close() {
      closed ??= closeServer();
      return closed;
    },
  };

  async function closeServer(): Promise<void> {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of connections.values()) connection.shutdown();
    const grace = setTimeout(() => {
      for (const socket of connections.keys()) socket.destroy();
    }, CLOSE_GRACE_MS);
    await stopped;
    clearTimeout(grace);
    await unbindSocket(bound).catch((error: unknown) =>
      options.log.warn({ err: error, path: bound.path }, 'could not remove control socket'),
    );
  }
}
