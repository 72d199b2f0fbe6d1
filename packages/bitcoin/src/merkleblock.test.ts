/**
 * `gettxoutproof` (CMerkleBlock) verification against headers alone: mainnet genesis, proofs
 * built for random blocks (property), mutations, and the CVE-2012-2459 duplicate-subtree
 * defence (attacks A7).
 */
import { bytesToHex, concatBytes, hexToBytes } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash256 } from './hashes.js';
import {
  buildMerkleBlock,
  checkProofOfWork,
  extractMatches,
  merkleRoot,
  parseBlockHeader,
  parseMerkleBlock,
  verifyMerkleProof,
} from './merkleblock.js';
import { displayHex } from './wire.js';

const GENESIS_HEADER =
  '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c';
const GENESIS = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
const GENESIS_TX = '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b';

/** A regtest-difficulty header committing to `root`, ground until it meets its target. */
function header(root: Uint8Array, salt = 0): Uint8Array {
  for (let nonce = 0; ; nonce++) {
    const h = new Uint8Array(80);
    h[0] = 2;
    h.set(root, 36);
    new DataView(h.buffer).setUint32(68, 1_700_000_000 + salt, true);
    new DataView(h.buffer).setUint32(72, 0x207fffff, true);
    new DataView(h.buffer).setUint32(76, nonce, true);
    if (checkProofOfWork(parseBlockHeader(h))) return h;
  }
}
const blockHashOf = (h: Uint8Array) => displayHex(hash256(h));

describe('gettxoutproof verification', () => {
  it('mainnet genesis: header hash, real proof of work, single-transaction tree', () => {
    const proof = hexToBytes(
      `${GENESIS_HEADER}01000000` + `01${bytesToHex(hexToBytes(GENESIS_TX).reverse())}0101`
    );
    const r = verifyMerkleProof(proof, GENESIS_TX, GENESIS);
    expect(r).toMatchObject({
      ok: true,
      blockHash: GENESIS,
      matches: [{ txid: GENESIS_TX, index: 0 }],
    });
    expect(verifyMerkleProof(proof, GENESIS_TX, GENESIS.replace(/f$/, 'e'))).toMatchObject({
      ok: false,
      code: 'E_MERKLE_PROOF',
    });
    expect(verifyMerkleProof(proof, GENESIS.replace(/^0/, '1'), GENESIS)).toMatchObject({
      ok: false,
      code: 'E_MERKLE_PROOF',
    });
  });

  it('a header that misses its own target is rejected', () => {
    const txids = [hash256(Uint8Array.of(1))];
    const h = header(merkleRoot(txids));
    new DataView(h.buffer).setUint32(72, 0x1d00ffff, true); // mainnet difficulty 1
    const proof = buildMerkleBlock(h, txids, new Set([0]));
    const r = verifyMerkleProof(proof, displayHex(txids[0]!), blockHashOf(h));
    expect(r).toMatchObject({
      ok: false,
      code: 'E_MERKLE_PROOF',
      message: expect.stringContaining('proof-of-work'),
    });
  });

  it('CVE-2012-2459: a duplicated last transaction (same root) is rejected', () => {
    const txids = [1, 2, 3].map((i) => hash256(Uint8Array.of(i)));
    const h = header(merkleRoot(txids));
    const dup = [...txids, txids[2]!];
    expect(bytesToHex(merkleRoot(dup))).toBe(bytesToHex(merkleRoot(txids)));
    const forged = buildMerkleBlock(h, dup, new Set([3]));
    expect(verifyMerkleProof(forged, displayHex(txids[2]!), blockHashOf(h))).toMatchObject({
      ok: false,
      message: expect.stringContaining('CVE-2012-2459'),
    });
    expect(
      verifyMerkleProof(
        buildMerkleBlock(h, txids, new Set([2])),
        displayHex(txids[2]!),
        blockHashOf(h)
      ).ok
    ).toBe(true);
  });

  it('structural attacks: zero transactions, excess hashes, unused flag bytes, trailing bytes', () => {
    const txids = [1, 2, 3, 4, 5].map((i) => hash256(Uint8Array.of(i)));
    const h = header(merkleRoot(txids));
    const good = buildMerkleBlock(h, txids, new Set([1]));
    const mb = parseMerkleBlock(good);
    const id = displayHex(txids[1]!);
    const bh = blockHashOf(h);
    expect(extractMatches({ ...mb, nTransactions: 0 })).toMatch(/zero transactions/);
    expect(extractMatches({ ...mb, nTransactions: 2 })).toMatch(/more hashes than transactions/);
    expect(extractMatches({ ...mb, flags: concatBytes(mb.flags, Uint8Array.of(0)) })).toMatch(
      /flag bytes/
    );
    expect(extractMatches({ ...mb, hashes: [...mb.hashes, new Uint8Array(32)] })).toMatch(/hashes/);
    expect(verifyMerkleProof(concatBytes(good, Uint8Array.of(0)), id, bh)).toMatchObject({
      ok: false,
    });
    expect(verifyMerkleProof(good.subarray(0, 100), id, bh)).toMatchObject({ ok: false });
    expect(verifyMerkleProof(good, id, bh)).toMatchObject({ ok: true });
  });

  it('property: proofs of any match set in any block verify, and only for matched txids', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 40 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
              fc.integer()
            )
          ),
        ([n, picks, salt]) => {
          const txids = Array.from({ length: n }, (_, i) =>
            hash256(Uint8Array.of(i, salt & 0xff, (salt >> 8) & 0xff))
          );
          const h = header(merkleRoot(txids), salt);
          const proof = buildMerkleBlock(h, txids, new Set(picks));
          for (let i = 0; i < n; i++) {
            const r = verifyMerkleProof(proof, displayHex(txids[i]!), blockHashOf(h));
            if (r.ok !== picks.includes(i)) return false;
          }
          return true;
        }
      ),
      { numRuns: 120 }
    );
  });

  it('non-zero padding bits in the last flag byte are rejected (one serialisation per proof)', () => {
    const txids = [1, 2, 3].map((i) => hash256(Uint8Array.of(i, 7)));
    const h = header(merkleRoot(txids));
    const proof = buildMerkleBlock(h, txids, new Set([0]));
    const m = Uint8Array.from(proof);
    m[m.length - 1] = m[m.length - 1]! | 0x80;
    expect(verifyMerkleProof(proof, displayHex(txids[0]!), blockHashOf(h)).ok).toBe(true);
    expect(verifyMerkleProof(m, displayHex(txids[0]!), blockHashOf(h))).toMatchObject({
      ok: false,
      message: expect.stringContaining('padding'),
    });
  });

  it('property: a mutated proof never proves a transaction that is not in the block', () => {
    // A partial merkle tree does not authenticate nTransactions, and a flag flip may turn a
    // sibling leaf into a "match": both only ever prove transactions that ARE in the block.
    // What must never verify is anything else — e.g. an internal node taken for a txid.
    const txids = Array.from({ length: 13 }, (_, i) => hash256(Uint8Array.of(i, 9)));
    const h = header(merkleRoot(txids));
    const proof = buildMerkleBlock(h, txids, new Set([4]));
    const bh = blockHashOf(h);
    const inBlock = new Set(txids.map((t) => displayHex(t)));
    const internal = parseMerkleBlock(proof)
      .hashes.map((x) => displayHex(x))
      .filter((x) => !inBlock.has(x));
    expect(internal.length).toBeGreaterThan(0);
    const outsiders = [...internal, displayHex(hash256(Uint8Array.of(99)))];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: proof.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (i, x) => {
          const m = Uint8Array.from(proof);
          m[i] = m[i]! ^ x;
          return outsiders.every((t) => !verifyMerkleProof(m, t, bh).ok);
        }
      ),
      { numRuns: 2000 }
    );
  });
});
