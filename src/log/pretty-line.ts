// The human form of a tsvisor log record, for a terminal:
// `12:00:01.123 INFO  web: running pid=42`. Our own few lines of formatting
// instead of pino-pretty, which would run in a worker thread inside PID 1.

const LEVEL_COLOUR: Readonly<Record<string, number>> = {
  trace: 90,
  debug: 36,
  info: 32,
  warn: 33,
  error: 31,
  fatal: 35,
};
const SKIP = new Set(['time', 'level', 'msg', 'program']);

/** Formats one pino JSON record (already parsed) as a newline-terminated line. */
export function formatPrettyLine(rec: Readonly<Record<string, unknown>>, color: boolean): string {
  const time = typeof rec.time === 'string' || typeof rec.time === 'number' ? clockTime(new Date(rec.time)) : '';
  const level = String(rec.level ?? '');
  const label = level.toUpperCase().padEnd(5);
  const code = LEVEL_COLOUR[level];
  const lvl = color && code !== undefined ? `\x1b[${code}m${label}\x1b[0m` : label;
  const who = typeof rec.program === 'string' ? `${rec.program}: ` : '';
  let fields = '';
  for (const [k, v] of Object.entries(rec)) {
    if (SKIP.has(k) || v === undefined) continue;
    fields += ` ${k}=${fieldValue(v)}`;
  }
  return `${time} ${lvl} ${who}${String(rec.msg ?? '')}${fields}\n`;
}

function clockTime(d: Date): string {
  if (Number.isNaN(d.getTime())) return '??:??:??.???';
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

// Bare words stay bare (pid=42 exit=1); anything with spaces or quotes is JSON-quoted so lines stay parseable.
function fieldValue(v: unknown): string {
  if (v !== null && typeof v === 'object') {
    const msg = (v as { message?: unknown }).message;
    return typeof msg === 'string' ? JSON.stringify(msg) : JSON.stringify(v);
  }
  const s = String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}
