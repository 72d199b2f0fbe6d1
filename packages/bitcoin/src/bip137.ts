/**
 * Legacy message signatures ("<Coin> Signed Message", BIP-137 header bytes), for every coin of
 * the Bitcoin family.
 *
 * `digest = SHA-256(SHA-256(CompactSize(len magic) ‖ magic ‖ CompactSize(len m) ‖ m))` where
 * `magic` is the chain's `strMessageMagic` ("Bitcoin Signed Message:\n" for BTC and BCH,
 * "Litecoin …", "Dogecoin …", "Monacoin …"); signature = base64(header ‖ r ‖ s).
 *
 * Header bytes (BIP-137): 27–30 P2PKH uncompressed, 31–34 P2PKH compressed, 35–38 P2SH-P2WPKH,
 * 39–42 P2WPKH (each + recovery id). Hardware wallets and Electrum sign for single-key segwit
 * addresses — some with BIP-137's segwit headers (Trezor), some with the compressed-P2PKH
 * headers 31–34 (Electrum, and Trezor's variant verified by bitcoinjs-message's
 * `checkSegwitAlways`). Kura accepts, on chains with segwit only:
 *
 * | address      | headers accepted | the recovered key K must satisfy              |
 * |--------------|------------------|-----------------------------------------------|
 * | P2PKH        | 27–34            | HASH160(K) = hash (K uncompressed for 27–30)  |
 * | P2WPKH       | 31–34, 39–42     | HASH160(K) = program (K compressed)           |
 * | P2SH         | 31–34, 35–38     | HASH160(0x00 0x14 ‖ HASH160(K)) = hash        |
 *
 * Everything else fails: a header claiming another type (35–42 on P2PKH, 35–38 on P2WPKH, 39–42
 * on P2SH, 27–30 on segwit) with `E_ADDRESS_TYPE` (attacks D6-b, S17-b6); P2WSH and P2TR, whose
 * spending condition one recovered key cannot prove, with `E_ADDRESS_TYPE`; a P2SH address that
 * is not the P2SH-P2WPKH of the recovered key (a multisig, say) with `E_SIGNATURE`.
 * @module
 */
import {
  base64ToBytes,
  bytesToHex,
  concatBytes,
  equalBytes,
  fail,
  utf8Raw,
  type VerifyResult,
} from '@kura/codec';
import type { DecodedAddress } from './address.js';
import { hash160, hash256 } from './hashes.js';
import { ecdsaRecover } from './sig.js';
import { ByteWriter } from './wire.js';

const BITCOIN_MAGIC = 'Bitcoin Signed Message:\n';

/** The digest a legacy message signature signs, under `magic` (Bitcoin's by default). */
export function bip137Digest(message: string, magic: string = BITCOIN_MAGIC): Uint8Array {
  return hash256(new ByteWriter().varBytes(utf8Raw(magic)).varBytes(utf8Raw(message)).finish());
}

/** Codes of {@link verifyBip137}. */
export type Bip137ErrorCode = 'E_ADDRESS_TYPE' | 'E_MALFORMED_SIGNATURE' | 'E_SIGNATURE';

/** Verify a legacy signature by a P2PKH or single-key segwit address. Never throws. */
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
  const net = address.network;
  const kind = header >= 39 ? 'P2WPKH' : header >= 35 ? 'P2SH-P2WPKH' : 'P2PKH';
  const t = address.type;
  if (t === 'p2wsh' || t === 'p2tr')
    return fail(
      'E_ADDRESS_TYPE',
      `legacy (BIP-137) signatures cannot prove ${t} address ${address.address} (one key does not decide a script); use BIP-322`
    );
  if (t !== 'p2pkh' && !net.segwit)
    return fail(
      'E_ADDRESS_TYPE',
      `${net.name} has no segwit: a legacy signature proves P2PKH addresses only, not ${t}`
    );
  const allowed =
    t === 'p2pkh'
      ? header <= 34
      : t === 'p2wpkh'
        ? (header >= 31 && header <= 34) || header >= 39
        : header >= 31 && header <= 38;
  if (!allowed)
    return fail(
      'E_ADDRESS_TYPE',
      `header byte ${header} claims ${header <= 30 ? 'an uncompressed-key P2PKH' : `a ${kind}`} address, but ${address.address} is ${t}`
    );
  const compressed = header >= 31;
  const recovery = (header - 27) & 3;
  const pub = ecdsaRecover(
    sig.subarray(1),
    recovery,
    bip137Digest(message, net.messageMagic),
    compressed
  );
  if (!pub) return fail('E_SIGNATURE', 'no public key can be recovered from the signature');
  const h = hash160(pub);
  const program = t === 'p2sh' ? hash160(concatBytes(Uint8Array.of(0x00, 0x14), h)) : h;
  if (!equalBytes(program, address.program))
    return fail(
      'E_SIGNATURE',
      t === 'p2sh'
        ? `${address.address} is not the P2SH-P2WPKH address of the signing key (a multisig or other script cannot be proven by one key; use BIP-322 or BIP-127)`
        : `the signature does not come from the key of ${address.address} (over this message, with the ${net.coin.toUpperCase()} message magic)`
    );
  return { ok: true, publicKey: bytesToHex(pub) };
}
