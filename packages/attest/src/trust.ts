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
import { bytesToHex, hexToBytes, KuraError, parseJsonBytes } from '@kura/codec';
import { publicKeyHex, ROLES, type Role } from './attestation.js';
import { arr, hex, obj, oneOf, SchemaError, str, time } from './fields.js';
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

const checked = new WeakSet<object>();

/**
 * Parse and check a trust file's JSON value. Throws {@link TrustError} or a SchemaError. The
 * result is frozen and remembered: passing it to `verifyAttestation` again skips the key checks
 * (the Ed25519 prime-order check costs a scalar multiplication per key).
 */
export function parseTrust(v: unknown): TrustFile {
  if (typeof v === 'object' && v !== null && checked.has(v)) return v as TrustFile;
  const o = obj(v, '$', ['version', 'keys']);
  if (o.version !== TRUST_VERSION)
    throw new TrustError('TRUST_INVALID', `$.version: expected "${TRUST_VERSION}"`);
  const byKey = new Map<string, Role>();
  const keys = arr(o.keys, '$.keys', 1, 256).map((k, i): TrustKey => {
    const f = `$.keys[${i}]`;
    const ko = obj(
      k,
      f,
      ['role', 'alg', 'publicKey', 'fingerprint'],
      ['name', 'validFrom', 'validUntil']
    );
    const role = oneOf(ko.role, `${f}.role`, ROLES);
    const alg = oneOf(ko.alg, `${f}.alg`, SIG_ALGS);
    const publicKey = publicKeyHex(alg, ko.publicKey, `${f}.publicKey`);
    const pk = hexToBytes(publicKey);
    const chk = checkPublicKey(alg, pk);
    if (!chk.ok) throw new TrustError('TRUST_INVALID', `${f}.publicKey: ${chk.message}`);
    const fingerprint = hex(ko.fingerprint, `${f}.fingerprint`, 32);
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
    if (ko.name !== undefined) out.name = str(ko.name, `${f}.name`, 256);
    const from = ko.validFrom === undefined ? undefined : time(ko.validFrom, `${f}.validFrom`);
    const until = ko.validUntil === undefined ? undefined : time(ko.validUntil, `${f}.validUntil`);
    if (from && until && until.ms < from.ms)
      throw new TrustError('TRUST_INVALID', `${f}.validUntil: before validFrom`);
    if (from) out.validFrom = from.s;
    if (until) out.validUntil = until.s;
    return Object.freeze(out);
  });
  const out: TrustFile = Object.freeze({ version: TRUST_VERSION, keys: Object.freeze(keys) });
  checked.add(out);
  return out;
}

/** Decode bytes strictly, then {@link parseTrust}. Throws. */
export function parseTrustBytes(bytes: Uint8Array, file?: string): TrustFile {
  const v = parseJsonBytes(bytes, file === undefined ? {} : { file });
  try {
    return parseTrust(v);
  } catch (e) {
    if (e instanceof SchemaError && file !== undefined) throw e.withFile(file);
    throw e;
  }
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
