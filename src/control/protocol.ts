// Request validation for the server side of the control protocol (framing and
// encoders are in wire.ts). Requests are validated here with zod, once, so the
// dispatcher only ever sees well-typed commands; ctl never loads this module,
// which keeps zod off the start-up path of every `tsvisor ctl status` probe.

import { z } from 'zod';
import { PROTOCOL_VERSION, type WireErrorCode } from './wire.js';

const names = z.array(z.string().min(1).max(256)).max(10_000);
const someNames = names.min(1);

// Bounds keep a hostile or mistaken client from asking PID 1 for unbounded work.
const argsByCommand = {
  status: z.object({ names: names.default([]) }),
  start: z.object({ names: someNames }),
  stop: z.object({ names: someNames }),
  restart: z.object({ names: someNames }),
  signal: z.object({ signal: z.string().min(1).max(32), names: someNames }),
  logs: z.object({
    name: z.string().min(1).max(256),
    lines: z.number().int().min(0).max(1_000_000).default(100),
    follow: z.boolean().default(false),
  }),
  reload: z.object({}),
  shutdown: z.object({}),
  wait: z.object({
    name: z.string().min(1).max(256),
    for: z.enum(['running', 'healthy']),
    timeout_ms: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600_000),
  }),
} as const;

/** Every command name the server understands. */
export type CommandName = keyof typeof argsByCommand;

/** The validated arguments of each command. */
export type CommandArgs = { [K in CommandName]: z.output<(typeof argsByCommand)[K]> };

/** A validated request, discriminated by `cmd`. */
export type ControlRequest = { [K in CommandName]: { id: number; cmd: K; args: CommandArgs[K] } }[CommandName];

const envelope = z.object({
  v: z.number(),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  cmd: z.string(),
  args: z.record(z.string(), z.unknown()).default({}),
});

/** Outcome of parsing one request line. */
export type ParsedRequest =
  | { ok: true; request: ControlRequest }
  | { ok: false; id: number | null; code: WireErrorCode; message: string };

/** Parses and validates one request line (without its newline). Never throws. */
export function parseRequest(line: string): ParsedRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, id: null, code: 'bad-request', message: 'request is not valid JSON' };
  }
  const id = idOf(raw);
  const outer = envelope.safeParse(raw);
  if (!outer.success) return { ok: false, id, code: 'bad-request', message: describe(outer.error) };
  const { v, cmd, args } = outer.data;
  if (v !== PROTOCOL_VERSION) {
    return {
      ok: false,
      id,
      code: 'bad-version',
      message: `unsupported protocol version ${v} (this tsvisor speaks ${PROTOCOL_VERSION})`,
    };
  }
  if (!Object.hasOwn(argsByCommand, cmd)) {
    return { ok: false, id, code: 'bad-request', message: `unknown command "${cmd.slice(0, 64)}"` };
  }
  const name = cmd as CommandName;
  const parsed = argsByCommand[name].safeParse(args);
  if (!parsed.success) return { ok: false, id, code: 'bad-request', message: `${name}: ${describe(parsed.error)}` };
  return { ok: true, request: { id: outer.data.id, cmd: name, args: parsed.data } as ControlRequest };
}

// Echo the id back even when the rest is malformed, so a pipelining client can
// still match the error to its request.
function idOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}
