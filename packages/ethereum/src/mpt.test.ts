/**
 * Merkle-Patricia proofs (Yellow Paper Appendix D, EIP-1186) on constructed tries: inline nodes,
 * extensions, keys that are prefixes of others, exclusion proofs, every tampering with its code,
 * and properties (fast-check). Real node proofs are in eip1186.test.ts.
 */
import { bytesToHex, hexToBytes } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildTrie } from '../test/trie.js';
import { EMPTY_TRIE_ROOT, verifyMptProof } from './mpt.js';
import { rlpEncode } from './rlp.js';

const b = (s: string) => hexToBytes(s);
const v = (s: string) => new TextEncoder().encode(s);

// short keys and values: nodes stay below 32 bytes and are embedded in their parents
const small = new Map<string, Uint8Array>([
  ['0102', v('a')],
  ['0103', v('b')],
  ['0104', v('c')],
  ['01', v('p')], // a key that is a prefix of others: value in a branch
  ['ab', v('x')],
  ['abcd01', v('deep1')],
  ['abcd02', v('deep2')],
]);

describe('constructed tries', () => {
  const t = buildTrie(small);
  test('the trie holds inline nodes, extensions and a branch value (so the paths below are exercised)', () => {
    expect(t.stats.inline).toBeGreaterThan(0);
    expect(t.stats.ext).toBeGreaterThan(0);
    expect(t.stats.branch).toBeGreaterThan(1);
  });
  test('every key proves its value', () => {
    for (const [k, val] of small) {
      const r = verifyMptProof(t.root, b(k), t.proof(b(k)));
      expect(r).toEqual({ ok: true, value: val });
    }
  });
  test('absent keys prove absence (empty branch slot, diverging leaf, diverging extension, key ending early)', () => {
    for (const k of ['0105', 'ac', 'abce', 'abcd03', '02', 'abcd', '010203']) {
      const r = verifyMptProof(t.root, b(k), t.proof(b(k)));
      expect(r, k).toEqual({ ok: true, value: null });
    }
  });
  test('the empty trie: an empty proof or [0x80] proves absence; an empty proof of a non-empty trie does not', () => {
    expect(verifyMptProof(EMPTY_TRIE_ROOT, b('00'), [])).toEqual({ ok: true, value: null });
    expect(verifyMptProof(EMPTY_TRIE_ROOT, b('00'), [Uint8Array.of(0x80)])).toEqual({
      ok: true,
      value: null,
    });
    expect(verifyMptProof(t.root, b('0102'), [])).toMatchObject({
      ok: false,
      code: 'MPT_MISSING_NODE',
    });
  });
  test('a single-leaf trie (root is a short leaf, hashed anyway)', () => {
    const one = buildTrie(new Map([['aa', v('z')]]));
    expect(verifyMptProof(one.root, b('aa'), one.proof(b('aa')))).toEqual({
      ok: true,
      value: v('z'),
    });
    expect(verifyMptProof(one.root, b('ab'), one.proof(b('ab')))).toEqual({
      ok: true,
      value: null,
    });
  });
});

describe('tampered proofs are rejected, each with its code', () => {
  // hashed keys, 32-byte values: a realistic trie with hashed (non-inline) nodes
  const map = new Map<string, Uint8Array>();
  for (let i = 0; i < 200; i++)
    map.set(bytesToHex(keccak_256(Uint8Array.of(i))), keccak_256(Uint8Array.of(i, 1)));
  const t = buildTrie(map);
  const key = keccak_256(Uint8Array.of(7));
  const proof = t.proof(key);
  test('the untampered proof verifies', () => {
    expect(proof.length).toBeGreaterThan(2);
    expect(verifyMptProof(t.root, key, proof)).toEqual({
      ok: true,
      value: keccak_256(Uint8Array.of(7, 1)),
    });
  });
  const flip = (p: Uint8Array[], i: number, at: number) =>
    p.map((n, j) => (j === i ? n.map((x, k) => (k === at ? x ^ 1 : x)) : n));
  test('first node changed → MPT_ROOT_MISMATCH', () => {
    expect(verifyMptProof(t.root, key, flip(proof, 0, 5))).toMatchObject({
      ok: false,
      code: 'MPT_ROOT_MISMATCH',
      level: 0,
    });
  });
  test('a later node changed → MPT_HASH_MISMATCH at that node', () => {
    expect(verifyMptProof(t.root, key, flip(proof, 1, 5))).toMatchObject({
      ok: false,
      code: 'MPT_HASH_MISMATCH',
      level: 1,
    });
  });
  test('last node dropped → MPT_MISSING_NODE', () => {
    expect(verifyMptProof(t.root, key, proof.slice(0, -1))).toMatchObject({
      ok: false,
      code: 'MPT_MISSING_NODE',
    });
  });
  test('a node appended → MPT_EXTRA_NODES', () => {
    expect(verifyMptProof(t.root, key, [...proof, proof[1]!])).toMatchObject({
      ok: false,
      code: 'MPT_EXTRA_NODES',
    });
  });
  test('nodes swapped → MPT_HASH_MISMATCH', () => {
    const p = [...proof];
    [p[1], p[2]] = [p[2]!, p[1]!];
    expect(verifyMptProof(t.root, key, p)).toMatchObject({ ok: false, code: 'MPT_HASH_MISMATCH' });
  });
  test("another key's proof → not this key's value", () => {
    const other = t.proof(keccak_256(Uint8Array.of(8)));
    const r = verifyMptProof(t.root, key, other);
    expect(r.ok && r.value !== null).toBe(false);
  });
  test('another root (another block) → MPT_ROOT_MISMATCH', () => {
    const t2 = buildTrie(new Map([...map, ['00'.repeat(32), v('new')]]));
    expect(verifyMptProof(t2.root, key, proof)).toMatchObject({
      ok: false,
      code: 'MPT_ROOT_MISMATCH',
    });
  });
  const malformed: [string, Uint8Array][] = [
    ['not RLP', Uint8Array.of(0xc3, 0x01)],
    ['a list of 3 items', rlpEncode([v('a'), v('b'), v('c')])],
    ['bad hex-prefix flag 4', rlpEncode([Uint8Array.of(0x40), v('x')])],
    ['even path with a non-zero pad nibble', rlpEncode([Uint8Array.of(0x21), v('x')])],
    ['leaf with an empty value', rlpEncode([Uint8Array.of(0x20), new Uint8Array(0)])],
    [
      'branch child of 5 bytes',
      rlpEncode([
        ...Array.from({ length: 16 }, (_, i) => (i === 0 ? v('abcde') : new Uint8Array(0))),
        new Uint8Array(0),
      ]),
    ],
    ['extension with an empty path', rlpEncode([Uint8Array.of(0x00), keccak_256(v('x'))])],
    ['a bare string node', rlpEncode(v('just a string'))],
  ];
  for (const [name, node] of malformed)
    test(`${name} (authentic by hash) → MPT_BAD_NODE`, () => {
      expect(verifyMptProof(keccak_256(node), b('00'), [node])).toMatchObject({
        ok: false,
        code: 'MPT_BAD_NODE',
      });
    });
  test('an inline child of 32 bytes or more → MPT_BAD_NODE', () => {
    const bigInline = [Uint8Array.of(0x20), new Uint8Array(40).fill(7)];
    const branch = rlpEncode([
      bigInline,
      ...Array.from({ length: 15 }, () => new Uint8Array(0)),
      new Uint8Array(0),
    ]);
    expect(verifyMptProof(keccak_256(branch), b('00'), [branch])).toMatchObject({
      ok: false,
      code: 'MPT_BAD_NODE',
    });
  });
  test('bad arguments → MPT_BAD_INPUT', () => {
    expect(verifyMptProof(new Uint8Array(31), key, proof)).toMatchObject({ code: 'MPT_BAD_INPUT' });
    expect(verifyMptProof(t.root, new Uint8Array(0), proof)).toMatchObject({
      code: 'MPT_BAD_INPUT',
    });
    expect(
      verifyMptProof(
        t.root,
        key,
        Array.from({ length: 67 }, () => proof[0]!)
      )
    ).toMatchObject({ code: 'MPT_BAD_INPUT' });
  });
});

describe('properties', () => {
  const entries = fc.uniqueArray(
    fc.tuple(
      fc.uint8Array({ minLength: 1, maxLength: 4 }),
      fc.uint8Array({ minLength: 1, maxLength: 40 })
    ),
    { minLength: 1, maxLength: 40, selector: ([k]) => bytesToHex(k) }
  );
  test('every present key proves its value; absent keys prove absence', () => {
    fc.assert(
      fc.property(entries, fc.uint8Array({ minLength: 1, maxLength: 4 }), (es, probe) => {
        const t = buildTrie(es);
        for (const [k, val] of es)
          expect(verifyMptProof(t.root, k, t.proof(k))).toEqual({ ok: true, value: val });
        const hit = es.find(([k]) => bytesToHex(k) === bytesToHex(probe));
        expect(verifyMptProof(t.root, probe, t.proof(probe))).toEqual({
          ok: true,
          value: hit ? hit[1] : null,
        });
      }),
      { numRuns: 300 }
    );
  });
  test('a mutated proof never verifies to another value, and never throws', () => {
    fc.assert(
      fc.property(
        entries,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.nat(3),
        (es, which, at, xor, op) => {
          const t = buildTrie(es);
          const [k, val] = es[which % es.length]!;
          const p = t.proof(k).map((n) => n.slice());
          if (op === 0) p[which % p.length]![at % p[which % p.length]!.length]! ^= xor;
          else if (op === 1) p.splice(which % p.length, 1);
          else if (op === 2) p.push(p[which % p.length]!);
          else p.reverse();
          const r = verifyMptProof(t.root, k, p);
          if (r.ok) expect(r.value).toEqual(val); // only an identity mutation (e.g. reversing one node) may pass
        }
      ),
      { numRuns: 1000 }
    );
  });
  test('random byte strings as proofs never throw and never verify against a real root', () => {
    const t = buildTrie(
      new Map([
        ['01', v('a')],
        ['02', v('b')],
      ])
    );
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 120 }), { maxLength: 6 }),
        fc.uint8Array({ minLength: 1, maxLength: 32 }),
        (p, k) => {
          const r = verifyMptProof(t.root, k, p);
          expect(r.ok).toBe(false);
        }
      ),
      { numRuns: 2000 }
    );
  });
});
