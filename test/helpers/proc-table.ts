// Reads a process table from a procfs mount; /proc/<pid>/root/proc is the
// procfs of that process's mount namespace, i.e. what its pid namespace sees.

import { readdirSync, readFileSync } from 'node:fs';

export interface ProcRow {
  pid: number;
  ppid: number;
  state: string;
  comm: string;
}

/** Every process visible in procRoot; processes that vanish mid-scan are skipped. */
export function readProcTable(procRoot: string): ProcRow[] {
  const rows: ProcRow[] = [];
  for (const name of readdirSync(procRoot)) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`${procRoot}/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // comm may hold spaces and ')' itself: it ends at the LAST ')'.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const [state = '?', ppid = '0'] = stat.slice(close + 2).split(' ');
    rows.push({ pid: Number(name), ppid: Number(ppid), state, comm: stat.slice(open + 1, close) });
  }
  return rows;
}

/** Host pids of every descendant of pid (through all of its threads' children). */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${next}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      let text = '';
      try {
        text = readFileSync(`/proc/${next}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of text.split(' ')) {
        if (child.trim() === '') continue;
        out.push(Number(child));
        queue.push(Number(child));
      }
    }
  }
  return out;
}
