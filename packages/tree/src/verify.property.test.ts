/**
 * Property tests of the tree and its verifier (fast-check): for random trees every proof
 * verifies, and no single mutation of a proof ever verifies.
 */
import { bytesToHex, MAX_LEAF } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Asset,
  buildTree,
  type InclusionProof,
  type MemoryTree,
  verifyProof,
} from './index.js';

const round = {
  exchange: 'prop-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};

const balance = fc.oneof(
  fc.constantFrom(0n, 1n, MAX_LEAF),
  fc.bigInt({ min: 0n, max: 10n ** 12n }),
  fc.bigInt({ min: 0n, max: MAX_LEAF })
);

const treeArb = fc
  .record({
    k: fc.integer({ min: 1, max: 3 }),
    n: fc.integer({ min: 1, max: 9 }),
    sparse: fc.boolean(),
    extra: fc.integer({ min: 0, max: 3 }),
    secret: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  })
  .chain(({ k, n, sparse, extra, secret }) =>
    fc
      .uniqueArray(fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }), {
        minLength: n,
        maxLength: n,
        selector: (s) => s.normalize('NFC'),
      })
      .chain((uids) =>
        fc.tuple(
          fc.constant({ k, sparse, extra, secret, uids }),
          fc.array(fc.array(balance, { minLength: k, maxLength: k }), {
            minLength: uids.length,
            maxLength: uids.length,
          })
        )
      )
  )
  .map(([{ k, sparse, extra, secret, uids }, bals]) => {
    const assets: Asset[] = Array.from({ length: k }, (_, i) => ({ symbol: `A${i}`, decimals: 8 }));
    const minH = Math.max(1, Math.ceil(Math.log2(uids.length)));
    return buildTree({
      round,
      assets,
      masterSecret: secret,
      users: uids.map((uid, i) => ({ uid, balances: bals[i]! })),
      placement: sparse ? 'sparse' : 'dense',
      height: sparse || extra > 0 ? minH + extra : undefined,
    });
  });

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Every way to mutate one value of a proof (paths into the JSON, with the mutation). */
function mutations(p: InclusionProof): ((q: { [k: string]: Json }) => void)[] {
  const out: ((q: { [k: string]: Json }) => void)[] = [];
  const flipHex = (h: string, i: number) =>
    h.slice(0, i) + (Number.parseInt(h[i]!, 16) ^ 1).toString(16) + h.slice(i + 1);
  out.push((q) => {
    q.nonce = flipHex(q.nonce as string, 0);
  });
  out.push((q) => {
    q.nonce = flipHex(q.nonce as string, 63);
  });
  out.push((q) => {
    q.rootCommitment = flipHex(q.rootCommitment as string, 17);
  });
  out.push((q) => {
    q.uid = `${q.uid as string}x`;
  });
  out.push((q) => {
    q.position = (q.position as number) + 1;
  });
  out.push((q) => {
    q.position = (q.position as number) ^ 1;
  });
  out.push((q) => {
    q.height = (q.height as number) + 1;
  });
  out.push((q) => {
    (q.round as { [k: string]: Json }).exchange = 'other';
  });
  out.push((q) => {
    ((q.assets as Json[])[0] as { [k: string]: Json }).decimals = 9;
  });
  p.balances.forEach((_, i) => {
    for (const d of [1n, -1n])
      out.push((q) => {
        const b = q.balances as string[];
        b[i] = (BigInt(b[i]!) + d).toString();
      });
  });
  p.siblings.forEach((s, l) => {
    out.push((q) => {
      const sib = (q.siblings as { hash: string }[])[l]!;
      sib.hash = flipHex(sib.hash, l % 64);
    });
    s.sums.forEach((_, i) => {
      for (const d of [1n, -1n])
        out.push((q) => {
          const sums = (q.siblings as { sums: string[] }[])[l]!.sums;
          sums[i] = (BigInt(sums[i]!) + d).toString();
        });
    });
    if (l + 1 < p.siblings.length)
      out.push((q) => {
        const sib = q.siblings as Json[];
        [sib[l], sib[l + 1]] = [sib[l + 1]!, sib[l]!];
      });
  });
  out.push((q) => {
    (q.siblings as Json[]).pop();
  });
  out.push((q) => {
    (q.siblings as Json[]).push((q.siblings as Json[])[0]!);
  });
  return out;
}

function allProofs(t: MemoryTree): InclusionProof[] {
  return t.leaves.map((l) => t.proof(l.uid));
}

describe('verifier properties', () => {
  it('every proof of every random tree verifies against its root commitment', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const rc = bytesToHex(t.rootCommitment);
        for (const p of allProofs(t)) {
          const r = verifyProof(p, { rootCommitment: rc, round: t.round, assets: t.assets });
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.totals).toEqual(t.totals.map(String));
        }
      }),
      { numRuns: 60 }
    );
  });

  it('no single mutation of a proof verifies (A1-b and friends)', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), (t, pick) => {
        const rc = bytesToHex(t.rootCommitment);
        const proofs = allProofs(t);
        const p = proofs[pick % proofs.length]!;
        for (const m of mutations(p)) {
          const q = structuredClone(p) as unknown as { [k: string]: Json };
          m(q);
          const r = verifyProof(q, { rootCommitment: rc });
          expect(r.ok).toBe(false);
        }
      }),
      { numRuns: 60 }
    );
  });

  it('random JSON never crashes the verifier and never verifies', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = verifyProof(v, { rootCommitment: '00'.repeat(32) });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300 }
    );
  });
});
