// tsvisor's own log: pino, synchronous into the non-blocking StdioWriter of
// its fd, so a line is queued the moment it is logged (nothing lost before
// exit once the writer is flushed) and no worker-thread transport runs in PID 1.

import { type Logger as PinoLogger, pino } from 'pino';
import type { LogLevel } from '../config/types.js';
import { formatPrettyLine } from './pretty-line.js';
import type { StdioWriter } from './stdio-writer.js';

/** The logger every layer receives; child loggers carry `program`. */
export type Logger = PinoLogger;

export interface LoggerOptions {
  readonly level: LogLevel;
  /** auto = pretty on a TTY, json otherwise. */
  readonly format: 'json' | 'pretty' | 'auto';
  readonly out: StdioWriter;
  readonly isTTY: boolean;
}

/**
 * tsvisor's own lines queued for a stderr nobody reads (a stuck log driver) stop here; past it lines are
 * counted, not kept, and the count is logged once the reader is back. Supervision must not run out of memory
 * because of its own log.
 */
const MAX_QUEUED_LOG_BYTES = 4 * 1024 * 1024;

/** Creates the supervisor logger: one JSON object per line (`time`, `level` label, `msg`, fields), or pretty lines. */
export function createLogger(opts: LoggerOptions): Logger {
  const pretty = opts.format === 'pretty' || (opts.format === 'auto' && opts.isTTY);
  const render = pretty
    ? (s: string): string => formatPrettyLine(JSON.parse(s) as Record<string, unknown>, opts.isTTY)
    : (s: string): string => s;
  let dropped = 0;
  const destination = {
    write(s: string): void {
      if (opts.out.queuedBytes > MAX_QUEUED_LOG_BYTES) {
        dropped += 1;
        return;
      }
      if (dropped > 0) {
        const notice = JSON.stringify({
          level: 'warn',
          time: new Date().toISOString(),
          dropped,
          msg: 'log lines dropped while the log reader was not reading',
        });
        dropped = 0;
        opts.out.write(render(`${notice}\n`));
      }
      opts.out.write(render(s));
    },
  };
  return pino(
    {
      level: opts.level,
      // pid and hostname are noise in a container (pid is 1, hostname is the container id).
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that discards everything, for tests. */
export function createNullLogger(): Logger {
  return pino({ level: 'silent' }, { write: () => undefined });
}
