// A deliberately plain second implementation of Kura protocol v1, written from SPEC.md alone.
// Only node:crypto (createHash, createHmac). No code shared with packages/.
// Section numbers refer to circuits-free-spec/SPEC.md.

import { createHash, createHmac } from 'node:crypto';
import { isWellFormed, jcs, parseStrict } from './json.mjs';

export { jcs, parseStrict };

// ---------------------------------------------------------------- §3 primitives

export const MAX_LEAF = (1n << 96n) - 1n;
export const MAX_ASSETS = 4096;
export const MAX_HEIGHT = 32;
const U128 = 1n << 128n;

const enc = (s) => Buffer.from(s, 'utf8');
const cat = (parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? enc(p) : p)));

export function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** TH(tag, msg) = SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ msg)  (§3.2) */
export function th(tag, ...parts) {
  const t = sha256(enc(tag));
  return sha256(t, t, cat(parts));
}

/** HMAC-SHA256(key, msg)  (§3.3) */
export function hmac(key, ...parts) {
  return createHmac('sha256', key).update(cat(parts)).digest();
}

export function u8(n) {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`u8: ${n}`);
  return Buffer.from([n]);
}
export function u32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
export function u64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
export function u128(n) {
  const v = BigInt(n);
  if (v < 0n || v >= U128) throw new RangeError(`u128 out of range: ${v}`);
  const b = Buffer.alloc(16);
  b.writeBigUInt64BE(v >> 64n, 0);
  b.writeBigUInt64BE(v & 0xffffffffffffffffn, 8);
  return b;
}
/** utf8(s): UTF-8 of the NFC form (§3.1). */
export function utf8(s) {
  return enc(s.normalize('NFC'));
}

export const hex = (b) => Buffer.from(b).toString('hex');
export const unhex = (s) => Buffer.from(s, 'hex');

// ---------------------------------------------------------------- §4 round and asset set

const RFC3339_UTC =
  /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$/;

/** §4.1: the grammar, and a day that exists in its month (proleptic Gregorian). */
function isSnapshotTime(s) {
  const m = RFC3339_UTC.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return Number(m[3]) <= days;
}
const CAIP2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/;
export const AMOUNT = /^(0|[1-9][0-9]*)$/;
export const HEX32 = /^[0-9a-f]{64}$/;

export const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const nfcString = (v) =>
  typeof v === 'string' && v.length > 0 && isWellFormed(v) && v.normalize('NFC') === v;

/** Returns an error message, or null when `r` is a valid round object (§4.1). */
export function roundProblem(r) {
  if (!isObj(r)) return 'round: expected an object';
  const keys = Object.keys(r).sort().join(',');
  if (keys !== 'exchange,period,snapshotTime')
    return `round: expected exactly exchange, period, snapshotTime (got ${keys})`;
  for (const k of ['exchange', 'period', 'snapshotTime'])
    if (!nfcString(r[k])) return `round.${k}: expected a non-empty NFC string`;
  if (!isSnapshotTime(r.snapshotTime)) return 'round.snapshotTime: expected RFC 3339 UTC';
  return null;
}

/** Returns an error message, or null when `a` is a valid asset list (§4.2). */
export function assetsProblem(a) {
  if (!Array.isArray(a)) return 'assets: expected an array';
  if (a.length < 1 || a.length > MAX_ASSETS) return `assets: expected 1 … ${MAX_ASSETS} entries`;
  const seen = new Set();
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    const f = `assets[${i}]`;
    if (!isObj(e)) return `${f}: expected an object`;
    for (const k of Object.keys(e))
      if (k !== 'symbol' && k !== 'decimals' && k !== 'network') return `${f}: unknown field ${k}`;
    if (!nfcString(e.symbol)) return `${f}.symbol: expected a non-empty NFC string`;
    if (seen.has(e.symbol)) return `${f}.symbol: duplicate ${e.symbol}`;
    seen.add(e.symbol);
    if (!Number.isInteger(e.decimals) || e.decimals < 0 || e.decimals > 36)
      return `${f}.decimals: expected an integer 0 … 36`;
    if ('network' in e && !(nfcString(e.network) && CAIP2.test(e.network)))
      return `${f}.network: expected a CAIP-2 chain id`;
  }
  return null;
}

/** roundId = TH("kura/v1/round", JCS(round)) */
export const roundId = (round) => th('kura/v1/round', jcs(round));
/** assetSetHash = TH("kura/v1/assets", JCS(assets)) */
export const assetSetHash = (assets) => th('kura/v1/assets', jcs(assets));

// ---------------------------------------------------------------- §5 secrets and derivations

/** roundKey = HMAC(masterSecret, "kura/v1/round-key" ‖ roundId) */
export function roundKey(masterSecret, rid) {
  if (masterSecret.length !== 32) throw new RangeError('masterSecret: expected 32 bytes');
  return hmac(masterSecret, 'kura/v1/round-key', rid);
}
/** uidHash = TH("kura/v1/uid", utf8(uid)) */
export const uidHash = (uid) => th('kura/v1/uid', utf8(uid));
/** nonce = HMAC(roundKey, "kura/v1/leaf-nonce" ‖ uidHash) */
export const leafNonce = (rk, uh) => hmac(rk, 'kura/v1/leaf-nonce', uh);
/** orderKey = HMAC(roundKey, "kura/v1/order" ‖ uidHash) */
export const orderKey = (rk, uh) => hmac(rk, 'kura/v1/order', uh);

// ---------------------------------------------------------------- §6 leaf, node, pad, root

/** leafHash = TH("kura/v1/leaf", uidHash ‖ nonce ‖ u128(b_1) ‖ … ‖ u128(b_k)) */
export const leafHash = (uh, nonce, balances) =>
  th('kura/v1/leaf', uh, nonce, ...balances.map(u128));

/** nodeHash = TH("kura/v1/node", u8(l) ‖ hL ‖ hR ‖ u128(ΣL…) ‖ u128(ΣR…)) */
export const nodeHash = (l, hL, hR, sL, sR) =>
  th('kura/v1/node', u8(l), hL, hR, ...sL.map(u128), ...sR.map(u128));

/** padHash = HMAC(roundKey, "kura/v1/pad" ‖ u8(l) ‖ u64(i)) */
export const padHash = (rk, l, i) => hmac(rk, 'kura/v1/pad', u8(l), u64(i));

/** rootCommitment = TH("kura/v1/root", u8(1) ‖ roundId ‖ assetSetHash ‖ u8(HGT) ‖ rootHash ‖ u128(Σ…)) */
export const rootCommitment = (rid, ash, hgt, rootHash, sums) =>
  th('kura/v1/root', u8(1), rid, ash, u8(hgt), rootHash, ...sums.map(u128));

/** The ownership challenge text (§11). */
export const challenge = (round) =>
  [
    'kura proof of reserves v1',
    `exchange: ${round.exchange}`,
    `period: ${round.period}`,
    `round: ${hex(roundId(round))}`,
  ].join('\n');

/** Attestation digest (§12): TH("kura/v1/attest/" + role, JCS(statement)). */
export function attestationDigest(role, statement) {
  if (role !== 'exchange' && role !== 'auditor') throw new RangeError(`role: ${role}`);
  return th(`kura/v1/attest/${role}`, jcs(statement));
}

// ---------------------------------------------------------------- §7 placement

export class BuildError extends Error {}

function cmpBytes(a, b) {
  return Buffer.compare(a, b);
}

/** Smallest HGT ≥ 1 with 2^HGT ≥ n. */
export function denseHeight(n) {
  let h = 1;
  while (2 ** h < n) h++;
  return h;
}

/** First 8 bytes of HMAC(roundKey, "kura/v1/position" ‖ uidHash ‖ u32(j)) as u64, >> (64 − HGT). */
export function sparseCandidate(rk, uh, j, hgt) {
  const x = hmac(rk, 'kura/v1/position', uh, u32(j)).readBigUInt64BE(0);
  return Number(x >> BigInt(64 - hgt));
}

/**
 * Build a whole tree in memory. users: [{uid, balances: (bigint|string)[]}].
 * Returns every intermediate value (§6, §7).
 */
/**
 * The height of a tree of `n` users (§5): dense → the given or the smallest that fits, sparse →
 * the given or 32; 1 … 32, and 2^height ≥ n. Shared by the v1 and v2 builders.
 */
export function treeHeight(placement, height, n) {
  let hgt;
  if (placement === 'dense') hgt = height ?? denseHeight(n);
  else if (placement === 'sparse') hgt = height ?? 32;
  else throw new BuildError(`placement: expected dense or sparse, got ${placement}`);
  if (!Number.isInteger(hgt) || hgt < 1 || hgt > MAX_HEIGHT)
    throw new BuildError(`height: expected 1 … ${MAX_HEIGHT}`);
  if (BigInt(n) > 1n << BigInt(hgt))
    throw new BuildError(`${n} users do not fit in 2^${hgt} positions`);
  return hgt;
}

/**
 * Give each row (in orderKey order) its `position` and `retries` (§5): dense → its rank, sparse
 * → the first free candidate j = 0, 1, …
 */
export function placeRows(rows, placement, rk, hgt) {
  const taken = new Set();
  rows.forEach((r, rank) => {
    if (placement === 'dense') {
      r.position = rank;
      r.retries = 0;
    } else {
      for (let j = 0; ; j++) {
        if (j > 0xffffffff) throw new BuildError('sparse placement: j exhausted');
        const p = sparseCandidate(rk, r.uidHash, j, hgt);
        if (!taken.has(p)) {
          r.position = p;
          r.retries = j;
          break;
        }
      }
    }
    taken.add(r.position);
  });
}

/** The parents (level l + 1 indexes, ascending) of the non-empty nodes of one level. */
export const parentIndices = (level) =>
  [...new Set([...level.keys()].map((i) => Math.floor(i / 2)))].sort((a, b) => a - b);

/** The index of the sibling at level `l` on the path of leaf `position`. */
export function siblingIndex(position, l) {
  const idx = Math.floor(position / 2 ** l);
  return idx % 2 === 0 ? idx + 1 : idx - 1;
}

export function buildTree({ masterSecret, round, assets, users, placement = 'dense', height }) {
  const rp = roundProblem(round);
  if (rp) throw new BuildError(rp);
  const ap = assetsProblem(assets);
  if (ap) throw new BuildError(ap);
  const k = assets.length;
  const n = users.length;
  if (n < 1) throw new BuildError('a tree holds at least one user');
  const secret = typeof masterSecret === 'string' ? unhex(masterSecret) : masterSecret;
  const rid = roundId(round);
  const ash = assetSetHash(assets);
  const rk = roundKey(secret, rid);

  const hgt = treeHeight(placement, height, n);

  const seenUid = new Map();
  const rows = users.map((u) => {
    if (typeof u.uid !== 'string' || u.uid.length === 0 || !isWellFormed(u.uid))
      throw new BuildError('uid: expected a non-empty string');
    if (u.balances.length !== k) throw new BuildError(`${u.uid}: expected ${k} balances`);
    const balances = u.balances.map((b) => BigInt(b));
    for (const b of balances)
      if (b < 0n || b > MAX_LEAF) throw new BuildError(`${u.uid}: balance out of range`);
    const uh = uidHash(u.uid);
    const key = hex(uh);
    if (seenUid.has(key)) throw new BuildError(`duplicate user ${u.uid} (same uidHash)`);
    seenUid.set(key, true);
    const nonce = leafNonce(rk, uh);
    return {
      uid: u.uid,
      balances,
      uidHash: uh,
      nonce,
      orderKey: orderKey(rk, uh),
      leafHash: leafHash(uh, nonce, balances),
    };
  });
  rows.sort((a, b) => cmpBytes(a.orderKey, b.orderKey));

  placeRows(rows, placement, rk, hgt);

  // levels[l] : Map index -> {hash, sums} of non-empty nodes; pads recorded separately.
  const levels = [new Map()];
  for (const r of rows) levels[0].set(r.position, { hash: r.leafHash, sums: r.balances });
  const pads = new Map(); // "l:i" -> hash
  const zero = Array(k).fill(0n);
  const nodeAt = (l, i) => {
    const v = levels[l].get(i);
    if (v) return v;
    const key = `${l}:${i}`;
    let h = pads.get(key);
    if (!h) {
      h = padHash(rk, l, i);
      pads.set(key, h);
    }
    return { hash: h, sums: zero, pad: true };
  };
  for (let l = 0; l < hgt; l++) {
    const next = new Map();
    for (const i of parentIndices(levels[l])) {
      const L = nodeAt(l, 2 * i);
      const R = nodeAt(l, 2 * i + 1);
      const sums = L.sums.map((s, c) => s + R.sums[c]);
      next.set(i, { hash: nodeHash(l + 1, L.hash, R.hash, L.sums, R.sums), sums });
    }
    levels.push(next);
  }
  const root = levels[hgt].get(0);
  const rc = rootCommitment(rid, ash, hgt, root.hash, root.sums);

  const path = (position) => {
    const sib = [];
    for (let l = 0; l < hgt; l++) {
      const s = nodeAt(l, siblingIndex(position, l));
      sib.push({ hash: hex(s.hash), sums: s.sums.map(String) });
    }
    return sib;
  };

  return {
    round,
    assets,
    placement,
    height: hgt,
    roundId: rid,
    assetSetHash: ash,
    roundKey: rk,
    rows, // in orderKey order
    levels,
    pads,
    rootHash: root.hash,
    rootSums: root.sums,
    rootCommitment: rc,
    path,
    proof(uid) {
      const r = rows.find((x) => x.uid === uid);
      if (!r) throw new BuildError(`unknown uid ${uid}`);
      return {
        version: 'kura-proof/1',
        round,
        assets,
        height: hgt,
        position: r.position,
        uid: r.uid,
        nonce: hex(r.nonce),
        balances: r.balances.map(String),
        siblings: path(r.position),
        rootCommitment: hex(rc),
      };
    },
    rootFile() {
      return {
        version: 'kura-root/1',
        round,
        roundId: hex(rid),
        assets,
        assetSetHash: hex(ash),
        placement,
        height: hgt,
        rootHash: hex(root.hash),
        totals: root.sums.map(String),
        rootCommitment: hex(rc),
      };
    },
  };
}

// ---------------------------------------------------------------- §9 verification

const PROOF_KEYS = [
  'assets',
  'balances',
  'height',
  'nonce',
  'position',
  'rootCommitment',
  'round',
  'siblings',
  'uid',
  'version',
].join(',');

/** A failed verification: `level` only when the failure has one. */
export const fail = (code, message, level) =>
  level === undefined ? { ok: false, code, message } : { ok: false, code, level, message };

/**
 * A verifier of proofs (parsed values or JSON text) from `inner(parsed, expected)`: text that is
 * not strict JSON is BAD_ENCODING, and it never throws — a verifier fails closed, an unexpected
 * exception is BAD_ENCODING, not success.
 */
export function failsClosed(inner) {
  return (proof, expected) => {
    try {
      let p = proof;
      if (typeof proof === 'string') {
        try {
          p = parseStrict(proof);
        } catch (e) {
          return fail('BAD_ENCODING', `proof is not strict JSON: ${e.message}`);
        }
      }
      return inner(p, expected);
    } catch (e) {
      return fail('BAD_ENCODING', `internal: ${e?.message}`);
    }
  };
}

/** Step 1 of §9.2: strict structure. Returns an error message or null. */
function encodingProblem(p) {
  if (!isObj(p)) return 'proof: expected a JSON object';
  const keys = Object.keys(p).sort().join(',');
  if (keys !== PROOF_KEYS) return `proof: expected exactly the fields ${PROOF_KEYS}, got ${keys}`;
  if (p.version !== 'kura-proof/1') return 'version: expected "kura-proof/1"';
  const rp = roundProblem(p.round);
  if (rp) return rp;
  const ap = assetsProblem(p.assets);
  if (ap) return ap;
  const k = p.assets.length;
  if (!Number.isInteger(p.height) || p.height < 1 || p.height > MAX_HEIGHT)
    return `height: expected an integer 1 … ${MAX_HEIGHT}`;
  if (!Number.isSafeInteger(p.position) || p.position < 0)
    return 'position: expected a non-negative integer';
  if (typeof p.uid !== 'string' || p.uid.length === 0 || !isWellFormed(p.uid))
    return 'uid: expected a non-empty string';
  if (typeof p.nonce !== 'string' || !HEX32.test(p.nonce))
    return 'nonce: expected 64 lowercase hex';
  if (!Array.isArray(p.balances) || p.balances.length !== k)
    return `balances: expected an array of ${k} amounts`;
  for (let c = 0; c < k; c++)
    if (typeof p.balances[c] !== 'string' || !AMOUNT.test(p.balances[c]))
      return `balances[${c}]: expected a decimal string ^(0|[1-9][0-9]*)$`;
  if (!Array.isArray(p.siblings)) return 'siblings: expected an array';
  for (let l = 0; l < p.siblings.length; l++) {
    const s = p.siblings[l];
    if (!isObj(s) || Object.keys(s).sort().join(',') !== 'hash,sums')
      return `siblings[${l}]: expected exactly {hash, sums}`;
    if (typeof s.hash !== 'string' || !HEX32.test(s.hash))
      return `siblings[${l}].hash: expected 64 lowercase hex`;
    if (!Array.isArray(s.sums) || s.sums.length !== k)
      return `siblings[${l}].sums: expected an array of ${k} amounts`;
    for (let c = 0; c < k; c++)
      if (typeof s.sums[c] !== 'string' || !AMOUNT.test(s.sums[c]))
        return `siblings[${l}].sums[${c}]: expected a decimal string ^(0|[1-9][0-9]*)$`;
  }
  if (typeof p.rootCommitment !== 'string' || !HEX32.test(p.rootCommitment))
    return 'rootCommitment: expected 64 lowercase hex';
  return null;
}

/**
 * verifyProof(proof, expected) — §9.2. `proof` is a parsed value or JSON text.
 * expected = { rootCommitment: hex, round?: object, assets?: array }.
 * Returns { ok: true, leafHash, rootHash, totals } or { ok: false, code, level?, message }.
 * Never throws.
 */
export const verifyProof = failsClosed(verifyInner);

function verifyInner(p, expected) {
  if (
    !isObj(expected) ||
    typeof expected.rootCommitment !== 'string' ||
    !HEX32.test(expected.rootCommitment)
  )
    return fail('BAD_ENCODING', 'expected.rootCommitment: expected 64 lowercase hex');
  // step 1: encoding
  const problem = encodingProblem(p);
  if (problem) return fail('BAD_ENCODING', problem);
  const balances = p.balances.map((b) => BigInt(b));
  for (let c = 0; c < balances.length; c++)
    if (balances[c] > MAX_LEAF) return fail('SUM_RANGE', `balances[${c}] exceeds MAX_LEAF`, 0);
  const rid = roundId(p.round);
  const ash = assetSetHash(p.assets);
  const uh = uidHash(p.uid);
  const lh = leafHash(uh, unhex(p.nonce), balances);
  // step 2: expected round and asset set
  if (expected.round !== undefined) {
    if (roundProblem(expected.round)) return fail('BAD_ENCODING', 'expected.round is invalid');
    if (!roundId(expected.round).equals(rid))
      return fail('ROUND_MISMATCH', 'the proof is for another round');
  }
  if (expected.assets !== undefined) {
    if (assetsProblem(expected.assets)) return fail('BAD_ENCODING', 'expected.assets is invalid');
    if (!assetSetHash(expected.assets).equals(ash))
      return fail('ASSET_SET_MISMATCH', 'the proof is for another asset list');
  }
  // step 3: shape
  const hgt = p.height;
  if (p.siblings.length !== hgt)
    return fail('BAD_LENGTH', `expected ${hgt} siblings, got ${p.siblings.length}`);
  if (BigInt(p.position) >= 1n << BigInt(hgt))
    return fail('BAD_POSITION', `position ${p.position} ≥ 2^${hgt}`);
  // step 4: walk up
  let curHash = lh;
  let curSums = balances;
  const pos = BigInt(p.position);
  for (let l = 0; l < hgt; l++) {
    const s = p.siblings[l];
    const bound = MAX_LEAF << BigInt(l);
    const sSums = s.sums.map((x) => BigInt(x));
    for (let c = 0; c < sSums.length; c++)
      if (sSums[c] > bound)
        return fail('SUM_RANGE', `siblings[${l}].sums[${c}] > MAX_LEAF·2^${l}`, l);
    const sHash = unhex(s.hash);
    if (sHash.equals(curHash))
      return fail('SIBLING_EQUALS_CURRENT', `sibling at level ${l} equals the current node`, l);
    const right = ((pos >> BigInt(l)) & 1n) === 1n;
    curHash = right
      ? nodeHash(l + 1, sHash, curHash, sSums, curSums)
      : nodeHash(l + 1, curHash, sHash, curSums, sSums);
    curSums = curSums.map((v, c) => v + sSums[c]);
  }
  // step 5: root commitment
  const rc = hex(rootCommitment(rid, ash, hgt, curHash, curSums));
  if (rc !== p.rootCommitment)
    return fail(
      'ROOT_MISMATCH',
      'the recomputed root commitment differs from the one the proof claims'
    );
  if (rc !== expected.rootCommitment)
    return fail('ROOT_MISMATCH', 'the recomputed root commitment differs from the expected one');
  return {
    ok: true,
    leafHash: hex(lh),
    rootHash: hex(curHash),
    totals: curSums.map(String),
    roundId: hex(rid),
    assetSetHash: hex(ash),
  };
}
