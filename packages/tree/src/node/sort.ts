/**
 * External sort of variable-length records by a leading byte key, in bounded memory: records
 * collect in a fixed chunk; a full chunk is radix-sorted on its first 32 key bits (ties by full
 * key comparison) and spilled to a run file; at the end the runs are merged k-way. When
 * everything fits in one chunk nothing is written at all.
 * @module
 */
import { join } from 'node:path';
import { copy, getU32 } from './derive.js';
import { FileReader, FileWriter } from './files.js';

/** How to read one record. */
export interface RecordFormat {
  /** Bytes of the sort key at the start of a record (≥ 4). */
  readonly keyBytes: number;
  /** Length of the record at `b[o …]` (may read its header only). */
  length(b: Uint8Array, o: number): number;
  /** Bytes needed to know a record's length. */
  readonly headerBytes: number;
}

/** A pull cursor over records in key order. After `next()` returns true, the record is at `buf[off … off+len)`. */
export interface RecordCursor {
  buf: Uint8Array;
  off: number;
  len: number;
  next(): boolean;
  close(): void;
}

function compareKey(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const d = a[ao + i]! - b[bo + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Sort record offsets of `buf` (count n) by their first `keyBytes` bytes; returns the order as
 * record numbers. Radix sort on the 32 key bits from byte `keyStart` (use 1 when every record
 * shares its first byte), then the full key for ties.
 */
export function sortOffsets(
  buf: Uint8Array,
  offs: Uint32Array,
  n: number,
  keyBytes: number,
  keyStart = 0
): Uint32Array {
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = getU32(buf, offs[i]! + keyStart);
  // LSD radix sort on the 32-bit key prefix: 16-bit digits for big inputs, 8-bit digits for
  // small ones (so a small bucket does not pay for clearing 65536 counters)
  const bits = n >= 1 << 16 ? 16 : 8;
  const radix = 1 << bits;
  const mask = radix - 1;
  let a = new Uint32Array(n);
  let b = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  const count = new Uint32Array(radix);
  for (let shift = 0; shift < 32; shift += bits) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[a[i]!]! >>> shift) & mask]!++;
    let sum = 0;
    for (let v = 0; v < radix; v++) {
      const c = count[v]!;
      count[v] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const r = a[i]!;
      b[count[(keys[r]! >>> shift) & mask]!++] = r;
    }
    [a, b] = [b, a];
  }
  // ties on the prefix: insertion sort by the full key
  if (keyBytes > 4)
    for (let i = 1; i < n; i++) {
      if (keys[a[i]!] !== keys[a[i - 1]!]) continue;
      let j = i;
      while (j > 0 && keys[a[j]!] === keys[a[j - 1]!]) {
        const x = a[j]!;
        const y = a[j - 1]!;
        if (compareKey(buf, offs[y]!, buf, offs[x]!, keyBytes) <= 0) break;
        a[j] = y;
        a[j - 1] = x;
        j--;
      }
    }
  return a;
}

/** Collects records and yields them sorted. */
export class ExternalSorter {
  private readonly fmt: RecordFormat;
  private readonly dir: string;
  private readonly name: string;
  private chunk: Uint8Array;
  private used = 0;
  private offs: Uint32Array;
  private n = 0;
  private readonly runs: string[] = [];
  /** Records added. */
  total = 0;

  constructor(fmt: RecordFormat, dir: string, name: string, chunkBytes: number) {
    this.fmt = fmt;
    this.dir = dir;
    this.name = name;
    this.chunk = new Uint8Array(chunkBytes);
    this.offs = new Uint32Array(1 << 16);
  }

  /** Add every record of `b[s … e)`. */
  addAll(b: Uint8Array, s = 0, e = b.length): void {
    let p = s;
    while (p < e) {
      const len = this.fmt.length(b, p);
      this.add(b, p, len);
      p += len;
    }
  }

  /** Add one record `b[o … o+len)`. */
  add(b: Uint8Array, o: number, len: number): void {
    if (this.used + len > this.chunk.length) {
      if (this.n === 0) this.chunk = new Uint8Array(len * 2);
      else this.spill();
    }
    if (this.n === this.offs.length) {
      const g = new Uint32Array(this.offs.length * 2);
      g.set(this.offs);
      this.offs = g;
    }
    copy(this.chunk, this.used, b, o, len);
    this.offs[this.n++] = this.used;
    this.used += len;
    this.total++;
  }

  private spill(): void {
    const order = sortOffsets(this.chunk, this.offs, this.n, this.fmt.keyBytes);
    const path = join(this.dir, `${this.name}-${this.runs.length}.run`);
    const w = new FileWriter(path, 1 << 22);
    for (let i = 0; i < this.n; i++) {
      const o = this.offs[order[i]!]!;
      w.write(this.chunk, o, o + this.fmt.length(this.chunk, o));
    }
    w.close(false);
    this.runs.push(path);
    this.used = 0;
    this.n = 0;
  }

  /** Number of run files written so far. */
  get runCount(): number {
    return this.runs.length;
  }

  /** All records in key order. The sorter must not be used afterwards. */
  finish(): RecordCursor {
    if (this.runs.length === 0) {
      const order = sortOffsets(this.chunk, this.offs, this.n, this.fmt.keyBytes);
      const { chunk, offs, n, fmt } = this;
      let i = -1;
      const cur: RecordCursor = {
        buf: chunk,
        off: 0,
        len: 0,
        next() {
          if (++i >= n) return false;
          cur.off = offs[order[i]!]!;
          cur.len = fmt.length(chunk, cur.off);
          return true;
        },
        close() {},
      };
      return cur;
    }
    if (this.n > 0) this.spill();
    this.chunk = new Uint8Array(0);
    return new MergeCursor(this.runs, this.fmt);
  }
}

/** k-way merge of sorted run files (a binary heap on the key). */
class MergeCursor implements RecordCursor {
  buf: Uint8Array = new Uint8Array(0);
  off = 0;
  len = 0;
  private readonly readers: FileReader[];
  private readonly heap: number[] = [];
  private readonly fmt: RecordFormat;
  private last = -1;

  constructor(paths: string[], fmt: RecordFormat) {
    this.fmt = fmt;
    const per = Math.max(1 << 18, Math.floor((64 << 20) / paths.length));
    this.readers = paths.map((p) => new FileReader(p, per));
    for (let r = 0; r < this.readers.length; r++) if (this.load(r)) this.push(r);
  }

  /** Make reader r's next record available; false at its end. */
  private load(r: number): boolean {
    const rd = this.readers[r]!;
    if (!rd.ensure(this.fmt.headerBytes)) return false;
    const len = this.fmt.length(rd.buf, rd.pos);
    if (!rd.ensure(len)) throw new Error('truncated run file');
    return true;
  }

  private less(x: number, y: number): boolean {
    const a = this.readers[x]!;
    const b = this.readers[y]!;
    const c = compareKey(a.buf, a.pos, b.buf, b.pos, this.fmt.keyBytes);
    return c < 0 || (c === 0 && x < y);
  }

  private push(r: number): void {
    const h = this.heap;
    h.push(r);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private siftDown(): void {
    const h = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }

  next(): boolean {
    if (this.last >= 0) {
      // consume the record returned last time, then reload that reader
      const rd = this.readers[this.last]!;
      rd.pos += this.len;
      if (this.load(this.last)) this.siftDown();
      else {
        const h = this.heap;
        h[0] = h[h.length - 1]!;
        h.pop();
        if (h.length > 0) this.siftDown();
      }
      this.last = -1;
    }
    if (this.heap.length === 0) return false;
    const r = this.heap[0]!;
    const rd = this.readers[r]!;
    this.buf = rd.buf;
    this.off = rd.pos;
    this.len = this.fmt.length(rd.buf, rd.pos);
    this.last = r;
    return true;
  }

  close(): void {
    for (const r of this.readers) r.close();
  }
}
