/**
 * The generator table (generator-table.ts) is not trusted: every one of its 8,192 entries is
 * re-derived here by an independent hash-to-ristretto255 (RFC 9380 §5.3.1 expand_message_xmd over
 * node:crypto SHA-512, then libsodium's RFC 9496 `crypto_core_ristretto255_from_hash`), and
 * installGeneratorTable refuses any other bytes.
 */
import { createHash } from 'node:crypto';
import { bytesToHex, concatBytes, u32, utf8Raw } from '@kura/codec';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatorTable, installBundledGeneratorTable } from './generator-table.js';
import {
  bulletproofG,
  bulletproofGenerators,
  bulletproofGeneratorsAffine,
  bulletproofH,
  GENERATOR_DST,
  GENERATOR_TABLE_COUNT,
  GENERATOR_TABLE_LENGTH,
  GENERATOR_TABLE_SHA256,
  generatorTableInstalled,
  installGeneratorTable,
} from './generators.js';
import { leToBigint, Point } from './group.js';

beforeAll(async () => {
  await sodium.ready;
});

function sha512(...p: Uint8Array[]): Uint8Array {
  const h = createHash('sha512');
  for (const x of p) h.update(x);
  return new Uint8Array(h.digest());
}
/** RFC 9380 §5.3.1 expand_message_xmd, SHA-512, 64 bytes (ell = 1), independent of noble. */
function expandXmd64(msg: Uint8Array): Uint8Array {
  const dstPrime = concatBytes(utf8Raw(GENERATOR_DST), Uint8Array.of(GENERATOR_DST.length));
  const b0 = sha512(new Uint8Array(128), msg, Uint8Array.of(0, 64, 0), dstPrime);
  return sha512(b0, Uint8Array.of(1), dstPrime);
}

describe('generator table (SPEC.md §16.3): a cache of the hash-to-curve generators', () => {
  it('every entry G_0 … G_4095, H_0 … H_4095 is the independent hash-to-curve output', () => {
    const t = generatorTable();
    expect(t.length).toBe(GENERATOR_TABLE_LENGTH);
    expect(bytesToHex(createHash('sha256').update(t).digest())).toBe(GENERATOR_TABLE_SHA256);
    for (const [k, label] of ['bulletproofs/G', 'bulletproofs/H'].entries()) {
      for (let i = 0; i < GENERATOR_TABLE_COUNT; i++) {
        const o = (k * GENERATOR_TABLE_COUNT + i) * 64;
        const x = leToBigint(t.subarray(o, o + 32));
        const y = leToBigint(t.subarray(o + 32, o + 64));
        const p = Point.fromAffine({ x, y });
        p.assertValidity();
        const want = sodium.crypto_core_ristretto255_from_hash(
          expandXmd64(concatBytes(utf8Raw(label), u32(i)))
        );
        if (bytesToHex(p.toBytes()) !== bytesToHex(want))
          throw new Error(`table entry ${label}[${i}] is not the hash-to-curve output`);
      }
    }
  });

  it('installGeneratorTable refuses a wrong length or a single changed byte', () => {
    expect(() => installGeneratorTable(new Uint8Array(10))).toThrow(/"bytes"/);
    const bad = generatorTable().slice();
    bad[12345] ^= 1;
    expect(() => installGeneratorTable(bad)).toThrow(/SHA-256 mismatch/);
    expect(generatorTableInstalled()).toBe(false);
  });

  it('with the table installed, the generators are the derived ones (incl. past the table)', () => {
    // derived before installation: the cache holds hash-to-curve outputs for 0 … 3
    const before = bulletproofGenerators(4);
    installBundledGeneratorTable();
    expect(generatorTableInstalled()).toBe(true);
    const n = GENERATOR_TABLE_COUNT + 2;
    const { G, H } = bulletproofGenerators(n);
    const aff = bulletproofGeneratorsAffine(n);
    for (const i of [0, 3, 4, 5, 1000, 4094, 4095, 4096, 4097]) {
      expect(G[i]!.equals(bulletproofG(i))).toBe(true);
      expect(H[i]!.equals(bulletproofH(i))).toBe(true);
      expect(Point.fromAffine(aff.G[i]!).equals(G[i]!)).toBe(true);
      expect(Point.fromAffine(aff.H[i]!).equals(H[i]!)).toBe(true);
    }
    expect(before.G[3]!.equals(G[3]!)).toBe(true);
  });
});
