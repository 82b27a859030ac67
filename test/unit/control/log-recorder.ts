// A structured logger that keeps what it was told, for assertions.
export interface Recorded {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: object;
  msg: string;
}

export function logRecorder() {
  const records: Recorded[] = [];
  const at = (level: Recorded['level']) => (fields: object, msg: string) => {
    records.push({ level, fields, msg });
  };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
