/**
 * The WebAssembly hash-to-ristretto255 (generators-wasm.ts) against @noble/curves' hashToCurve
 * on random messages and tags, and against the generator table — every entry of which
 * generator-table.test.ts re-derives with libsodium — for all 2 × 4,096 Bulletproofs generators.
 */
import { concatBytes, u32, utf8Raw } from '@kura/codec';
import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatorTable } from './generator-table.js';
import { GENERATOR_DST, GENERATOR_TABLE_COUNT } from './generators.js';
import { hashToGeneratorsAffine } from './generators-wasm.js';
import { leToBigint, Point } from './group.js';
import { setWasmEnabled } from './wasm25519.js';

describe('hash-to-ristretto255 on the WebAssembly core', () => {
  it('equals noble hashToCurve on random messages and tags (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 100 }), { minLength: 1, maxLength: 8 }),
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => /^[\x20-\x7e]+$/.test(s)),
        (msgs, dst) => {
          const ours = hashToGeneratorsAffine(msgs, dst)!;
          msgs.forEach((m, i) => {
            const want = ristretto255_hasher.hashToCurve(m, { DST: dst });
            expect(Point.fromAffine(ours[i]!).toBytes()).toEqual(want.toBytes());
          });
        }
      ),
      { numRuns: 40 }
    );
  });
  it('equals the table (libsodium-checked) for all G_i, H_i, i < 4,096', {
    timeout: 600_000,
  }, () => {
    const msgs: Uint8Array[] = [];
    for (const label of ['bulletproofs/G', 'bulletproofs/H'])
      for (let i = 0; i < GENERATOR_TABLE_COUNT; i++)
        msgs.push(concatBytes(utf8Raw(label), u32(i)));
    const ours = hashToGeneratorsAffine(msgs, GENERATOR_DST)!;
    const t = generatorTable();
    for (let k = 0; k < msgs.length; k++) {
      const x = leToBigint(t.subarray(64 * k, 64 * k + 32));
      const y = leToBigint(t.subarray(64 * k + 32, 64 * k + 64));
      if (!Point.fromAffine(ours[k]!).equals(Point.fromAffine({ x, y })))
        throw new Error(`entry ${k} differs from the table`);
    }
  });
  it('returns null without WebAssembly (callers then use noble)', () => {
    setWasmEnabled(false);
    try {
      expect(hashToGeneratorsAffine([Uint8Array.of(1)], GENERATOR_DST)).toBeNull();
    } finally {
      setWasmEnabled(true);
    }
  });
});
