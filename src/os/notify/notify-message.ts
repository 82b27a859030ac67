// The sd_notify wire format: one datagram holds newline-separated KEY=VALUE
// assignments (READY=1, STATUS=…, STOPPING=1, MAINPID=…). Pure, so the rules
// are unit-tested without sockets.

/**
 * Parses one notify datagram. Lines without '=' or with an empty key are
 * ignored (systemd does the same), a later duplicate key wins, values keep
 * everything after the first '=' (STATUS may contain '='), and trailing NULs
 * some C senders include are dropped.
 */
export function parseNotifyMessage(text: string): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const rawLine of text.replace(/\0+$/, '').split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return fields;
}
