// Builds the bytes of a whole read in json mode, in ONE buffer. Most log lines
// need no escaping in JSON: for valid UTF-8 without quotes, backslashes or
// control characters, JSON.stringify(decode(bytes)) re-encoded is the bytes
// themselves between quotes, so such lines are copied, never decoded. The
// others, and lines reassembled across reads, take the exact (decoding) path.

import { EscapeScanner } from './json-escape-scan.js';
import type { LineBatch } from './line-batch.js';

const QUOTE = 0x22;
const WHOLE = Buffer.from('}\n');
const PARTIAL = Buffer.from(',"partial":true}\n');

/** Every line of `lines` as `head + JSON string + '}'` (or `,"partial":true}`) and '\n'; head comes from jsonRecordHead. */
export function renderJsonRecords(head: string, chunk: Buffer, lines: LineBatch): Buffer {
  const headBytes = Buffer.from(head);
  const { bufs, starts, ends, partials, count } = lines;
  // Per line: the exact JSON string for lines off the fast path, undefined for copied ones.
  const exact: Array<string | undefined> = new Array(count);
  const scan = chunk.length > 0 ? new EscapeScanner(chunk) : undefined;
  const copyable = scan !== undefined && !scan.mustDecode;
  let nextSpecial = -1;
  let size = count * headBytes.length;
  for (let i = 0; i < count; i++) {
    const start = starts[i] as number;
    const end = ends[i] as number;
    let fast = copyable && bufs[i] === chunk;
    if (fast && scan) {
      if (nextSpecial < start) nextSpecial = scan.next(start);
      fast = nextSpecial >= end;
    }
    if (fast) size += end - start + 2;
    else {
      const json = JSON.stringify(lines.text(i));
      exact[i] = json;
      size += Buffer.byteLength(json);
    }
    size += partials[i] === 1 ? PARTIAL.length : WHOLE.length;
  }
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    out.set(headBytes, pos);
    pos += headBytes.length;
    const json = exact[i];
    if (json === undefined) {
      const buf = bufs[i] as Buffer;
      const start = starts[i] as number;
      const len = (ends[i] as number) - start;
      out[pos++] = QUOTE;
      if (len > 0) out.set(new Uint8Array(buf.buffer, buf.byteOffset + start, len), pos);
      pos += len;
      out[pos++] = QUOTE;
    } else pos += out.write(json, pos);
    const tail = partials[i] === 1 ? PARTIAL : WHOLE;
    out.set(tail, pos);
    pos += tail.length;
  }
  return out;
}
