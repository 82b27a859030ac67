// Human durations for the status table: precise while short (a restart in
// 0.4s), coarse once long (nobody cares about seconds of a 2h uptime).

/** Formats milliseconds as `3.2s`, `4m12s`, `2h3m` or `5d4h`. Negative values read as 0. */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  // Round to tenths first so 59.96 s reads 1m0s rather than "60.0s".
  const tenths = Math.round(safe / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  // 59.95 s rounded up to the minute range: floor would print 0m59s.
  const seconds = Math.max(60, Math.floor(safe / 1000));
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d${Math.floor((seconds % 86_400) / 3600)}h`;
}
