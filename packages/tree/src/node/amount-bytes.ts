/**
 * Exact decimal → base units, straight from bytes into a 16-byte big-endian field, with no
 * BigInt and no floats on the value path (the same grammar and rules as `parseUnits` of
 * @kura/codec: `^(0|[1-9][0-9]*)(\.[0-9]+)?$`, never rounds, at most 2^96 − 1 base units).
 * @module
 */

/** Outcome codes of {@link writeAmount}. */
export const AMOUNT_OK = 0;
export const AMOUNT_EMPTY = 1;
export const AMOUNT_NEGATIVE = 2;
export const AMOUNT_NOT_NUMERIC = 3;
export const AMOUNT_LEADING_ZERO = 4;
export const AMOUNT_TOO_PRECISE = 5;
export const AMOUNT_TOO_LARGE = 6;

const TWO32 = 4294967296;
const INV32 = 1 / 4294967296;
const POW10 = [1, 10, 100, 1000, 10000, 100000];
const POW10_15 = Float64Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Parse the decimal `b[s … e)` in an asset with `decimals` decimals and write its base-unit
 * value as u128 big-endian at `out[o … o+16)`. Returns {@link AMOUNT_OK} or an error code
 * (then `out` is unspecified).
 */
export function writeAmount(
  b: Uint8Array,
  s: number,
  e: number,
  decimals: number,
  out: Uint8Array,
  o: number
): number {
  if (s === e) return AMOUNT_EMPTY;
  if (b[s] === 45) return AMOUNT_NEGATIVE;
  // one pass: scan the digits and accumulate them (exactly while there are at most 15)
  let v = 0;
  let i = s;
  let c = b[i]! - 48;
  while (c >= 0 && c <= 9) {
    v = v * 10 + c;
    c = ++i < e ? b[i]! - 48 : -1;
  }
  const intEnd = i;
  if (intEnd === s) return AMOUNT_NOT_NUMERIC;
  let fracStart = i;
  let fracEnd = i;
  if (i < e) {
    if (b[i] !== 46) return AMOUNT_NOT_NUMERIC;
    fracStart = ++i;
    c = i < e ? b[i]! - 48 : -1;
    while (c >= 0 && c <= 9) {
      v = v * 10 + c;
      c = ++i < e ? b[i]! - 48 : -1;
    }
    fracEnd = i;
    if (fracEnd === fracStart || i < e) return AMOUNT_NOT_NUMERIC;
  }
  if (b[s] === 48 && intEnd - s > 1) return AMOUNT_LEADING_ZERO;
  const fracLen = fracEnd - fracStart;
  if (fracLen > decimals) return AMOUNT_TOO_PRECISE;
  // value = digits(int ‖ frac) · 10^(decimals − fracLen)
  let zeros = decimals - fracLen;
  const digits = intEnd - s + fracLen;
  if (digits + zeros <= 15) {
    // fast path: the value is below 10^15 < 2^53, exact in a double
    v *= POW10_15[zeros]!;
    const hi = Math.floor(v * INV32);
    const lo = v - hi * TWO32;
    out[o] = 0;
    out[o + 1] = 0;
    out[o + 2] = 0;
    out[o + 3] = 0;
    out[o + 4] = 0;
    out[o + 5] = 0;
    out[o + 6] = 0;
    out[o + 7] = 0;
    putU32(out, o + 8, hi);
    putU32(out, o + 12, lo);
    return AMOUNT_OK;
  }
  if (digits <= 15) {
    // the digits fit a double exactly; scale by 10^zeros in limbs
    L1 = Math.floor(v * INV32);
    L0 = v - L1 * TWO32;
    L2 = L3 = 0;
    while (zeros > 0) {
      const z = Math.min(zeros, 5);
      if (!mulAdd(POW10[z]!, 0)) return AMOUNT_TOO_LARGE;
      zeros -= z;
    }
    return finish(out, o);
  }
  // general path: four 32-bit limbs
  L0 = L1 = L2 = L3 = 0;
  let acc = 0;
  let accDigits = 0;
  for (let j = s; j < fracEnd; j++) {
    if (j === intEnd) continue;
    acc = acc * 10 + (b[j]! - 48);
    if (++accDigits === 5) {
      if (!mulAdd(100000, acc)) return AMOUNT_TOO_LARGE;
      acc = 0;
      accDigits = 0;
    }
  }
  if (accDigits > 0 && !mulAdd(POW10[accDigits]!, acc)) return AMOUNT_TOO_LARGE;
  while (zeros > 0) {
    const z = Math.min(zeros, 5);
    if (!mulAdd(POW10[z]!, 0)) return AMOUNT_TOO_LARGE;
    zeros -= z;
  }
  return finish(out, o);
}

/** Write the limbs (value < 2^96) as u128 big-endian. */
function finish(out: Uint8Array, o: number): number {
  const l2 = L2;
  const l1 = L1;
  const l0 = L0;
  out[o] = 0;
  out[o + 1] = 0;
  out[o + 2] = 0;
  out[o + 3] = 0;
  putU32(out, o + 4, l2);
  putU32(out, o + 8, l1);
  putU32(out, o + 12, l0);
  return AMOUNT_OK;
}

let L0 = 0;
let L1 = 0;
let L2 = 0;
let L3 = 0;

/**
 * limbs = limbs · m + add (m ≤ 10^5, so every partial product stays below 2^53); false once the
 * value reaches 2^96. Carries use a multiplication by 2^−32 and floor (exact for integers below
 * 2^53), not the slow floating-point `%`.
 */
function mulAdd(m: number, add: number): boolean {
  let t = L0 * m + add;
  let c = Math.floor(t * INV32);
  L0 = t - c * TWO32;
  t = L1 * m + c;
  c = Math.floor(t * INV32);
  L1 = t - c * TWO32;
  t = L2 * m + c;
  c = Math.floor(t * INV32);
  L2 = t - c * TWO32;
  t = L3 * m + c;
  c = Math.floor(t * INV32);
  L3 = t - c * TWO32;
  return c === 0 && L3 === 0;
}

function putU32(out: Uint8Array, o: number, v: number): void {
  out[o] = v >>> 24;
  out[o + 1] = (v >>> 16) & 255;
  out[o + 2] = (v >>> 8) & 255;
  out[o + 3] = v & 255;
}

/** A human reason for an outcome code (the message names the value and the asset). */
export function amountReason(code: number, text: string, symbol: string, decimals: number): string {
  const v = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  switch (code) {
    case AMOUNT_EMPTY:
      return `empty amount for ${symbol}`;
    case AMOUNT_NEGATIVE:
      return `negative amount "${v}"`;
    case AMOUNT_LEADING_ZERO:
      return `"${v}" has leading zeros`;
    case AMOUNT_TOO_PRECISE:
      return `"${v}" has more fractional digits than ${symbol}'s ${decimals} decimals (never rounded)`;
    case AMOUNT_TOO_LARGE:
      return `"${v}" is more than 2^96−1 base units of ${symbol}`;
    default:
      return `"${v}" is not a decimal number`;
  }
}
