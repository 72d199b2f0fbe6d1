/** secp256k1 recovery of Ethereum signatures (attacks D4): agrees with ethers; low-S enforced. */
import { hexToBytes } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { computeAddress, SigningKey } from 'ethers';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { recoverSigner, SECP256K1_N } from './signature.js';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => {
  const v = BigInt(`0x${Buffer.from(k).toString('hex')}`);
  return v > 0n && v < SECP256K1_N;
});

test('recovers the signing address; v as 27/28 or 0/1; the malleated twin is HIGH_S', () => {
  fc.assert(
    fc.property(key, fc.uint8Array({ minLength: 32, maxLength: 32 }), (k, digest) => {
      const sk = new SigningKey(k);
      const sig = sk.sign(digest);
      const bytes = hexToBytes(sig.serialized.slice(2));
      const want = computeAddress(sk.publicKey);
      expect(recoverSigner(digest, bytes)).toEqual({ ok: true, address: want });
      const v01 = bytes.slice();
      v01[64] = v01[64]! - 27;
      expect(recoverSigner(digest, v01)).toEqual({ ok: true, address: want });
      const twin = bytes.slice();
      twin.set(hexToBytes((SECP256K1_N - BigInt(sig.s)).toString(16).padStart(64, '0')), 32);
      twin[64] = twin[64] === 27 ? 28 : 27;
      expect(recoverSigner(digest, twin)).toMatchObject({ ok: false, code: 'HIGH_S' });
    }),
    { numRuns: 40 }
  );
});

test('random bytes never throw and never recover with a wrong length', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
      const r = recoverSigner(keccak_256(b), b);
      if (b.length !== 65) expect(r).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    }),
    { numRuns: 200 }
  );
  expect(recoverSigner(new Uint8Array(31), new Uint8Array(65))).toMatchObject({
    ok: false,
    code: 'BAD_SIGNATURE',
  });
});
