// The `tsvisor ctl status` table. Column set follows supervisorctl and
// `docker ps` so operators find what they expect; the trailing NOTE column
// says why a program is not running when tsvisor knows.

import type { ProgramView } from './api.js';
import { formatDuration } from './format-duration.js';

const HEADERS = ['NAME', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'LAST-EXIT', 'NEXT-RESTART', 'HEALTH'] as const;

/** Renders views as an aligned, newline-terminated text table. */
export function formatStatusTable(views: readonly ProgramView[]): string {
  const rows = views.map(row);
  const notes = views.map(note);
  const withNotes = notes.some((n) => n !== '');
  const header: string[] = [...HEADERS];
  if (withNotes) header.push('NOTE');
  const table = [header, ...rows.map((cells, i) => (withNotes ? [...cells, notes[i] ?? ''] : cells))];
  const widths = header.map((_, col) => Math.max(...table.map((cells) => (cells[col] ?? '').length)));
  return table
    .map((cells) =>
      cells
        .map((cell, col) => (col === cells.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .map((text) => `${text}\n`)
    .join('');
}

function row(view: ProgramView): string[] {
  return [
    view.name,
    view.state,
    view.pid === null ? '-' : String(view.pid),
    view.uptime_ms === null ? '-' : formatDuration(view.uptime_ms),
    String(view.restarts),
    lastExit(view),
    view.next_restart_in_ms === null ? '-' : `in ${formatDuration(view.next_restart_in_ms)}`,
    view.health === 'none' ? '-' : view.health,
  ];
}

// A requested exit (stop, restart) is not a failure; mark it so a SIGTERM after
// `ctl stop` does not read like a crash.
function lastExit(view: ProgramView): string {
  const exit = view.last_exit;
  if (exit === null) return '-';
  const what = exit.signal ?? (exit.code === null ? '?' : String(exit.code));
  return exit.requested ? `${what} (requested)` : what;
}

function note(view: ProgramView): string {
  const parts: string[] = [];
  if (view.held) parts.push('held by operator');
  if (view.blocked !== null) parts.push(view.blocked);
  return parts.join('; ');
}
