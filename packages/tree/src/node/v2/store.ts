/**
 * The v2 tree store (`kura-store/2`): what `kura tree build --protocol v2` writes beside
 * `root.json` (`kura-root/2`) and what `kura tree proof` / `kura serve` read to make
 * `kura-proof/2` documents. Private to the exchange: it holds every node's values and blindings.
 *
 * Files: `store.json` (meta), `level-LL.bin` (the non-empty nodes of level LL in index order,
 * fixed-size records: u64 index ‖ hash ‖ k commitments ‖ k u64 values ‖ k blindings),
 * `leaves.bin` (one record per customer sorted by uidHash: uidHash ‖ u64 position ‖ u64 uid
 * offset ‖ u32 uid length ‖ k u128 balances in base units) and `uids.bin` (the uids, UTF-8 NFC).
 * Pads are not stored: they are derived from the round key.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { equalBytes, InputError, readJson } from '@kura/codec';
import { readDocumentFile, readFileOrThrow } from '@kura/codec/node';
import {
  encodePoint,
  leafBlinding,
  leafNonceV2,
  padBlinding,
  padNodeV2,
  proveSiblingsV2,
  type RandomSource,
} from '@kura/confidential';
import { uidHash } from '../../leaf.js';
import { compareBytes } from '../../placement.js';
import { deriveRoundKey, type MasterSecret, roundId } from '../../round.js';
import { siblingIndex } from '../../tree.js';
import type { AssetV2 } from '../../v2/assets.js';
import { formatProofV2, type InclusionProofV2 } from '../../v2/proof.js';
import { type ParsedRootV2, parseRootFileV2, type RootFileV2 } from '../../v2/rootfile.js';
import { keyCheck, levelFile } from '../store.js';
import {
  STORE_VERSION_V2,
  type StoreMetaV2,
  storeMetaV2Shape,
  storeVersionOf,
} from '../store-shapes.js';
import { readRecord, recordSize } from './reduce.js';

export { STORE_VERSION_V2, type StoreMetaV2 };

/** Bytes of one `leaves.bin` record with `k` assets. */
export function leafRecordSize(k: number): number {
  return 32 + 8 + 8 + 4 + 16 * k;
}

/** True when `dir` holds a v2 store (store.json of version `kura-store/2`). */
export function isTreeStoreV2(dir: string): boolean {
  return storeVersionOf(join(dir, 'store.json')) === STORE_VERSION_V2;
}

/** A v2 tree store opened for proofs. */
export class TreeStoreV2 {
  readonly dir: string;
  /** The store's `root.json`. */
  readonly root: RootFileV2;
  private readonly parsed: ParsedRootV2;
  readonly meta: StoreMetaV2;
  readonly assets: readonly AssetV2[];
  private readonly roundKey: Uint8Array;
  private readonly k: number;
  private readonly levelFds: number[];
  private readonly leavesFd: number;
  private readonly uidsFd: number;
  private closed = false;

  private constructor(dir: string, root: ParsedRootV2, meta: StoreMetaV2, roundKey: Uint8Array) {
    this.dir = dir;
    this.parsed = root;
    this.root = root.file;
    this.meta = meta;
    this.assets = root.file.assets;
    this.k = this.assets.length;
    this.roundKey = roundKey;
    this.levelFds = meta.levels.map((_, l) => openSync(join(dir, levelFile(l)), 'r'));
    this.leavesFd = openSync(join(dir, 'leaves.bin'), 'r');
    this.uidsFd = openSync(join(dir, 'uids.bin'), 'r');
  }

  /**
   * Open a store: store.json ({@link storeMetaV2Shape}) and root.json (`kura-root/2`) through
   * the one document reader (a bad one is a DocumentError naming file, line, column and field);
   * a wrong master secret is an InputError naming `--secret`.
   */
  static open(dir: string, masterSecret: MasterSecret): TreeStoreV2 {
    const metaFile = join(dir, 'store.json');
    const m = readDocumentFile(storeMetaV2Shape, metaFile);
    const rootFile = join(dir, 'root.json');
    const root = readJson(readFileOrThrow(rootFile), parseRootFileV2, { file: rootFile });
    const rk = deriveRoundKey(masterSecret, roundId(root.file.round));
    if (keyCheck(rk) !== m.keyCheck)
      throw new InputError('this master secret did not build this tree', { field: '--secret' });
    if (m.levels.length !== root.file.height + 1)
      throw new InputError('store.json: levels do not match the height', { file: metaFile });
    return new TreeStoreV2(dir, root, m, rk);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of [...this.levelFds, this.leavesFd, this.uidsFd]) closeSync(fd);
  }

  private read(fd: number, at: number, n: number): Uint8Array {
    const b = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const r = readSync(fd, b, got, n - got, at + got);
      if (r === 0) throw new InputError('tree store truncated', { file: this.dir });
      got += r;
    }
    return b;
  }

  /** The stored node `(level, index)`, or undefined (a pad). Binary search over the level file. */
  private stored(level: number, index: number) {
    const R = recordSize(this.k);
    let lo = 0;
    let hi = this.meta.levels[level]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const head = this.read(this.levelFds[level]!, mid * R, 8);
      const idx = Number(new DataView(head.buffer).getBigUint64(0));
      if (idx === index) return readRecord(this.read(this.levelFds[level]!, mid * R, R), this.k);
      if (idx < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The customer record of `uid` (NFC), or undefined. */
  private leaf(
    uid: string
  ): { uidHash: Uint8Array; position: number; balances: bigint[] } | undefined {
    const uh = uidHash(uid);
    const L = leafRecordSize(this.k);
    let lo = 0;
    let hi = this.meta.users - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const rec = this.read(this.leavesFd, mid * L, L);
      const c = compareBytes(rec.subarray(0, 32), uh);
      if (c === 0) {
        const dv = new DataView(rec.buffer);
        const balances: bigint[] = [];
        for (let a = 0; a < this.k; a++)
          balances.push((dv.getBigUint64(52 + 16 * a) << 64n) | dv.getBigUint64(60 + 16 * a));
        return { uidHash: uh, position: Number(dv.getBigUint64(32)), balances };
      }
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Every uid in uidHash order (for exporting every proof). */
  *uids(): Generator<string> {
    const L = leafRecordSize(this.k);
    const dec = new TextDecoder();
    for (let i = 0; i < this.meta.users; i++) {
      const rec = this.read(this.leavesFd, i * L, L);
      const dv = new DataView(rec.buffer);
      const off = Number(dv.getBigUint64(40));
      const len = dv.getUint32(48);
      yield dec.decode(this.read(this.uidsFd, off, len));
    }
  }

  /**
   * The `kura-proof/2` of `uid`: the stored siblings (pads derived), one aggregated range proof
   * over them bound to the position. An InputError names `--uid` for an unknown uid.
   */
  proof(uid: string, random?: RandomSource): InclusionProofV2 {
    const leaf = this.leaf(uid);
    if (!leaf) throw new InputError(`uid "${uid}" is not in the tree`, { field: '--uid' });
    const { file, roundId: rid, assetSetHash: ash } = this.parsed;
    const k = this.k;
    const sibs: { hash: Uint8Array; enc: Uint8Array[]; values: bigint[]; blindings: bigint[] }[] =
      [];
    for (let l = 0; l < file.height; l++) {
      const i = siblingIndex(leaf.position, l);
      const s = this.stored(l, i);
      if (s) sibs.push(s);
      else {
        const pad = padNodeV2(this.roundKey, l, i, k);
        sibs.push({
          hash: pad.hash,
          enc: pad.commitments.map(encodePoint),
          values: new Array<bigint>(k).fill(0n),
          blindings: Array.from({ length: k }, (_, a) => padBlinding(this.roundKey, l, i, a)),
        });
      }
    }
    const rp = proveSiblingsV2(
      sibs,
      { roundId: rid, assetSetHash: ash, height: file.height, position: leaf.position },
      random
    );
    // the prover recomputes every commitment from the opening: a store that disagrees is corrupt
    rp.commitments.forEach((c, j) => {
      if (!equalBytes(c, sibs[Math.floor(j / k)]!.enc[j % k]!))
        throw new InputError(`tree store corrupt at level ${Math.floor(j / k)}`, {
          file: this.dir,
        });
    });
    return formatProofV2({
      round: file.round,
      assets: file.assets,
      height: file.height,
      position: leaf.position,
      uid,
      nonce: leafNonceV2(this.roundKey, leaf.uidHash),
      balances: leaf.balances,
      blindings: Array.from({ length: k }, (_, a) => leafBlinding(this.roundKey, leaf.uidHash, a)),
      siblings: sibs.map((s) => ({ hash: s.hash, commitments: s.enc })),
      totals: this.parsed.totals,
      rootBlindings: this.parsed.rootBlindings,
      rangeProof: rp.proof,
      rootCommitment: this.parsed.rootCommitment,
    });
  }

  /** Every customer's proof, in uid-hash order (each one costs a range proof). */
  *proofs(): Generator<InclusionProofV2> {
    for (const uid of this.uids()) yield this.proof(uid);
  }
}
