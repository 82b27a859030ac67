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

/** Creates the supervisor logger: one JSON object per line (`time`, `level` label, `msg`, fields), or pretty lines. */
export function createLogger(opts: LoggerOptions): Logger {
  const pretty = opts.format === 'pretty' || (opts.format === 'auto' && opts.isTTY);
  const destination = {
    write: pretty
      ? (s: string): void => {
          opts.out.write(formatPrettyLine(JSON.parse(s) as Record<string, unknown>, opts.isTTY));
        }
      : (s: string): void => {
          opts.out.write(s);
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
