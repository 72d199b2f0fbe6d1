/**
 * Batch reduction of a subtree (protocol v1 §Tree) for the streaming builder: from the
 * non-empty nodes of one level (store records, ascending index) compute every level above up to
 * a single subtree root, with pads for missing siblings and both children's sums committed.
 *
 * Per level, two {@link DigestEngine.digest} calls hash all pads (HMAC inner and outer blocks:
 * `HMAC(roundKey, "kura/v1/pad" ‖ u8(l) ‖ u64(i))`), and one hashes all parents:
 * `TH("kura/v1/node", u8(l+1) ‖ hL ‖ hR ‖ ΣL ‖ ΣR)`.
 * @module
 */
import { utf8Raw } from '@kura/codec';
import { getU32, putU32 } from './derive.js';
import type { DigestEngine } from './engine.js';
import { paddedBlocks, writePadding } from './engine.js';
import { NODE_HASH, NODE_INDEX, NODE_PARENT, NODE_SUMS, nodeSize } from './layout.js';
import { SLOT_IPAD, SLOT_NODE, SLOT_OPAD } from './midstates.js';

const PAD_LABEL = utf8Raw('kura/v1/pad'); // 11 bytes

/** Nodes per level a reducer for 2^levels bottom nodes (or at most `maxNodes`) must hold. */
function levelCaps(levels: number, maxNodes: number): number[] {
  const caps: number[] = [];
  for (let j = 0; j <= levels; j++) caps.push(Math.max(1, Math.min(maxNodes, 2 ** (levels - j))));
  return caps;
}

/** Arena bytes a {@link Reducer} needs for subtrees of up to `maxNodes` ≤ 2^levels bottom nodes. */
export function reducerBytes(levels: number, k: number, maxNodes = 2 ** levels): number {
  const ns = nodeSize(k);
  const caps = levelCaps(levels, maxNodes);
  const nb = paddedBlocks(65 + 32 * k);
  let nodes = 0;
  for (const c of caps) nodes += c;
  return nodes * ns + caps[0]! * (64 * nb + 64 * 2 + 32) + 64;
}

/** The result of one reduction: the records of each level, bottom first, and counts. */
export interface Reduced {
  /** Records of relative level j at `mem[levelOff[j] …]`, `counts[j]` of them (j = 0 … levels). */
  readonly levelOff: number[];
  readonly counts: number[];
}

/** Reduces subtrees of up to 2^maxLevels bottom nodes with one engine. */
export class Reducer {
  readonly k: number;
  readonly maxLevels: number;
  readonly maxNodes: number;
  private readonly e: DigestEngine;
  private readonly ns: number;
  private readonly nb: number;
  private readonly regions: number[];
  private readonly N: number;
  private readonly PM: number;
  private readonly PX: number;
  private readonly PO: number;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly padIdx: Float64Array;

  /**
   * `engine.mem` must hold {@link reducerBytes}(maxLevels, k, maxNodes) bytes from `base`.
   * Subtrees may span 2^maxLevels indices at the bottom but hold at most `maxNodes` nodes there.
   */
  constructor(
    engine: DigestEngine,
    k: number,
    maxLevels: number,
    base = 0,
    maxNodes = 2 ** maxLevels
  ) {
    this.e = engine;
    this.k = k;
    this.maxLevels = maxLevels;
    this.maxNodes = maxNodes;
    this.ns = nodeSize(k);
    this.nb = paddedBlocks(65 + 32 * k);
    const caps = levelCaps(maxLevels, maxNodes);
    // a level has at most as many parents (and pads) as the level below has nodes
    const half = caps[0]!;
    let o = base;
    this.regions = [];
    for (let j = 0; j <= maxLevels; j++) {
      this.regions.push(o);
      o += caps[j]! * this.ns;
    }
    this.N = o;
    o += half * 64 * this.nb;
    this.PM = o;
    o += half * 64;
    this.PX = o;
    o += half * 64;
    this.PO = o;
    o += half * 32;
    if (o > engine.mem.length) throw new RangeError('engine arena too small for the reducer');
    const m = engine.mem;
    for (let p = 0; p < half; p++) {
      writePadding(m, this.N + 64 * this.nb * p, 65 + 32 * this.k);
      m.set(PAD_LABEL, this.PM + 64 * p);
      writePadding(m, this.PM + 64 * p, 20);
      writePadding(m, this.PX + 64 * p, 32);
    }
    this.left = new Int32Array(half);
    this.right = new Int32Array(half);
    this.padIdx = new Float64Array(half);
  }

  /** Where the caller puts the bottom level's records (at most 2^maxLevels). */
  get input(): number {
    return this.regions[0]!;
  }

  /**
   * Reduce `count` records at {@link input} (level `level0`, ascending index, all inside one
   * aligned block of 2^levels indices) up `levels` levels. Sets every record's parentRank
   * (rank within the next level of this subtree).
   */
  reduce(level0: number, count: number, levels: number): Reduced {
    if (levels > this.maxLevels || count > this.maxNodes)
      throw new RangeError('"levels" or "count" exceeds the reducer capacity');
    const { e, ns, nb, k } = this;
    const m = e.mem;
    const levelOff = [this.regions[0]!];
    const counts = [count];
    let cnt = count;
    for (let j = 0; j < levels; j++) {
      const l = level0 + j;
      const R = this.regions[j]!;
      const Q = this.regions[j + 1]!;
      // pair children; note the pads needed
      let parents = 0;
      let pads = 0;
      for (let t = 0; t < cnt; t++) {
        const idx = getU32(m, R + ns * t + NODE_INDEX);
        if ((idx & 1) === 0) {
          this.left[parents] = t;
          if (t + 1 < cnt && getU32(m, R + ns * (t + 1) + NODE_INDEX) === idx + 1) {
            this.right[parents] = t + 1;
            putU32(m, R + ns * t + NODE_PARENT, parents);
            t++;
          } else {
            this.padIdx[pads] = idx + 1;
            this.right[parents] = -1 - pads++;
          }
        } else {
          this.padIdx[pads] = idx - 1;
          this.left[parents] = -1 - pads++;
          this.right[parents] = t;
        }
        putU32(m, R + ns * t + NODE_PARENT, parents);
        putU32(m, Q + ns * parents + NODE_INDEX, idx >>> 1);
        parents++;
      }
      // pads: HMAC(roundKey, "kura/v1/pad" ‖ u8(l) ‖ u64(i))
      if (pads > 0) {
        for (let q = 0; q < pads; q++) {
          const a = this.PM + 64 * q + 11;
          const i = this.padIdx[q]!;
          m[a] = l;
          m.fill(0, a + 1, a + 5);
          putU32(m, a + 5, i);
        }
        e.digest(SLOT_IPAD, this.PM, 64, 1, pads, this.PX, 64);
        e.digest(SLOT_OPAD, this.PX, 64, 1, pads, this.PO, 32);
      }
      // parent messages u8(l+1) ‖ hL ‖ hR ‖ ΣL ‖ ΣR, and parent sums
      const ms = 64 * nb;
      for (let p = 0; p < parents; p++) {
        const msg = this.N + ms * p;
        m[msg] = l + 1;
        const L = this.left[p]!;
        const Rr = this.right[p]!;
        const sumsOut = Q + ns * p + NODE_SUMS;
        if (L >= 0) {
          const c = R + ns * L;
          m.copyWithin(msg + 1, c + NODE_HASH, c + NODE_HASH + 32);
          m.copyWithin(msg + 65, c + NODE_SUMS, c + NODE_SUMS + 16 * k);
        } else {
          const po = this.PO + 32 * (-1 - L);
          m.copyWithin(msg + 1, po, po + 32);
          m.fill(0, msg + 65, msg + 65 + 16 * k);
        }
        if (Rr >= 0) {
          const c = R + ns * Rr;
          m.copyWithin(msg + 33, c + NODE_HASH, c + NODE_HASH + 32);
          m.copyWithin(msg + 65 + 16 * k, c + NODE_SUMS, c + NODE_SUMS + 16 * k);
        } else {
          const po = this.PO + 32 * (-1 - Rr);
          m.copyWithin(msg + 33, po, po + 32);
          m.fill(0, msg + 65 + 16 * k, msg + 65 + 32 * k);
        }
        addSums(m, msg + 65, msg + 65 + 16 * k, sumsOut, k);
      }
      e.digest(SLOT_NODE, this.N, ms, nb, parents, Q + NODE_HASH, ns);
      cnt = parents;
      levelOff.push(Q);
      counts.push(cnt);
    }
    return { levelOff, counts };
  }
}

/** out[i] = a[i] + b[i] for k u128 big-endian values (no overflow: sums stay below 2^128). */
export function addSums(m: Uint8Array, a: number, b: number, out: number, k: number): void {
  for (let i = 0; i < k; i++) {
    let carry = 0;
    for (let w = 12; w >= 0; w -= 4) {
      const s = getU32(m, a + 16 * i + w) + getU32(m, b + 16 * i + w) + carry;
      carry = s > 0xffffffff ? 1 : 0;
      putU32(m, out + 16 * i + w, s >>> 0);
    }
  }
}
