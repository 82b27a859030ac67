// The slice of a pino logger the OS layer writes to; pino's Logger and the
// runtime's RuntimeLog both fit it.

/** Structured warn/debug sink. */
export interface OsLog {
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** A sink that drops everything (tests, tools). */
export const silentLog: OsLog = { warn: () => undefined, debug: () => undefined };
