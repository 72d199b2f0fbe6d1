/**
 * Exact decimal arithmetic for money and prices: a value is `{ n, scale }` meaning n / 10^scale,
 * with n a bigint. Used for prices, rates and reporting-currency values by the policy engine and
 * the attestation's coverage check — no floats anywhere. Division always states its rounding.
 * @module
 */
import { EncodingError } from './errors.js';

/** An exact decimal: `n / 10^scale`. */
export interface Decimal {
  readonly n: bigint;
  readonly scale: number;
}

const DEC_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Parse a decimal string such as `"15000000.25"`, `"-0.5"` or `"0.95"` (no exponent, no `+`). */
export function parseDecimal(s: unknown, field = 'decimal'): Decimal {
  if (typeof s !== 'string' || !DEC_RE.test(s) || s === '-0')
    throw new EncodingError(
      `expected a decimal string such as "1234.5", got ${JSON.stringify(s)}`,
      field
    );
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot + 1);
  const n = BigInt(int + frac);
  return { n: neg ? -n : n, scale: frac.length };
}

/** Canonical string of a decimal: trailing fractional zeros removed, `-0` never produced. */
export function formatDecimal(d: Decimal): string {
  return toText(normalize(d));
}

/** Format with exactly `scale` fractional digits, rounding as told. */
export function formatFixed(d: Decimal, scale: number, mode: Rounding = 'floor'): string {
  return toText(rescale(d, scale, mode));
}

/** `n / 10^scale` as text with exactly `scale` fractional digits. */
function toText({ n, scale }: Decimal): string {
  const neg = n < 0n;
  const a = (neg ? -n : n).toString().padStart(scale + 1, '0');
  const int = a.slice(0, a.length - scale);
  return (neg ? '-' : '') + (scale > 0 ? `${int}.${a.slice(a.length - scale)}` : int);
}

/** Remove trailing zeros from the fraction. */
export function normalize(d: Decimal): Decimal {
  let { n, scale } = d;
  while (scale > 0 && n % 10n === 0n) {
    n /= 10n;
    scale--;
  }
  return { n, scale };
}

/** A decimal from an integer. */
export function dec(n: bigint | number, scale = 0): Decimal {
  return { n: BigInt(n), scale };
}

const P10: bigint[] = [];
/** 10^k as a bigint (cached). */
export function pow10(k: number): bigint {
  if (k < 0) throw new RangeError(`"k" expected >= 0, got ${k}`);
  if (P10[k] === undefined) P10[k] = 10n ** BigInt(k);
  return P10[k]!;
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.n * pow10(s - a.scale), b.n * pow10(s - b.scale), s];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, s] = align(a, b);
  return { n: x + y, scale: s };
}
export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, s] = align(a, b);
  return { n: x - y, scale: s };
}
export function mul(a: Decimal, b: Decimal): Decimal {
  return { n: a.n * b.n, scale: a.scale + b.scale };
}
/** -1, 0 or 1. */
export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}
export function max(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) >= 0 ? a : b;
}
export function min(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) <= 0 ? a : b;
}
export function isZero(a: Decimal): boolean {
  return a.n === 0n;
}

/** Rounding modes: toward −∞, toward +∞, or half away from zero. */
export type Rounding = 'floor' | 'ceil' | 'half-up';

function divRound(num: bigint, den: bigint, mode: Rounding): bigint {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num % den;
  if (r === 0n) return q;
  if (mode === 'floor') return num < 0n ? q - 1n : q;
  if (mode === 'ceil') return num > 0n ? q + 1n : q;
  // half-up (away from zero)
  const twice = 2n * (r < 0n ? -r : r);
  if (twice >= den) return num < 0n ? q - 1n : q + 1n;
  return q;
}

/** Change the scale, rounding as told when digits are dropped. */
export function rescale(d: Decimal, scale: number, mode: Rounding = 'floor'): Decimal {
  if (scale >= d.scale) return { n: d.n * pow10(scale - d.scale), scale };
  return { n: divRound(d.n, pow10(d.scale - scale), mode), scale };
}

/** `a / b` to `scale` fractional digits, rounding as told. */
export function div(a: Decimal, b: Decimal, scale: number, mode: Rounding = 'floor'): Decimal {
  // a.n/10^as ÷ b.n/10^bs = a.n·10^bs / (b.n·10^as); times 10^scale for the result's scale
  const num = a.n * pow10(b.scale + scale);
  const den = b.n * pow10(a.scale);
  return { n: divRound(num, den, mode), scale };
}

/** Base units of an asset with `decimals` as a decimal in whole units. */
export function fromBaseUnits(amount: bigint, decimals: number): Decimal {
  return { n: amount, scale: decimals };
}
