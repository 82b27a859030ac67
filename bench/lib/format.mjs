// Number formatting for target details: a peer or tsvisor that did not run shows as n/a, never NaN.

// x with `digits` decimals, or 'n/a' when x is not a finite number.
export function fixed(x, digits = 0) {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}
