// tsvisor's own log lines (JSON on stderr) as objects, for assertions on
// state changes in order.

export interface LogEvent {
  readonly level: string;
  readonly msg: string;
  readonly program?: string;
  readonly from?: string;
  readonly to?: string;
  readonly pid?: number;
  readonly delay_ms?: number;
  readonly [key: string]: unknown;
}

/** Every JSON line of `text` (non-JSON lines are skipped). */
export function parseEvents(text: string): LogEvent[] {
  const out: LogEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as LogEvent);
    } catch {
      // A line cut by a kill mid-write is not an event.
    }
  }
  return out;
}

/** State changes into `to`, in log order. */
export function transitionsTo(text: string, to: string): LogEvent[] {
  return parseEvents(text).filter((e) => e.to === to);
}
