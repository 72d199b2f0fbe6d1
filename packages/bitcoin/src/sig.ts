/**
 * secp256k1 signature checks with Bitcoin's encoding rules: strict DER (BIP-66), LOW_S (BIP-62
 * rule 5), STRICTENC public keys, and BIP-340 Schnorr. Verification runs on @noble/curves over
 * an already computed 32-byte sighash (no pre-hashing).
 * @module
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N >> 1n;

/**
 * BIP-66 `IsValidSignatureEncoding` on a DER signature *including* its trailing sighash byte:
 * `0x30 len 0x02 lenR R 0x02 lenS S hashtype`, minimal positive integers, no trailing garbage.
 */
export function isStrictDer(sig: Uint8Array): boolean {
  if (sig.length < 9 || sig.length > 73) return false;
  if (sig[0] !== 0x30) return false;
  if (sig[1] !== sig.length - 3) return false;
  const lenR = sig[3]!;
  if (5 + lenR >= sig.length) return false;
  const lenS = sig[5 + lenR]!;
  if (lenR + lenS + 7 !== sig.length) return false;
  if (sig[2] !== 0x02) return false;
  if (lenR === 0) return false;
  if (sig[4]! & 0x80) return false;
  if (lenR > 1 && sig[4] === 0x00 && !(sig[5]! & 0x80)) return false;
  if (sig[lenR + 4] !== 0x02) return false;
  if (lenS === 0) return false;
  if (sig[lenR + 6]! & 0x80) return false;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !(sig[lenR + 7]! & 0x80)) return false;
  return true;
}

/** Big-endian unsigned integer of bytes. */
export function toBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** r and s of a strict DER signature with its sighash byte (call {@link isStrictDer} first). */
export function derRS(sig: Uint8Array): { r: bigint; s: bigint } {
  const lenR = sig[3]!;
  const r = toBig(sig.subarray(4, 4 + lenR));
  const lenS = sig[5 + lenR]!;
  const s = toBig(sig.subarray(6 + lenR, 6 + lenR + lenS));
  return { r, s };
}

/** Is `s` in the lower half of the group order (BIP-62 LOW_S)? */
export function isLowS(s: bigint): boolean {
  return s >= 1n && s <= HALF_N;
}

/** STRICTENC public key: compressed (02/03 + 32 bytes) or uncompressed (04 + 64 bytes). */
export function isStrictPubkey(pub: Uint8Array): boolean {
  if (pub.length === 33) return pub[0] === 2 || pub[0] === 3;
  if (pub.length === 65) return pub[0] === 4;
  return false;
}

/** Is the key a compressed SEC1 key (required inside segwit v0, WITNESS_PUBKEYTYPE)? */
export function isCompressedPubkey(pub: Uint8Array): boolean {
  return pub.length === 33 && (pub[0] === 2 || pub[0] === 3);
}

/** 32-byte big-endian encoding of `v`. */
export function be32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** ECDSA verification of (r, s) over a 32-byte digest; requires low S. Never throws. */
export function ecdsaVerify(r: bigint, s: bigint, digest: Uint8Array, pub: Uint8Array): boolean {
  if (r <= 0n || r >= N || !isLowS(s)) return false;
  try {
    const compact = new Uint8Array(64);
    compact.set(be32(r), 0);
    compact.set(be32(s), 32);
    return secp256k1.verify(compact, digest, pub, {
      prehash: false,
      lowS: true,
      format: 'compact',
    });
  } catch {
    return false;
  }
}

/** BIP-340 verification over a 32-byte digest with an x-only key. Never throws. */
export function schnorrVerify(sig64: Uint8Array, digest: Uint8Array, xonly: Uint8Array): boolean {
  if (sig64.length !== 64 || xonly.length !== 32 || digest.length !== 32) return false;
  try {
    return schnorr.verify(sig64, digest, xonly);
  } catch {
    return false;
  }
}

/**
 * Recover the public key of a 65-byte-style compact recoverable signature (r‖s, recovery id
 * 0 … 3) over `digest`; `undefined` if none.
 */
export function ecdsaRecover(
  rs64: Uint8Array,
  recovery: number,
  digest: Uint8Array,
  compressed: boolean
): Uint8Array | undefined {
  try {
    const sig = secp256k1.Signature.fromBytes(rs64, 'compact').addRecoveryBit(recovery);
    const point = sig.recoverPublicKey(digest);
    return point.toBytes(compressed);
  } catch {
    return undefined;
  }
}

/**
 * BIP-341 taproot output-key check: is `outputKey` (x-only) = `internalKey + t·G` with
 * `t = TH("TapTweak", internalKey ‖ merkleRoot)` and the given y parity?
 */
export function checkTapTweak(
  internalKey: Uint8Array,
  tweak: Uint8Array,
  outputKey: Uint8Array,
  parity: number
): boolean {
  try {
    const P = schnorr.utils.lift_x(toBig(internalKey));
    const t = toBig(tweak);
    if (t >= N) return false;
    const Q = t === 0n ? P : P.add(secp256k1.Point.BASE.multiply(t));
    if (Q.equals(secp256k1.Point.ZERO)) return false;
    const aff = Q.toAffine();
    return toBig(outputKey) === aff.x && Number(aff.y & 1n) === parity;
  } catch {
    return false;
  }
}

/** BIP-341 output key: x-only of `P + t·G` for x-only internal key `P` and tweak `t`. */
export function tweakTaprootKey(
  internalKey: Uint8Array,
  tweak: Uint8Array
): Uint8Array | undefined {
  try {
    const t = toBig(tweak);
    if (t >= N) return undefined;
    const P = schnorr.utils.lift_x(toBig(internalKey));
    const Q = P.add(secp256k1.Point.BASE.multiply(t));
    return be32(Q.toAffine().x);
  } catch {
    return undefined;
  }
}

/**
 * Lax DER parsing of an ECDSA signature (without its sighash byte), with the behaviour of
 * libsecp256k1's `ecdsa_signature_parse_der_lax` that Bitcoin Core verifies with when BIP-66 is
 * not enforced: long-form lengths, excess padding and trailing bytes are tolerated; an R or S
 * that does not fit 32 bytes or is ≥ n gives (0, 0) (a signature that never verifies);
 * `undefined` when the bytes are not a DER sequence of two integers at all.
 */
export function parseDerLax(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  const len = der.length;
  let pos = 0;
  if (pos === len || der[pos] !== 0x30) return undefined;
  pos++;
  if (pos === len) return undefined;
  let lenbyte = der[pos++]!;
  if (lenbyte & 0x80) {
    lenbyte -= 0x80;
    if (lenbyte > len - pos) return undefined;
    pos += lenbyte;
  }
  const int = (): { at: number; n: number } | undefined => {
    if (pos === len || der[pos] !== 0x02) return undefined;
    pos++;
    if (pos === len) return undefined;
    let lb = der[pos++]!;
    let n: number;
    if (lb & 0x80) {
      lb -= 0x80;
      if (lb > len - pos) return undefined;
      while (lb > 0 && der[pos] === 0) {
        pos++;
        lb--;
      }
      if (lb >= 4) return undefined;
      n = 0;
      while (lb > 0) {
        n = n * 256 + der[pos]!;
        pos++;
        lb--;
      }
    } else n = lb;
    if (n > len - pos) return undefined;
    const at = pos;
    pos += n;
    return { at, n };
  };
  const R = int();
  if (!R) return undefined;
  const S = int();
  if (!S) return undefined;
  const value = (x: { at: number; n: number }): bigint | undefined => {
    let { at, n } = x;
    while (n > 0 && der[at] === 0) {
      at++;
      n--;
    }
    if (n > 32) return undefined;
    const v = toBig(der.subarray(at, at + n));
    return v >= N ? undefined : v;
  };
  const r = value(R);
  const s = value(S);
  if (r === undefined || s === undefined) return { r: 0n, s: 0n };
  return { r, s };
}

/** Is `s` in the upper half (the LOW_S rule's "high S"), as libsecp256k1 normalises it? */
export function isHighS(s: bigint): boolean {
  return s > HALF_N && s < N;
}

/**
 * A public key as Bitcoin Core's `CPubKey` + libsecp256k1 parse it: 33-byte compressed (02/03),
 * 65-byte uncompressed (04) or hybrid (06/07, whose prefix must match y's parity). Returns the
 * key re-encoded for @noble/curves (hybrid → 04), or `undefined` for any other encoding; whether
 * it is a curve point is left to the verification (which then fails).
 */
export function parsePubkeyCore(pub: Uint8Array): Uint8Array | undefined {
  const h = pub[0];
  if (pub.length === 33 && (h === 2 || h === 3)) return pub;
  if (pub.length === 65 && h === 4) return pub;
  if (pub.length === 65 && (h === 6 || h === 7)) {
    if ((pub[64]! & 1) !== (h === 7 ? 1 : 0)) return undefined;
    return Uint8Array.of(4, ...pub.subarray(1));
  }
  return undefined;
}

/** ECDSA verification as Core does it: S normalised to the lower half first. Never throws. */
export function ecdsaVerifyNormalized(
  r: bigint,
  s: bigint,
  digest: Uint8Array,
  pub: Uint8Array
): boolean {
  return ecdsaVerify(r, s > HALF_N ? N - s : s, digest, pub);
}
