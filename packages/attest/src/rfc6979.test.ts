/**
 * ECDSA secp256k1 under Kura's policy (attack E5): RFC 6979 deterministic nonces, 64-byte r‖s,
 * low-S, and the 32-byte digest used as the message hash — never hashed again.
 */
import { bytesToHex, hexToBytes, sha256, utf8Raw } from '@kura/codec';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import {
  checkPublicKey,
  ECDSA_SIGN_OPTS,
  ECDSA_VERIFY_OPTS,
  publicKeyOf,
  signDigest,
  verifySignature,
} from './sig.js';

const N = secp256k1.Point.Fn.ORDER;
const priv1 = hexToBytes(`${'00'.repeat(31)}01`);

describe('RFC 6979 ECDSA secp256k1, low-S, prehashed', () => {
  it('the noble options are pinned: prehash false, lowS true, compact, no extra entropy', () => {
    expect(ECDSA_VERIFY_OPTS).toEqual({ prehash: false, lowS: true, format: 'compact' });
    expect(ECDSA_SIGN_OPTS).toEqual({
      prehash: false,
      lowS: true,
      format: 'compact',
      extraEntropy: false,
    });
  });

  it('RFC 6979 vector (key 1, SHA-256("Satoshi Nakamoto")) gives the known r‖s', () => {
    const digest = sha256(utf8Raw('Satoshi Nakamoto'));
    const sig = signDigest('ecdsa-secp256k1', priv1, digest);
    expect(bytesToHex(sig)).toBe(
      '934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8' +
        '2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5'
    );
    // deterministic
    expect(signDigest('ecdsa-secp256k1', priv1, digest)).toEqual(sig);
    const pk = publicKeyOf('ecdsa-secp256k1', priv1);
    expect(verifySignature('ecdsa-secp256k1', pk, digest, sig)).toEqual({ ok: true });
  });

  it('the digest is the hash: a signature over sha256(digest) does not verify, and vice versa', () => {
    const digest = sha256(utf8Raw('kura'));
    const pk = publicKeyOf('ecdsa-secp256k1', priv1);
    const ours = signDigest('ecdsa-secp256k1', priv1, digest);
    // noble with its default prehash: true signs sha256(digest) — a different signature
    const rehashed = secp256k1.sign(digest, priv1);
    expect(bytesToHex(rehashed)).not.toBe(bytesToHex(ours));
    expect(verifySignature('ecdsa-secp256k1', pk, digest, rehashed)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
    expect(secp256k1.verify(ours, digest, pk, { prehash: false })).toBe(true);
    expect(secp256k1.verify(ours, sha256(digest), pk, { prehash: false })).toBe(false);
  });

  it('high S (the malleated twin n − s) is ECDSA_HIGH_S; r or s out of range is ECDSA_SCALAR_RANGE', () => {
    const digest = sha256(utf8Raw('kura'));
    const pk = publicKeyOf('ecdsa-secp256k1', priv1);
    const sig = signDigest('ecdsa-secp256k1', priv1, digest);
    const s = BigInt(`0x${bytesToHex(sig.subarray(32))}`);
    expect(s <= N >> 1n).toBe(true);
    const twin = hexToBytes(
      bytesToHex(sig.subarray(0, 32)) + (N - s).toString(16).padStart(64, '0')
    );
    // the twin is mathematically valid: noble accepts it when told lowS: false
    expect(secp256k1.verify(twin, digest, pk, { prehash: false, lowS: false })).toBe(true);
    expect(verifySignature('ecdsa-secp256k1', pk, digest, twin)).toMatchObject({
      code: 'ECDSA_HIGH_S',
    });
    const zeroR = sig.slice();
    zeroR.fill(0, 0, 32);
    expect(verifySignature('ecdsa-secp256k1', pk, digest, zeroR)).toMatchObject({
      code: 'ECDSA_SCALAR_RANGE',
    });
    const bigS = sig.slice();
    bigS.set(hexToBytes(N.toString(16)), 32);
    expect(verifySignature('ecdsa-secp256k1', pk, digest, bigS)).toMatchObject({
      code: 'ECDSA_SCALAR_RANGE',
    });
  });

  it('keys: 33-byte compressed only; uncompressed is KEY_ENCODING, off-curve is KEY_INVALID', () => {
    const pk = publicKeyOf('ecdsa-secp256k1', priv1);
    expect(pk.length).toBe(33);
    expect(checkPublicKey('ecdsa-secp256k1', pk)).toEqual({ ok: true });
    const unc = secp256k1.getPublicKey(priv1, false);
    expect(checkPublicKey('ecdsa-secp256k1', unc)).toMatchObject({ code: 'KEY_ENCODING' });
    const off = pk.slice();
    off[32] = off[32]! ^ 1;
    // flipping x may or may not stay on the curve; find one that does not
    let bad = off;
    for (let i = 0; i < 256; i++) {
      bad = pk.slice();
      bad[32] = i;
      if (checkPublicKey('ecdsa-secp256k1', bad).ok === false) break;
    }
    expect(checkPublicKey('ecdsa-secp256k1', bad)).toMatchObject({ code: 'KEY_INVALID' });
    const digest = sha256(utf8Raw('x'));
    expect(
      verifySignature('ecdsa-secp256k1', pk, digest.subarray(1), new Uint8Array(64))
    ).toMatchObject({ code: 'SIG_ENCODING' });
  });
});
