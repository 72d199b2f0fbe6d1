/**
 * The round and the asset set (protocol v1 §Round and asset set, §Secrets).
 * @module
 */
import {
  concatBytes,
  type DocumentError,
  hmacSha256,
  jcs,
  parseJsonPath,
  taggedHash,
  utf8,
  validate,
} from '@kura/codec';
import { assetsShape, roundShape } from './shapes.js';

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

/**
 * Validate a round object strictly (SPEC.md §4.1; {@link roundShape}); returns a clean copy.
 * Throws a {@link DocumentError} (code BAD_ENCODING) whose path is `at` (the keys from the
 * document root to the round, or its JSON path) plus the field.
 */
export function parseRound(v: unknown, at: readonly (string | number)[] | string = []): Round {
  const r = validate(roundShape, v, { at: keysOf(at) });
  return { exchange: r.exchange, period: r.period, snapshotTime: r.snapshotTime };
}

/**
 * Validate an asset list strictly (1 … 4096 entries, unique symbols, NFC; {@link assetsShape});
 * returns clean copies. Throws a {@link DocumentError} like {@link parseRound}.
 */
export function parseAssets(v: unknown, at: readonly (string | number)[] | string = []): Asset[] {
  return validate(assetsShape, v, { at: keysOf(at) }).map(copyAsset);
}

/** Keys from the root: given as keys, as a JSON path (`$.a.b`), or as one member name. */
function keysOf(at: readonly (string | number)[] | string): readonly (string | number)[] {
  return typeof at === 'string' ? (parseJsonPath(at) ?? [at]) : at;
}

/** A clean copy of a checked asset (no other members, `network` only when present). */
export function copyAsset(a: Asset): Asset {
  return a.network === undefined
    ? { symbol: a.symbol, decimals: a.decimals }
    : { symbol: a.symbol, decimals: a.decimals, network: a.network };
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
