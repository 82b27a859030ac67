// Splits a byte stream into newline-terminated lines with a hard cap on how
// much it holds: a peer that never sends '\n' must not grow PID 1's heap.
// Splitting on the byte 0x0A before decoding keeps multi-byte UTF-8
// characters that straddle two chunks intact.

/** What feeding a chunk produced: the complete lines, or `overflow` once a line exceeded the cap. */
export type SplitResult = { readonly lines: string[]; readonly overflow: boolean };

/** A stateful splitter; after an overflow it stays overflowed and returns no more lines. */
export interface LineSplitter {
  push(chunk: Buffer): SplitResult;
  /** Bytes held for an unterminated line (a half-sent request at EOF). */
  pendingBytes(): number;
}

/** Creates a splitter that refuses any line longer than maxBytes (excluding the newline). */
export function createLineSplitter(maxBytes: number): LineSplitter {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let overflowed = false;

  return {
    push(chunk) {
      const lines: string[] = [];
      if (overflowed) return { lines, overflow: true };
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        if (pendingLength + piece.length > maxBytes) return overflow(lines);
        const line = pendingLength === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        pendingLength = 0;
        lines.push(stripCr(line.toString('utf8')));
        start = nl + 1;
      }
      const rest = chunk.subarray(start);
      if (pendingLength + rest.length > maxBytes) return overflow(lines);
      if (rest.length > 0) {
        // Copy: the caller's chunk may be a pooled buffer reused after we return.
        pending.push(Buffer.from(rest));
        pendingLength += rest.length;
      }
      return { lines, overflow: false };
    },
    pendingBytes: () => pendingLength,
  };

  function overflow(lines: string[]): SplitResult {
    overflowed = true;
    pending = [];
    pendingLength = 0;
    return { lines, overflow: true };
  }
}

// Tolerate CRLF from hand-typed `socat` sessions.
function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
