// Drop-in mode's own messages: plain "tsvisor: …" lines on stderr, written
// synchronously (the last line before PID 1 exits must not be lost), because
// tini/dumb-init users read them mixed with their program's output.

import { writeSync } from 'node:fs';
import type { LogLevel } from '../../config/types.js';
import type { OsLog } from '../../os/os-log.js';

const RANK: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 99 };

/** A leveled logger for drop-in mode. */
export interface DropInLog extends OsLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Writes messages at or above level to fd 2. */
export function createStderrLog(level: LogLevel): DropInLog {
  const at =
    (threshold: number) =>
    (fields: object, message: string): void => {
      if (threshold < RANK[level]) return;
      const extra = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      try {
        writeSync(2, `tsvisor: ${message}${extra ? ` (${extra})` : ''}\n`);
      } catch {
        // stderr closed: nowhere left to complain, and PID 1 must not die of it.
      }
    };
  return { debug: at(RANK.debug), info: at(RANK.info), warn: at(RANK.warn), error: at(RANK.error) };
}
