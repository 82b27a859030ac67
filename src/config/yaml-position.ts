// Maps a document path (['programs', 'web', 'restart']) back to a line and
// column of the YAML text, so every diagnostic points at what to edit.

import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { IssueAnchor } from './config-issue.js';

/** 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

interface Step {
  readonly node: Node | null;
  readonly key: Node | null;
}

// Follows the path as far as the document goes; aliases are resolved so a
// value that came from `*anchor` still gets a position (the anchor's).
function walk(doc: Document, path: readonly (string | number)[]): Step[] {
  const steps: Step[] = [{ node: doc.contents, key: null }];
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) break;
      node = pair.value;
      steps.push({ node: (pair.value as Node | null) ?? null, key: pair.key as Node });
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      steps.push({ node: item as Node, key: null });
    } else {
      break;
    }
  }
  return steps;
}

/** Where the issue at `path` should point; 1:1 when the document is empty. */
export function positionOf(
  doc: Document,
  lines: LineCounter,
  path: readonly (string | number)[],
  at: IssueAnchor,
): Position {
  const steps = walk(doc, path);
  const complete = steps.length === path.length + 1;
  let target: Node | null | undefined;
  if (at === 'parent') target = steps[Math.min(steps.length, path.length) - 1]?.node;
  else {
    const last = steps.at(-1);
    target = at === 'key' && complete ? (last?.key ?? last?.node) : (last?.node ?? last?.key);
  }
  const offset = target?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  const { line, col } = lines.linePos(offset);
  return { line, col };
}
