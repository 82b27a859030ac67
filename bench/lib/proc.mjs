// Reads the kernel's view of a process from the host side, so the measuring code never runs
// inside the namespace it measures (a probe in there would be one more child for PID 1 to reap).
import { readdirSync, readFileSync } from 'node:fs';

// Reads a /proc file, or undefined when the process has already gone (the race every poll loses sometimes).
export function readProc(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

// Direct children of a process, across all its threads: a child's parent is the thread that forked it.
export function childrenOf(pid) {
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out = [];
  for (const tid of tids) {
    const text = readProc(`/proc/${pid}/task/${tid}/children`);
    if (text === undefined) continue;
    for (const part of text.split(' ')) if (part.trim() !== '') out.push(Number(part));
  }
  return out;
}

// Every descendant of pid as { pid, comm, state }, found by walking the children lists.
export function descendantsOf(pid) {
  const out = [];
  const stack = childrenOf(pid);
  while (stack.length > 0) {
    const child = /** @type {number} */ (stack.pop());
    const stat = parseStat(child);
    if (stat === undefined) continue;
    out.push({ pid: child, comm: stat.comm, state: stat.state });
    if (stat.state !== 'Z') stack.push(...childrenOf(child));
  }
  return out;
}

// The fields of /proc/PID/stat we use; comm may contain spaces and parens, so split after the last ')'.
export function parseStat(pid) {
  const text = readProc(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  return { comm, state: rest[0] ?? '?', utimeTicks: Number(rest[11]), stimeTicks: Number(rest[12]) };
}

// Rss and Pss in kB from smaps_rollup (Pss charges shared pages fairly, which Rss double-counts).
export function memoryOf(pid) {
  const text = readProc(`/proc/${pid}/smaps_rollup`);
  if (text === undefined) return undefined;
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rssKb: field('Rss'), pssKb: field('Pss') };
}

// Context switches summed over every thread: Node's idle work may happen off the main thread.
export function contextSwitchesOf(pid) {
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let voluntary = 0;
  let involuntary = 0;
  let mainVoluntary = 0;
  for (const tid of tids) {
    const text = readProc(`/proc/${pid}/task/${tid}/status`);
    if (text === undefined) continue;
    const v = Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    voluntary += v;
    involuntary += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    if (tid === String(pid)) mainVoluntary = v;
  }
  return { voluntary, involuntary, mainVoluntary, threads: tids.length };
}
