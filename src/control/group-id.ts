// Node has no getgrnam(); the control socket's `group` is resolved from
// /etc/group, which is what every container image ships (no NSS daemons).

import { readFile } from 'node:fs/promises';

/** The gid of a group given by name or as a decimal number; rejects when the group does not exist. */
export async function resolveGroupId(group: string, groupFile = '/etc/group'): Promise<number> {
  if (/^\d+$/.test(group)) return Number(group);
  const text = await readFile(groupFile, 'utf8');
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  throw new Error(`control.group: no group named "${group}" in ${groupFile}`);
}
