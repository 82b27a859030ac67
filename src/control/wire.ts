// The control socket's wire format: one JSON object per line, versioned so a
// `tsvisor ctl` from another release fails with a clear message instead of
// misreading fields. Shared by server and client; free of zod so that ctl,
// run every few seconds as a health probe, starts fast.

import type { CommandName } from './protocol.js';

/** The protocol version this build speaks. */
export const PROTOCOL_VERSION = 1;

/** Longest request line the server buffers; a longer one is refused and the connection closed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Error codes on the wire: the runtime's ControlError codes plus protocol-level failures. */
export type WireErrorCode =
  | 'unknown-program'
  | 'bad-signal'
  | 'bad-request'
  | 'timeout'
  | 'unreachable'
  | 'shutting-down'
  | 'bad-version'
  | 'too-large'
  | 'internal';

/** The final line answering a request; `id` is null when the request was too broken to carry one. */
export type ControlResponse =
  | { v: number; id: number | null; ok: true; result: unknown }
  | { v: number; id: number | null; ok: false; error: { code: WireErrorCode; message: string } };

/** An intermediate line of a streaming command (`logs -f`, `wait`). */
export interface ControlEvent {
  v: number;
  id: number;
  event: { type: string; [field: string]: unknown };
}

/** Serialises a request line for the client. */
export function encodeRequest(id: number, cmd: CommandName, args: Record<string, unknown>): string {
  return `${JSON.stringify({ v: PROTOCOL_VERSION, id, cmd, args })}\n`;
}

/** Serialises a successful final response line. */
export function encodeResult(id: number, result: unknown): string {
  return `${JSON.stringify({ v: PROTOCOL_VERSION, id, ok: true, result })}\n`;
}

/** Serialises an error final response line. */
export function encodeError(id: number | null, code: WireErrorCode, message: string): string {
  return `${JSON.stringify({ v: PROTOCOL_VERSION, id, ok: false, error: { code, message } })}\n`;
}

/** Serialises an intermediate event line of a streaming command. */
export function encodeEvent(id: number, event: ControlEvent['event']): string {
  return `${JSON.stringify({ v: PROTOCOL_VERSION, id, event })}\n`;
}
