/**
 * secp256k1 ECDSA signatures as Ethereum wallets produce them (`r ‖ s ‖ v`, 65 bytes) and
 * recovery of the signing address (attacks D4).
 *
 * Checked before recovery: exactly 65 bytes; `1 ≤ r < n`; `1 ≤ s ≤ n/2` (low-S, EIP-2 — the
 * malleated twin `(r, n − s, v ^ 1)` of a valid signature is refused with `HIGH_S`);
 * `v ∈ {27, 28}` (or `{0, 1}`); the recovered address is not the zero address.
 * @module
 */
import { toChecksumAddress } from '@kura/attest';
import { bytesToHex, fail, type VerifyResult } from '@kura/codec';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToBigint } from './hex.js';

/** The order n of secp256k1. */
export const SECP256K1_N: bigint =
  0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Failure codes of {@link recoverSigner}. */
export type SignatureErrorCode = 'BAD_SIGNATURE' | 'HIGH_S';

/** Recover the EIP-55 address that signed the 32-byte `digest`. Never throws. */
export function recoverSigner(
  digest: Uint8Array,
  sig: Uint8Array
): VerifyResult<SignatureErrorCode, { address: string }> {
  if (!(digest instanceof Uint8Array) || digest.length !== 32)
    return fail('BAD_SIGNATURE', '"digest" must be 32 bytes');
  if (!(sig instanceof Uint8Array) || sig.length !== 65)
    return fail(
      'BAD_SIGNATURE',
      `expected a 65-byte r ‖ s ‖ v signature, got ${sig?.length ?? 0} bytes`
    );
  const r = bytesToBigint(sig.subarray(0, 32));
  const s = bytesToBigint(sig.subarray(32, 64));
  const v = sig[64]!;
  if (r === 0n || r >= SECP256K1_N) return fail('BAD_SIGNATURE', 'r is not in 1 … n−1');
  if (s === 0n || s >= SECP256K1_N) return fail('BAD_SIGNATURE', 's is not in 1 … n−1');
  if (s > SECP256K1_N >> 1n)
    return fail('HIGH_S', 's is above n/2 (a malleated signature; wallets produce low-S)');
  const yParity = v === 27 || v === 0 ? 0 : v === 28 || v === 1 ? 1 : -1;
  if (yParity < 0) return fail('BAD_SIGNATURE', `v = ${v}, expected 27 or 28`);
  let address: string;
  try {
    // address = last 20 bytes of keccak256(uncompressed public key without its 0x04 prefix)
    const pub = new secp256k1.Signature(r, s)
      .addRecoveryBit(yParity)
      .recoverPublicKey(digest)
      .toBytes(false);
    address = toChecksumAddress(`0x${bytesToHex(keccak_256(pub.subarray(1)).subarray(12))}`);
  } catch {
    return fail('BAD_SIGNATURE', 'no public key recovers from this signature');
  }
  if (/^0x0{40}$/.test(address)) return fail('BAD_SIGNATURE', 'recovered the zero address');
  return { ok: true, address };
}
