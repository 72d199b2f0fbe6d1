#!/usr/bin/env node
// Generates vectors/positive/, vectors/negative/, vectors/negative-build/ and vectors/index.json
// with the plain implementation. Expected codes of negative vectors are stated here BY
// CONSTRUCTION (each mounts one attack); the tests then check that the plain verifier agrees.
//
//   node scripts/generate-vectors.mjs          write the files
//   node scripts/generate-vectors.mjs --check  exit 1 if the committed files differ

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toCsv } from '../plain/csv.mjs';
import * as K from '../plain/kura-plain.mjs';
import { buildNegative, indexLists, vectorFiles, vectorHead, writeOrCheck } from './vectors-io.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors');
const SECRET = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const ROUND = {
  exchange: 'example-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const BTC = { symbol: 'BTC', decimals: 8, network: 'bip122:000000000019d6689c085ae165831e93' };
const ETH = { symbol: 'ETH', decimals: 18, network: 'eip155:1' };
const MAX = K.MAX_LEAF;
const P_BN254 = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const TWO128 = 1n << 128n;

const hex = K.hex;

// ------------------------------------------------------------------ positive trees

function treeVector(name, description, spec, extra = () => ({})) {
  const t = K.buildTree({ masterSecret: SECRET, ...spec });
  const byUid = new Map(t.rows.map((r) => [r.uid, r]));
  const users = spec.users.map((u) => {
    const r = byUid.get(u.uid);
    return {
      uid: u.uid,
      balances: r.balances.map(String),
      uidHash: hex(r.uidHash),
      nonce: hex(r.nonce),
      orderKey: hex(r.orderKey),
      leafHash: hex(r.leafHash),
      rank: t.rows.indexOf(r),
      retries: r.retries,
      position: r.position,
      proofPath: t.path(r.position),
    };
  });
  const nonEmptyNodesByLevel = t.levels.map((m, l) =>
    [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, n]) => ({ level: l, index, hash: hex(n.hash), sums: n.sums.map(String) }))
  );
  const pads = [...t.pads.entries()]
    .map(([key, h]) => {
      const [level, index] = key.split(':').map(Number);
      return { level, index, hash: hex(h) };
    })
    .sort((a, b) => a.level - b.level || a.index - b.index);
  return {
    ...vectorHead(name, description, SECRET, spec),
    height: t.height,
    roundId: hex(t.roundId),
    assetSetHash: hex(t.assetSetHash),
    roundKey: hex(t.roundKey),
    users,
    nonEmptyNodesByLevel,
    pads,
    rootHash: hex(t.rootHash),
    rootSums: t.rootSums.map(String),
    rootCommitment: hex(t.rootCommitment),
    challenge: K.challenge(spec.round),
    csv: toCsv(spec.assets, spec.users),
    rootFile: t.rootFile(),
    ...extra(t),
  };
}

/** Byte-level preimages of the golden vector, so an implementer can diff byte by byte. */
function preimages(t) {
  const tags = [
    'kura/v1/round',
    'kura/v1/assets',
    'kura/v1/uid',
    'kura/v1/leaf',
    'kura/v1/node',
    'kura/v1/root',
    'kura/v1/attest/exchange',
    'kura/v1/attest/auditor',
  ];
  const r0 = t.rows[0];
  const L = t.levels[0].get(0) ?? { hash: K.padHash(t.roundKey, 0, 0), sums: [0n, 0n] };
  const R = t.levels[0].get(1) ?? { hash: K.padHash(t.roundKey, 0, 1), sums: [0n, 0n] };
  const root = t.levels[t.height].get(0);
  return {
    preimages: {
      note: 'msg = the bytes after the 64-byte H(tag)‖H(tag) prefix of TH, or the HMAC message',
      tagHashes: Object.fromEntries(tags.map((g) => [g, hex(K.sha256(Buffer.from(g)))])),
      roundJcs: K.jcs(t.round),
      assetsJcs: K.jcs(t.assets),
      roundKeyMsg: hex(Buffer.concat([Buffer.from('kura/v1/round-key'), t.roundId])),
      firstUser: {
        uid: r0.uid,
        uidMsg: hex(K.utf8(r0.uid)),
        nonceMsg: hex(Buffer.concat([Buffer.from('kura/v1/leaf-nonce'), r0.uidHash])),
        orderMsg: hex(Buffer.concat([Buffer.from('kura/v1/order'), r0.uidHash])),
        leafMsg: hex(Buffer.concat([r0.uidHash, r0.nonce, ...r0.balances.map(K.u128)])),
      },
      node_1_0_Msg: hex(
        Buffer.concat([K.u8(1), L.hash, R.hash, ...L.sums.map(K.u128), ...R.sums.map(K.u128)])
      ),
      pad_0_3_Msg: hex(Buffer.concat([Buffer.from('kura/v1/pad'), K.u8(0), K.u64(3)])),
      rootMsg: hex(
        Buffer.concat([
          K.u8(1),
          t.roundId,
          t.assetSetHash,
          K.u8(t.height),
          root.hash,
          ...root.sums.map(K.u128),
        ])
      ),
    },
  };
}

const golden = {
  round: ROUND,
  assets: [BTC, ETH],
  placement: 'dense',
  users: [
    { uid: 'alice', balances: [5000000n, 10n ** 18n] },
    { uid: 'bob', balances: [0n, 25n * 10n ** 17n] },
    { uid: 'carol', balances: [123n, 0n] },
  ],
};
const twoUsers = {
  round: ROUND,
  assets: [{ symbol: 'BTC', decimals: 8 }],
  placement: 'dense',
  users: [
    { uid: 'alice', balances: [5n] },
    { uid: 'bob', balances: [10n] },
  ],
};
const fiveUsers = {
  round: ROUND,
  assets: [BTC, ETH],
  placement: 'dense',
  users: [
    { uid: 'alice', balances: [5000000n, 10n ** 18n] },
    { uid: 'bob', balances: [0n, 25n * 10n ** 17n] },
    { uid: 'carol', balances: [123n, 0n] },
    { uid: 'dave-日本', balances: [MAX, 1n] },
    { uid: 'erin', balances: [0n, 0n] },
  ],
};

const h5Users = {
  round: ROUND,
  assets: [{ symbol: 'BTC', decimals: 8 }],
  placement: 'dense',
  height: 5,
  users: [1n, 2n, 3n, 4n, 5n].map((b, i) => ({ uid: `user${i}`, balances: [b * 100000000n] })),
};

const positives = [
  treeVector(
    'dense-golden-3users-2assets-h2',
    'The §2.7 golden setup: 3 users, BTC and ETH, height 2, one pad leaf at position 3; with the byte-level preimages.',
    golden,
    preimages
  ),
  treeVector(
    'dense-2users-1asset-h1',
    'alice 5 and bob 10 at height 1: the base tree of the split-sum (Maxwell) negative vector.',
    twoUsers
  ),
  treeVector(
    'dense-5users-2assets-h3',
    'Same inputs as reference/dense-5users-2assets: the base of most negative vectors.',
    fiveUsers
  ),
  treeVector(
    'dense-8users-maxleaf-h3',
    'Every balance at MAX_LEAF = 2^96-1: every level-l sibling sum equals MAX_LEAF·2^l exactly (the inclusive bound); the root total is 8·MAX_LEAF.',
    {
      round: ROUND,
      assets: [{ symbol: 'ETH', decimals: 18 }],
      placement: 'dense',
      users: Array.from({ length: 8 }, (_, i) => ({ uid: `max${i}`, balances: [MAX] })),
    }
  ),
  treeVector(
    'dense-5users-1asset-h5',
    'Dense with a height above the minimum (5 users, height 5): maximal empty subtrees at levels 0, 1, 3 and 4 are single pads.',
    h5Users
  ),
  treeVector(
    'dense-5users-3assets-unicode',
    'Unicode and look-alike uids: an NFD uid (hashed as its NFC form), two uids sharing their first 32 characters, a CJK uid, a user whose balances are all zero; three assets, one with 0 decimals and none with a network.',
    {
      round: { exchange: 'Kura 取引所', period: '2026-Q4', snapshotTime: '2026-12-31T23:59:59.5Z' },
      assets: [
        { symbol: 'BTC', decimals: 8 },
        { symbol: 'PTS', decimals: 0 },
        { symbol: 'USDC', decimals: 6, network: 'eip155:1' },
      ],
      placement: 'dense',
      users: [
        { uid: 'jose\u0301', balances: [1n, 2n, 3n] },
        { uid: `${'x'.repeat(32)}a`, balances: [10n, 0n, 1000000n] },
        { uid: `${'x'.repeat(32)}b`, balances: [10n, 0n, 1000000n] },
        { uid: '山田太郎', balances: [2100000000000000n, 7n, 0n] },
        { uid: 'zero', balances: [0n, 0n, 0n] },
      ],
    }
  ),
  treeVector('sparse-3users-3assets-h4', 'Sparse placement at height 4 with three assets.', {
    round: ROUND,
    assets: [BTC, ETH, { symbol: 'USDC', decimals: 6, network: 'eip155:1' }],
    placement: 'sparse',
    height: 4,
    users: [
      { uid: 'alice', balances: [5000000n, 10n ** 18n, 250000000n] },
      { uid: 'bob', balances: [0n, 25n * 10n ** 17n, 0n] },
      { uid: 'carol', balances: [123n, 0n, 1n] },
    ],
  }),
  treeVector(
    'sparse-4users-1asset-h2-full',
    'Sparse placement where the users fill every position (4 users, height 2): the j-retry is exercised and no pad exists.',
    {
      round: ROUND,
      assets: [{ symbol: 'BTC', decimals: 8 }],
      placement: 'sparse',
      height: 2,
      users: ['a', 'b', 'c', 'd'].map((uid, i) => ({ uid, balances: [BigInt(i + 1)] })),
    }
  ),
  treeVector(
    'sparse-3users-1asset-h32',
    'Sparse placement at the default height 32: positions and pad indices above 2^31 (catches 32-bit signed shifts), pads at every level.',
    {
      round: ROUND,
      assets: [{ symbol: 'BTC', decimals: 8 }],
      placement: 'sparse',
      users: [
        { uid: 'alice', balances: [5000000n] },
        { uid: 'bob', balances: [7n] },
        { uid: 'carol', balances: [0n] },
      ],
    }
  ),
];

// ------------------------------------------------------------------ negative vectors

const negatives = [];
function neg(name, attack, description, proofOrText, expected, code, level = null, rootOnly) {
  const v = { name, attack, description };
  if (typeof proofOrText === 'string') v.proofText = proofOrText;
  else v.proof = proofOrText;
  v.expected = expected;
  v.expect = { code, level };
  if (rootOnly) v.expectRootOnly = { code: rootOnly[0], level: rootOnly[1] ?? null };
  negatives.push(v);
}

const T5 = K.buildTree({ masterSecret: SECRET, ...fiveUsers });
const rc5 = hex(T5.rootCommitment);
const E5 = { rootCommitment: rc5 };
const base = () => T5.proof('alice'); // alice: position 1, height 3, siblings all non-pad
const H = T5.height;
const with_ = (f) => {
  const p = base();
  f(p);
  return p;
};

// A1 — split-sum (Maxwell) forgery
{
  const T = K.buildTree({ masterSecret: SECRET, ...twoUsers });
  const a = T.rows.find((r) => r.uid === 'alice');
  const b = T.rows.find((r) => r.uid === 'bob');
  // The cheater publishes R* committing bob's subtree at 5 instead of 10 (total 10, not 15).
  const L = a.position === 0 ? a : b;
  const R = a.position === 0 ? b : a;
  const sum = (r) => (r.uid === 'bob' ? [5n] : r.balances);
  const rStar = K.nodeHash(1, L.leafHash, R.leafHash, sum(L), sum(R));
  const rcStar = hex(K.rootCommitment(T.roundId, T.assetSetHash, 1, rStar, [10n]));
  const p = T.proof('bob');
  p.siblings[0].sums = ['0']; // bob is told alice holds 0 so that 0 + 10 = the published 10
  p.rootCommitment = rcStar;
  neg(
    'maxwell-split-sum',
    'A1',
    'The exchange publishes a root whose node commits bob at 5 (total 10 instead of 15) and hands bob a sibling claiming alice holds 0, so the sums add up to the published total. Both child sums are in the node preimage, so bob recomputes a different root.',
    p,
    { rootCommitment: rcStar },
    'ROOT_MISMATCH'
  );
  const q = T.proof('bob');
  q.rootCommitment = rcStar;
  neg(
    'maxwell-split-sum-true-sibling',
    'A1',
    "As maxwell-split-sum, but bob receives alice's true sibling; the published node still commits bob at 5, not 10.",
    q,
    { rootCommitment: rcStar },
    'ROOT_MISMATCH'
  );
}

// A3 — sum overflow at each level
for (let l = 0; l < H; l++) {
  const cases = [
    ['2p128m3', TWO128 - 3n, 0, 'sibling sum 2^128−3 (wraps a u128 addition to a small value)'],
    ['bn254', P_BN254 - 3n, 1, 'sibling sum p_BN254−3 (wraps a BN254 field addition)'],
    [
      'maxleaf-plus1',
      (MAX << BigInt(l)) + 1n,
      0,
      `sibling sum MAX_LEAF·2^${l}+1 (one above the level bound)`,
    ],
  ];
  for (const [tag, value, slot, what] of cases)
    neg(
      `sum-range-l${l}-${tag}`,
      'A3',
      `Level-${l} ${what}, asset slot ${slot}.`,
      with_((p) => {
        p.siblings[l].sums[slot] = value.toString();
      }),
      E5,
      'SUM_RANGE',
      l
    );
}
neg(
  'sum-range-balance-maxleaf-plus1',
  'A3',
  "The customer's own balance is MAX_LEAF+1.",
  with_((p) => {
    p.balances[1] = (MAX + 1n).toString();
  }),
  E5,
  'SUM_RANGE',
  0
);
neg(
  'sum-range-balance-2p128m3',
  'A3',
  "The customer's own balance is 2^128−3 (would not even fit the u128 leaf encoding after one addition).",
  with_((p) => {
    p.balances[0] = (TWO128 - 3n).toString();
  }),
  E5,
  'SUM_RANGE',
  0
);
neg(
  'sum-bound-inclusive-l1',
  'A3',
  'A level-1 sibling sum exactly MAX_LEAF·2 is inside the bound (not SUM_RANGE), but forged: ROOT_MISMATCH.',
  with_((p) => {
    p.siblings[1].sums[0] = (MAX * 2n).toString();
  }),
  E5,
  'ROOT_MISMATCH'
);

// A6 / A15 — length and position
neg(
  'path-too-short',
  'A6',
  'height−1 siblings (the top sibling dropped).',
  with_((p) => {
    p.siblings.pop();
  }),
  E5,
  'BAD_LENGTH'
);
neg(
  'path-too-long',
  'A6',
  'height+1 siblings (an extra level appended).',
  with_((p) => {
    p.siblings.push({ hash: hex(K.sha256(Buffer.from('extra'))), sums: ['0', '0'] });
  }),
  E5,
  'BAD_LENGTH'
);
neg(
  'path-empty',
  'A15',
  'No siblings at all while height is 3 (a verifier must never pass vacuously).',
  with_((p) => {
    p.siblings = [];
  }),
  E5,
  'BAD_LENGTH'
);
neg(
  'position-out-of-range',
  'A6',
  'position = 2^height, one past the last leaf.',
  with_((p) => {
    p.position = 2 ** H;
  }),
  E5,
  'BAD_POSITION'
);
neg(
  'position-far-out-of-range',
  'A6',
  'position = 2^32 + 1 with height 3 (bits above the height must not be ignored).',
  with_((p) => {
    p.position = 2 ** 32 + 1;
  }),
  E5,
  'BAD_POSITION'
);
neg(
  'direction-flipped',
  'A6',
  'position with bit 0 flipped (1 → 0): the customer is placed as a left child; the path no longer leads to the root.',
  with_((p) => {
    p.position ^= 1;
  }),
  E5,
  'ROOT_MISMATCH'
);
neg(
  'sibling-order-swapped',
  'A6',
  'The level-0 and level-1 siblings exchanged.',
  with_((p) => {
    [p.siblings[0], p.siblings[1]] = [p.siblings[1], p.siblings[0]];
  }),
  E5,
  'ROOT_MISMATCH'
);

// A7 — duplicated node
{
  const p = base();
  neg(
    'sibling-equals-current-l0',
    'A7',
    "The level-0 sibling is the customer's own leaf (hash and sums duplicated).",
    with_((q) => {
      q.siblings[0] = {
        hash: hex(T5.rows.find((r) => r.uid === 'alice').leafHash),
        sums: [...p.balances],
      };
    }),
    E5,
    'SIBLING_EQUALS_CURRENT',
    0
  );
  // current hash at level H-1 on alice's path
  const idx = p.position >> (H - 1);
  const cur = T5.levels[H - 1].get(idx);
  neg(
    'sibling-equals-current-top',
    'A7',
    'At the last level the sibling equals the running node (CVE-2012-2459-style duplication).',
    with_((q) => {
      q.siblings[H - 1] = { hash: hex(cur.hash), sums: cur.sums.map(String) };
    }),
    E5,
    'SIBLING_EQUALS_CURRENT',
    H - 1
  );
}

// A5 — leaf/node confusion
{
  const c = T5.proof('carol'); // carol at position 3: node(1,1) = bob + carol, within MAX_LEAF
  const n1 = T5.levels[1].get(c.position >> 1);
  const asLeaf = (q, height) => {
    Object.assign(q, c);
    q.balances = n1.sums.map(String);
    q.siblings = c.siblings.slice(1);
    q.position = c.position >> 1;
    if (height !== undefined) q.height = height;
  };
  neg(
    'inner-node-as-leaf',
    'A5',
    "The level-1 node above carol (bob + carol) presented as carol's 'leaf' (its sums as balances) with the path from level 1 up: one sibling short.",
    with_((q) => asLeaf(q)),
    E5,
    'BAD_LENGTH'
  );
  neg(
    'inner-node-as-leaf-height-lowered-range',
    'A5',
    'As inner-node-as-leaf but the claimed height lowered to match the shorter path: the level-1 sibling (dave-日本 + alice, above MAX_LEAF) is now checked against the level-0 bound.',
    with_((q) => asLeaf(q, H - 1)),
    E5,
    'SUM_RANGE',
    0
  );
  const T = K.buildTree({ masterSecret: SECRET, ...h5Users });
  const u = T.proof('user2');
  const m1 = T.levels[1].get(u.position >> 1);
  neg(
    'inner-node-as-leaf-height-lowered',
    'A5',
    "In positive/dense-5users-1asset-h5, the level-1 node above user2 presented as user2's leaf, its path from level 1 up and the height lowered by one to match: the height is committed in the root commitment and the leaf is recomputed under the leaf tag.",
    {
      ...u,
      balances: m1.sums.map(String),
      siblings: u.siblings.slice(1),
      position: u.position >> 1,
      height: u.height - 1,
    },
    { rootCommitment: hex(T.rootCommitment) },
    'ROOT_MISMATCH'
  );
  const n0 = T5.levels[1].get(0); // dave (MAX_LEAF) + alice
  neg(
    'inner-node-as-leaf-over-max',
    'A5',
    "The level-1 node above alice (dave-日本 at MAX_LEAF + alice) presented as alice's leaf: its sum exceeds MAX_LEAF, so the leaf range check fires first.",
    with_((q) => {
      q.balances = n0.sums.map(String);
      q.siblings = q.siblings.slice(1);
      q.position = q.position >> 1;
    }),
    E5,
    'SUM_RANGE',
    0
  );
}
{
  const p = base();
  const sibIdx = (p.position >> 1) ^ 1;
  const sibNode = T5.levels[1].get(sibIdx);
  const leafInside = T5.levels[0].get(2 * sibIdx) ?? T5.levels[0].get(2 * sibIdx + 1);
  neg(
    'leaf-as-inner-node',
    'A5',
    'The level-1 sibling replaced by a leaf hash from inside that subtree, carrying the subtree sums: a leaf cannot stand in for a level-1 node.',
    with_((q) => {
      q.siblings[1] = { hash: hex(leafInside.hash), sums: sibNode.sums.map(String) };
    }),
    E5,
    'ROOT_MISMATCH'
  );
}

// A10 / A12 — wrong round, wrong asset set
{
  const oct = { ...ROUND, period: '2026-10', snapshotTime: '2026-10-31T15:00:00Z' };
  const T = K.buildTree({ masterSecret: SECRET, ...fiveUsers, round: oct });
  neg(
    'wrong-round',
    'A10',
    "Last month's proof (a complete, internally valid tree for period 2026-10) checked against the 2026-11 attestation.",
    T.proof('alice'),
    { rootCommitment: rc5, round: ROUND, assets: fiveUsers.assets },
    'ROUND_MISMATCH',
    null,
    ['ROOT_MISMATCH']
  );
  const swapped = {
    ...fiveUsers,
    assets: [ETH, BTC],
    users: fiveUsers.users.map((u) => ({ uid: u.uid, balances: [u.balances[1], u.balances[0]] })),
  };
  const T2 = K.buildTree({ masterSecret: SECRET, ...swapped });
  neg(
    'wrong-asset-set-order',
    'A12',
    'A valid proof from a tree whose asset list is [ETH, BTC], checked against an attestation for [BTC, ETH].',
    T2.proof('alice'),
    { rootCommitment: rc5, round: ROUND, assets: fiveUsers.assets },
    'ASSET_SET_MISMATCH',
    null,
    ['ROOT_MISMATCH']
  );
  const relabel = { ...fiveUsers, assets: [{ ...BTC, decimals: 6 }, ETH] };
  const T3 = K.buildTree({ masterSecret: SECRET, ...relabel });
  neg(
    'wrong-asset-set-decimals',
    'A12',
    'A valid proof from a tree where BTC has 6 decimals instead of 8 (relabelled units).',
    T3.proof('alice'),
    { rootCommitment: rc5, round: ROUND, assets: fiveUsers.assets },
    'ASSET_SET_MISMATCH',
    null,
    ['ROOT_MISMATCH']
  );
}

// A14 / A8 / A1-b / A11 / A15-d — tampering, all ROOT_MISMATCH
const tamper = [
  [
    'tampered-balance-up',
    'A14',
    'BTC balance raised by 1 base unit.',
    (p) => {
      p.balances[0] = (BigInt(p.balances[0]) + 1n).toString();
    },
  ],
  [
    'tampered-balance-down',
    'A14',
    'ETH balance rounded down to 0.9 ETH (the exchange understates the customer).',
    (p) => {
      p.balances[1] = '900000000000000000';
    },
  ],
  [
    'tampered-nonce',
    'A8',
    'Last bit of the nonce flipped.',
    (p) => {
      p.nonce = p.nonce.slice(0, 63) + (Number.parseInt(p.nonce[63], 16) ^ 1).toString(16);
    },
  ],
  [
    'tampered-sibling-sum',
    'A1',
    'A level-1 sibling sum lowered by 1, sibling hash kept.',
    (p) => {
      p.siblings[1].sums[1] = (BigInt(p.siblings[1].sums[1]) - 1n).toString();
    },
  ],
  [
    'tampered-sibling-hash',
    'A1',
    'One bit of the level-2 sibling hash flipped.',
    (p) => {
      const h = p.siblings[2].hash;
      p.siblings[2].hash = (Number.parseInt(h[0], 16) ^ 8).toString(16) + h.slice(1);
    },
  ],
  [
    'proof-claims-other-root',
    'A11',
    'The path is honest but the proof claims another root commitment than the one it reaches.',
    (p) => {
      p.rootCommitment = hex(K.sha256(Buffer.from('another root')));
    },
  ],
];
for (const [name, attack, d, f] of tamper) neg(name, attack, d, with_(f), E5, 'ROOT_MISMATCH');
{
  const carol = T5.proof('carol');
  neg(
    'clash-uid-reuses-other-leaf',
    'A8',
    "The proof shown to dave-日本 is carol's leaf (carol's nonce, balances, position and path) with dave's uid.",
    { ...carol, uid: 'dave-日本' },
    E5,
    'ROOT_MISMATCH'
  );
  const padPos = 5; // a pad leaf of the 5-user tree
  neg(
    'pad-position-fake-user',
    'A15',
    "A non-existent user (mallory, zero balances) at a pad position with that position's honest path.",
    {
      ...base(),
      uid: 'mallory',
      nonce: hex(K.sha256(Buffer.from('mallory'))),
      balances: ['0', '0'],
      position: padPos,
      siblings: T5.path(padPos),
    },
    E5,
    'ROOT_MISMATCH'
  );
  const forged = K.buildTree({
    masterSecret: SECRET,
    ...fiveUsers,
    users: fiveUsers.users.filter((u) => u.uid !== 'dave-日本'),
  });
  neg(
    'root-not-attested',
    'A11',
    'An internally consistent proof from another tree (one user dropped): it reaches the root commitment it claims, but not the attested one.',
    forged.proof('alice'),
    E5,
    'ROOT_MISMATCH'
  );
}

// A2 / A4 — non-canonical amounts
const badAmounts = [
  ['leading-zero', '01'],
  ['minus-zero', '-0'],
  ['exponent', '1e3'],
  ['leading-space', ' 1'],
  ['trailing-space', '1 '],
  ['hex', '0x10'],
  ['plus', '+1'],
  ['fraction', '1.0'],
  ['empty', ''],
];
for (const [tag, s] of badAmounts)
  neg(
    `amount-balance-${tag}`,
    'A4',
    `Balance given as the non-canonical string ${JSON.stringify(s)}.`,
    with_((p) => {
      p.balances[0] = s;
    }),
    E5,
    'BAD_ENCODING'
  );
neg(
  'amount-balance-json-number',
  'A4',
  'Balance given as a JSON number instead of a decimal string.',
  with_((p) => {
    p.balances[0] = 5000000;
  }),
  E5,
  'BAD_ENCODING'
);
neg(
  'amount-sibling-negative',
  'A2',
  'A sibling sum of "-500" (a negative subtree cancelling liabilities).',
  with_((p) => {
    p.sums = undefined;
    p.siblings[0].sums[0] = '-500';
  }),
  E5,
  'BAD_ENCODING'
);
neg(
  'amount-sibling-leading-zero',
  'A4',
  'A sibling sum with a leading zero "0123".',
  with_((p) => {
    p.siblings[1].sums[0] = '0123';
  }),
  E5,
  'BAD_ENCODING'
);

// A9 — hex encodings
const hexCases = [
  [
    'hex-nonce-uppercase',
    'nonce in uppercase hex (only lowercase is canonical)',
    (p) => (p.nonce = p.nonce.toUpperCase()),
  ],
  ['hex-nonce-short', 'nonce of 31 bytes (62 hex)', (p) => (p.nonce = p.nonce.slice(0, 62))],
  [
    'hex-nonce-0x',
    'nonce written with a 0x prefix (hex in this protocol never has one)',
    (p) => (p.nonce = `0x${p.nonce}`),
  ],
  [
    'hex-nonce-non-hex',
    'nonce with a non-hex character',
    (p) => (p.nonce = `${p.nonce.slice(0, 63)}g`),
  ],
  [
    'hex-sibling-uppercase',
    'sibling hash in uppercase hex',
    (p) => (p.siblings[0].hash = p.siblings[0].hash.toUpperCase()),
  ],
  [
    'hex-sibling-8-bytes',
    'sibling hash truncated to 8 bytes',
    (p) => (p.siblings[0].hash = p.siblings[0].hash.slice(0, 16)),
  ],
  [
    'hex-sibling-20-bytes',
    'sibling hash of 20 bytes (SHA-1 length)',
    (p) => (p.siblings[1].hash = p.siblings[1].hash.slice(0, 40)),
  ],
  [
    'hex-root-uppercase',
    'rootCommitment in uppercase hex',
    (p) => (p.rootCommitment = p.rootCommitment.toUpperCase()),
  ],
  [
    'hex-root-long',
    'rootCommitment of 33 bytes',
    (p) => (p.rootCommitment = `${p.rootCommitment}00`),
  ],
];
for (const [name, d, f] of hexCases) neg(name, 'A9', `${d}.`, with_(f), E5, 'BAD_ENCODING');

// A15-b / A9-b — structure
for (const field of [
  'version',
  'round',
  'assets',
  'height',
  'position',
  'uid',
  'nonce',
  'balances',
  'siblings',
  'rootCommitment',
])
  neg(
    `missing-${field}`,
    'A15',
    `The field "${field}" is missing.`,
    with_((p) => {
      delete p[field];
    }),
    E5,
    'BAD_ENCODING'
  );
const structural = [
  [
    'extra-field-hashalg',
    'A9',
    'An extra field "hashAlg": "sha1" (algorithm downgrade).',
    (p) => (p.hashAlg = 'sha1'),
  ],
  [
    'extra-sibling-field-side',
    'A6',
    'A sibling carrying a separate "side" direction field.',
    (p) => (p.siblings[0].side = 'left'),
  ],
  [
    'sibling-missing-sums',
    'A15',
    'The level-2 sibling has a hash but no "sums".',
    (p) => delete p.siblings[2].sums,
  ],
  [
    'version-wrong',
    'A9',
    'The version string is "kura-proof/2"; only "kura-proof/1" is protocol v1.',
    (p) => (p.version = 'kura-proof/2'),
  ],
  ['balances-count-short', 'A12', 'One balance for a two-asset list.', (p) => p.balances.pop()],
  [
    'sibling-sums-count-long',
    'A12',
    'A sibling with three sums for a two-asset list.',
    (p) => p.siblings[1].sums.push('0'),
  ],
  ['height-zero', 'A6', 'height 0 (the minimum is 1).', (p) => (p.height = 0)],
  ['height-33', 'A6', 'height 33 (above the maximum 32).', (p) => (p.height = 33)],
  [
    'height-string',
    'A6',
    'height written as the JSON string "3" instead of an integer.',
    (p) => (p.height = '3'),
  ],
  ['position-negative', 'A6', 'A negative position −1.', (p) => (p.position = -1)],
  ['position-fraction', 'A6', 'A fractional position 1.5.', (p) => (p.position = 1.5)],
  ['position-string', 'A6', 'position as the string "1".', (p) => (p.position = '1')],
  ['uid-empty', 'A8', 'An empty uid: the leaf would bind no identifier.', (p) => (p.uid = '')],
  ['uid-number', 'A8', 'uid written as a JSON number instead of a string.', (p) => (p.uid = 42)],
  [
    'round-not-nfc',
    'A4',
    'round.exchange not in NFC ("e" + combining acute).',
    (p) => (p.round = { ...p.round, exchange: 'exchange\u0301' }),
  ],
  [
    'round-extra-field',
    'A10',
    'round with an extra field "seq".',
    (p) => (p.round = { ...p.round, seq: 42 }),
  ],
  [
    'round-time-offset',
    'A10',
    'snapshotTime with a +09:00 offset instead of Z.',
    (p) => (p.round = { ...p.round, snapshotTime: '2026-12-01T00:00:00+09:00' }),
  ],
  [
    'round-time-feb-30',
    'A10',
    'snapshotTime on 30 February (a day that does not exist).',
    (p) => (p.round = { ...p.round, snapshotTime: '2026-02-30T15:00:00Z' }),
  ],
  [
    'round-time-leap-second',
    'A10',
    'snapshotTime with a leap second :60 (not allowed in protocol v1).',
    (p) => (p.round = { ...p.round, snapshotTime: '2026-12-31T23:59:60Z' }),
  ],
  [
    'assets-duplicate-symbol',
    'A12',
    'The asset list names BTC twice.',
    (p) => (p.assets = [BTC, { ...BTC, network: 'eip155:1' }]),
  ],
  [
    'assets-decimals-37',
    'A12',
    'An asset with 37 decimals.',
    (p) => (p.assets = [BTC, { ...ETH, decimals: 37 }]),
  ],
  [
    'assets-empty',
    'A12',
    'An empty asset list (at least one asset is required).',
    (p) => (p.assets = []),
  ],
  ['not-an-object', 'A15', 'The proof is a JSON array.', null],
];
for (const [name, attack, d, f] of structural)
  neg(name, attack, d, f ? with_(f) : [base()], E5, 'BAD_ENCODING');

// E1 — strict JSON text (raw text vectors)
{
  const text = JSON.stringify(base(), null, 2);
  neg(
    'json-duplicate-key',
    'E1',
    'The nonce key appears twice (JSON.parse would keep the last one).',
    text.replace('"nonce":', `"nonce": "${'0'.repeat(64)}",\n  "nonce":`),
    E5,
    'BAD_ENCODING'
  );
  neg(
    'json-proto-key',
    'E1',
    'A "__proto__" member at the top level (prototype pollution in JavaScript parsers).',
    text.replace('{\n', '{\n  "__proto__": {},\n'),
    E5,
    'BAD_ENCODING'
  );
  neg(
    'json-unsafe-integer',
    'E1',
    'position 9007199254740993 (not exactly representable as a JSON number in JavaScript).',
    text.replace(/"position": \d+/, '"position": 9007199254740993'),
    E5,
    'BAD_ENCODING'
  );
  neg(
    'json-lone-surrogate',
    'E1',
    'A lone surrogate \\ud800 in the uid.',
    text.replace('"uid": "alice"', '"uid": "alice\\ud800"'),
    E5,
    'BAD_ENCODING'
  );
  neg(
    'json-truncated',
    'A15',
    'The proof text cut in half.',
    text.slice(0, text.length >> 1),
    E5,
    'BAD_ENCODING'
  );
  neg(
    'json-empty',
    'A15',
    'An empty proof file (zero bytes): no proof is not a valid proof.',
    '',
    E5,
    'BAD_ENCODING'
  );
}

// Order of checks (§9.3): two defects, the earlier check wins.
{
  const p0 = base();
  neg(
    'order-encoding-before-length',
    'A6',
    'Uppercase nonce and one sibling short: BAD_ENCODING is checked first.',
    with_((p) => {
      p.nonce = p.nonce.toUpperCase();
      p.siblings.pop();
    }),
    E5,
    'BAD_ENCODING'
  );
  neg(
    'order-balance-range-before-length',
    'A3',
    'Own balance MAX_LEAF+1 and one extra sibling: SUM_RANGE at level 0 comes before BAD_LENGTH.',
    with_((p) => {
      p.balances[0] = (MAX + 1n).toString();
      p.siblings.push(p.siblings[0]);
    }),
    E5,
    'SUM_RANGE',
    0
  );
  neg(
    'order-length-before-position',
    'A6',
    'One extra sibling and position = 2^height: BAD_LENGTH comes before BAD_POSITION.',
    with_((p) => {
      p.siblings.push(p.siblings[0]);
      p.position = 2 ** H;
    }),
    E5,
    'BAD_LENGTH'
  );
  neg(
    'order-position-before-levels',
    'A6',
    'position = 2^height and a level-0 sibling sum 2^128−3: BAD_POSITION comes before the level walk.',
    with_((p) => {
      p.position = 2 ** H;
      p.siblings[0].sums[0] = (TWO128 - 3n).toString();
    }),
    E5,
    'BAD_POSITION'
  );
  const cur1 = T5.levels[1].get(p0.position >> 1);
  neg(
    'order-lower-level-first',
    'A7',
    'Sibling equals current at level 1 and a sum out of range at level 2: the level-1 failure is reported.',
    with_((p) => {
      p.siblings[1] = { hash: hex(cur1.hash), sums: cur1.sums.map(String) };
      p.siblings[2].sums[0] = (TWO128 - 3n).toString();
    }),
    E5,
    'SIBLING_EQUALS_CURRENT',
    1
  );
  neg(
    'order-range-before-equal-same-level',
    'A3',
    'At level 1 the sibling equals the current hash and its sum is out of range: SUM_RANGE is checked first within a level.',
    with_((p) => {
      p.siblings[1] = { hash: hex(cur1.hash), sums: [(TWO128 - 3n).toString(), '0'] };
    }),
    E5,
    'SUM_RANGE',
    1
  );
  const oct = { ...ROUND, period: '2026-10' };
  const T = K.buildTree({ masterSecret: SECRET, ...fiveUsers, round: oct });
  const q = T.proof('alice');
  q.siblings.pop();
  neg(
    'order-round-before-length',
    'A10',
    'A proof for another round that is also one sibling short: with the expected round given ROUND_MISMATCH comes first; with only the root commitment, BAD_LENGTH.',
    q,
    { rootCommitment: rc5, round: ROUND, assets: fiveUsers.assets },
    'ROUND_MISMATCH',
    null,
    ['BAD_LENGTH']
  );
  const T2 = K.buildTree({
    masterSecret: SECRET,
    ...fiveUsers,
    round: oct,
    assets: [BTC, { ...ETH, decimals: 9 }],
  });
  neg(
    'order-round-before-assets',
    'A12',
    'Wrong round and wrong asset set: ROUND_MISMATCH is reported.',
    T2.proof('alice'),
    { rootCommitment: rc5, round: ROUND, assets: fiveUsers.assets },
    'ROUND_MISMATCH',
    null,
    ['ROOT_MISMATCH']
  );
  neg(
    'order-encoding-before-balance-range',
    'A4',
    'One balance "01" (bad encoding) and another MAX_LEAF+1: BAD_ENCODING is reported.',
    with_((p) => {
      p.balances = ['01', (MAX + 1n).toString()];
    }),
    E5,
    'BAD_ENCODING'
  );
}

// §3.8 canonical integers (issue 12): -0 is refused, never read as position 0. The proof is
// dave's, who IS at position 0: a parser reading -0 as 0 would verify it.
{
  const dave = T5.proof('dave-日本');
  if (dave.position !== 0) throw new Error('dave is expected at position 0');
  const text = JSON.stringify(dave, null, 2);
  neg(
    'position-minus-zero',
    'E1',
    'position written -0 in the proof of the user at position 0: a second spelling of 0 (SPEC.md §3.8), refused rather than read as 0.',
    text.replace(/"position": \d+/, '"position": -0'),
    E5,
    'BAD_ENCODING'
  );
}

// ------------------------------------------------------------------ build-negative vectors

const buildNegatives = [
  {
    name: 'sparse-too-many-users',
    description: '5 users in a sparse tree of height 2 (4 positions): the build must fail.',
    spec: { ...fiveUsers, placement: 'sparse', height: 2 },
  },
  {
    name: 'dense-height-too-small',
    description: '5 users in a dense tree with --height 2: the build must fail.',
    spec: { ...fiveUsers, placement: 'dense', height: 2 },
  },
  {
    name: 'duplicate-uid-nfc',
    description:
      'Two uids that are the same after NFC ("josé" precomposed and decomposed): same uidHash, the build must fail.',
    spec: {
      ...twoUsers,
      users: [
        { uid: 'jos\u00e9', balances: [1n] },
        { uid: 'jose\u0301', balances: [2n] },
      ],
    },
  },
  {
    name: 'height-33',
    description: 'A height of 33: the build must fail.',
    spec: { ...twoUsers, placement: 'sparse', height: 33 },
  },
  {
    name: 'round-not-nfc',
    description: 'A round whose exchange name is not in NFC: the build must fail.',
    spec: { ...twoUsers, round: { ...ROUND, exchange: 'exchange\u0301' } },
  },
].map((v) => buildNegative(v, SECRET, (spec) => K.buildTree({ masterSecret: SECRET, ...spec })));

// ------------------------------------------------------------------ write

const { files, put } = vectorFiles(positives, negatives, buildNegatives);

const refDir = join(ROOT, 'reference');
const reference = readdirSync(refDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const v = JSON.parse(readFileSync(join(refDir, f), 'utf8'));
    return {
      file: `reference/${f}`,
      name: v.name,
      placement: v.placement,
      height: v.height,
      users: v.users.length,
      assets: v.assets.length,
    };
  });
put('index.json', {
  description:
    'Kura protocol v1 test vectors. reference/: computed independently (read-only). positive/: trees with every intermediate value. negative/: one attack per file, with the expected code and level. negative-build/: inputs a builder must refuse.',
  reference,
  ...indexLists('', positives, negatives, buildNegatives),
  // the protocol-v2 entries are written by generate-vectors-v2.mjs: carried over unchanged
  ...v2Entries(),
});

function v2Entries() {
  try {
    const old = JSON.parse(readFileSync(join(ROOT, 'index.json'), 'utf8'));
    return old.v2 === undefined ? {} : { v2: old.v2 };
  } catch {
    return {};
  }
}

writeOrCheck({ dir: ROOT, files, wrote: (n) => `wrote ${n} files` });
