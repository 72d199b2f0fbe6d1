/**
 * The streaming builder: customer rows in, a complete tree store out, in memory that does not
 * grow with the number of users beyond the per-level state (and, for sparse trees, a bitmap of
 * taken positions of 2^height bits).
 *
 * 1. The input is read in ~1 MiB chunks of whole lines; worker threads parse and derive them
 *    (uidHash, nonce, orderKey, leafHash, first sparse candidate) into sort records.
 * 2. Records are sorted by order key in bounded chunks (spilled to run files, merged k-way).
 * 3. In order-key order: duplicate uids are rejected, positions assigned (dense: rank; sparse:
 *    first free candidate, j = 0, 1, …), the index written; sparse trees sort again by position.
 * 4. Leaves in position order are cut into aligned segments of 2^S positions that workers
 *    reduce to segment roots; the main thread reduces the segment roots to the root.
 * 5. Everything is written into a temporary directory beside `out`, fsynced and renamed into
 *    place: a killed build leaves the previous complete output (or none), never a part.
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '@kura/codec';
import { fsyncDir, writeFileAtomic } from '@kura/codec/node';
import { uidHash } from '../leaf.js';
import { type Placement, resolveHeight, sparseCandidate } from '../placement.js';
import { makeRootFile, type RootFile } from '../rootfile.js';
import { type Asset, deriveRoundKey, type Round, roundId } from '../round.js';
import { copy, getU32, putU32 } from './derive.js';
import { FileWriter } from './files.js';
import {
  detectFormat,
  type InputConfig,
  type InputFormat,
  jsonlConfig,
  parseCsvHeader,
  rowErrorAt,
} from './input.js';
import {
  INDEX_ENTRY,
  INDEX_KEY_BYTES,
  NODE_HASH,
  NODE_INDEX,
  NODE_PARENT,
  NODE_SUMS,
  nodeSize,
  REC_BAL,
  REC_KEY,
  REC_LEAF,
  recFixed,
} from './layout.js';
import { createPool, type TaskPool } from './pool.js';
import { ExternalSorter, type RecordCursor } from './sort.js';
import { isTreeStore, keyCheck, levelFile, STORE_VERSION, type StoreMeta } from './store.js';
import { TaskRunner } from './tasks.js';

/** Options of {@link buildTreeStore}. */
export interface BuildStoreOptions {
  /** CSV or JSON Lines file. */
  readonly input: string;
  /** Default: from the file name (.csv, .jsonl, .ndjson), else sniffed. */
  readonly format?: InputFormat;
  readonly round: Round;
  readonly assets: readonly Asset[];
  /** 32 bytes. */
  readonly masterSecret: Uint8Array;
  /** The tree store directory to create (replaced atomically if it holds a previous store). */
  readonly out: string;
  readonly placement?: Placement;
  readonly height?: number;
  /** Worker threads (default: available parallelism; 0 = everything on this thread). */
  readonly workers?: number;
  /** Bytes of records sorted in memory before spilling a run (default 256 MiB). */
  readonly sortMemory?: number;
  /** Progress callback (phase, done, total). */
  readonly onProgress?: (phase: string, done: number, total?: number) => void;
}

/** What {@link buildTreeStore} returns. */
export interface BuildStoreResult {
  readonly root: RootFile;
  readonly users: number;
  readonly dir: string;
  /** Milliseconds per phase. */
  readonly timings: Record<string, number>;
  /** Sort runs spilled to disk (0 when everything fit in memory). */
  readonly runs: number;
}

const READ_CHUNK = 1 << 20;

/** Build a tree store from an input file. Throws {@link InputError} for bad input; writes nothing then. */
export async function buildTreeStore(opts: BuildStoreOptions): Promise<BuildStoreResult> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const placement = opts.placement ?? 'dense';
  if (placement !== 'dense' && placement !== 'sparse')
    throw new InputError('expected "dense" or "sparse"', { field: 'placement' });
  if (opts.height !== undefined) {
    try {
      resolveHeight(placement, 1, opts.height);
    } catch (e) {
      throw new InputError((e as Error).message, { field: 'height' });
    }
  }
  const k = opts.assets.length;
  const rid = roundId(opts.round);
  const roundKey = deriveRoundKey(opts.masterSecret, rid);
  const out = resolve(opts.out);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory())
      throw new InputError('exists and is not a directory', { file: out });
    if (readdirSync(out).length > 0 && !isTreeStore(out))
      throw new InputError(
        'refusing to replace a non-empty directory that is not a Kura tree store',
        {
          file: out,
        }
      );
  }

  // Read the head of the input: format and CSV header.
  const file = opts.input;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'file not found' : `cannot read (${code})`,
      { file },
      { cause: e }
    );
  }
  const size = statSync(file).size;
  const parent = dirname(out);
  const createdParent = mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(out)}.tmp-${randomBytes(6).toString('hex')}`);
  let pool: TaskPool | undefined;
  const writers: FileWriter[] = [];
  try {
    mkdirSync(tmp);
    mkdirSync(join(tmp, 'runs'));
    let head = new Uint8Array(Math.min(READ_CHUNK, Math.max(size, 1)));
    let headLen = readSync(fd, head, 0, head.length, 0);
    let filePos = headLen;
    if (headLen === 0) throw new InputError('empty input', { file, line: 1 });
    const format = opts.format ?? detectFormat(file, head.subarray(0, headLen));
    let cfg: InputConfig;
    let dataStart = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    let firstLine = 1;
    if (format === 'csv') {
      let nl = head.indexOf(10);
      while (nl < 0 || nl >= headLen) {
        if (filePos >= size) {
          nl = headLen;
          break;
        }
        const bigger = new Uint8Array(head.length * 2);
        bigger.set(head.subarray(0, headLen));
        head = bigger;
        const r = readSync(fd, head, headLen, head.length - headLen, filePos);
        headLen += r;
        filePos += r;
        nl = head.indexOf(10);
      }
      cfg = parseCsvHeader(file, head.subarray(0, nl), opts.assets);
      dataStart = nl + 1;
      firstLine = 2;
    } else cfg = jsonlConfig(file, opts.assets);

    const threads = opts.workers ?? availableParallelism();
    const init = { k, roundKey, sparse: placement === 'sparse', input: cfg };
    pool = createPool(init, threads);
    const main = new TaskRunner(init);

    // 1–2. parse + derive in workers, collect into the external sorter
    const recFmt = {
      keyBytes: 32,
      headerBytes: recFixed(k),
      length: (b: Uint8Array, o: number) => {
        const q = o + REC_BAL + 16 * k + 12;
        return recFixed(k) + ((b[q]! << 8) | b[q + 1]!);
      },
    };
    const sortMemory = opts.sortMemory ?? 256 << 20;
    const sorter = new ExternalSorter(recFmt, join(tmp, 'runs'), 'key', sortMemory);
    const lineBase: number[] = [];
    let nextLine = firstLine;
    const inflight: Promise<import('./tasks.js').DeriveResult>[] = [];
    const maxInflight = Math.max(2, 2 * threads + 1);
    let chunkIndex = 0;
    let carry = head.subarray(dataStart, headLen);
    let readPos = filePos;
    let done = false;
    const take = async () => {
      const r = await inflight.shift()!;
      const c = lineBase.length;
      lineBase.push(nextLine - 1);
      if (r.error) throw rowErrorAt(file, lineBase[c]!, r.error);
      nextLine += r.lines;
      sorter.addAll(r.records);
      opts.onProgress?.('read', Math.min(readPos, size), size);
    };
    while (!done) {
      // next chunk: the carry plus up to READ_CHUNK more bytes, cut after the last line break
      let buf = new Uint8Array(carry.length + READ_CHUNK);
      buf.set(carry);
      let len = carry.length;
      for (;;) {
        const r = readSync(fd, buf, len, buf.length - len, readPos);
        readPos += r;
        len += r;
        if (r === 0 || len === buf.length) {
          if (r === 0) done = true;
          break;
        }
      }
      let cut = done ? len : buf.lastIndexOf(10, len - 1) + 1;
      while (cut === 0 && !done) {
        // a line longer than the buffer: grow
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf.subarray(0, len));
        buf = bigger;
        const r = readSync(fd, buf, len, buf.length - len, readPos);
        readPos += r;
        len += r;
        if (r === 0) done = true;
        cut = done ? len : buf.lastIndexOf(10, len - 1) + 1;
      }
      carry = buf.slice(cut, len);
      const chunk = cut === buf.length ? buf : buf.slice(0, cut);
      if (chunk.length === 0 && done) break;
      inflight.push(pool.derive(chunk, chunkIndex++, done));
      while (inflight.length >= maxInflight) await take();
    }
    while (inflight.length > 0) await take();
    closeSync(fd);
    fd = -1;
    timings.parseDerive = performance.now() - t0;

    const n = sorter.total;
    if (n === 0) throw new InputError('empty input: no users', { file, line: nextLine });
    let height: number;
    try {
      height = resolveHeight(placement, n, opts.height);
    } catch (e) {
      throw new InputError((e as Error).message, { field: 'height' });
    }
    if (n > 2 ** 32) throw new InputError('more than 2^32 users', { file });

    // 3–4. placement, index, and the level reduction
    const t1 = performance.now();
    const ns = nodeSize(k);
    const S = segmentLevels(placement, n, height, k);
    const levelW: FileWriter[] = [];
    for (let l = 0; l <= height; l++) {
      const w = new FileWriter(join(tmp, levelFile(l)), l <= S ? 1 << 20 : 1 << 16);
      levelW.push(w);
      writers.push(w);
    }
    const written = new Array<number>(height + 1).fill(0);
    const indexW = new FileWriter(join(tmp, 'index.bin'));
    const uidsW = new FileWriter(join(tmp, 'uids.bin'));
    writers.push(indexW, uidsW);
    const feeder = new SegmentFeeder(pool, ns, S, levelW, written, Math.max(2, 2 * threads));
    const uidOf = (b: Uint8Array, o: number): string => {
      const q = o + REC_BAL + 16 * k + 12;
      const len = (b[q]! << 8) | b[q + 1]!;
      return new TextDecoder().decode(b.subarray(q + 2, q + 2 + len));
    };
    const lineOf = (b: Uint8Array, o: number): number => {
      const q = o + REC_BAL + 16 * k;
      return lineBase[getU32(b, q + 4)]! + getU32(b, q + 8);
    };
    const writeUid = (b: Uint8Array, o: number) => {
      const q = o + REC_BAL + 16 * k + 12;
      const len = (b[q]! << 8) | b[q + 1]!;
      uidsW.write(b, q, q + 2 + len);
    };
    const prevKey = new Uint8Array(32);
    let prevLine = 0;
    let cursor: RecordCursor = sorter.finish();
    const runs = sorter.runCount;
    const sparse = placement === 'sparse';
    const taken = sparse ? new Uint8Array(Math.ceil(2 ** height / 8)) : undefined;
    const posSorter = sparse
      ? new ExternalSorter(
          {
            keyBytes: 4,
            headerBytes: 4 + 32 + 16 * k + 2,
            length: (b, o) => {
              const q = o + 36 + 16 * k;
              return 38 + 16 * k + ((b[q]! << 8) | b[q + 1]!);
            },
          },
          join(tmp, 'runs'),
          'pos',
          sortMemory
        )
      : undefined;
    const placed = new Uint8Array(38 + 16 * k + 1024);
    let rank = 0;
    try {
      while (cursor.next()) {
        const b = cursor.buf;
        const o = cursor.off;
        if (rank > 0 && equal32(b, o + REC_KEY, prevKey)) {
          const line = lineOf(b, o);
          const uid = uidOf(b, o);
          const [first, second] = line < prevLine ? [line, prevLine] : [prevLine, line];
          throw new InputError(`duplicate uid "${clip(uid)}" (also on line ${first})`, {
            file,
            line: second,
            column: 1,
            field: 'uid',
          });
        }
        copy(prevKey, 0, b, o + REC_KEY, 32);
        prevLine = lineOf(b, o);
        let position = rank;
        if (sparse) {
          const cand = getU32(b, o + REC_BAL + 16 * k);
          position = height === 32 ? cand : cand >>> (32 - height);
          for (let j = 1; taken![position >>> 3]! & (1 << (position & 7)); j++)
            position = sparseCandidate(roundKey, uidHash(uidOf(b, o)), j, height);
          taken![position >>> 3]! |= 1 << (position & 7);
        }
        const e = indexW.reserve(INDEX_ENTRY);
        copy(indexW.buffer, e, b, o + REC_KEY, INDEX_KEY_BYTES);
        putU32(indexW.buffer, e + INDEX_KEY_BYTES, position);
        if (sparse) {
          const q = o + REC_BAL + 16 * k + 12;
          const len = (b[q]! << 8) | b[q + 1]!;
          putU32(placed, 0, position);
          copy(placed, 4, b, o + REC_LEAF, 32);
          copy(placed, 36, b, o + REC_BAL, 16 * k);
          copy(placed, 36 + 16 * k, b, q, 2 + len);
          posSorter!.add(placed, 0, 38 + 16 * k + len);
        } else {
          writeUid(b, o);
          await feeder.push(position, b, o + REC_LEAF, o + REC_BAL, k);
        }
        rank++;
        if ((rank & 0xffff) === 0) opts.onProgress?.('place', rank, n);
      }
    } finally {
      cursor.close();
    }
    if (posSorter) {
      cursor = posSorter.finish();
      try {
        while (cursor.next()) {
          const b = cursor.buf;
          const o = cursor.off;
          const q = o + 36 + 16 * k;
          const len = (b[q]! << 8) | b[q + 1]!;
          uidsW.write(b, q, q + 2 + len);
          await feeder.push(getU32(b, o), b, o + 4, o + 36, k);
        }
      } finally {
        cursor.close();
      }
    }
    await feeder.finish();
    timings.placeReduce = performance.now() - t1;

    // the top: segment roots → root
    const t2 = performance.now();
    const top = feeder.roots();
    const red = main.reduce(top.records, top.count, S, height - S);
    let off = 0;
    red.counts.forEach((c, j) => {
      const l = S + j;
      levelW[l]!.write(red.records, off, off + c * ns);
      written[l] = written[l]! + c;
      off += c * ns;
    });
    const rootAt = off - ns;
    const rootHash = red.records.slice(rootAt + NODE_HASH, rootAt + NODE_HASH + 32);
    const totals: bigint[] = [];
    for (let a = 0; a < k; a++) {
      let v = 0n;
      for (let i = 0; i < 16; i++)
        v = (v << 8n) | BigInt(red.records[rootAt + NODE_SUMS + 16 * a + i]!);
      totals.push(v);
    }
    for (const w of writers) w.close();
    writers.length = 0;
    rmSync(join(tmp, 'runs'), { recursive: true, force: true });
    const root = makeRootFile({
      round: opts.round,
      assets: opts.assets,
      placement,
      height,
      rootHash,
      totals,
    });
    const meta: StoreMeta = {
      version: STORE_VERSION,
      users: n,
      levels: written,
      keyCheck: keyCheck(roundKey),
    };
    writeFileAtomic(join(tmp, 'store.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
    writeFileAtomic(join(tmp, 'root.json'), `${JSON.stringify(root, null, 2)}\n`);
    replaceDir(tmp, out);
    timings.top = performance.now() - t2;
    timings.total = performance.now() - t0;
    return { root, users: n, dir: out, timings, runs };
  } catch (e) {
    for (const w of writers) w.abort();
    rmSync(tmp, { recursive: true, force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    throw e;
  } finally {
    if (fd! >= 0) closeSync(fd!);
    await pool?.close();
  }
}

/** Levels per worker segment: dense 2^S leaves; sparse about 4096 leaves per segment. */
export function segmentLevels(placement: Placement, n: number, height: number, k: number): number {
  const ns = nodeSize(k);
  // keep a segment's nodes within ~16 MiB
  let s = Math.max(1, Math.floor(Math.log2((16 << 20) / (2 * ns))));
  s = Math.min(s, 14);
  if (placement === 'sparse') {
    const perLeaf = n / 2 ** height; // expected leaves per position
    s = Math.max(1, Math.ceil(Math.log2(4096 / Math.max(perLeaf, 2 ** -40))));
  }
  return Math.max(1, Math.min(height, s));
}

/** Move the finished temp dir into place, replacing a previous store atomically enough. */
function replaceDir(tmp: string, out: string): void {
  fsyncDir(tmp);
  if (existsSync(out)) {
    const old = `${tmp}.old`;
    renameSync(out, old);
    renameSync(tmp, out);
    rmSync(old, { recursive: true, force: true });
  } else renameSync(tmp, out);
  fsyncDir(dirname(out));
}

function equal32(b: Uint8Array, o: number, k: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (b[o + i] !== k[i]) return false;
  return true;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * Cuts leaves (ascending position) into aligned segments of 2^S positions, has the pool reduce
 * each to its root, and appends the node records of levels 0 … S−1 to the level files in order,
 * turning segment-local parent ranks into global ones.
 */
class SegmentFeeder {
  private readonly pool: TaskPool;
  private readonly ns: number;
  private readonly S: number;
  private readonly levelW: FileWriter[];
  private readonly written: number[];
  private readonly maxInflight: number;
  private cur: Uint8Array;
  private count = 0;
  private seg = -1;
  private readonly queue: { seg: number; p: Promise<import('./tasks.js').ReduceResult> }[] = [];
  private top: Uint8Array;
  private topCount = 0;

  constructor(
    pool: TaskPool,
    ns: number,
    S: number,
    levelW: FileWriter[],
    written: number[],
    maxInflight: number
  ) {
    this.pool = pool;
    this.ns = ns;
    this.S = S;
    this.levelW = levelW;
    this.written = written;
    this.maxInflight = maxInflight;
    this.cur = new Uint8Array(Math.min(2 ** S, 4096) * ns);
    this.top = new Uint8Array(64 * ns);
  }

  async push(
    position: number,
    b: Uint8Array,
    hashAt: number,
    sumsAt: number,
    k: number
  ): Promise<void> {
    const seg = Math.floor(position / 2 ** this.S);
    if (seg !== this.seg) {
      await this.dispatch();
      this.seg = seg;
    }
    const ns = this.ns;
    if ((this.count + 1) * ns > this.cur.length) {
      const bigger = new Uint8Array(this.cur.length * 2);
      bigger.set(this.cur);
      this.cur = bigger;
    }
    const o = this.count * ns;
    const c = this.cur;
    putU32(c, o + NODE_INDEX, position);
    putU32(c, o + NODE_PARENT, 0);
    copy(c, o + NODE_HASH, b, hashAt, 32);
    copy(c, o + NODE_SUMS, b, sumsAt, 16 * k);
    this.count++;
  }

  private async dispatch(): Promise<void> {
    if (this.count === 0) return;
    const records = this.cur.slice(0, this.count * this.ns);
    this.queue.push({ seg: this.seg, p: this.pool.reduce(records, this.count, 0, this.S) });
    this.count = 0;
    while (this.queue.length >= this.maxInflight) await this.drainOne();
  }

  private async drainOne(): Promise<void> {
    const { seg, p } = this.queue.shift()!;
    const r = await p;
    const { ns, S } = this;
    let off = 0;
    for (let j = 0; j < S; j++) {
      const c = r.counts[j]!;
      // parents of level S − 1 are segment roots, written to level S in segment order later
      // (by the top reduction): this segment's root will have rank topCount there
      const base = j === S - 1 ? this.topCount : this.written[j + 1]!;
      for (let t = 0; t < c; t++) {
        const at = off + t * ns + NODE_PARENT;
        putU32(r.records, at, getU32(r.records, at) + base);
      }
      this.levelW[j]!.write(r.records, off, off + c * ns);
      this.written[j] = this.written[j]! + c;
      off += c * ns;
    }
    // the segment root (level S) waits for the top reduction
    if ((this.topCount + 1) * ns > this.top.length) {
      const bigger = new Uint8Array(this.top.length * 2);
      bigger.set(this.top);
      this.top = bigger;
    }
    this.top.set(r.records.subarray(off, off + ns), this.topCount * ns);
    putU32(this.top, this.topCount * ns + NODE_INDEX, seg);
    this.topCount++;
  }

  async finish(): Promise<void> {
    await this.dispatch();
    while (this.queue.length > 0) await this.drainOne();
  }

  roots(): { records: Uint8Array; count: number } {
    return { records: this.top.slice(0, this.topCount * this.ns), count: this.topCount };
  }
}
