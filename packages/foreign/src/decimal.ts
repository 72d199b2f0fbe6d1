/**
 * Exact decimals as the exchanges' own verifiers read and print them: Go shopspring/decimal
 * (`String()`, `RoundDown`) and Java `BigDecimal` (`toPlainString`, `stripTrailingZeros`,
 * `setScale(n, DOWN)`). Built on the `{ n, scale }` decimal of @kura/codec — no floats.
 * @module
 */
import { add, type Decimal, formatDecimal, InputError, pow10 } from '@kura/codec';

const PLAIN_RE = /^-?[0-9]+(\.[0-9]+)?$/;

/** Parse a plain decimal string (`-12.50`, `0`, `007`); throws InputError naming file and field. */
export function parsePlain(s: unknown, file: string | undefined, field: string): Decimal {
  if (typeof s !== 'string' || !PLAIN_RE.test(s))
    throw new InputError(`expected a decimal string, got ${preview(s)}`, { file, field });
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const frac = dot < 0 ? '' : body.slice(dot + 1);
  const n = BigInt((dot < 0 ? body : body.slice(0, dot)) + frac);
  return { n: neg ? -n : n, scale: frac.length };
}

/** True if the string is a plain decimal that {@link parsePlain} accepts. */
export function isPlain(s: string): boolean {
  return PLAIN_RE.test(s);
}

/** Short printable preview of a bad value. */
export function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Sum of two decimals, exact. */
export const plus = (a: Decimal, b: Decimal): Decimal => add(a, b);

/** Truncate toward zero to at most `scale` fractional digits (Go `RoundDown`, Java `DOWN`). */
export function truncate(d: Decimal, scale: number): Decimal {
  if (d.scale <= scale) return d;
  const f = pow10(d.scale - scale);
  return { n: d.n / f, scale }; // bigint division truncates toward zero
}

/** Exactly `scale` fractional digits, truncating toward zero (Java `setScale(s, DOWN).toPlainString()`). */
export function fixedDown(d: Decimal, scale: number): string {
  const t = truncate(d, scale);
  const n = t.n * pow10(scale - t.scale);
  const neg = n < 0n;
  const a = (neg ? -n : n).toString().padStart(scale + 1, '0');
  const int = a.slice(0, a.length - scale);
  return (neg && n !== 0n ? '-' : '') + (scale > 0 ? `${int}.${a.slice(a.length - scale)}` : int);
}

/** Canonical text: no trailing fractional zeros (Go `String()`, Java `stripTrailingZeros().toPlainString()`). */
export const canonical = (d: Decimal): string => formatDecimal(d);

/** True if the value is below zero. */
export const isNegative = (d: Decimal): boolean => d.n < 0n;

/** True if the two decimals are numerically equal. */
export function same(a: Decimal, b: Decimal): boolean {
  const s = Math.max(a.scale, b.scale);
  return a.n * pow10(s - a.scale) === b.n * pow10(s - b.scale);
}
