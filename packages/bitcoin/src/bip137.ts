/**
 * Legacy Bitcoin message signatures ("Bitcoin Signed Message", BIP-137 header bytes).
 *
 * `digest = SHA-256(SHA-256(CompactSize(24) ‖ "Bitcoin Signed Message:\n" ‖ CompactSize(len m) ‖ m))`,
 * signature = base64(header ‖ r ‖ s), header = 27 + recovery id (+4 compressed P2PKH,
 * +8 P2SH-P2WPKH, +12 P2WPKH). BIP-322 restricts the legacy format to P2PKH addresses, so Kura
 * accepts headers 27–34 for P2PKH only; 35–42 (segwit claims) fail with `E_ADDRESS_TYPE`
 * (attacks D6-b).
 * @module
 */
import { bytesToHex, equalBytes, fail, utf8Raw, type VerifyResult } from '@kura/codec';
import type { DecodedAddress } from './address.js';
import { hash160, hash256 } from './hashes.js';
import { ecdsaRecover } from './sig.js';
import { ByteWriter, base64ToBytes } from './wire.js';

const MAGIC = utf8Raw('Bitcoin Signed Message:\n');

/** The digest a legacy message signature signs. */
export function bip137Digest(message: string): Uint8Array {
  return hash256(new ByteWriter().varBytes(MAGIC).varBytes(utf8Raw(message)).finish());
}

/** Codes of {@link verifyBip137}. */
export type Bip137ErrorCode = 'E_ADDRESS_TYPE' | 'E_MALFORMED_SIGNATURE' | 'E_SIGNATURE';

/** Verify a legacy signature by a P2PKH address. Never throws. */
export function verifyBip137(
  address: DecodedAddress,
  message: string,
  signature: string
): VerifyResult<Bip137ErrorCode, { publicKey: string }> {
  let sig: Uint8Array;
  try {
    sig = base64ToBytes(signature, 'signature');
  } catch (e) {
    return fail('E_MALFORMED_SIGNATURE', (e as Error).message);
  }
  if (sig.length !== 65)
    return fail('E_MALFORMED_SIGNATURE', `legacy signature must be 65 bytes, got ${sig.length}`);
  const header = sig[0]!;
  if (header < 27 || header > 42)
    return fail('E_MALFORMED_SIGNATURE', `header byte ${header} is outside 27 … 42`);
  if (address.type !== 'p2pkh')
    return fail(
      'E_ADDRESS_TYPE',
      `legacy (BIP-137) signatures are accepted for P2PKH addresses only, not ${address.type}; use BIP-322`
    );
  if (header >= 35)
    return fail(
      'E_ADDRESS_TYPE',
      `header byte ${header} claims a ${header >= 39 ? 'P2WPKH' : 'P2SH-P2WPKH'} address, but ${address.address} is P2PKH`
    );
  const compressed = header >= 31;
  const recovery = (header - 27) & 3;
  const pub = ecdsaRecover(sig.subarray(1), recovery, bip137Digest(message), compressed);
  if (!pub) return fail('E_SIGNATURE', 'no public key can be recovered from the signature');
  if (!equalBytes(hash160(pub), address.program))
    return fail(
      'E_SIGNATURE',
      `the signature does not come from the key of ${address.address} (over this message)`
    );
  return { ok: true, publicKey: bytesToHex(pub) };
}
