// What every probe reports, and the one wording for a timeout so the process
// table and logs read the same whichever probe kind timed out.

/** The outcome of one health-check attempt; `output` is at most OUTPUT_LIMIT bytes of what the check said. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Docker keeps 4 KiB of a check's output; so do we. */
export const OUTPUT_LIMIT = 4096;

/** The result of a probe that ran out of time: `timed out after 5s` (or `after 1500ms`). */
export function timedOut(timeoutMs: number): ProbeResult {
  const span = timeoutMs % 1000 === 0 ? `${timeoutMs / 1000}s` : `${timeoutMs}ms`;
  return { ok: false, output: `timed out after ${span}` };
}
