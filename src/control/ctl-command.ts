// `tsvisor ctl`: parse, send one request, print the answer, pick the exit
// code. Exit codes: 0 ok, 1 operation failed (unknown program, no server),
// 2 usage (bad option, bad signal), 3 not OK (status verdict, wait timeout).

import type { LogLine, ProgramView, ReloadReport } from './api.js';
import { ControlConnectError, ControlRemoteError, controlRequest } from './client.js';
import { CTL_USAGE, type CtlCommand, parseCtlArgs } from './ctl-args.js';
import { isProgramOk, notStartedReason, notStoppedReason } from './program-ok.js';
import { resolveSocketPath } from './socket-path.js';
import { formatStatusTable } from './status-table.js';

/** Where ctl writes; process.stdout / process.stderr in production, buffers in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/** Runs `tsvisor ctl` with the arguments after `ctl`; resolves with the process exit code. */
export async function runCtl(argv: string[], env: NodeJS.ProcessEnv, out: TextSink, err: TextSink): Promise<number> {
  const parsed = parseCtlArgs(argv);
  if (!parsed.ok) {
    err.write(`tsvisor ctl: ${parsed.message} (see tsvisor ctl --help)\n`);
    return 2;
  }
  if (parsed.command.kind === 'help') {
    out.write(CTL_USAGE);
    return 0;
  }
  const socketPath = resolveSocketPath(env, undefined, parsed.socket);
  try {
    return await execute(socketPath, parsed.command, out, err);
  } catch (error) {
    if (error instanceof ControlConnectError) {
      err.write(`tsvisor ctl: ${error.message} (is tsvisor running? set --socket or TSVISOR_SOCKET)\n`);
      return 1;
    }
    if (error instanceof ControlRemoteError) {
      err.write(`tsvisor ctl: ${error.message}\n`);
      if ((error.code === 'timeout' || error.code === 'unreachable') && parsed.command.kind === 'wait') return 3;
      return error.code === 'bad-signal' ? 2 : 1;
    }
    throw error;
  }
}

async function execute(
  socketPath: string,
  command: Exclude<CtlCommand, { kind: 'help' }>,
  out: TextSink,
  err: TextSink,
) {
  switch (command.kind) {
    case 'status': {
      const views = asViews(await controlRequest(socketPath, 'status', { names: command.names }));
      out.write(command.json ? `${JSON.stringify(views, null, 2)}\n` : formatStatusTable(views));
      return views.every(isProgramOk) ? 0 : 3;
    }
    case 'start':
    case 'stop':
    case 'restart': {
      const views = asViews(await controlRequest(socketPath, command.kind, { names: command.names }));
      const verdict = command.kind === 'stop' ? notStoppedReason : notStartedReason;
      let failed = false;
      for (const view of views) {
        out.write(`${view.name}: ${view.state}${view.pid === null ? '' : ` (pid ${view.pid})`}\n`);
        const problem = verdict(view);
        if (problem === null) continue;
        failed = true;
        err.write(`tsvisor ctl: ${view.name} ${problem}\n`);
      }
      return failed ? 1 : 0;
    }
    case 'signal': {
      const views = asViews(
        await controlRequest(socketPath, 'signal', { signal: command.signal, names: command.names }),
      );
      out.write(`sent ${command.signal} to ${views.map((v) => v.name).join(', ') || 'nothing'}\n`);
      return 0;
    }
    case 'logs': {
      // A piece of an over-long line continues on the next entry: join them back into the program's line.
      const print = (line: LogLine) =>
        (line.stream === 'stderr' ? err : out).write(line.partial === true ? line.line : `${line.line}\n`);
      const result = await controlRequest(
        socketPath,
        'logs',
        { name: command.name, lines: command.lines, follow: command.follow },
        { onEvent: (event) => isLogLine(event.line) && print(event.line) },
      );
      if (Array.isArray(result)) for (const line of result) if (isLogLine(line)) print(line);
      return 0;
    }
    case 'reload':
      return printReload((await controlRequest(socketPath, 'reload', {})) as ReloadReport, out, err);
    case 'shutdown':
      await controlRequest(socketPath, 'shutdown', {});
      out.write('tsvisor is shutting down\n');
      return 0;
    case 'wait': {
      const args = { name: command.name, for: command.for, timeout_ms: command.timeoutMs };
      const view = (await controlRequest(socketPath, 'wait', args)) as ProgramView;
      out.write(`${view.name} is ${command.for === 'healthy' ? 'healthy' : view.state}\n`);
      return 0;
    }
  }
}

function printReload(report: ReloadReport, out: TextSink, err: TextSink): number {
  if (!report.ok) {
    err.write('tsvisor ctl: reload refused, the new config is invalid (nothing was changed):\n');
    for (const error of report.errors) err.write(`  ${error}\n`);
    return 1;
  }
  const sections: [string, readonly string[]][] = [
    ['added', report.added],
    ['removed', report.removed],
    ['changed', report.changed],
    ['unchanged', report.unchanged],
  ];
  if (report.added.length + report.removed.length + report.changed.length === 0) out.write('reload: no changes\n');
  for (const [label, names] of sections) if (names.length > 0) out.write(`${label}: ${names.join(', ')}\n`);
  return 0;
}

// The server is the same build (the protocol version is checked), so the
// result shape is trusted; only its arrayness is checked to fail clearly.
function asViews(result: unknown): ProgramView[] {
  if (!Array.isArray(result)) throw new ControlRemoteError('tsvisor sent an unexpected status result', 'bad-response');
  return result as ProgramView[];
}

function isLogLine(value: unknown): value is LogLine {
  return typeof value === 'object' && value !== null && typeof (value as { line?: unknown }).line === 'string';
}
