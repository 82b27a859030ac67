// A bare control-socket client for fault tests: speaks the NDJSON protocol
// directly so hundreds of clients cost sockets, not Node processes.

import { connect } from 'node:net';
import type { ProgramView } from '../../../src/control/api.js';

/** The final response line of one request. */
export interface WireResponse {
  readonly id: number | null;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { code: string; message: string };
}

/** Sends raw bytes, half-closes, and resolves with every line the server wrote before closing. */
export function sendRaw(socketPath: string, payload: string | Buffer, timeoutMs = 10_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    let text = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${JSON.stringify(text.slice(0, 500))}`));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      text += chunk;
    });
    // A reset after our huge write is an answer too: the server refused the line.
    sock.on('error', () => undefined);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(text.split('\n').filter((l) => l !== ''));
    });
    sock.on('connect', () => sock.end(payload));
  });
}

/** One request; resolves with its final response. */
export async function request(
  socketPath: string,
  cmd: string,
  args: Record<string, unknown> = {},
  timeoutMs = 10_000,
): Promise<WireResponse> {
  const lines = await sendRaw(socketPath, `${JSON.stringify({ v: 1, id: 1, cmd, args })}\n`, timeoutMs);
  const last = lines.at(-1);
  if (last === undefined) throw new Error(`no answer to ${cmd}`);
  return JSON.parse(last) as WireResponse;
}

/** The process table as `ctl status --json` returns it. */
export async function status(socketPath: string, timeoutMs = 10_000): Promise<ProgramView[]> {
  const r = await request(socketPath, 'status', {}, timeoutMs);
  if (!r.ok) throw new Error(`status failed: ${JSON.stringify(r.error)}`);
  return r.result as ProgramView[];
}
