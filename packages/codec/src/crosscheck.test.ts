/** The one cross-check of two (or more) sources every chain package uses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerKey, crossCheck, firstDisagreement, sameAnswer } from './crosscheck.js';

const src = (endpoint: string) => ({ endpoint });
class Disagree extends Error {}

describe('crossCheck', () => {
  it('returns the first answer when every source agrees (bigints, bytes, nested objects)', async () => {
    const v = { h: 7n, raw: Uint8Array.of(1, 2), list: [{ a: null }] };
    const r = await crossCheck(
      [src('a'), src('b')],
      async () => structuredClone(v),
      () => {
        throw new Error('unexpected');
      }
    );
    expect(r).toEqual(v);
  });

  it("one differing answer → the caller's error, naming both endpoints and both answers", async () => {
    const answers = [5n, 5n, 6n];
    const err = await crossCheck(
      [src('a'), src('b'), src('c')],
      async (_s, i) => answers[i]!,
      (d) => new Disagree(`${d.a.endpoint}=${d.x} ${d.b.endpoint}=${d.y} #${d.index}`)
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Disagree);
    expect((err as Error).message).toBe('a=5 c=6 #2');
  });

  it("an endpoint's own failure is thrown as it is", async () => {
    const boom = new Error('unreachable');
    await expect(
      crossCheck(
        [src('a'), src('b')],
        async (s) => {
          if (s.endpoint === 'b') throw boom;
          return 1;
        },
        () => new Disagree()
      )
    ).rejects.toBe(boom);
  });

  it('a custom comparison decides; no sources is an argument error', async () => {
    expect(
      firstDisagreement([1, 2], ['A', 'a'], (x, y) => x.toLowerCase() === y.toLowerCase())
    ).toBe(undefined);
    await expect(
      crossCheck(
        [],
        async () => 1,
        () => new Disagree()
      )
    ).rejects.toThrow(/sources/);
  });

  it('sameAnswer tells a bigint from its decimal string, and bytes from other bytes', () => {
    expect(sameAnswer(1n, '1')).toBe(false);
    expect(sameAnswer(Uint8Array.of(1), Uint8Array.of(2))).toBe(false);
    expect(sameAnswer({ a: undefined }, { a: null })).toBe(true);
  });

  it('property: answers agree exactly when their keys are equal; a one-unit change is caught', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.string(), (n, s) => {
        const x = { n, s };
        expect(firstDisagreement([0, 1], [x, { n, s }])).toBeUndefined();
        const d = firstDisagreement([0, 1], [x, { n: n + 1n, s }]);
        expect(d?.index).toBe(1);
        expect(answerKey(x)).not.toBe(answerKey({ n: n + 1n, s }));
      })
    );
  });
});
