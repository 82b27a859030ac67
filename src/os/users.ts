// Resolves a configured user/group to numeric ids through /etc/passwd and
// /etc/group, like login(1) and Docker's USER do: no NSS, because containers
// rarely run nscd/sssd and the files are the source of truth there.

import { readFileSync } from 'node:fs';
import type { UserSpec } from '../config/types.js';

/** A user as a spawned program will run. */
export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary group ids (the primary gid excluded). */
  readonly groups: readonly number[];
  readonly name: string;
  readonly home: string;
}

/** Why resolution failed, worded for the operator. */
export interface UserError {
  readonly error: string;
}

/** The text of the account databases (injected by tests). */
export interface AccountFiles {
  readonly passwd: string;
  readonly group: string;
}

/** Reads /etc/passwd and /etc/group; a missing file counts as empty (scratch images). */
export function readAccountFiles(): AccountFiles {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  return { passwd: read('/etc/passwd'), group: read('/etc/group') };
}

const isId = (v: string | number): v is number | `${number}` => typeof v === 'number' || /^\d+$/.test(v);

/** Resolves spec against the account files; a numeric uid without an entry runs with gid 0 and HOME=/ (Docker's rule). */
export function resolveUser(spec: UserSpec, files: AccountFiles): ResolvedUser | UserError {
  const passwd = rows(files.passwd);
  const groups = rows(files.group);
  const entry = isId(spec.user)
    ? passwd.find((r) => r[2] === String(spec.user))
    : passwd.find((r) => r[0] === spec.user);
  if (!entry && !isId(spec.user)) return { error: `unknown user "${spec.user}"` };
  const uid = Number(entry?.[2] ?? spec.user);
  const name = entry?.[0] ?? String(uid);
  let gid = Number(entry?.[3] ?? 0);
  if (spec.group !== undefined) {
    const g = isId(spec.group) ? Number(spec.group) : groups.find((r) => r[0] === spec.group)?.[2];
    if (g === undefined) return { error: `unknown group "${spec.group}"` };
    gid = Number(g);
  }
  // An explicit group replaces the supplementary list too, as `docker run --user u:g` does.
  const supplementary =
    spec.group !== undefined || !entry
      ? []
      : groups
          .filter((r) => (r[3] ?? '').split(',').includes(name))
          .map((r) => Number(r[2]))
          .filter((g) => g !== gid);
  return { uid, gid, groups: [...new Set(supplementary)], name, home: entry?.[5] || '/' };
}

function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}
