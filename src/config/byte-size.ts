// Sizes for log rotation. Every unit is a power of 1024 (K = KB = KiB):
// rotation thresholds are not a place where the SI/IEC distinction helps anyone.

const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** Pattern the JSON Schema advertises to editors; parseByteSize is the authority. */
export const BYTE_SIZE_PATTERN = '^\\d+(\\.\\d+)?\\s*([bB]|[kKmMgG]([bB]|i[bB])?)?$';

/** Whole bytes for a size ("10MB", "512K", 1048576), or undefined when it is not one. */
export function parseByteSize(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 0 ? input : undefined;
  const m = SIZE.exec(input.trim());
  if (m === null) return undefined;
  const unit = UNIT_BYTES[(m[2] ?? '').toLowerCase() || 'b'];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
