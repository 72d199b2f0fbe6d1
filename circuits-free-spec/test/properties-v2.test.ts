/**
 * Properties of the plain v2 verifier (plain/kura-plain-v2.mjs) with fast-check: it is total
 * (never throws, always a stable code) and any single change to a genuine `kura-proof/2` — one
 * character of any string (hex, base64, amount, uid …), any integer, a dropped or duplicated
 * array entry — is rejected, never accepted. The genuine proof is the golden v2 vector's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as V from '../plain/kura-plain-v2.mjs';
import { readVector } from './vectors.js';

// biome-ignore lint/suspicious/noExplicitAny: vector JSON
type Json = any;
const v = readVector<Json>('v2/positive/dense-golden-3users-2assets-h2.json');
const genuine = v.users[0].proof;
const expected = { rootCommitment: v.rootCommitment, round: v.round, assets: v.assets };

const CODES = new Set([
  'BAD_ENCODING',
  'BAD_LENGTH',
  'BAD_POSITION',
  'VALUE_OUT_OF_RANGE',
  'SCALAR_NON_CANONICAL',
  'POINT_INVALID',
  'POINT_IDENTITY',
  'SIBLING_EQUALS_CURRENT',
  'ROOT_OPENING_MISMATCH',
  'ROOT_MISMATCH',
  'ROUND_MISMATCH',
  'ASSET_SET_MISMATCH',
  'RANGE_PROOF_MALFORMED',
  'GENERATORS_MISMATCH',
  'RANGE_COUNT_MISMATCH',
  'RANGE_CONTEXT_INVALID',
  'TRANSCRIPT_POSITION_MISSING',
  'RANGE_PROOF_FORGED',
]);

/** Every path to a leaf value (string, number) or array of the proof. */
function paths(x: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(x)) return [at, ...x.flatMap((e, i) => paths(e, [...at, i]))];
  if (x && typeof x === 'object') return Object.keys(x).flatMap((k) => paths(x[k], [...at, k]));
  return [at];
}
const ALL = paths(genuine);
const get = (o: Json, p: (string | number)[]) => p.reduce((a, k) => a[k], o);
const set = (o: Json, p: (string | number)[], val: unknown) => {
  const parent = get(o, p.slice(0, -1));
  parent[p[p.length - 1] as string] = val;
};
const ALPHABET = '0123456789abcdefABCDEF+/=-_ xé';

describe('plain v2 verifier properties', () => {
  it('the genuine proof verifies', () => {
    expect(V.verifyProofV2(JSON.stringify(genuine), expected).ok).toBe(true);
  });
  it('any single change to a genuine kura-proof/2 is rejected with a stable code (never ok, never a throw)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ALL.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: ALPHABET.length - 1 }),
        fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0),
        (which, pos, ch, delta) => {
          const p = structuredClone(genuine);
          const path = ALL[which]!;
          const val = get(p, path);
          if (typeof val === 'string') {
            if (val.length === 0) return;
            const i = pos % val.length;
            const c = ALPHABET[ch]!;
            if (val[i] === c) return;
            set(p, path, val.slice(0, i) + c + val.slice(i + 1));
          } else if (typeof val === 'number') set(p, path, val + delta);
          else if (Array.isArray(val)) {
            if (val.length === 0) return;
            if (delta > 0) val.push(val[pos % val.length]);
            else val.splice(pos % val.length, 1);
          } else return;
          let r: Json;
          expect(() => {
            r = V.verifyProofV2(JSON.stringify(p), expected);
          }).not.toThrow();
          expect(r.ok, JSON.stringify(path)).toBe(false);
          expect(CODES.has(r.code), r.code).toBe(true);
        }
      ),
      { numRuns: 250 }
    );
  }, 600_000);
  it('is total on arbitrary JSON values and texts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string()), (x) => {
        const r = V.verifyProofV2(typeof x === 'string' ? x : JSON.stringify(x), expected);
        expect(r.ok).toBe(false);
        expect(CODES.has(r.code)).toBe(true);
      }),
      { numRuns: 200 }
    );
  });
});
