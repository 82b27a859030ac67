// Renders a scenario's figures as a text table: one row per peer, each metric as a median with its
// ratio to the best non-tsvisor peer, so "2.0×" always means "twice the best alternative".
import { summarize } from './stats.mjs';

// metrics: [{ key, label, unit, better: 'lower'|'higher', digits?, ratio?: false }]; rows: [{ peer, isTsvisor, samples: {key: number[]} }].
export function renderTable(title, metrics, rows) {
  const best = Object.fromEntries(metrics.map((m) => [m.key, bestPeerMedian(m, rows)]));
  const header = ['peer', ...metrics.map((m) => `${m.label} (${m.unit})`)];
  const body = rows.map((row) => [
    row.peer,
    ...metrics.map((m) => {
      const s = summarize(row.samples[m.key] ?? []);
      if (s.n === 0) return 'n/a';
      const ratio = best[m.key];
      const suffix =
        m.ratio !== false && Number.isFinite(ratio) && ratio !== 0 ? ` (${(s.median / ratio).toFixed(2)}×)` : '';
      return `${format(s.median, m.digits)}${suffix}`;
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [
    `### ${title}`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

// Best median among the peers that are not tsvisor: the bar tsvisor is measured against.
export function bestPeerMedian(metric, rows) {
  const medians = rows
    .filter((r) => !r.isTsvisor)
    .map((r) => summarize(r.samples[metric.key] ?? []).median)
    .filter(Number.isFinite);
  if (medians.length === 0) return Number.NaN;
  return metric.better === 'higher' ? Math.max(...medians) : Math.min(...medians);
}

function format(value, digits) {
  if (digits !== undefined) return value.toFixed(digits);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
