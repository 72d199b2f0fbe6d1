/**
 * Buffered sequential file writers and readers (synchronous, fixed buffers) for the builder's
 * runs and the tree store.
 * @module
 */
import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

/** Appends bytes to a file through a fixed buffer. */
export class FileWriter {
  readonly path: string;
  private fd: number;
  private buf: Uint8Array;
  private len = 0;
  /** Bytes written so far (including buffered). */
  bytes = 0;
  constructor(path: string, bufBytes = 1 << 20) {
    this.path = path;
    this.fd = openSync(path, 'wx', 0o600);
    this.buf = new Uint8Array(bufBytes);
  }
  /** Reserve `n` contiguous bytes in the buffer; returns the offset to write them at. */
  reserve(n: number): number {
    if (this.len + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = new Uint8Array(n);
    }
    const o = this.len;
    this.len += n;
    this.bytes += n;
    return o;
  }
  /** Give back the last `n` reserved bytes (they were not used). */
  unreserve(n: number): void {
    this.len -= n;
    this.bytes -= n;
  }
  /** The buffer {@link reserve} offsets refer to (valid until the next reserve). */
  get buffer(): Uint8Array {
    return this.buf;
  }
  write(src: Uint8Array, s = 0, e = src.length): void {
    const n = e - s;
    if (n > this.buf.length) {
      this.flush();
      writeAll(this.fd, src.subarray(s, e));
      this.bytes += n;
      return;
    }
    const o = this.reserve(n);
    const buf = this.buf;
    if (n < 256) for (let i = 0; i < n; i++) buf[o + i] = src[s + i]!;
    else buf.set(src.subarray(s, e), o);
  }
  flush(): void {
    if (this.len > 0) writeAll(this.fd, this.buf.subarray(0, this.len));
    this.len = 0;
  }
  /** Flush, fsync and close. */
  close(sync = true): void {
    if (this.fd < 0) return;
    this.flush();
    if (sync) fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
  /** Close without flushing (on error paths). */
  abort(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = -1;
  }
}

function writeAll(fd: number, b: Uint8Array): void {
  let o = 0;
  while (o < b.length) o += writeSync(fd, b, o, b.length - o);
}

/** Reads a file sequentially; `ensure(n)` makes n bytes available at `buf[pos …]`. */
export class FileReader {
  buf: Uint8Array;
  pos = 0;
  end = 0;
  private fd: number;
  private eof = false;
  constructor(path: string, bufBytes = 1 << 22) {
    this.fd = openSync(path, 'r');
    this.buf = new Uint8Array(bufBytes);
  }
  /** True when at least `n` bytes are available at `pos` (false at end of file). */
  ensure(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    if (this.eof) return false;
    if (n > this.buf.length) {
      const b = new Uint8Array(Math.max(n, this.buf.length * 2));
      b.set(this.buf.subarray(this.pos, this.end));
      this.end -= this.pos;
      this.pos = 0;
      this.buf = b;
    } else if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.end);
      this.end -= this.pos;
      this.pos = 0;
    }
    while (this.end < n && !this.eof) {
      const r = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
      if (r === 0) this.eof = true;
      this.end += r;
    }
    return this.end - this.pos >= n;
  }
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
