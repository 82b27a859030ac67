// The `name | ` prefix of prefix mode. Names are padded to the longest
// configured name so columns line up in `docker logs`; on a TTY each name gets
// a colour derived from the name itself, so it stays the same across restarts
// and reloads.

// Bright, readable on dark and light terminals; red is left out so it never looks like an error marker.
const PALETTE = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94] as const;

/** Options of one prefix; `time` is the wall-clock ISO time the line was read, when timestamps are on. */
export interface PrefixOptions {
  readonly width: number;
  readonly color: boolean;
  readonly time: string | undefined;
}

/** `[time ]name<pad> | `, optionally coloured. */
export function formatPrefix(name: string, opts: PrefixOptions): string {
  const label = `${name.padEnd(opts.width)} |`;
  const coloured = opts.color ? `\x1b[${nameColour(name)}m${label}\x1b[0m` : label;
  return opts.time === undefined ? `${coloured} ` : `${opts.time} ${coloured} `;
}

/** The ANSI SGR colour code for a name (FNV-1a hash, so it is stable between runs). */
export function nameColour(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return PALETTE[h % PALETTE.length] ?? 36;
}
