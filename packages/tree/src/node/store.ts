/**
 * The on-disk tree store written by the streaming builder, and proof extraction from it.
 *
 * ```
 * <dir>/root.json        the published root file (kura-root/1)
 * <dir>/store.json       private metadata: user count, level sizes, key check
 * <dir>/index.bin        16-byte entries ascending by order key: orderKey[0…12) ‖ u32 position
 * <dir>/uids.bin         u16 length ‖ uid bytes, in leaf (position) order
 * <dir>/level-NN.bin     non-empty nodes of level NN, ascending index (layout.ts node records);
 *                        level 0 holds the leaves (hash = leafHash, sums = balances)
 * ```
 * A proof by uid costs O(log n) reads: a binary search of the index by order key (which needs
 * the round key, so only the secret holder can look users up), a binary search of level 0 for
 * sparse trees, then one read of three neighbouring records per level, following parentRank.
 * Siblings that are not stored are pads, recomputed from the round key.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  bytesToHex,
  equalBytes,
  hexToBytes,
  InputError,
  KuraError,
  readJson,
  readUintBE,
  utf8,
} from '@kura/codec';
import { readDocumentFile, readFileOrThrow } from '@kura/codec/node';
import { hmac } from '../hash.js';
import type { TreeNode } from '../inner.js';
import { leafHash, leafNonce, uidHash } from '../leaf.js';
import { padHash } from '../pad.js';
import { orderKey } from '../placement.js';
import { formatProof, type InclusionProof } from '../proof.js';
import { parseRootFile, type RootFile } from '../rootfile.js';
import { deriveRoundKey, type MasterSecret, roundId } from '../round.js';
import { getU32 } from './derive.js';
import { FileReader } from './files.js';
import {
  INDEX_ENTRY,
  INDEX_KEY_BYTES,
  NODE_HASH,
  NODE_INDEX,
  NODE_PARENT,
  NODE_SUMS,
  nodeSize,
} from './layout.js';
import { STORE_VERSION, type StoreMeta, storeMetaShape, storeVersionOf } from './store-shapes.js';

export { STORE_VERSION, type StoreMeta };

/** `keyCheck` of a round key. */
export function keyCheck(roundKey: Uint8Array): string {
  return bytesToHex(hmac(roundKey, utf8('kura/store/v1/key-check')));
}

/** File name of level `l`. */
export function levelFile(l: number): string {
  return `level-${String(l).padStart(2, '0')}.bin`;
}

/** True when `dir` looks like a tree store (has a store.json of this format). */
export function isTreeStore(dir: string): boolean {
  return storeVersionOf(join(dir, 'store.json')) === STORE_VERSION;
}

/** A tree store opened for proof extraction. */
export class TreeStore {
  readonly dir: string;
  readonly root: RootFile;
  readonly meta: StoreMeta;
  private readonly roundKey: Uint8Array;
  private readonly k: number;
  private readonly ns: number;
  private readonly fds: number[] = [];
  private readonly indexFd: number;
  private readonly rootCommitment: Uint8Array;
  private readonly scratch: Uint8Array;

  private constructor(dir: string, root: RootFile, meta: StoreMeta, roundKey: Uint8Array) {
    this.dir = dir;
    this.root = root;
    this.meta = meta;
    this.roundKey = roundKey;
    this.k = root.assets.length;
    this.ns = nodeSize(this.k);
    this.scratch = new Uint8Array(3 * this.ns);
    this.rootCommitment = hexToBytes(root.rootCommitment, 32);
    try {
      this.indexFd = openSync(join(dir, 'index.bin'), 'r');
      for (let l = 0; l <= root.height; l++) this.fds.push(openSync(join(dir, levelFile(l)), 'r'));
    } catch (e) {
      this.close();
      throw new InputError('the tree store is incomplete', { file: dir }, { cause: e });
    }
  }

  /** Open `dir` with the master secret; a wrong secret is an error. */
  static open(dir: string, masterSecret: MasterSecret): TreeStore {
    const rootPath = join(dir, 'root.json');
    const root = readJson(readFileOrThrow(rootPath), parseRootFile, { file: rootPath });
    const storePath = join(dir, 'store.json');
    const meta = readDocumentFile(storeMetaShape, storePath);
    if (meta.levels.length !== root.height + 1)
      throw new InputError('bad level list', { file: storePath, field: 'levels' });
    const roundKey = deriveRoundKey(masterSecret, roundId(root.round));
    if (keyCheck(roundKey) !== meta.keyCheck)
      throw new KuraError(
        'WRONG_SECRET',
        `the master secret does not belong to the tree in ${dir}`
      );
    return new TreeStore(dir, root, meta, roundKey);
  }

  close(): void {
    for (const fd of this.fds.splice(0)) closeSync(fd);
    try {
      if (this.indexFd !== undefined) closeSync(this.indexFd);
    } catch {
      // already closed
    }
  }

  private read(fd: number, into: Uint8Array, len: number, at: number): void {
    let o = 0;
    while (o < len) {
      const r = readSync(fd, into, o, len - o, at + o);
      if (r === 0)
        throw new KuraError('STORE_CORRUPT', `unexpected end of a store file in ${this.dir}`);
      o += r;
    }
  }

  /** Record `rank` of level `l` into `scratch[at …]`. */
  private node(l: number, rank: number, at = 0): void {
    this.read(this.fds[l]!, this.scratch.subarray(at), this.ns, rank * this.ns);
  }

  /** Positions whose index entry matches the uid's order key prefix (normally one). */
  private candidates(key: Uint8Array): number[] {
    const n = this.meta.users;
    const e = new Uint8Array(INDEX_ENTRY);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      this.read(this.indexFd, e, INDEX_ENTRY, mid * INDEX_ENTRY);
      if (compare(e, key, INDEX_KEY_BYTES) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < n; i++) {
      this.read(this.indexFd, e, INDEX_ENTRY, i * INDEX_ENTRY);
      if (compare(e, key, INDEX_KEY_BYTES) !== 0) break;
      out.push(getU32(e, INDEX_KEY_BYTES));
    }
    return out;
  }

  /** The rank of the leaf at `position` in level 0. */
  private leafRank(position: number): number {
    if (this.root.placement === 'dense') return position;
    let lo = 0;
    let hi = this.meta.levels[0]!;
    const e = new Uint8Array(4);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      this.read(this.fds[0]!, e, 4, mid * this.ns + NODE_INDEX);
      if (getU32(e, 0) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private sums(at: number): bigint[] {
    const out: bigint[] = [];
    for (let a = 0; a < this.k; a++)
      out.push(readUintBE(this.scratch, at + NODE_SUMS + 16 * a, 16));
    return out;
  }

  /**
   * The inclusion proof of `uid`. Throws a KuraError `UID_NOT_FOUND` when the uid is not in
   * the tree.
   */
  proof(uid: string): InclusionProof {
    const uh = uidHash(uid);
    const key = orderKey(this.roundKey, uh);
    const nonce = leafNonce(this.roundKey, uh);
    const { ns, k } = this;
    for (const position of this.candidates(key)) {
      const rank = this.leafRank(position);
      if (rank >= this.meta.levels[0]!) continue;
      this.node(0, rank);
      if (getU32(this.scratch, NODE_INDEX) !== position) continue;
      const balances = this.sums(0);
      const lh = leafHash(uh, nonce, balances);
      if (!equalBytes(lh, this.scratch.subarray(NODE_HASH, NODE_HASH + 32))) continue;
      const siblings: TreeNode[] = [];
      let r = rank;
      for (let l = 0; l < this.root.height; l++) {
        const count = this.meta.levels[l]!;
        const first = Math.max(0, r - 1);
        const last = Math.min(count - 1, r + 1);
        this.read(this.fds[l]!, this.scratch, (last - first + 1) * ns, first * ns);
        const cur = (r - first) * ns;
        const idx = getU32(this.scratch, cur + NODE_INDEX);
        if (idx !== Math.floor(position / 2 ** l))
          throw new KuraError('STORE_CORRUPT', `level ${l} of ${this.dir} is inconsistent`);
        const sib = idx % 2 === 0 ? idx + 1 : idx - 1;
        const at = sib > idx ? cur + ns : cur - ns;
        if (at >= 0 && at <= (last - first) * ns && getU32(this.scratch, at + NODE_INDEX) === sib)
          siblings.push({
            hash: this.scratch.slice(at + NODE_HASH, at + NODE_HASH + 32),
            sums: this.sums(at),
          });
        else
          siblings.push({
            hash: padHash(this.roundKey, l, sib),
            sums: new Array<bigint>(k).fill(0n),
          });
        r = getU32(this.scratch, cur + NODE_PARENT);
      }
      return formatProof({
        round: this.root.round,
        assets: this.root.assets,
        height: this.root.height,
        position,
        uid,
        nonce,
        balances,
        siblings,
        rootCommitment: this.rootCommitment,
      });
    }
    throw new KuraError('UID_NOT_FOUND', `uid "${uid}" is not in the tree in ${this.dir}`);
  }

  /**
   * Every user's uid, position and balances in position order, reading `uids.bin` and level 0
   * once, sequentially, without assembling proofs (an auditor listing the customers of a tree).
   */
  *leaves(): Generator<StoredLeaf> {
    const { ns, k } = this;
    const uids = new FileReader(join(this.dir, 'uids.bin'), 1 << 20);
    const dec = new TextDecoder();
    try {
      const leaves = new FileReader(join(this.dir, levelFile(0)), 1 << 20);
      try {
        while (leaves.ensure(ns)) {
          const p = leaves.pos;
          const position = getU32(leaves.buf, p + NODE_INDEX);
          const balances: bigint[] = [];
          for (let a = 0; a < k; a++)
            balances.push(readUintBE(leaves.buf, p + NODE_SUMS + 16 * a, 16));
          leaves.pos += ns;
          if (!uids.ensure(2)) throw new KuraError('STORE_CORRUPT', 'uids.bin is short');
          const len = (uids.buf[uids.pos]! << 8) | uids.buf[uids.pos + 1]!;
          uids.ensure(2 + len);
          const uid = dec.decode(uids.buf.subarray(uids.pos + 2, uids.pos + 2 + len));
          uids.pos += 2 + len;
          yield { uid, position, balances };
        }
      } finally {
        leaves.close();
      }
    } finally {
      uids.close();
    }
  }

  /** Every user's proof, in position order, reading each store file once, sequentially. */
  *proofs(): Generator<InclusionProof> {
    const { ns, k, root } = this;
    const H = root.height;
    // the parts every proof shares, formatted once
    const head = formatProof({
      round: root.round,
      assets: root.assets,
      height: H,
      position: 0,
      uid: 'x',
      nonce: new Uint8Array(32),
      balances: [],
      siblings: [],
      rootCommitment: this.rootCommitment,
    });
    const zeros = new Array<string>(k).fill('0');
    const levels: FileReader[] = [];
    for (let l = 0; l < H; l++) levels.push(new FileReader(join(this.dir, levelFile(l)), 1 << 20));
    try {
      for (const { uid, position, balances } of this.leaves()) {
        const siblings: { hash: string; sums: string[] }[] = [];
        for (let l = 0; l < H; l++) {
          const rd = levels[l]!;
          const idx = Math.floor(position / 2 ** l);
          const pairStart = idx - (idx % 2);
          // skip records before this pair
          while (rd.ensure(ns) && getU32(rd.buf, rd.pos + NODE_INDEX) < pairStart) rd.pos += ns;
          const sib = idx % 2 === 0 ? idx + 1 : idx - 1;
          let found = false;
          for (let t = 0; t < 2 && rd.ensure((t + 1) * ns); t++) {
            const at = rd.pos + t * ns;
            if (getU32(rd.buf, at + NODE_INDEX) === sib) {
              const sums: string[] = [];
              for (let a = 0; a < k; a++) sums.push(u128Decimal(rd.buf, at + NODE_SUMS + 16 * a));
              siblings.push({ hash: hex(rd.buf, at + NODE_HASH), sums });
              found = true;
              break;
            }
          }
          if (!found)
            siblings.push({ hash: hex(padHash(this.roundKey, l, sib), 0), sums: [...zeros] });
        }
        yield {
          version: head.version,
          round: { ...head.round },
          assets: head.assets.map((a) => ({ ...a })),
          height: H,
          position,
          uid: uid.normalize('NFC'),
          nonce: hex(leafNonce(this.roundKey, uidHash(uid)), 0),
          balances: balances.map(String),
          siblings,
          rootCommitment: head.rootCommitment,
        };
      }
    } finally {
      for (const r of levels) r.close();
    }
  }
}

/** 32 bytes at `b[o …]` as lowercase hex (native). */
function hex(b: Uint8Array, o: number): string {
  return Buffer.from(b.buffer, b.byteOffset + o, 32).toString('hex');
}

/** The u128 big-endian at `b[o …]` as a decimal string (no BigInt below 2^53). */
function u128Decimal(b: Uint8Array, o: number): string {
  const w0 = getU32(b, o);
  const w1 = getU32(b, o + 4);
  const w2 = getU32(b, o + 8);
  const w3 = getU32(b, o + 12);
  if (w0 === 0 && w1 === 0 && w2 < 0x200000) return String(w2 * 4294967296 + w3);
  return ((BigInt(w0) << 96n) | (BigInt(w1) << 64n) | (BigInt(w2) << 32n) | BigInt(w3)).toString();
}

/** One customer of a tree store ({@link TreeStore.leaves}). */
export interface StoredLeaf {
  readonly uid: string;
  readonly position: number;
  readonly balances: bigint[];
}

function compare(a: Uint8Array, b: Uint8Array, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
