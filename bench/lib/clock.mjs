// Monotonic time for the harness; CLOCK_MONOTONIC is the clock fixtures stamp with too, so both compare.

// Milliseconds on CLOCK_MONOTONIC (process.hrtime reads it; performance.now() has another origin).
export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

// Resolves after ms; timers are coarse (~1 ms), which bounds every polled figure's resolution.
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls check() until it returns a value other than undefined; rejects with label after timeoutMs.
export async function pollUntil(check, { intervalMs = 1, timeoutMs = 30_000, label = 'condition' } = {}) {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (nowMs() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await sleep(intervalMs);
  }
}
