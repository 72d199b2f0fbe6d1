/**
 * SPEC.md §3.8 canonical integers (issue 12): `"position": -0` in the proof of the user who IS
 * at position 0 (vector `negative/position-minus-zero.json`). Read as 0 it would verify; the
 * strict parser refuses the text (`JSON_NUMBER`) and the proof reader refuses the value -0 that a
 * lenient parser (`JSON.parse`) produces (`BAD_ENCODING`). Every integer field of the proof is
 * held to the same rule (fast-check).
 */
import { readFileSync } from 'node:fs';
import { JsonParseError, parseJsonStrict } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyProof } from './verify.js';

const vector = JSON.parse(
  readFileSync(
    new URL(
      '../../../circuits-free-spec/vectors/negative/position-minus-zero.json',
      import.meta.url
    ),
    'utf8'
  )
) as { proofText: string; expected: { rootCommitment: string }; expect: { code: string } };

const expected = { rootCommitment: vector.expected.rootCommitment };

describe('SPEC §3.8: "position": -0 (negative/position-minus-zero.json)', () => {
  it('the same proof with "position": 0 verifies (so -0 read as 0 would be accepted)', () => {
    const honest = JSON.parse(vector.proofText.replace('"position": -0', '"position": 0'));
    expect(verifyProof(honest, expected).ok).toBe(true);
  });

  it('the strict parser refuses the text: JSON_NUMBER at $.position', () => {
    try {
      parseJsonStrict(vector.proofText);
      throw new Error('parsed');
    } catch (e) {
      expect(e).toBeInstanceOf(JsonParseError);
      expect((e as JsonParseError).code).toBe('JSON_NUMBER');
      expect((e as JsonParseError).path).toBe('$.position');
    }
  });

  it('the proof reader refuses the value -0 from a lenient parser: BAD_ENCODING', () => {
    const lenient = JSON.parse(vector.proofText) as { position: number };
    expect(Object.is(lenient.position, -0)).toBe(true);
    const r = verifyProof(lenient, expected);
    expect(r.ok ? 'OK' : r.code).toBe(vector.expect.code);
    expect(vector.expect.code).toBe('BAD_ENCODING');
  });

  it('property: -0 or a non-integer in any integer field (height, position, decimals) is BAD_ENCODING', () => {
    const base = JSON.parse(vector.proofText.replace('"position": -0', '"position": 0')) as {
      height: number;
      position: number;
      assets: { decimals: number }[];
    };
    const setters: ((p: typeof base, v: number) => void)[] = [
      (p, v) => {
        p.height = v;
      },
      (p, v) => {
        p.position = v;
      },
      (p, v) => {
        p.assets[0]!.decimals = v;
      },
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: setters.length - 1 }),
        fc.oneof(fc.constant(-0), fc.double({ noInteger: true })),
        (i, v) => {
          const p = structuredClone(base);
          setters[i]!(p, v);
          const r = verifyProof(p, expected);
          expect(r.ok ? 'OK' : r.code).toBe('BAD_ENCODING');
        }
      )
    );
  });
});
