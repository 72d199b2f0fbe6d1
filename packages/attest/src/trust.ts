/**
 * The trust file `kura-trust/1`: the public keys a verifier pins, by role, with fingerprints and
 * optional validity periods (attack E3). Keys embedded in an attestation are only hints: a
 * signature counts only when its (alg, key) is pinned here for its role.
 *
 * ```json
 * { "version": "kura-trust/1",
 *   "keys": [ { "role": "exchange", "alg": "ed25519", "publicKey": "<hex>",
 *               "fingerprint": "<hex of TH(\"kura/v1/key\", utf8(alg) ‖ 0x00 ‖ publicKey)>",
 *               "name": "Example K.K. 2026", "validFrom": "…", "validUntil": "…" } ] }
 * ```
 * @module
 */
import {
  arr,
  bytesToHex,
  DocumentError,
  hex,
  hexToBytes,
  type Infer,
  KuraError,
  literal,
  obj,
  oneOf,
  readJson,
  refine,
  str,
  utcTime,
  validate,
} from '@kura/codec';
import { ROLES, type Role } from './attestation.js';
import { ATTEST_DOCUMENT_CODES } from './fields.js';
import { checkPublicKey, keyFingerprint, SIG_ALGS, type SigAlg } from './sig.js';

/** The version string of a trust file. */
export const TRUST_VERSION = 'kura-trust/1';

/** One pinned key. */
export interface TrustKey {
  readonly role: Role;
  readonly alg: SigAlg;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly name?: string;
  /** RFC 3339 UTC: the key signs attestations issued at or after this time. */
  readonly validFrom?: string;
  /** RFC 3339 UTC: … and at or before this time. */
  readonly validUntil?: string;
}

/** A parsed trust file. */
export interface TrustFile {
  readonly version: typeof TRUST_VERSION;
  readonly keys: readonly TrustKey[];
}

/**
 * A trust file that cannot be used: `TRUST_INVALID` (bad key, fingerprint mismatch, duplicate
 * entry) or `KEY_IN_TWO_ROLES` (one key pinned for two roles).
 */
export class TrustError extends KuraError {}

/** One pinned key (`$defs/key` of trust.schema.json). */
export const trustKeyShape = refine(
  obj(
    {
      role: oneOf(ROLES),
      alg: oneOf(SIG_ALGS),
      publicKey: str({ nfc: false }),
      fingerprint: hex(32),
    },
    { name: str({ max: 256 }), validFrom: utcTime(), validUntil: utcTime() }
  ),
  (k) => {
    // Ed25519: 32 bytes; secp256k1: the 33-byte compressed SEC1 form (the schema's if/then/else)
    const p = k.publicKey;
    if (k.alg === 'ecdsa-secp256k1' && /^04[0-9a-f]{128}$/.test(p))
      return { at: ['publicKey'], reason: 'use the 33-byte compressed key', kind: 'noncanonical' };
    const n = k.alg === 'ed25519' ? 32 : 33;
    if (!new RegExp(`^[0-9a-f]{${2 * n}}$`).test(p))
      return {
        at: ['publicKey'],
        reason: `expected ${n} bytes (${2 * n} lowercase hex characters)`,
        kind: /^(0x)?[0-9a-fA-F]+$/.test(p) ? 'noncanonical' : 'schema',
      };
    if (k.alg === 'ecdsa-secp256k1' && !/^0[23]/.test(p))
      return { at: ['publicKey'], reason: 'a compressed key starts with 02 or 03' };
    if (
      k.validFrom !== undefined &&
      k.validUntil !== undefined &&
      Date.parse(k.validUntil) < Date.parse(k.validFrom)
    )
      return { at: ['validUntil'], reason: 'before validFrom' };
    return undefined;
  }
);

/** `kura-trust/1` (trust.schema.json): 1 … 256 pinned keys. */
export const trustShape = obj({
  version: literal(TRUST_VERSION),
  keys: arr(trustKeyShape, { min: 1, max: 256 }),
});

const checked = new WeakSet<object>();

/**
 * Parse and check a trust file's JSON value ({@link trustShape}, then the keys themselves).
 * Throws {@link TrustError} or a DocumentError (codes {@link ATTEST_DOCUMENT_CODES}). The
 * result is frozen and remembered: passing it to `verifyAttestation` again skips the key checks
 * (the Ed25519 prime-order check costs a scalar multiplication per key).
 */
export function parseTrust(v: unknown): TrustFile {
  if (typeof v === 'object' && v !== null && checked.has(v)) return v as TrustFile;
  let o: Infer<typeof trustShape>;
  try {
    o = validate(trustShape, v, { codes: ATTEST_DOCUMENT_CODES });
  } catch (e) {
    if (e instanceof DocumentError && e.path === '$.version')
      throw new TrustError('TRUST_INVALID', `$.version: expected "${TRUST_VERSION}"`);
    throw e;
  }
  const byKey = new Map<string, Role>();
  const keys = o.keys.map((ko, i): TrustKey => {
    const f = `$.keys[${i}]`;
    const { role, alg, publicKey, fingerprint } = ko;
    const pk = hexToBytes(publicKey);
    const chk = checkPublicKey(alg, pk);
    if (!chk.ok) throw new TrustError('TRUST_INVALID', `${f}.publicKey: ${chk.message}`);
    if (fingerprint !== keyFingerprint(alg, pk))
      throw new TrustError(
        'TRUST_INVALID',
        `${f}.fingerprint: does not match the key (expected ${keyFingerprint(alg, pk)})`
      );
    const id = `${alg}:${publicKey}`;
    const prev = byKey.get(id);
    if (prev !== undefined && prev !== role)
      throw new TrustError(
        'KEY_IN_TWO_ROLES',
        `${f}: the same key is pinned as ${prev} and as ${role}; one key may hold one role`
      );
    if (prev !== undefined) throw new TrustError('TRUST_INVALID', `${f}: key listed twice`);
    byKey.set(id, role);
    const out: { -readonly [K in keyof TrustKey]: TrustKey[K] } = {
      role,
      alg,
      publicKey,
      fingerprint,
    };
    if (ko.name !== undefined) out.name = ko.name;
    if (ko.validFrom !== undefined) out.validFrom = ko.validFrom;
    if (ko.validUntil !== undefined) out.validUntil = ko.validUntil;
    return Object.freeze(out);
  });
  const out: TrustFile = Object.freeze({ version: TRUST_VERSION, keys: Object.freeze(keys) });
  checked.add(out);
  return out;
}

/** Decode bytes strictly, then {@link parseTrust}. Throws; errors name the file, line and field. */
export function parseTrustBytes(bytes: Uint8Array, file?: string): TrustFile {
  return readJson(bytes, parseTrust, { file });
}

/** A trust-file entry for a public key (what `kura keys gen` writes to `<file>.pub.json`). */
export function trustEntry(
  alg: SigAlg,
  publicKey: Uint8Array,
  extra: { role?: Role; name?: string } = {}
): Partial<TrustKey> & Pick<TrustKey, 'alg' | 'publicKey' | 'fingerprint'> {
  return {
    ...(extra.role ? { role: extra.role } : {}),
    alg,
    publicKey: bytesToHex(publicKey),
    fingerprint: keyFingerprint(alg, publicKey),
    ...(extra.name ? { name: extra.name } : {}),
  };
}
