// Parses /proc/<pid>/stat. The comm field is in parentheses and may itself
// contain spaces and ')' (a process may name itself "a) b"), so it ends at the
// LAST ')' of the line, never the first.

/** The fields of /proc/<pid>/stat tsvisor needs. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  /** One letter: R S D Z T t X I… */
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  readonly session: number;
}

/** Parses the text of one /proc/<pid>/stat file; undefined when it is malformed. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const [state, ppid, pgrp, session] = text.slice(close + 2).split(' ');
  const pid = Number(text.slice(0, open));
  if (state === undefined || session === undefined || !Number.isInteger(pid)) return undefined;
  return {
    pid,
    comm: text.slice(open + 2, close),
    state,
    ppid: Number(ppid),
    pgrp: Number(pgrp),
    session: Number(session),
  };
}
