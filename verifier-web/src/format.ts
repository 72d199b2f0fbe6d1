/**
 * Locale formatting of exact amounts. Amounts stay bigint base units (or exact decimal strings)
 * until the last step: `formatUnits` from @kura/codec turns them into a plain decimal string and
 * this module only inserts the locale's digit-group and decimal separators — no float ever
 * touches a displayed amount, so `12345678901234567890123` wei shows every digit.
 * @module
 */
import { formatUnits } from '@kura/codec';
import type { Lang } from './i18n.ts';

interface Separators {
  readonly group: string;
  readonly decimal: string;
}

const SEPARATORS = new Map<string, Separators>();

/** The locale's digit-group and decimal separators, read once from `Intl.NumberFormat`. */
function separators(lang: Lang): Separators {
  let sep = SEPARATORS.get(lang);
  if (!sep) {
    // 12345.5 is exactly representable, so the sample itself involves no rounding.
    const parts = new Intl.NumberFormat(lang).formatToParts(12345.5);
    sep = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
    SEPARATORS.set(lang, sep);
  }
  return sep;
}

const PLAIN_DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Insert locale separators into a plain decimal string such as `"-1234567.000125"`. Strings that
 * are not plain decimals are returned unchanged (they are shown, never computed with).
 */
export function localizeDecimal(plain: string, lang: Lang): string {
  const m = PLAIN_DECIMAL.exec(plain);
  if (!m) return plain;
  const { group, decimal } = separators(lang);
  const sign = m[1] ? '−' : '';
  const int = m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return m[3] ? `${sign}${int}${decimal}${m[3]}` : `${sign}${int}`;
}

/** Base units → locale string in whole units, e.g. `123456789n, 8` → `"1.23456789"`. */
export function formatAmount(v: bigint, decimals: number, lang: Lang): string {
  return localizeDecimal(formatUnits(v, decimals), lang);
}

/** A hash shortened for display: first and last 8 hex characters. The full value stays copyable. */
export function shortHash(hex: string): string {
  return hex.length > 20 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex;
}

/** Group a hex fingerprint in blocks of 4 for reading aloud and comparing. */
export function groupHex(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A date/time in the customer's language; the raw RFC 3339 string if it does not parse. */
export function formatTime(rfc3339: string, lang: Lang): string {
  const t = Date.parse(rfc3339);
  if (Number.isNaN(t)) return rfc3339;
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone: 'UTC',
  }).format(t);
}

/**
 * `num / den` as a percentage string with `places` decimals, rounded down, computed in bigint
 * (for coverage ratios). `den = 0` gives null.
 */
export function percent(num: bigint, den: bigint, places = 2): string | null {
  if (den <= 0n) return null;
  const scale = 10n ** BigInt(places);
  const q = (num * 100n * scale) / den;
  const s = q.toString().padStart(places + 1, '0');
  return places > 0 ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
}

/**
 * A fraction `part / whole` as a float in [0, 1] for drawing only (pixel geometry), computed
 * from bigints at 1e-6 resolution so huge base-unit amounts never overflow a double.
 */
export function fraction(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  const r = Number((part * 1_000_000n) / whole) / 1_000_000;
  return Math.min(r, 1);
}
