// Builds the bytes of a whole read in prefix mode (or for a log file):
// `prefix line\n` for every line, in ONE buffer, so a 64 KiB read costs one
// allocation and one writer entry instead of three buffers per line.

import type { LineBatch } from './line-batch.js';

/** Every line of `lines` as `prefix + bytes + '\n'`, bytes untouched. */
export function renderPrefixed(prefix: Uint8Array, lines: LineBatch): Buffer {
  const count = lines.count;
  const plen = prefix.length;
  const out = Buffer.allocUnsafe(lines.bytes + count * (plen + 1));
  const { bufs, starts, ends, partials } = lines;
  let pos = 0;
  let i = 0;
  while (i < count) {
    const buf = bufs[i] as Buffer;
    // A run of whole lines lying back to back in one buffer, each followed by its own '\n'.
    let j = i + 1;
    while (j < count && bufs[j] === buf && starts[j] === (ends[j - 1] as number) + 1 && partials[j - 1] === 0) j++;
    const runStart = starts[i] as number;
    const runEnd = ends[j - 1] as number;
    if (j - i > 1) {
      // Copy the run once to where its last line ends up, then move each line down into place with
      // copyWithin: a memmove with no per-line view object (2x less CPU than set(new Uint8Array(...))).
      // Line k's destination ends before line k+1's source begins, so nothing is overwritten early.
      const last = j - 1;
      const dest = pos + (j - i) * plen;
      out.set(new Uint8Array(buf.buffer, buf.byteOffset + runStart, runEnd - runStart), dest);
      const shift = dest - runStart;
      for (let k = i; k < j; k++) {
        out.set(prefix, pos);
        pos += plen;
        const from = (starts[k] as number) + shift;
        const len = (ends[k] as number) - (starts[k] as number);
        // Lines before the last carry their '\n' from the source; the last one gets it written.
        if (k < last) {
          out.copyWithin(pos, from, from + len + 1);
          pos += len + 1;
        } else {
          out.copyWithin(pos, from, from + len);
          pos += len;
          out[pos++] = 0x0a;
        }
      }
    } else {
      for (let k = i; k < j; k++) {
        const start = starts[k] as number;
        const len = (ends[k] as number) - start;
        out.set(prefix, pos);
        pos += plen;
        // A plain Uint8Array view is much cheaper than Buffer#subarray (no FastBuffer) or Buffer#copy.
        if (len > 0) out.set(new Uint8Array(buf.buffer, buf.byteOffset + start, len), pos);
        pos += len;
        out[pos++] = 0x0a;
      }
    }
    i = j;
  }
  return out;
}
