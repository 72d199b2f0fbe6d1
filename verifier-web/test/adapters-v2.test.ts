/**
 * The v2 proof adapter in Node (`src/adapters/proof-v2.ts`): which of the customer's three proof
 * checks each `verifyProofDocumentV2` code lands on, and a proof of one protocol against a report
 * of the other (the page loads one verifier chunk per kind of proof; either must fail closed on
 * the other kind with the comparison with the report, not blame the customer's own entry).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkAttestation } from '../src/adapters/attestation.ts';
import { checkProof, type Expected } from '../src/adapters/proof.ts';
import { checkProofV2 } from '../src/adapters/proof-v2.ts';
import { type MonthV2, months, monthV2, proofOf, proofV2Of, text, trustFile } from './fixtures.ts';

let m: MonthV2;
let proof: Record<string, unknown>;
let expectedV2: Expected;
let expectedV1: Expected;
let proofV1: unknown;

const loaded = (name: string, v: unknown) => ({
  name,
  source: 'file' as const,
  bytes: new TextEncoder().encode(text(v)),
});

beforeAll(() => {
  m = monthV2();
  proof = JSON.parse(text(proofV2Of(m))) as Record<string, unknown>;
  const att = checkAttestation(
    loaded('a.json', m.attestation),
    JSON.parse(text(m.attestation)),
    loaded('t.json', trustFile()),
    []
  );
  expect(att.checks.every((c) => c.state === 'pass' || c.state === 'na')).toBe(true);
  expectedV2 = att.expected!;
  const cur = months()[2]!;
  proofV1 = JSON.parse(text(proofOf(cur)));
  expectedV1 = checkAttestation(
    loaded('a.json', cur.attestation),
    JSON.parse(text(cur.attestation)),
    loaded('t.json', trustFile()),
    []
  ).expected!;
}, 120_000);

const states = (o: ReturnType<typeof checkProofV2>): string[] =>
  o.checks.map((c) => `${c.id}:${c.state}${c.code ? `:${c.code}` : ''}`);

describe('kura-proof/2 through the page adapter', () => {
  test('a genuine proof passes leaf, path and root; the view hides every sibling amount', () => {
    const o = checkProofV2(proof, expectedV2);
    expect(states(o)).toEqual(['leaf:pass', 'path:pass', 'root:pass']);
    expect(o.view?.protocol).toBe(2);
    expect(o.view?.hidden).toEqual({ values: m.tree.height * 3, rangeProof: 'pass' });
    expect(
      o.view?.rungs.every((r) => r.siblingSums === undefined && r.commitments?.length === 3)
    ).toBe(true);
    expect(o.view?.totals?.map(String)).toEqual(m.attestation.liabilities.totals);
  });

  test('an unreadable proof is the leaf check (BAD_ENCODING); no ladder', () => {
    const o = checkProofV2({ ...proof, nonce: 'zz' }, expectedV2);
    expect(states(o)).toEqual(['leaf:fail:BAD_ENCODING', 'path:skip', 'root:skip']);
    expect(o.view).toBeUndefined();
  });

  test('an own leaf blinding ≥ ℓ is the leaf check (SCALAR_NON_CANONICAL, level 0)', () => {
    const b = [...(proof.blindings as string[])];
    b[0] = Buffer.alloc(32, 0xff).toString('base64');
    const o = checkProofV2({ ...proof, blindings: b }, expectedV2);
    expect(o.checks[0]).toMatchObject({
      id: 'leaf',
      state: 'fail',
      code: 'SCALAR_NON_CANONICAL',
      level: 0,
    });
  });

  test('a sound proof of another round is the comparison with the report', () => {
    const round = { ...(proof.round as object), period: '1999-01' };
    const o = checkProofV2({ ...proof, round }, expectedV2);
    // the path itself no longer reaches the claimed root (the round is in every hash), so the
    // report's round is checked first and named
    expect(o.checks.find((c) => c.id === 'root')).toMatchObject({
      state: 'fail',
      code: 'ROUND_MISMATCH',
    });
  });

  test('a v2 proof against a protocol-1 report fails the comparison, not the customer’s entry', () => {
    const o = checkProofV2(proof, expectedV1);
    expect(states(o).slice(0, 2)).toEqual(['leaf:pass', 'path:pass']);
    // the fixtures' v1 month has its own snapshot time: ROUND_MISMATCH; same round: ROOT_MISMATCH
    expect(['root:fail:ROUND_MISMATCH', 'root:fail:ROOT_MISMATCH']).toContain(states(o)[2]);
    const same = checkProofV2(proof, { ...expectedV1, round: expectedV2.round });
    expect(states(same)).toEqual(['leaf:pass', 'path:pass', 'root:fail:ROOT_MISMATCH']);
  });

  test('a v1 proof against a protocol-2 report fails the comparison, not the customer’s entry', () => {
    const o = checkProof(proofV1, expectedV2);
    expect(o.checks.find((c) => c.id === 'leaf')?.state).toBe('pass');
    expect(o.checks.find((c) => c.id === 'root')?.state).toBe('fail');
  });

  test('property: any one changed byte of any base64 field or hash is never verified, never throws', () => {
    const fields = (p: Record<string, unknown>): string[][] => {
      const sib = p.siblings as { hash: string; commitments: string[] }[];
      return [
        ['rangeProof'],
        ['rootCommitment'],
        ['nonce'],
        ...[0, 1, 2].map((a) => ['blindings', String(a)]),
        ...[0, 1, 2].map((a) => ['rootBlindings', String(a)]),
        ...sib.flatMap((_, l) => [
          ['siblings', String(l), 'hash'],
          ...[0, 1, 2].map((a) => ['siblings', String(l), 'commitments', String(a)]),
        ]),
      ];
    };
    const all = fields(proof);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: all.length - 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (f, at, xor) => {
          const p = structuredClone(proof);
          const path = all[f]!;
          let o = p as Record<string, unknown>;
          for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
          const last = path.at(-1)!;
          const v = o[last] as string;
          const hex = /^[0-9a-f]{64}$/.test(v);
          const b = Buffer.from(v, hex ? 'hex' : 'base64');
          b[at % b.length]! ^= xor;
          o[last] = b.toString(hex ? 'hex' : 'base64');
          const r = checkProofV2(p, expectedV2);
          expect(r.checks.every((c) => c.state === 'pass')).toBe(false);
          expect(r.checks.some((c) => c.state === 'fail' && typeof c.code === 'string')).toBe(true);
        }
      ),
      { numRuns: 40 }
    );
  }, 120_000);
});
