// Summaries of repeated measurements: medians resist the noise of a shared 2-core machine better than means.

// Median of the finite numbers in values, or NaN when there are none.
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// { median, min, max, n } of the finite values.
export function summarize(values) {
  const finite = values.filter(Number.isFinite);
  return {
    median: median(finite),
    min: finite.length === 0 ? Number.NaN : Math.min(...finite),
    max: finite.length === 0 ? Number.NaN : Math.max(...finite),
    n: finite.length,
  };
}
