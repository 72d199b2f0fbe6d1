/**
 * Exact amounts: bigint base units, the protocol's decimal-string grammar, and conversion of
 * human decimals (`0.00012345` BTC) to base units without rounding. No floats anywhere.
 * @module
 */
import { formatDecimal } from './decimal.js';
import { EncodingError } from './errors.js';

/** The protocol's amount grammar: `^(0|[1-9][0-9]*)$` (protocol v1 §Primitives). */
export const AMOUNT_RE: RegExp = /^(0|[1-9][0-9]*)$/;

/** `MAX_LEAF = 2^96 − 1`, the largest balance one leaf may carry. */
export const MAX_LEAF: bigint = (1n << 96n) - 1n;

/**
 * Parse an amount in base units given as a decimal string. Rejects signs, leading zeros,
 * spaces, hex, exponents and numbers (attacks A2, A4-c, G1).
 */
export function parseAmount(s: unknown, field = 'amount'): bigint {
  if (typeof s !== 'string') throw new EncodingError('expected a decimal string', field);
  if (!AMOUNT_RE.test(s))
    throw new EncodingError(`"${clip(s)}" is not a canonical decimal string`, field);
  return BigInt(s);
}

/** Format a base-unit amount as the protocol's decimal string. */
export function formatAmount(v: bigint): string {
  if (v < 0n) throw new RangeError(`"v" must be non-negative, got ${v}`);
  return v.toString(10);
}

const DECIMAL_RE = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * Convert a human decimal in the asset's unit to base units, exactly.
 * `parseUnits("0.00012345", 8) === 12345n`. Throws {@link EncodingError} for a sign, an
 * exponent, a non-numeric value, or more fractional digits than `decimals` (never rounds).
 */
export function parseUnits(s: string, decimals: number, field = 'amount'): bigint {
  if (!DECIMAL_RE.test(s)) {
    if (s.startsWith('-')) throw new EncodingError(`negative amount "${clip(s)}"`, field);
    throw new EncodingError(`"${clip(s)}" is not a decimal number`, field);
  }
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  if (frac.length > decimals)
    throw new EncodingError(
      `"${clip(s)}" has ${frac.length} fractional digits; the asset has ${decimals} decimals`,
      field
    );
  return BigInt(int + frac.padEnd(decimals, '0'));
}

/** Format base units as a human decimal with `decimals` places, trailing zeros trimmed. */
export function formatUnits(v: bigint, decimals: number): string {
  return formatDecimal({ n: v, scale: decimals });
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
