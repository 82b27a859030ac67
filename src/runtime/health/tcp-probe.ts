// A health check that only needs a TCP connect to succeed, made in-process so
// it costs no fork.

import { connect, type Socket } from 'node:net';
import { type ProbeResult, timedOut } from './probe-result.js';

/** Healthy when host:port accepts a connection; the connection is closed at once. */
export function runTcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let socket: Socket;
    try {
      socket = connect({ host, port });
    } catch (error) {
      // e.g. a port out of range: the schema should have caught it, but a probe never throws.
      resolve({ ok: false, output: `cannot connect to ${host}:${port}: ${String(error)}` });
      return;
    }
    const finish = (result: ProbeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(timedOut(timeoutMs)), timeoutMs);
    socket.once('connect', () => finish({ ok: true, output: `connected to ${host}:${port}` }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, output: `cannot connect to ${host}:${port}: ${error.code ?? error.message}` }),
    );
  });
}
