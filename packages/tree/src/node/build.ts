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
  writeSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { concatBytes, InputError } from '@kura/codec';
import { fsyncDir, writeFileAtomic } from '@kura/codec/node';
import { uidHash } from '../leaf.js';
import { builderHeight, type Placement, resolveHeight, sparseCandidate } from '../placement.js';
import { makeRootFile, type RootFile } from '../rootfile.js';
import { type Asset, deriveRoundKey, type MasterSecret, type Round, roundId } from '../round.js';
import { copy, getU32, putU32 } from './derive.js';
import { FileWriter } from './files.js';
import {
  detectFormat,
  type InputConfig,
  type InputFormat,
  jsonlConfig,
  MAX_ROW_BYTES,
  parseCsvHeader,
  rowErrorAt,
} from './input.js';
import {
  BUCKETS,
  INDEX_ENTRY,
  INDEX_KEY_BYTES,
  NODE_HASH,
  NODE_INDEX,
  NODE_PARENT,
  NODE_SUMS,
  nodeSize,
} from './layout.js';
import { createPool, type TaskPool } from './pool.js';
import { ExternalSorter } from './sort.js';
import { isTreeStore, keyCheck, levelFile, STORE_VERSION, type StoreMeta } from './store.js';
import {
  type DeriveResult,
  type LeafPlacement,
  type ReduceResult,
  type SortedBucket,
  TaskRunner,
} from './tasks.js';
import { isTreeStoreV2 } from './v2/store.js';

/** Options of {@link buildTreeStore}. */
export interface BuildStoreOptions {
  /** CSV or JSON Lines file. */
  readonly input: string;
  /** Default: from the file name (.csv, .jsonl, .ndjson), else sniffed. */
  readonly format?: InputFormat;
  readonly round: Round;
  readonly assets: readonly Asset[];
  /** 32 bytes, or a handle to them in a token. */
  readonly masterSecret: MasterSecret;
  /** The tree store directory to create (replaced atomically if it holds a previous store). */
  readonly out: string;
  readonly placement?: Placement;
  readonly height?: number;
  /** Worker threads (default: available parallelism; 0 = everything on this thread). */
  readonly workers?: number;
  /** Bytes of records kept in memory before spilling them to disk (default 256 MiB). */
  readonly sortMemory?: number;
  /** Bytes of input per worker task (default 1 MiB; tests use small chunks). */
  readonly chunkBytes?: number;
  /** Levels per worker segment (default: chosen from the tree size; tests use small values). */
  readonly segmentLevels?: number;
  /**
   * Stops the build: when it aborts, the temporary directory is removed at once (inside the
   * `abort()` call, so a caller may exit right after it) and the build rejects with the signal's
   * reason, having written nothing. The CLI aborts on SIGINT / SIGTERM and then exits 130 / 143;
   * the library never exits the process.
   */
  readonly signal?: AbortSignal;
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

/**
 * Build a tree store from an input file. Throws {@link InputError} for bad input; writes nothing
 * then. The steps (each a function below): 0 {@link checkPlacement}, {@link checkOutDir},
 * {@link openInput}, {@link readInputHead}; 1 {@link readAndDerive}; 2–4 {@link placeAndReduce};
 * 5 {@link reduceTop} and {@link publishStore}.
 */
export async function buildTreeStore(opts: BuildStoreOptions): Promise<BuildStoreResult> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const timings: Record<string, number> = {};
  /** Record wall and process CPU milliseconds of a phase. */
  let cLast = c0;
  const phase = (name: string, since: number) => {
    timings[name] = performance.now() - since;
    const c = process.cpuUsage();
    timings[`${name}Cpu`] = (c.user - cLast.user + c.system - cLast.system) / 1000;
    cLast = c;
  };
  const placement = checkPlacement(opts);
  const k = opts.assets.length;
  const rid = roundId(opts.round);
  const roundKey = deriveRoundKey(opts.masterSecret, rid);
  const out = checkOutDir(opts.out);
  const file = opts.input;
  const input: { fd: number; readonly size: number } = openInput(file);
  const parent = dirname(out);
  const createdParent = mkdirSync(parent, { recursive: true });
  removeStaleTemps(parent, basename(out));
  const tmp = join(
    parent,
    `.${basename(out)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`
  );
  let pool: TaskPool | undefined;
  const writers: FileWriter[] = [];
  const signal = opts.signal;
  const onAbort = () => rmSync(tmp, { recursive: true, force: true });
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    mkdirSync(tmp);
    mkdirSync(join(tmp, 'runs'));
    const chunkBytes = opts.chunkBytes ?? READ_CHUNK;
    const head = readInputHead(input.fd, input.size, file, chunkBytes, opts);
    const threads = opts.workers ?? availableParallelism();
    const init = { k, roundKey, sparse: placement === 'sparse', input: head.cfg };
    pool = createPool(init, threads);
    const run: BuildRun = {
      opts,
      file,
      k,
      roundKey,
      placement,
      tmp,
      pool,
      maxInflight: Math.max(2, 2 * threads + 1),
      sortMemory: opts.sortMemory ?? 256 << 20,
      writers,
    };

    // 1. parse + derive in workers; records come back grouped in 256 order-key buckets
    const derived = await readAndDerive(run, input, head, chunkBytes);
    closeSync(input.fd);
    input.fd = -1;
    phase('parseDerive', t0);
    const { n } = derived;
    if (n === 0) throw new InputError('empty input: no users', { file, line: derived.nextLine });
    if (n > 2 ** 32) throw new InputError('more than 2^32 users', { file });
    const height = builderHeight(placement, n, opts.height);

    // 2–4. sort each bucket (workers), place, and reduce segments (workers)
    const t1 = performance.now();
    const placed = await placeAndReduce(run, derived, height);
    phase('placeReduce', t1);

    // 5. the top: segment roots → root; the store moved into place
    const t2 = performance.now();
    const { rootHash, totals } = reduceTop(run, new TaskRunner(init), placed, height);
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
      levels: placed.written,
      keyCheck: keyCheck(roundKey),
    };
    // from here to the rename nothing yields to the event loop: an abort lands before or after
    signal?.throwIfAborted();
    publishStore(tmp, out, meta, root);
    phase('top', t2);
    timings.total = performance.now() - t0;
    const c = process.cpuUsage(c0);
    timings.totalCpu = (c.user + c.system) / 1000;
    return { root, users: n, dir: out, timings, runs: placed.runs };
  } catch (e) {
    for (const w of writers) w.abort();
    rmSync(tmp, { recursive: true, force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    // aborted: whatever failed after the temporary directory vanished, the cause is the abort
    throw signal?.aborted ? signal.reason : e;
  } finally {
    if (input.fd >= 0) closeSync(input.fd);
    await pool?.close();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** What the steps of one build share. */
interface BuildRun {
  readonly opts: BuildStoreOptions;
  readonly file: string;
  /** Number of assets. */
  readonly k: number;
  readonly roundKey: Uint8Array;
  readonly placement: Placement;
  /** The temporary directory the store is written into. */
  readonly tmp: string;
  readonly pool: TaskPool;
  /** Worker tasks kept in flight. */
  readonly maxInflight: number;
  /** Bytes of records kept in memory before spilling them to disk. */
  readonly sortMemory: number;
  /** Open writers: aborted when the build fails. */
  readonly writers: FileWriter[];
}

/** What step 1 gives: the sort records by bucket, the line number base of each chunk, the users. */
interface Derived {
  readonly buckets: BucketStore;
  /** Line number before the first line of each input chunk (for error positions). */
  readonly lineBase: readonly number[];
  readonly n: number;
  /** Line number after the last row. */
  readonly nextLine: number;
}

/**
 * Step 1: read the input in chunks of whole lines (a line longer than {@link MAX_ROW_BYTES} is
 * refused), have the workers parse and derive each into sort records, grouped by order-key
 * bucket. A row error names the file and line.
 */
async function readAndDerive(
  run: BuildRun,
  input: { readonly fd: number; readonly size: number },
  head: InputHead,
  chunkBytes: number
): Promise<Derived> {
  const { file, pool, opts } = run;
  const { fd, size } = input;
  const buckets = new BucketStore(join(run.tmp, 'runs'), run.sortMemory);
  const lineBase: number[] = [];
  let nextLine = head.firstLine;
  let n = 0;
  const inflight: Promise<DeriveResult>[] = [];
  let chunkIndex = 0;
  let carry = head.head.subarray(head.dataStart, head.headLen);
  let readPos = head.filePos;
  let done = false;
  const take = async () => {
    const r = await inflight.shift()!;
    const c = lineBase.length;
    lineBase.push(nextLine - 1);
    if (r.error) throw rowErrorAt(file, lineBase[c]!, r.error);
    nextLine += r.lines;
    n += r.rows;
    buckets.add(r.records, r.bucketEnds);
    opts.onProgress?.('read', Math.min(readPos, size), size);
  };
  while (!done) {
    // next chunk: the carry plus up to READ_CHUNK more bytes, cut after the last line break
    let buf = new Uint8Array(carry.length + chunkBytes);
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
      // a line longer than the buffer: grow — up to MAX_ROW_BYTES, beyond which no honest row goes
      if (len >= MAX_ROW_BYTES) {
        while (inflight.length > 0) await take(); // so nextLine is this line's number
        throw new InputError(
          `line longer than ${MAX_ROW_BYTES} bytes (the most a customer row may take)`,
          { file, line: nextLine }
        );
      }
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
    while (inflight.length >= run.maxInflight) await take();
  }
  while (inflight.length > 0) await take();
  return { buckets, lineBase, n, nextLine };
}

/** What steps 2–4 give: the segment roots (in the feeder), the level files and their counts. */
interface Placed {
  readonly feeder: LeafFeeder;
  /** Levels reduced by the workers (a segment spans 2^S positions). */
  readonly S: number;
  readonly levelW: readonly FileWriter[];
  /** Nodes written per level. */
  readonly written: number[];
  /** Sort runs spilled to disk. */
  readonly runs: number;
}

/**
 * Steps 2–4: sort each bucket (workers), reject a duplicate uid (naming both lines), assign
 * positions (dense: rank; sparse: first free candidate, then sorted again by position), write the
 * index and uid files, and feed the leaves in position order to the workers reducing segments.
 */
async function placeAndReduce(run: BuildRun, derived: Derived, height: number): Promise<Placed> {
  const { opts, file, k, tmp, pool, maxInflight, writers, roundKey } = run;
  const { buckets, lineBase, n } = derived;
  const ns = nodeSize(k);
  const S = Math.min(height, opts.segmentLevels ?? segmentLevels(run.placement, n, height, k));
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
  const sparse = run.placement === 'sparse';
  const feeder = new LeafFeeder(pool, k, S, levelW, written, uidsW, indexW, sparse, maxInflight);
  const taken = sparse ? new Uint8Array(Math.ceil(2 ** height / 8)) : undefined;
  const posSorter = sparse
    ? new ExternalSorter(
        {
          keyBytes: 4,
          headerBytes: 4 + ns + 2,
          length: (b, o) => 4 + ns + 2 + ((b[o + 4 + ns]! << 8) | b[o + 5 + ns]!),
        },
        join(tmp, 'runs'),
        'pos',
        run.sortMemory
      )
    : undefined;
  const placed = new Uint8Array(4 + ns + 2 + 1024);
  const sortQ: Promise<SortedBucket>[] = [];
  let nextBucket = 0;
  let rank = 0;
  const dec = new TextDecoder();
  for (let b = 0; b < BUCKETS; b++) {
    while (sortQ.length < maxInflight && nextBucket < BUCKETS) {
      const buf = buckets.take(nextBucket++);
      sortQ.push(buf.length > 0 ? pool.sortBucket(buf) : Promise.resolve(EMPTY_BUCKET));
    }
    const sb = await sortQ.shift()!;
    if (sb.duplicate) {
      const la = lineBase[sb.duplicate.a.chunk]! + sb.duplicate.a.line;
      const lb = lineBase[sb.duplicate.b.chunk]! + sb.duplicate.b.line;
      throw new InputError(
        `duplicate uid "${clip(sb.duplicate.uid)}" (also on line ${Math.min(la, lb)})`,
        {
          file,
          line: Math.max(la, lb),
          column: 1,
          field: 'uid',
        }
      );
    }
    if (!sparse) {
      await feeder.addSorted(sb, rank);
      rank += sb.count;
      continue;
    }
    for (let i = 0; i < sb.count; i++) {
      const key = i * INDEX_ENTRY;
      const cand = getU32(sb.keys, key + INDEX_KEY_BYTES);
      let position = height === 32 ? cand : cand >>> (32 - height);
      const u = sb.uidOff[i]!;
      const ulen = sb.uidOff[i + 1]! - u;
      for (let j = 1; taken![position >>> 3]! & (1 << (position & 7)); j++)
        position = sparseCandidate(
          roundKey,
          uidHash(dec.decode(sb.uids.subarray(u + 2, u + ulen))),
          j,
          height
        );
      taken![position >>> 3]! |= 1 << (position & 7);
      const e = indexW.reserve(INDEX_ENTRY);
      copy(indexW.buffer, e, sb.keys, key, INDEX_KEY_BYTES);
      putU32(indexW.buffer, e + INDEX_KEY_BYTES, position);
      putU32(placed, 0, position);
      copy(placed, 4, sb.nodes, i * ns, ns);
      copy(placed, 4 + ns, sb.uids, u, ulen);
      posSorter!.add(placed, 0, 4 + ns + ulen);
    }
    rank += sb.count;
    opts.onProgress?.('place', rank, n);
  }
  const runs = buckets.spills + (posSorter?.runCount ?? 0);
  if (posSorter) {
    const cursor = posSorter.finish();
    try {
      while (cursor.next()) {
        const b = cursor.buf;
        const o = cursor.off;
        await feeder.addOne(getU32(b, o), b, o + 4, o + 4 + ns, cursor.len - 4 - ns);
      }
    } finally {
      cursor.close();
    }
  }
  await feeder.finish();
  return { feeder, S, levelW, written, runs };
}

/**
 * Step 5: reduce the segment roots to the root on this thread, writing the top levels; returns
 * the root's hash and per-asset sums.
 */
function reduceTop(
  run: BuildRun,
  main: TaskRunner,
  placed: Placed,
  height: number
): { rootHash: Uint8Array; totals: bigint[] } {
  const { k } = run;
  const { feeder, S, levelW, written } = placed;
  const ns = nodeSize(k);
  const top = feeder.roots();
  const red = main.reduce(top.records, top.count, S, height - S);
  let off = 0;
  red.counts.forEach((c, j) => {
    const l = S + j;
    levelW[l]!.write(red.records, off, off + c * ns);
    written[l] = written[l]! + c;
    off += c * ns;
  });
  return rootOf(red.records, off - ns, k);
}

/** Step 0a: the placement, and a height that fits it (or the input error naming the field). */
function checkPlacement(opts: BuildStoreOptions): Placement {
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
  return placement;
}

/** Step 0b: the absolute output path; refuses a file or a foreign non-empty directory. */
export function checkOutDir(outOpt: string): string {
  const out = resolve(outOpt);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory())
      throw new InputError('exists and is not a directory', { file: out });
    if (readdirSync(out).length > 0 && !isTreeStore(out) && !isTreeStoreV2(out))
      throw new InputError(
        'refusing to replace a non-empty directory that is not a Kura tree store',
        {
          file: out,
        }
      );
  }
  return out;
}

/** Step 0c: open the input file (a regular file) for reading. */
export function openInput(file: string): { fd: number; size: number } {
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
  const st = statSync(file);
  if (!st.isFile()) {
    closeSync(fd);
    throw new InputError(
      st.isDirectory() ? 'is a directory, expected a file' : 'not a regular file',
      {
        file,
      }
    );
  }
  return { fd, size: st.size };
}

/** What {@link readInputHead} read: the input's format and columns, and where the rows start. */
export interface InputHead {
  readonly cfg: InputConfig;
  /** The bytes read so far (`head[0 … headLen)`), at least the CSV header line. */
  readonly head: Uint8Array;
  readonly headLen: number;
  /** File offset after `head`. */
  readonly filePos: number;
  /** Offset in `head` of the first data row (after a BOM and the CSV header). */
  readonly dataStart: number;
  /** Line number of the first data row. */
  readonly firstLine: number;
}

/** Step 0d: read the head of the input: its format and, for CSV, the header line. */
export function readInputHead(
  fd: number,
  size: number,
  file: string,
  chunkBytes: number,
  opts: Pick<BuildStoreOptions, 'format' | 'assets'>
): InputHead {
  let head = new Uint8Array(Math.min(chunkBytes, Math.max(size, 1)));
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
  return { cfg, head, headLen, filePos, dataStart, firstLine };
}

/**
 * Remove temporary directories that builds of `<parent>/<base>` killed by SIGKILL (or a power
 * cut) left behind: `.<base>.tmp-<pid>-<random>` whose process no longer exists.
 */
export function removeStaleTemps(parent: string, base: string): void {
  const prefix = `.${base}.tmp-`;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) rmSync(join(parent, name), { recursive: true, force: true });
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

/** Step 5a: the root node's hash and per-asset sums, read from its record at `rootAt`. */
function rootOf(
  records: Uint8Array,
  rootAt: number,
  k: number
): { rootHash: Uint8Array; totals: bigint[] } {
  const rootHash = records.slice(rootAt + NODE_HASH, rootAt + NODE_HASH + 32);
  const totals: bigint[] = [];
  for (let a = 0; a < k; a++) {
    let v = 0n;
    for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(records[rootAt + NODE_SUMS + 16 * a + i]!);
    totals.push(v);
  }
  return { rootHash, totals };
}

/** Step 5b: write `store.json` and `root.json` into the temporary directory and move it into place. */
function publishStore(tmp: string, out: string, meta: StoreMeta, root: RootFile): void {
  writeFileAtomic(join(tmp, 'store.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
  writeFileAtomic(join(tmp, 'root.json'), `${JSON.stringify(root, null, 2)}\n`);
  replaceDir(tmp, out);
}

/** Move the finished temp dir into place, replacing a previous store atomically enough. */
export function replaceDir(tmp: string, out: string): void {
  fsyncDir(tmp);
  if (existsSync(out)) {
    const old = `${tmp}.old`;
    renameSync(out, old);
    renameSync(tmp, out);
    rmSync(old, { recursive: true, force: true });
  } else renameSync(tmp, out);
  fsyncDir(dirname(out));
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const EMPTY_BUCKET: SortedBucket = {
  nodes: new Uint8Array(0),
  keys: new Uint8Array(0),
  uids: new Uint8Array(0),
  uidOff: new Uint32Array(1),
  count: 0,
};

/**
 * Sort records grouped by order-key bucket: in memory up to a limit, then appended to one file
 * per bucket (one write per bucket per spill).
 */
class BucketStore {
  private readonly dir: string;
  private readonly limit: number;
  private readonly slices: Uint8Array[][] = Array.from({ length: BUCKETS }, () => []);
  private readonly onDisk = new Array<number>(BUCKETS).fill(0);
  private bytes = 0;
  /** Times the in-memory records were written out. */
  spills = 0;

  constructor(dir: string, limit: number) {
    this.dir = dir;
    this.limit = limit;
  }

  add(records: Uint8Array, ends: Uint32Array): void {
    let s = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const e = ends[b]!;
      if (e > s) this.slices[b]!.push(records.subarray(s, e));
      s = e;
    }
    this.bytes += records.length;
    if (this.bytes > this.limit) this.spill();
  }

  private path(b: number): string {
    return join(this.dir, `bucket-${b}.bin`);
  }

  private spill(): void {
    for (let b = 0; b < BUCKETS; b++) {
      const parts = this.slices[b]!;
      if (parts.length === 0) continue;
      const buf = parts.length === 1 ? parts[0]! : concatBytes(...parts);
      const fd = openSync(this.path(b), 'a', 0o600);
      try {
        let o = 0;
        while (o < buf.length) o += writeSync(fd, buf, o, buf.length - o);
      } finally {
        closeSync(fd);
      }
      this.onDisk[b] = this.onDisk[b]! + buf.length;
      this.slices[b] = [];
    }
    this.bytes = 0;
    this.spills++;
  }

  /** All records of bucket b (a fresh buffer); the bucket is emptied. */
  take(b: number): Uint8Array {
    const parts = this.slices[b]!;
    let mem = 0;
    for (const p of parts) mem += p.length;
    const disk = this.onDisk[b]!;
    const out = new Uint8Array(disk + mem);
    if (disk > 0) {
      const fd = openSync(this.path(b), 'r');
      try {
        let o = 0;
        while (o < disk) {
          const r = readSync(fd, out, o, disk - o, o);
          if (r === 0) throw new Error(`short bucket file ${this.path(b)}`);
          o += r;
        }
      } finally {
        closeSync(fd);
      }
      rmSync(this.path(b));
    }
    let o = disk;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    this.slices[b] = [];
    this.bytes -= mem;
    return out;
  }
}

/**
 * Cuts sorted leaves (ascending position) into aligned segments of 2^S positions, has the pool
 * reduce each to its root, and appends — in order — the node records of levels 0 … S−1 (local
 * parent ranks made global), the uids and, for dense trees, the index entries.
 */
class LeafFeeder {
  private readonly pool: TaskPool;
  private readonly ns: number;
  private readonly S: number;
  private readonly levelW: FileWriter[];
  private readonly written: number[];
  private readonly uidsW: FileWriter;
  private readonly indexW: FileWriter;
  private readonly sparse: boolean;
  private readonly maxInflight: number;
  private cur: Uint8Array;
  private keys: Uint8Array;
  private count = 0;
  private seg = -1;
  private positions: Uint32Array;
  private uidParts: Uint8Array[] = [];
  private uidBuf: Uint8Array = new Uint8Array(1 << 16);
  private uidLen = 0;
  private readonly queue: { seg: number; p: Promise<ReduceResult>; uids: Uint8Array[] }[] = [];
  private top: Uint8Array;
  private topCount = 0;

  constructor(
    pool: TaskPool,
    k: number,
    S: number,
    levelW: FileWriter[],
    written: number[],
    uidsW: FileWriter,
    indexW: FileWriter,
    sparse: boolean,
    maxInflight: number
  ) {
    this.pool = pool;
    this.ns = nodeSize(k);
    this.S = S;
    this.levelW = levelW;
    this.written = written;
    this.uidsW = uidsW;
    this.indexW = indexW;
    this.sparse = sparse;
    this.maxInflight = maxInflight;
    const cap = sparse ? 4096 : 2 ** S;
    this.cur = new Uint8Array(cap * this.ns);
    this.keys = new Uint8Array(sparse ? 0 : cap * INDEX_ENTRY);
    this.positions = new Uint32Array(sparse ? cap : 0);
    this.top = new Uint8Array(64 * this.ns);
  }

  /** Dense: a sorted bucket whose first leaf has rank (= position) `rank`. */
  async addSorted(sb: SortedBucket, rank: number): Promise<void> {
    const { ns } = this;
    const segSize = 2 ** this.S;
    let i = 0;
    while (i < sb.count) {
      const seg = Math.floor((rank + i) / segSize);
      if (seg !== this.seg) {
        await this.dispatch();
        this.seg = seg;
      }
      const m = Math.min(sb.count - i, segSize - this.count);
      this.cur.set(sb.nodes.subarray(i * ns, (i + m) * ns), this.count * ns);
      this.keys.set(
        sb.keys.subarray(i * INDEX_ENTRY, (i + m) * INDEX_ENTRY),
        this.count * INDEX_ENTRY
      );
      this.uidParts.push(sb.uids.subarray(sb.uidOff[i]!, sb.uidOff[i + m]!));
      this.count += m;
      i += m;
    }
  }

  /** Sparse: one leaf at `position` (node record at b[nodeAt …], uid record at b[uidAt …]). */
  async addOne(
    position: number,
    b: Uint8Array,
    nodeAt: number,
    uidAt: number,
    uidBytes: number
  ): Promise<void> {
    const seg = Math.floor(position / 2 ** this.S);
    if (seg !== this.seg) {
      await this.dispatch();
      this.seg = seg;
    }
    const { ns } = this;
    if (this.count === this.positions.length) {
      const bigger = new Uint8Array(this.cur.length * 2);
      bigger.set(this.cur);
      this.cur = bigger;
      const p = new Uint32Array(this.positions.length * 2);
      p.set(this.positions);
      this.positions = p;
    }
    copy(this.cur, this.count * ns, b, nodeAt, ns);
    this.positions[this.count] = position;
    if (this.uidLen + uidBytes > this.uidBuf.length) {
      const bigger = new Uint8Array(Math.max(this.uidBuf.length * 2, this.uidLen + uidBytes));
      bigger.set(this.uidBuf.subarray(0, this.uidLen));
      this.uidBuf = bigger;
    }
    copy(this.uidBuf, this.uidLen, b, uidAt, uidBytes);
    this.uidLen += uidBytes;
    this.count++;
  }

  private async dispatch(): Promise<void> {
    if (this.count === 0) return;
    const input = this.cur.slice(0, this.count * this.ns);
    let uids = this.uidParts;
    let leaves: LeafPlacement;
    if (this.sparse) {
      uids = [this.uidBuf.slice(0, this.uidLen)];
      this.uidLen = 0;
      leaves = { positions: this.positions.slice(0, this.count) };
    } else
      leaves = { base: this.seg * 2 ** this.S, keys: this.keys.slice(0, this.count * INDEX_ENTRY) };
    this.queue.push({
      seg: this.seg,
      p: this.pool.reduce(input, this.count, 0, this.S, leaves),
      uids,
    });
    this.uidParts = [];
    this.count = 0;
    while (this.queue.length >= this.maxInflight) await this.drainOne();
  }

  private async drainOne(): Promise<void> {
    const { seg, p, uids } = this.queue.shift()!;
    const r = await p;
    const { ns, S } = this;
    let off = 0;
    for (let j = 0; j < S; j++) {
      const c = r.counts[j]!;
      // level S (the segment roots) is written by the top reduction, one root per segment
      const base = j + 1 < S ? this.written[j + 1]! : this.topCount;
      for (let t = 0; t < c; t++) {
        const at = off + t * ns + NODE_PARENT;
        putU32(r.records, at, getU32(r.records, at) + base);
      }
      this.levelW[j]!.write(r.records, off, off + c * ns);
      this.written[j] = this.written[j]! + c;
      off += c * ns;
    }
    for (const u of uids) this.uidsW.write(u);
    if (r.index) this.indexW.write(r.index);
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
