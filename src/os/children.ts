// Lists the direct children of a process. Linux keeps a children list per
// THREAD (/proc/<pid>/task/<tid>/children) and Node has several threads (libuv
// pool, V8 platform): a child forked from a worker thread, or re-parented to us
// as subreaper, may sit on any of them, so all are read.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseProcStat } from './proc-stat.js';

let hasChildrenFiles: boolean | undefined;

/** Pids whose parent is pid (default: this process); a snapshot. */
export function listChildren(pid: number = process.pid): number[] {
  // Kernels built without CONFIG_PROC_CHILDREN have no children files: scan every stat instead.
  hasChildrenFiles ??= existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
  return hasChildrenFiles ? fromTaskChildren(pid) : fromStatScan(pid);
}

function fromTaskChildren(pid: number): number[] {
  const out = new Set<number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  for (const tid of tids) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      // The thread ended between readdir and read.
      continue;
    }
    for (const part of text.split(' ')) if (part.trim() !== '') out.add(Number(part));
  }
  return [...out];
}

/** Scans every /proc/<pid>/stat for ppid === pid (the fallback, exported for its test). */
export function fromStatScan(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    if (parseProcStat(text)?.ppid === pid) out.push(Number(name));
  }
  return out;
}
