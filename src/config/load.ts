// YAML text → Config or positioned diagnostics. Three stages, each stopping
// the pipeline when it fails: YAML syntax (warnings count as errors, since a
// duplicate key silently drops a setting), the zod schema, then the
// cross-field checks that need a complete config.

import { readFile } from 'node:fs/promises';
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ConfigIssue } from './config-issue.js';
import { formatPath } from './format-diagnostic.js';
import { normalizeConfig } from './normalize.js';
import { configSchema } from './schema.js';
import { semanticChecks } from './semantic-checks.js';
import type { Diagnostic, LoadResult } from './types.js';
import { positionOf } from './yaml-position.js';
import { configIssuesFromZod } from './zod-issues.js';

const firstLine = (s: string) => s.split('\n', 1)[0] ?? s;

function failed(diagnostics: Diagnostic[]): LoadResult {
  const sorted = diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
  const unique = sorted.filter((d, i) => i === 0 || JSON.stringify(d) !== JSON.stringify(sorted[i - 1]));
  return { ok: false, diagnostics: unique };
}

function located(file: string, doc: Document, lines: LineCounter, issues: readonly ConfigIssue[]): Diagnostic[] {
  return issues.map((i) => ({
    file,
    ...positionOf(doc, lines, i.path, i.at),
    path: formatPath(i.path),
    message: i.message,
  }));
}

// The order of `programs:` keys as written; JS objects put numeric keys first.
// normalizeConfig appends anything missing (e.g. `programs: *alias`).
function programOrder(doc: Document): string[] {
  const node = doc.get('programs', true);
  return isMap(node) ? node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : [];
}

// zod silently drops a `__proto__` key from records, so a setting would
// vanish without a word; report it instead, wherever it is.
function protoKeys(value: unknown, path: (string | number)[] = []): ConfigIssue[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: ConfigIssue[] = Object.hasOwn(value, '__proto__')
    ? [{ path: [...path, '__proto__'], message: '`__proto__` cannot be used as a key', at: 'key' }]
    : [];
  for (const [k, v] of Object.entries(value))
    found.push(...protoKeys(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return found;
}

function parse(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) {
    return failed(
      yamlProblems.map((e) => ({ file, ...lines.linePos(e.pos[0]), path: '', message: yamlMessage(e, text) })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return failed([{ file, line: 1, col: 1, path: '', message: firstLine((err as Error).message) }]);
  }
  if (raw === null || raw === undefined)
    return failed([{ file, line: 1, col: 1, path: '', message: 'the file is empty; define at least `programs`' }]);
  const reserved = protoKeys(raw);
  if (reserved.length > 0) return failed(located(file, doc, lines, reserved));
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return failed(located(file, doc, lines, configIssuesFromZod(parsed.error.issues)));
  const config = normalizeConfig(parsed.data, programOrder(doc), file);
  const problems = semanticChecks(config, raw);
  if (problems.length > 0) return failed(located(file, doc, lines, problems));
  return { ok: true, config };
}

/** Parses and validates config text; pure, never throws (problems come back as diagnostics). */
export function parseConfig(text: string, file: string): LoadResult {
  try {
    return parse(text, file);
  } catch (err) {
    // PID 1 reloading a config must not die on a checker bug; say so loudly instead.
    const message = `internal error while checking the config (please report): ${(err as Error)?.message ?? err}`;
    return failed([{ file, line: 0, col: 0, path: '', message }]);
  }
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
};

/** Reads and parses a config file; an unreadable file is one diagnostic at line 0. */
export async function loadConfigFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const reason = READ_ERRORS[code] ?? (err as Error).message;
    return {
      ok: false,
      diagnostics: [{ file: path, line: 0, col: 0, path: '', message: `cannot read ${path}: ${reason}` }],
    };
  }
  return parseConfig(text, path);
}

/** The yaml library's message, naming the key for a duplicate (its own text only says "Map keys must be unique"). */
function yamlMessage(e: { code: string; message: string; pos: [number, number] }, text: string): string {
  if (e.code !== 'DUPLICATE_KEY') return firstLine(e.message);
  // pos marks the key's start only; a plain or quoted key runs to the `:` that ends it on its line.
  const eol = text.indexOf('\n', e.pos[0]);
  const line = text.slice(e.pos[0], eol === -1 ? undefined : eol);
  const key = (/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|.*?)\s*:(?:\s|$)/.exec(line)?.[1] ?? '').trim();
  return key === ''
    ? 'duplicate key: each key may appear once per map'
    : `duplicate key \`${key}\`: it already appears above in this map`;
}
