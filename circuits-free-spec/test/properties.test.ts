/**
 * Property tests (fast-check) of the plain implementation: random trees verify; every single
 * mutation of a valid proof is rejected; the amount grammar is exactly ^(0|[1-9][0-9]*)$; the
 * strict JSON parser reads what JSON.stringify writes and refuses duplicate keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrict } from '../plain/json.mjs';
import * as K from '../plain/kura-plain.mjs';

const SECRET = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const ROUND = {
  exchange: 'prop-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const MAX = (1n << 96n) - 1n;

const treeArb = fc
  .record({
    k: fc.integer({ min: 1, max: 3 }),
    n: fc.integer({ min: 1, max: 10 }),
    sparse: fc.boolean(),
    extra: fc.integer({ min: 0, max: 3 }),
  })
  .chain(({ k, n, sparse, extra }) =>
    fc.record({
      k: fc.constant(k),
      sparse: fc.constant(sparse),
      extra: fc.constant(extra),
      users: fc.uniqueArray(
        fc.record({
          uid: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => K.utf8(s).length > 0),
          balances: fc.array(fc.bigInt({ min: 0n, max: MAX }), { minLength: k, maxLength: k }),
        }),
        { minLength: n, maxLength: n, selector: (u) => u.uid.normalize('NFC') }
      ),
    })
  );

function build(t: {
  k: number;
  sparse: boolean;
  extra: number;
  users: { uid: string; balances: bigint[] }[];
}) {
  const assets = Array.from({ length: t.k }, (_, i) => ({ symbol: `A${i}`, decimals: 8 }));
  const min = K.denseHeight(t.users.length);
  return K.buildTree({
    masterSecret: SECRET,
    round: ROUND,
    assets,
    users: t.users,
    placement: t.sparse ? 'sparse' : 'dense',
    height: Math.min(32, min + t.extra + (t.sparse ? 2 : 0)),
  });
}

type Proof = {
  height: number;
  position: number;
  nonce: string;
  balances: string[];
  siblings: { hash: string; sums: string[] }[];
  rootCommitment: string;
  uid: string;
};

const flipHex = (h: string, i: number): string =>
  h.slice(0, i) + (Number.parseInt(h[i], 16) ^ 1).toString(16) + h.slice(i + 1);

const mutations: ((p: Proof, r: number) => void)[] = [
  (p, r) => {
    const c = r % p.balances.length;
    p.balances[c] = (BigInt(p.balances[c]) + 1n).toString();
  },
  (p, r) => {
    const c = r % p.balances.length;
    const b = BigInt(p.balances[c]);
    p.balances[c] = (b === 0n ? 1n : b - 1n).toString();
  },
  (p, r) => {
    p.nonce = flipHex(p.nonce, r % 64);
  },
  (p, r) => {
    const s = p.siblings[r % p.siblings.length];
    s.hash = flipHex(s.hash, r % 64);
  },
  (p, r) => {
    const s = p.siblings[r % p.siblings.length];
    const c = r % s.sums.length;
    const v = BigInt(s.sums[c]);
    s.sums[c] = (v === 0n ? 1n : v - 1n).toString();
  },
  (p, r) => {
    const bit = 2 ** (r % p.height);
    p.position += Math.floor(p.position / bit) % 2 === 0 ? bit : -bit;
  },
  (p) => {
    p.siblings.pop();
  },
  (p) => {
    p.siblings.push({ ...p.siblings[0] });
  },
  (p, r) => {
    p.rootCommitment = flipHex(p.rootCommitment, r % 64);
  },
  (p) => {
    p.uid = `${p.uid}x`;
  },
  (p) => {
    p.height = p.height === 32 ? 31 : p.height + 1;
  },
];

describe('properties of the plain implementation', () => {
  it('every proof of a random tree verifies and reaches the published totals', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const tree = build(t);
        const rc = K.hex(tree.rootCommitment);
        for (const u of t.users) {
          const r = K.verifyProof(tree.proof(u.uid), { rootCommitment: rc });
          if (!r.ok) return false;
          if (r.totals.join() !== tree.rootSums.map(String).join()) return false;
        }
        return true;
      }),
      { numRuns: 40 }
    );
  });

  it('any single mutation of a valid proof is rejected (never ok)', () => {
    fc.assert(
      fc.property(
        treeArb,
        fc.nat(),
        fc.integer({ min: 0, max: mutations.length - 1 }),
        fc.nat(),
        (t, who, m, r) => {
          const tree = build(t);
          const u = t.users[who % t.users.length];
          const p = tree.proof(u.uid) as Proof;
          mutations[m](p, r);
          const res = K.verifyProof(p, { rootCommitment: K.hex(tree.rootCommitment) });
          return res.ok === false && typeof res.code === 'string';
        }
      ),
      { numRuns: 300 }
    );
  });

  it('a balance string is accepted by the grammar iff it matches ^(0|[1-9][0-9]*)$', () => {
    const tree = build({ k: 1, sparse: false, extra: 0, users: [{ uid: 'a', balances: [5n] }] });
    const base = tree.proof('a');
    const rc = K.hex(tree.rootCommitment);
    const candidates = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.stringMatching(/^[-+ 0x1-9eE.]{0,5}$/),
      fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String)
    );
    fc.assert(
      fc.property(candidates, (s) => {
        const r = K.verifyProof({ ...base, balances: [s] }, { rootCommitment: rc });
        const canonical = /^(0|[1-9][0-9]*)$/.test(s);
        return canonical ? r.code !== 'BAD_ENCODING' : r.code === 'BAD_ENCODING';
      }),
      { numRuns: 500 }
    );
  });

  it('parseStrict reads what JSON.stringify writes, and refuses a duplicated key', () => {
    const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => {
      const t = JSON.stringify(v);
      return !t.includes('"__proto__"') && !/\d[eE.]|\d{16}/.test(t);
    });
    fc.assert(
      fc.property(json, (v) => {
        expect(parseStrict(JSON.stringify(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 200 }
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 5 }),
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        (k, v) => {
          if (k === '__proto__') return;
          const one = JSON.stringify({ [k]: v }).slice(1, -1);
          expect(() => parseStrict(`{${one},${one}}`)).toThrow(/duplicate/);
        }
      ),
      { numRuns: 100 }
    );
  });
});
