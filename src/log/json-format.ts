// json mode: one self-contained JSON object per program line, ready for a log
// shipper: {"time","program","stream","line"} (+ "partial": true). JSON text
// must be Unicode, so invalid UTF-8 becomes U+FFFD here (prefix mode and log
// files keep the raw bytes). The fields shared by the lines of one chunk are
// serialised once: JSON.stringify of a whole object per line was 4x slower.

/** The opening of every record of one chunk: `{"time":…,"program":…,"stream":…,"line":`. */
export function jsonRecordHead(time: string, program: string, stream: 'stdout' | 'stderr'): string {
  return `{"time":${JSON.stringify(time)},"program":${JSON.stringify(program)},"stream":"${stream}","line":`;
}

/** Completes one newline-terminated record; `partial` when the line continues in the next record. */
export function formatJsonLine(head: string, line: string, partial: boolean): string {
  return `${head}${JSON.stringify(line)}${partial ? ',"partial":true}\n' : '}\n'}`;
}
