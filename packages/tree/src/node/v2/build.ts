/**
 * The v2 tree builder (`kura tree build --protocol v2`, SPEC.md §16.10, §16.12): customer rows
 * in (the v1 input readers: CSV or JSON Lines, every rejection naming file, line, column and
 * field), a `kura-store/2` directory with `root.json` (`kura-root/2`) out.
 *
 * 1. Rows are read with the v1 parsers; each balance becomes its tree value, rounded up
 *    (§16.12.1); a per-asset total of 2^64 tree units or more is refused at the row that reaches
 *    it. uidHash and the order key are derived, duplicates refused (naming both lines).
 * 2. Placement is that of v1 (§7): dense rank or sparse candidates.
 * 3. Leaves in position order are cut into aligned segments of `2^S` positions; worker threads
 *    derive each leaf's blindings and nonce, commit, sum and encode in batches
 *    (`@kura/confidential`'s `commitMany` / `addHalves` / `encodeMany`) and return every
 *    non-empty node of their segment; the main thread reduces the segment tops to the root.
 * 4. Everything is written into a temporary directory beside `out` and renamed into place: a
 *    failed build leaves the previous complete output (or none), never a part.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EncodingError, InputError, KuraError } from '@kura/codec';
import { fsyncDir, writeFileAtomic } from '@kura/codec/node';
import { MAX_AGGREGATION } from '@kura/confidential';
import { uidHash } from '../../leaf.js';
import {
  builderHeight,
  compareBytes,
  orderKey,
  type Placement,
  placeUsers,
} from '../../placement.js';
import { deriveRoundKey, type MasterSecret, type Round, roundId } from '../../round.js';
import { type AssetV2, parseAssetsV2, TREE_VALUE_BOUND, treeValue } from '../../v2/assets.js';
import { makeRootFileV2, type RootFileV2 } from '../../v2/rootfile.js';
import { checkOutDir, openInput, readInputHead, removeStaleTemps, replaceDir } from '../build.js';
import { ChunkRowError, type InputFormat, parseRows, RowBatch, rowErrorAt } from '../input.js';
import { workerPath } from '../pool.js';
import { keyCheck, levelFile } from '../store.js';
import { type LeafInput, reduceLevels, type WorkNode, writeRecords } from './reduce.js';
import { runSegment, type SegmentJob, type SegmentResult } from './segment.js';
import { leafRecordSize, STORE_VERSION_V2, type StoreMetaV2 } from './store.js';

/** Options of {@link buildTreeStoreV2}. */
export interface BuildStoreV2Options {
  /** CSV or JSON Lines file (the v1 input formats). */
  readonly input: string;
  readonly format?: InputFormat;
  readonly round: Round;
  /** The v2 asset list (with `treeDecimals`). */
  readonly assets: readonly AssetV2[];
  readonly masterSecret: MasterSecret;
  /** The store directory to create (replaced atomically if it holds a previous store). */
  readonly out: string;
  readonly placement?: Placement;
  readonly height?: number;
  /** Worker threads (default: available parallelism; 0 = everything on this thread). */
  readonly workers?: number;
  /** Levels above a segment computed on the main thread (default 8; tests use small values). */
  readonly topLevels?: number;
  /** Progress callback (phase, done, total). */
  readonly onProgress?: (phase: string, done: number, total?: number) => void;
  /**
   * Stops the build (as v1): the temporary directory is removed inside the `abort()` call and the
   * build rejects with the signal's reason, having written nothing.
   */
  readonly signal?: AbortSignal;
}

/** What {@link buildTreeStoreV2} returns. */
export interface BuildStoreV2Result {
  readonly root: RootFileV2;
  readonly users: number;
  readonly dir: string;
  /** Milliseconds per phase. */
  readonly timings: Record<string, number>;
}

/**
 * Run segment jobs on `n` worker threads (0: inline). `onResult` sees every result in job order
 * (a small reorder buffer), so the caller can write it out and keep only its top node; a job is
 * dropped once posted. Memory holds the jobs not yet sent and the results not yet in order.
 */
async function runJobs(
  jobs: (SegmentJob | undefined)[],
  n: number,
  onResult: (index: number, r: SegmentResult) => void
): Promise<void> {
  if (n === 0 || jobs.length <= 1) {
    for (let i = 0; i < jobs.length; i++) {
      const r = runSegment(jobs[i]!);
      jobs[i] = undefined;
      onResult(i, r);
    }
    return;
  }
  const path = workerPath('v2/worker.js');
  const workers = Array.from({ length: Math.min(n, jobs.length) }, () => new Worker(path));
  const pending = new Map<number, SegmentResult>();
  let next = 0;
  let inOrder = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next >= jobs.length) return;
        const id = next++;
        w.postMessage({ id, job: jobs[id] });
        jobs[id] = undefined;
      };
      for (const w of workers) {
        w.on('message', (m: { id: number; result?: SegmentResult; error?: string }) => {
          if (m.error !== undefined) {
            reject(new KuraError('WORKER_FAILED', `v2 builder worker: ${m.error}`));
            return;
          }
          pending.set(m.id, m.result!);
          try {
            while (pending.has(inOrder)) {
              const r = pending.get(inOrder)!;
              pending.delete(inOrder);
              onResult(inOrder++, r);
            }
          } catch (e) {
            reject(e);
            return;
          }
          if (inOrder === jobs.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        feed(w);
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Build a v2 tree store from an input file. Throws {@link InputError} for bad input (naming the
 * file, line, column and field); writes nothing then.
 */
export async function buildTreeStoreV2(opts: BuildStoreV2Options): Promise<BuildStoreV2Result> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = now - t;
    t = now;
  };
  let assets: AssetV2[];
  try {
    assets = parseAssetsV2(opts.assets);
  } catch (e) {
    if (e instanceof EncodingError) throw new InputError(e.message, { field: e.field });
    throw e;
  }
  const placement = opts.placement ?? 'dense';
  if (placement !== 'dense' && placement !== 'sparse')
    throw new InputError('expected "dense" or "sparse"', { field: 'placement' });
  const k = assets.length;
  const rid = roundId(opts.round);
  const roundKey = deriveRoundKey(opts.masterSecret, rid);
  const out = checkOutDir(opts.out);
  const file = opts.input;

  // 1. read every row
  const { fd, size } = openInput(file);
  let buf: Uint8Array;
  let head: ReturnType<typeof readInputHead>;
  try {
    head = readInputHead(fd, size, file, 1 << 20, { format: opts.format, assets });
    buf = new Uint8Array(size);
    let got = 0;
    while (got < size) {
      const r = readSync(fd, buf, got, size - got, got);
      if (r === 0) break;
      got += r;
    }
    buf = buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
  const uids: string[] = [];
  const lines: number[] = [];
  const balances: bigint[] = [];
  const values: bigint[] = [];
  const totals = new Array<bigint>(k).fill(0n);
  const batch = new RowBatch(16384, k);
  const dec = new TextDecoder();
  let pos = head.dataStart;
  let line = head.firstLine;
  while (pos < buf.length) {
    batch.reset();
    try {
      [pos, line] = parseRows(head.cfg, buf, pos, buf.length, line, batch);
    } catch (e) {
      if (e instanceof ChunkRowError) throw rowErrorAt(file, 0, e.row);
      throw e;
    }
    for (let r = 0; r < batch.n; r++) {
      const off = batch.uidOff[r]!;
      uids.push(dec.decode(batch.heap.subarray(off, off + batch.uidLen[r]!)));
      lines.push(batch.line[r]!);
      const at = batch.balBase + r * batch.balStride;
      for (let a = 0; a < k; a++) {
        let b = 0n;
        for (let j = 0; j < 16; j++) b = (b << 8n) | BigInt(batch.bal[at + 16 * a + j]!);
        balances.push(b);
        const v = treeValue(b, assets[a]!);
        values.push(v);
        totals[a]! += v;
        if (totals[a]! >= TREE_VALUE_BOUND)
          throw new InputError(
            `the total of ${assets[a]!.symbol} reaches 2^64 tree units (treeDecimals ${assets[a]!.treeDecimals}); lower its treeDecimals`,
            { file, line: batch.line[r]!, field: assets[a]!.symbol }
          );
      }
    }
    opts.onProgress?.('read', pos, buf.length);
  }
  const n = uids.length;
  if (n === 0) throw new InputError('no customer rows', { file });
  lap('read');

  // 2. uid hashes, duplicates, placement
  const uhs = uids.map((u) => uidHash(u));
  const byHash = uhs.map((_, i) => i).sort((a, b) => compareBytes(uhs[a]!, uhs[b]!));
  for (let j = 1; j < n; j++)
    if (compareBytes(uhs[byHash[j]!]!, uhs[byHash[j - 1]!]!) === 0) {
      const [a, b] = [byHash[j - 1]!, byHash[j]!].sort((x, y) => lines[x]! - lines[y]!);
      throw new InputError(`duplicate uid "${uids[b!]}" (also line ${lines[a!]})`, {
        file,
        line: lines[b!],
        field: 'uid',
      });
    }
  const height = builderHeight(placement, n, opts.height);
  checkAggregation(height, k);
  const positions = placeUsers(
    roundKey,
    uhs.map((h) => ({ uidHash: h, orderKey: orderKey(roundKey, h) })),
    placement,
    height
  );
  const byPos = positions.map((_, i) => i).sort((a, b) => positions[a]! - positions[b]!);
  lap('place');

  // 3. segments on workers (their records streamed into the temporary directory in order),
  //    top levels here; 4. the rest of the store, then the rename into place
  const top = Math.min(height, opts.topLevels ?? 8);
  const S = height - top;
  const jobs: (SegmentJob | undefined)[] = [];
  let cur: LeafInput[] = [];
  let seg = -1;
  for (const i of byPos) {
    const s = Math.floor(positions[i]! / 2 ** S);
    if (s !== seg && cur.length > 0) {
      jobs.push({ roundKey, k, levels: S, leaves: cur });
      cur = [];
    }
    seg = s;
    cur.push({
      position: positions[i]!,
      uidHash: uhs[i]!,
      values: values.slice(i * k, (i + 1) * k),
    });
  }
  jobs.push({ roundKey, k, levels: S, leaves: cur });
  const nJobs = jobs.length;
  const workers = opts.workers ?? availableParallelism();

  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  removeStaleTemps(parent, basename(out));
  const tmp = join(
    parent,
    `.${basename(out)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  );
  opts.signal?.throwIfAborted();
  mkdirSync(tmp, { mode: 0o700 });
  const onAbort = () => rmSync(tmp, { recursive: true, force: true });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const fds: number[] = [];
  let rootFile: RootFileV2;
  try {
    for (let l = 0; l <= S; l++) fds.push(openSync(join(tmp, levelFile(l)), 'wx', 0o600));
    const counts = new Array<number>(height + 1).fill(0);
    const tops: WorkNode[] = [];
    await runJobs(jobs, workers, (i, r) => {
      for (let l = 0; l <= S; l++) {
        writeAll(fds[l]!, r.records[l]!);
        counts[l]! += r.counts[l]!;
      }
      tops.push(r.top);
      opts.onProgress?.('segments', i + 1, nJobs);
    });
    for (const fd of fds.splice(0)) {
      fsyncSync(fd);
      closeSync(fd);
    }
    opts.signal?.throwIfAborted();
    lap('segments');
    const upper = reduceLevels(roundKey, k, S, top, tops);
    const root = top === 0 ? tops[0]! : upper[upper.length - 1]![0]!;
    if (root.index !== 0) throw new KuraError('BUILD_FAILED', 'the root is not node (height, 0)');
    for (let a = 0; a < k; a++)
      if (root.values[a] !== totals[a])
        throw new KuraError(
          'BUILD_FAILED',
          `root value of asset ${a} differs from the input total`
        );
    rootFile = makeRootFileV2({
      round: opts.round,
      assets,
      placement,
      height,
      rootHash: root.hash,
      totals: root.values,
      rootBlindings: root.blindings,
    });
    for (let l = S + 1; l <= height; l++) {
      counts[l] = upper[l - S - 1]!.length;
      writeParts(join(tmp, levelFile(l)), [writeRecords(upper[l - S - 1]!, k)]);
    }
    lap('top');
    // leaves.bin in uidHash order, uids.bin their bytes
    const L = leafRecordSize(k);
    const enc = new TextEncoder();
    const leafBuf = new Uint8Array(L * n);
    const dv = new DataView(leafBuf.buffer);
    const uidParts: Uint8Array[] = [];
    let uidOff = 0;
    byHash.forEach((i, j) => {
      const o = j * L;
      leafBuf.set(uhs[i]!, o);
      dv.setBigUint64(o + 32, BigInt(positions[i]!));
      const ub = enc.encode(uids[i]!.normalize('NFC'));
      dv.setBigUint64(o + 40, BigInt(uidOff));
      dv.setUint32(o + 48, ub.length);
      uidParts.push(ub);
      uidOff += ub.length;
      for (let a = 0; a < k; a++) {
        const b = balances[i * k + a]!;
        dv.setBigUint64(o + 52 + 16 * a, b >> 64n);
        dv.setBigUint64(o + 60 + 16 * a, b & 0xffffffffffffffffn);
      }
    });
    writeParts(join(tmp, 'leaves.bin'), [leafBuf]);
    writeParts(join(tmp, 'uids.bin'), uidParts);
    const meta: StoreMetaV2 = {
      version: STORE_VERSION_V2,
      users: n,
      levels: counts,
      keyCheck: keyCheck(roundKey),
    };
    writeFileAtomic(join(tmp, 'store.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
    writeFileAtomic(join(tmp, 'root.json'), `${JSON.stringify(rootFile, null, 2)}\n`);
    fsyncDir(tmp);
    replaceDir(tmp, out);
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    rmSync(tmp, { recursive: true, force: true });
    throw opts.signal?.aborted ? opts.signal.reason : e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  lap('write');
  return { root: rootFile, users: n, dir: out, timings };
}

/**
 * One aggregated range proof covers at most {@link MAX_AGGREGATION} values (SPEC.md §16.11):
 * `height · k` above it could be built but never proved, so it is refused before anything is
 * written.
 */
export function checkAggregation(height: number, k: number): void {
  if (height * k > MAX_AGGREGATION)
    throw new InputError(
      `height ${height} × ${k} assets = ${height * k} range-proved values per proof; one proof covers at most ${MAX_AGGREGATION} (use fewer assets per tree or a smaller height)`,
      { field: 'assets' }
    );
}

/** Write byte chunks to a new file (mode 0600) and fsync it. */
function writeParts(path: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    for (const p of parts) writeAll(fd, p);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Write all of `p` at the file's current position. */
function writeAll(fd: number, p: Uint8Array): void {
  let o = 0;
  while (o < p.length) o += writeSync(fd, p, o, p.length - o);
}
