// Compose-style durations ("1m30s", "500ms", "2.5s"). Bare numbers are
// rejected on purpose: `stop_grace_period: 10` is ambiguous (s? ms?) and
// compose users have been bitten by exactly that.

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// `ms` must be tried before `m`, or "5ms" would read as 5 minutes followed by garbage.
const TOKEN = /(\d+(?:\.\d+)?|\.\d+)(us|ms|h|m|s)/y;

/** Pattern the JSON Schema advertises to editors; parseDuration is the authority. */
export const DURATION_PATTERN = '^((\\d+(\\.\\d+)?|\\.\\d+)(us|ms|s|m|h))+$';

/** Milliseconds for a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  TOKEN.lastIndex = 0;
  let total = 0;
  while (TOKEN.lastIndex < s.length) {
    const m = TOKEN.exec(s);
    if (m === null) return undefined;
    const unit = UNIT_MS[m[2] ?? ''];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
  }
  return Number.isFinite(total) ? total : undefined;
}

/** Human form of a millisecond count, for messages and docs ("1m30s", "500ms"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000 || ms % 1000 !== 0) return `${ms}ms`;
  let rest = ms / 1000;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}
