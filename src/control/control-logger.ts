// The slice of a pino logger the control plane uses; structural so tests can
// pass a recorder and the composition root a child of the real logger.

/** pino-compatible structured logger: fields first, then the message. */
export interface ControlLogger {
  debug(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}
