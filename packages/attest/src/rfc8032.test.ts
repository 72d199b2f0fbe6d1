/**
 * RFC 8032 Ed25519 under Kura's strict policy (attack E6): the RFC's test 1, canonical-encoding
 * and S < L checks, small-order A and R, and mixed-order keys refused at pinning time.
 */
import { bytesToHex, hexToBytes, sha256, utf8Raw } from '@kura/codec';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { checkPublicKey, ED25519_VERIFY_OPTS, signDigest, verifySignature } from './sig.js';

const L = ed25519.Point.Fn.ORDER;
const P = ed25519.Point.Fp.ORDER;
const le = (n: bigint) => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
};
const leNum = (b: Uint8Array) => b.reduceRight((v, x) => (v << 8n) | BigInt(x), 0n);

const seed = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const pk = hexToBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
const digest = sha256(utf8Raw('kura test digest'));
const good = signDigest('ed25519', seed, digest);

describe('RFC 8032 Ed25519, strict', () => {
  it('RFC 8032 §7.1 test 1 (empty message) and the pinned noble option zip215: false', () => {
    expect(bytesToHex(ed25519.getPublicKey(seed))).toBe(bytesToHex(pk));
    const sig = hexToBytes(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
    );
    expect(bytesToHex(ed25519.sign(new Uint8Array(0), seed))).toBe(bytesToHex(sig));
    expect(verifySignature('ed25519', pk, new Uint8Array(0), sig)).toEqual({ ok: true });
    expect(ED25519_VERIFY_OPTS).toEqual({ zip215: false });
    expect(verifySignature('ed25519', pk, digest, good)).toEqual({ ok: true });
  });

  it('S + L (the malleated twin) is ED25519_NONCANONICAL_SCALAR', () => {
    const s = leNum(good.subarray(32));
    const bad = good.slice();
    bad.set(le(s + L), 32);
    // noble's permissive (ZIP-215) mode refuses it too; the code says why
    expect(verifySignature('ed25519', pk, digest, bad)).toMatchObject({
      ok: false,
      code: 'ED25519_NONCANONICAL_SCALAR',
    });
  });

  it('a point written as y + p is ED25519_NONCANONICAL_POINT (as A and as R)', () => {
    // find a y < 19 that is on the curve: its encoding y + p < 2^255 is non-canonical
    let y = 2n;
    for (; y < 19n; y++) {
      try {
        ed25519.Point.fromBytes(le(y));
        break;
      } catch {}
    }
    expect(y).toBeLessThan(19n);
    const nonCanon = le(y + P);
    expect(verifySignature('ed25519', nonCanon, digest, good)).toMatchObject({
      code: 'ED25519_NONCANONICAL_POINT',
    });
    const sig = good.slice();
    sig.set(nonCanon, 0);
    expect(verifySignature('ed25519', pk, digest, sig)).toMatchObject({
      code: 'ED25519_NONCANONICAL_POINT',
    });
    // "negative zero": x = 0 with the sign bit set (y = 1, the identity)
    const negZero = le(1n);
    negZero[31]! |= 0x80;
    expect(verifySignature('ed25519', negZero, digest, good)).toMatchObject({
      code: 'ED25519_NONCANONICAL_POINT',
    });
  });

  it('small-order A or R is ED25519_SMALL_ORDER (even when the equation would hold)', () => {
    const identity = le(1n);
    // A = identity, R = identity, S = 0 satisfies [S]B = R + [k]A for every message
    const forged = new Uint8Array(64);
    forged.set(identity, 0);
    expect(verifySignature('ed25519', identity, digest, forged)).toMatchObject({
      code: 'ED25519_SMALL_ORDER',
    });
    const order4 = new Uint8Array(32); // y = 0: the point (sqrt(−1), 0) of order 4
    const sig = good.slice();
    sig.set(order4, 0);
    expect(verifySignature('ed25519', pk, digest, sig)).toMatchObject({
      code: 'ED25519_SMALL_ORDER',
    });
  });

  it('pinning: a mixed-order key (A + T4) and a small-order key are refused; a normal key passes', () => {
    expect(checkPublicKey('ed25519', pk)).toEqual({ ok: true });
    const A = ed25519.Point.fromBytes(pk);
    const T4 = ed25519.Point.fromBytes(new Uint8Array(32));
    const mixed = A.add(T4).toBytes();
    expect(checkPublicKey('ed25519', mixed)).toMatchObject({ ok: false, code: 'KEY_INVALID' });
    expect(checkPublicKey('ed25519', new Uint8Array(32))).toMatchObject({
      code: 'ED25519_SMALL_ORDER',
    });
    expect(checkPublicKey('ed25519', le(2n + P))).toMatchObject({ ok: false });
  });

  it('mixed-order A (speccheck 3–5 family): the cofactored equation accepts; pinning refuses the key', () => {
    // A' = A + T4 with T4 of order 4; S = r + k·a where k = H(R ‖ A' ‖ M) — valid under the
    // cofactored equation ([8]S·B = [8]R + [8]k·A'), invalid under the cofactorless one unless 4 | k
    const { scalar: a, point: A } = ed25519.utils.getExtendedPublicKey(seed);
    const T4 = ed25519.Point.fromBytes(new Uint8Array(32));
    const A2 = A.add(T4).toBytes();
    const r = 123456789n;
    const R = ed25519.Point.BASE.multiply(r).toBytes();
    const k = leNum(sha512(new Uint8Array([...R, ...A2, ...digest]))) % L;
    const sig = new Uint8Array([...R, ...le((r + k * a) % L)]);
    // the chosen outcome, stated explicitly: the low-level verifier is cofactored (noble) …
    expect(verifySignature('ed25519', A2, digest, sig)).toEqual({ ok: true });
    // … and such a key never gets pinned, so no attestation can rest on it
    expect(checkPublicKey('ed25519', A2)).toMatchObject({ ok: false, code: 'KEY_INVALID' });
  });

  it('wrong lengths are encoding faults, never exceptions', () => {
    expect(verifySignature('ed25519', pk, digest, good.subarray(1))).toMatchObject({
      code: 'SIG_ENCODING',
    });
    expect(verifySignature('ed25519', pk.subarray(1), digest, good)).toMatchObject({
      code: 'KEY_ENCODING',
    });
  });
});
