/**
 * Generators (SPEC.md §16.3): recomputed independently — RFC 9380 §5.3.1
 * expand_message_xmd written out here over node:crypto SHA-512, then libsodium's RFC 9496
 * element derivation (`crypto_core_ristretto255_from_hash`) — and compared with the package's.
 */
import { createHash } from 'node:crypto';
import { bytesToHex, concatBytes, u32, utf8Raw } from '@kura/codec';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bulletproofG,
  bulletproofGenerators,
  bulletproofH,
  G,
  GENERATOR_DST,
  generatorsId,
  pedersenH,
} from './generators.js';
import { Point } from './group.js';

beforeAll(async () => {
  await sodium.ready;
});

/** RFC 9380 §5.3.1 expand_message_xmd with SHA-512 (b = 64, r = 128), independent of noble. */
function expandXmd(msg: Uint8Array, dst: string, len: number): Uint8Array {
  const sha512 = (...p: Uint8Array[]) => {
    const h = createHash('sha512');
    for (const x of p) h.update(x);
    return new Uint8Array(h.digest());
  };
  const dstPrime = concatBytes(utf8Raw(dst), Uint8Array.of(dst.length));
  const ell = Math.ceil(len / 64);
  const b0 = sha512(new Uint8Array(128), msg, Uint8Array.of(len >> 8, len & 255, 0), dstPrime);
  const out: Uint8Array[] = [];
  let prev = sha512(b0, Uint8Array.of(1), dstPrime);
  out.push(prev);
  for (let i = 2; i <= ell; i++) {
    const x = b0.map((v, j) => v ^ prev[j]!);
    prev = sha512(x, Uint8Array.of(i), dstPrime);
    out.push(prev);
  }
  return concatBytes(...out).subarray(0, len);
}

function independentGenerator(msg: Uint8Array): string {
  return bytesToHex(sodium.crypto_core_ristretto255_from_hash(expandXmd(msg, GENERATOR_DST, 64)));
}

describe('generators: nothing up the sleeve (RFC 9380 hash_to_ristretto255 with the Kura DST)', () => {
  it('G is the RFC 9496 generator', () => {
    expect(bytesToHex(G.toBytes())).toBe(
      'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76'
    );
  });
  it('H = h2c("pedersen/H") matches the independent derivation', () => {
    expect(bytesToHex(pedersenH().toBytes())).toBe(independentGenerator(utf8Raw('pedersen/H')));
  });
  it('G_i and H_i match the independent derivation (i = 0 … 15, 4095)', () => {
    for (const i of [0, 1, 2, 3, 7, 8, 15, 4095]) {
      expect(bytesToHex(bulletproofG(i).toBytes())).toBe(
        independentGenerator(concatBytes(utf8Raw('bulletproofs/G'), u32(i)))
      );
      expect(bytesToHex(bulletproofH(i).toBytes())).toBe(
        independentGenerator(concatBytes(utf8Raw('bulletproofs/H'), u32(i)))
      );
    }
  });
  it('the cached vectors equal the direct derivation, all distinct and not the identity', () => {
    const { G: gs, H: hs } = bulletproofGenerators(128);
    const seen = new Set<string>([bytesToHex(G.toBytes()), bytesToHex(pedersenH().toBytes())]);
    for (let i = 0; i < 128; i++) {
      expect(gs[i]!.equals(bulletproofG(i))).toBe(true);
      expect(hs[i]!.equals(bulletproofH(i))).toBe(true);
      for (const p of [gs[i]!, hs[i]!]) {
        expect(p.is0()).toBe(false);
        seen.add(bytesToHex(p.toBytes()));
      }
    }
    expect(seen.size).toBe(2 + 256);
    expect(pedersenH().equals(Point.BASE)).toBe(false);
  });
  it('generatorsId names the family and the bit width', () => {
    expect(generatorsId(64)).toHaveLength(32);
    expect(bytesToHex(generatorsId(64))).not.toBe(bytesToHex(generatorsId(32)));
    expect(() => bulletproofGenerators(0)).toThrow(/"count"/);
  });
});
