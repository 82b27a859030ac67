// Every slow phase of the e2e suite is timed and printed, because whether CI
// can afford this suite is decided from these figures.

/** Runs `fn`, prints `[e2e] <name>: <seconds>s` and returns its result. */
export async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`[e2e] ${name}: ${seconds}s`);
  }
}
