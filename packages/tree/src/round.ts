/**
 * The round and the asset set (protocol v1 §Round and asset set, §Secrets).
 * @module
 */
import {
  concatBytes,
  EncodingError,
  hmacSha256,
  isCanonicalInt,
  isNfc,
  jcs,
  taggedHash,
  utf8,
} from '@kura/codec';

/** `round = {"exchange", "period", "snapshotTime"}` — which books, which month, which instant. */
export interface Round {
  readonly exchange: string;
  readonly period: string;
  /** RFC 3339 UTC, e.g. `2026-11-30T15:00:00Z`. */
  readonly snapshotTime: string;
}

/** One entry of the asset list; the list order is the order of balances everywhere. */
export interface Asset {
  readonly symbol: string;
  /** 0 … 36. */
  readonly decimals: number;
  /** CAIP-2 chain id, e.g. `bip122:000000000019d6689c085ae165831e93` or `eip155:1`. */
  readonly network?: string;
}

/** Largest number of assets one tree may carry. */
export const MAX_ASSETS = 4096;

const RFC3339_UTC =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?Z$/;
const CAIP2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/;

/**
 * True when the `YYYY-MM-DD` date exists (RFC 3339 §5.7: February 30 does not; `Date.parse`
 * would silently roll it over to March 2) and the time has no leap second (`:60`), which JCS
 * strings could carry but the calendar check below cannot place.
 */
function isRealDate(t: string): boolean {
  const y = Number(t.slice(0, 4));
  const m = Number(t.slice(5, 7));
  const d = Number(t.slice(8, 10));
  if (t.slice(17, 19) === '60') return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) throw new EncodingError(`unknown field "${k}"`, field);
}

function nfcString(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length === 0)
    throw new EncodingError('expected a non-empty string', field);
  if (!isNfc(v))
    throw new EncodingError('string is not in Unicode NFC (JCS does not normalise)', field);
  return v;
}

/** Validate a round object strictly; returns a clean copy. Throws {@link EncodingError}. */
export function parseRound(v: unknown, field = 'round'): Round {
  if (!isPlainObject(v)) throw new EncodingError('expected an object', field);
  checkKeys(v, ['exchange', 'period', 'snapshotTime'], field);
  const exchange = nfcString(v.exchange, `${field}.exchange`);
  const period = nfcString(v.period, `${field}.period`);
  const snapshotTime = nfcString(v.snapshotTime, `${field}.snapshotTime`);
  if (!RFC3339_UTC.test(snapshotTime) || !isRealDate(snapshotTime))
    throw new EncodingError(
      'expected an RFC 3339 UTC time such as 2026-11-30T15:00:00Z',
      `${field}.snapshotTime`
    );
  return { exchange, period, snapshotTime };
}

/** Validate an asset list strictly (1 … 4096 entries, unique symbols, NFC). */
export function parseAssets(v: unknown, field = 'assets'): Asset[] {
  if (!Array.isArray(v)) throw new EncodingError('expected an array', field);
  if (v.length < 1 || v.length > MAX_ASSETS)
    throw new EncodingError(`expected 1 … ${MAX_ASSETS} assets, got ${v.length}`, field);
  const seen = new Set<string>();
  return v.map((a, i) => {
    const f = `${field}[${i}]`;
    if (!isPlainObject(a)) throw new EncodingError('expected an object', f);
    checkKeys(a, ['symbol', 'decimals', 'network'], f);
    const symbol = nfcString(a.symbol, `${f}.symbol`);
    if (seen.has(symbol)) throw new EncodingError(`duplicate symbol "${symbol}"`, `${f}.symbol`);
    seen.add(symbol);
    const d = a.decimals;
    if (!isCanonicalInt(d) || d < 0 || d > 36)
      throw new EncodingError('expected an integer 0 … 36', `${f}.decimals`);
    if (a.network === undefined) return { symbol, decimals: d };
    const network = nfcString(a.network, `${f}.network`);
    if (!CAIP2.test(network)) throw new EncodingError('expected a CAIP-2 chain id', `${f}.network`);
    return { symbol, decimals: d, network };
  });
}

/** `roundId = TH("kura/v1/round", JCS(round))`. */
export function roundId(round: Round): Uint8Array {
  return taggedHash('kura/v1/round', jcs(round));
}

/** `assetSetHash = TH("kura/v1/assets", JCS(assets))`. */
export function assetSetHash(assets: readonly Asset[]): Uint8Array {
  return taggedHash('kura/v1/assets', jcs(assets));
}

/**
 * A 32-byte master secret held where Kura cannot read it (a PKCS#11 token): it computes
 * HMAC-SHA256 under the secret over a message and returns the 32-byte MAC.
 */
export interface MasterSecretHandle {
  readonly hmacSha256: (message: Uint8Array) => Uint8Array;
}

/** The master secret: its 32 bytes, or a handle to it inside a token. */
export type MasterSecret = Uint8Array | MasterSecretHandle;

/**
 * `roundKey = HMAC(masterSecret, utf8("kura/v1/round-key") ‖ roundId)`. With a
 * {@link MasterSecretHandle} the HMAC is computed where the secret lives, over the same bytes.
 */
export function deriveRoundKey(masterSecret: MasterSecret, rid: Uint8Array): Uint8Array {
  if (rid.length !== 32) throw new RangeError('"roundId" expected 32 bytes');
  if (!(masterSecret instanceof Uint8Array)) {
    const k = masterSecret.hmacSha256(concatBytes(utf8('kura/v1/round-key'), rid));
    if (!(k instanceof Uint8Array) || k.length !== 32)
      throw new RangeError('"masterSecret": the handle returned no 32-byte HMAC');
    return Uint8Array.from(k);
  }
  if (masterSecret.length !== 32) throw new RangeError('"masterSecret" expected 32 bytes');
  return hmacSha256(masterSecret, utf8('kura/v1/round-key'), rid);
}
