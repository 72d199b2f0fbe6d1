/**
 * The v2 builder's work unit (SPEC.md §16.10): customer leaves of one aligned subtree in, every
 * non-empty node of that subtree out — hash, encoded commitments, values and blindings — with
 * commitments computed, summed and encoded in batches by `@kura/confidential`'s builder
 * functions (`commitMany`, `addHalves`, `encodeMany`). Runs in worker threads and, for the top
 * levels, on the main thread. Pads are not stored: a proof derives them again.
 * @module
 */
import {
  addHalves,
  type CommitmentHalf,
  commitMany,
  encodeMany,
  leafBlindings,
  leafHashV2,
  leafNonceV2,
  nodeHashV2Encoded,
  ORDER,
  padBlinding,
  padHashV2,
} from '@kura/confidential';

/** One node while the tree is reduced. */
export interface WorkNode {
  readonly index: number;
  readonly hash: Uint8Array;
  /** `C_1 ‖ … ‖ C_k`, 32k bytes. */
  readonly enc: Uint8Array;
  readonly values: readonly bigint[];
  readonly blindings: readonly bigint[];
  /** Builder form of each commitment (`C/2`, see `commitMany`). */
  readonly halves: readonly CommitmentHalf[];
}

/** A leaf to derive: position, uid hash and tree values. */
export interface LeafInput {
  readonly position: number;
  readonly uidHash: Uint8Array;
  readonly values: readonly bigint[];
}

function concat32(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(32 * parts.length);
  parts.forEach((p, i) => {
    out.set(p, 32 * i);
  });
  return out;
}

/** Leaves sorted by position: blindings, nonces, commitments (one batch), encodings, hashes. */
export function deriveLeaves(
  roundKey: Uint8Array,
  k: number,
  leaves: readonly LeafInput[]
): WorkNode[] {
  const values: bigint[] = [];
  const blindings: bigint[] = [];
  for (const l of leaves) {
    for (let a = 0; a < k; a++) values.push(l.values[a]!);
    blindings.push(...leafBlindings(roundKey, l.uidHash, k));
  }
  const halves = commitMany(values, blindings);
  const enc = encodeMany(halves);
  return leaves.map((l, i) => {
    const e = concat32(enc.slice(i * k, (i + 1) * k));
    return {
      index: l.position,
      hash: leafHashV2(l.uidHash, leafNonceV2(roundKey, l.uidHash), e),
      enc: e,
      values: values.slice(i * k, (i + 1) * k),
      blindings: blindings.slice(i * k, (i + 1) * k),
      halves: halves.slice(i * k, (i + 1) * k),
    };
  });
}

/** The pads at `(level, index)` for every index given (one batch). */
export function padNodes(
  roundKey: Uint8Array,
  k: number,
  level: number,
  indices: readonly number[]
): WorkNode[] {
  const blindings: bigint[] = [];
  for (const i of indices)
    for (let a = 0; a < k; a++) blindings.push(padBlinding(roundKey, level, i, a));
  const halves = commitMany(new Array<bigint>(blindings.length).fill(0n), blindings);
  const enc = encodeMany(halves);
  return indices.map((index, j) => ({
    index,
    hash: padHashV2(roundKey, level, index),
    enc: concat32(enc.slice(j * k, (j + 1) * k)),
    values: new Array<bigint>(k).fill(0n),
    blindings: blindings.slice(j * k, (j + 1) * k),
    halves: halves.slice(j * k, (j + 1) * k),
  }));
}

/**
 * Reduce `levels` levels above `level0`: `nodes` are the non-empty nodes at `level0`, sorted by
 * index; every missing sibling is a pad. Returns the non-empty nodes of each level
 * `level0 + 1 … level0 + levels` (index order), last entry the top.
 */
export function reduceLevels(
  roundKey: Uint8Array,
  k: number,
  level0: number,
  levels: number,
  nodes: readonly WorkNode[]
): WorkNode[][] {
  const out: WorkNode[][] = [];
  let cur = nodes;
  for (let l = level0; l < level0 + levels; l++) {
    // pairs (left, right) of this level, pads where a child is missing
    const pairs: [WorkNode | number, WorkNode | number][] = [];
    for (let i = 0; i < cur.length; i++) {
      const n = cur[i]!;
      if (n.index % 2 === 0) {
        const next = cur[i + 1];
        if (next !== undefined && next.index === n.index + 1) {
          pairs.push([n, next]);
          i++;
        } else pairs.push([n, n.index + 1]);
      } else pairs.push([n.index - 1, n]);
    }
    const padIdx = pairs
      .flatMap(([a, b]) => [a, b])
      .filter((x): x is number => typeof x === 'number');
    const pads = new Map(padNodes(roundKey, k, l, padIdx).map((p) => [p.index, p]));
    const node = (x: WorkNode | number): WorkNode => (typeof x === 'number' ? pads.get(x)! : x);
    const halves: CommitmentHalf[] = [];
    for (const [a, b] of pairs) {
      const L = node(a);
      const R = node(b);
      for (let c = 0; c < k; c++) halves.push(addHalves(L.halves[c]!, R.halves[c]!));
    }
    const enc = encodeMany(halves);
    const next: WorkNode[] = pairs.map(([a, b], j) => {
      const L = node(a);
      const R = node(b);
      const e = concat32(enc.slice(j * k, (j + 1) * k));
      return {
        index: Math.floor(L.index / 2),
        hash: nodeHashV2Encoded(l + 1, L.hash, R.hash, L.enc, R.enc),
        enc: e,
        values: L.values.map((v, c) => v + R.values[c]!),
        blindings: L.blindings.map((r, c) => (r + R.blindings[c]!) % ORDER),
        halves: halves.slice(j * k, (j + 1) * k),
      };
    });
    out.push(next);
    cur = next;
  }
  return out;
}

/** Bytes of one stored node record with `k` assets: index, hash, commitments, values, blindings. */
export function recordSize(k: number): number {
  return 8 + 32 + 72 * k;
}

/** Serialise nodes as store records (index u64 BE ‖ hash ‖ C_1…C_k ‖ u64 BE values ‖ LE blindings). */
export function writeRecords(nodes: readonly WorkNode[], k: number): Uint8Array {
  const R = recordSize(k);
  const out = new Uint8Array(R * nodes.length);
  const dv = new DataView(out.buffer);
  nodes.forEach((n, i) => {
    const o = i * R;
    dv.setBigUint64(o, BigInt(n.index));
    out.set(n.hash, o + 8);
    out.set(n.enc, o + 40);
    for (let c = 0; c < k; c++) {
      dv.setBigUint64(o + 40 + 32 * k + 8 * c, n.values[c]!);
      let r = n.blindings[c]!;
      const at = o + 40 + 40 * k + 32 * c;
      for (let b = 0; b < 32; b++) {
        out[at + b] = Number(r & 0xffn);
        r >>= 8n;
      }
    }
  });
  return out;
}

/** One stored record back: index, hash, commitments, values and blindings. */
export function readRecord(
  b: Uint8Array,
  k: number
): { index: number; hash: Uint8Array; enc: Uint8Array[]; values: bigint[]; blindings: bigint[] } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const enc: Uint8Array[] = [];
  const values: bigint[] = [];
  const blindings: bigint[] = [];
  for (let c = 0; c < k; c++) {
    enc.push(b.slice(40 + 32 * c, 72 + 32 * c));
    values.push(dv.getBigUint64(40 + 32 * k + 8 * c));
    let r = 0n;
    const at = 40 + 40 * k + 32 * c;
    for (let j = 31; j >= 0; j--) r = (r << 8n) | BigInt(b[at + j]!);
    blindings.push(r);
  }
  return { index: Number(dv.getBigUint64(0)), hash: b.slice(8, 40), enc, values, blindings };
}
