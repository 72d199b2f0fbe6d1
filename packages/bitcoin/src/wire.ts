/**
 * Bitcoin wire encoding helpers: a bounds-checked reader and a writer for little-endian integers
 * and CompactSize ("varint") lengths, plus strict base64. Isomorphic (no `Buffer`).
 * @module
 */
import { bytesToHex, EncodingError } from '@kura/codec';

/** Reads a byte string front to back; every read is bounds-checked and names `field`. */
export class ByteReader {
  readonly bytes: Uint8Array;
  offset = 0;
  readonly field: string;
  constructor(bytes: Uint8Array, field = 'bytes') {
    this.bytes = bytes;
    this.field = field;
  }
  /** Bytes not yet read. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }
  private need(n: number): void {
    if (n < 0 || this.offset + n > this.bytes.length)
      throw new EncodingError(
        `truncated: need ${n} byte(s) at offset ${this.offset}, have ${this.remaining}`,
        this.field
      );
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }
  u16le(): number {
    this.need(2);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 2;
    return b[o]! | (b[o + 1]! << 8);
  }
  u32le(): number {
    this.need(4);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }
  u64le(): bigint {
    const lo = BigInt(this.u32le());
    const hi = BigInt(this.u32le());
    return (hi << 32n) | lo;
  }
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  /** CompactSize; rejects non-minimal encodings and values above `max`. */
  varint(max = 0x02000000): number {
    const first = this.u8();
    let v: number;
    if (first < 0xfd) v = first;
    else if (first === 0xfd) {
      v = this.u16le();
      if (v < 0xfd) throw new EncodingError('non-canonical CompactSize', this.field);
    } else if (first === 0xfe) {
      v = this.u32le();
      if (v < 0x10000) throw new EncodingError('non-canonical CompactSize', this.field);
    } else {
      const big = this.u64le();
      if (big < 0x100000000n) throw new EncodingError('non-canonical CompactSize', this.field);
      throw new EncodingError('CompactSize too large', this.field);
    }
    if (v > max) throw new EncodingError(`length ${v} exceeds the limit ${max}`, this.field);
    return v;
  }
  /** A CompactSize-prefixed byte string. */
  varBytes(max?: number): Uint8Array {
    return this.take(this.varint(max));
  }
  /** Throw unless every byte has been consumed. */
  end(): void {
    if (this.remaining !== 0)
      throw new EncodingError(`${this.remaining} trailing byte(s)`, this.field);
  }
}

/** Appends little-endian integers, CompactSizes and bytes. */
export class ByteWriter {
  private parts: Uint8Array[] = [];
  private n = 0;
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.n += b.length;
    return this;
  }
  u8(v: number): this {
    return this.bytes(Uint8Array.of(v & 0xff));
  }
  u32le(v: number): this {
    return this.bytes(
      Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
    );
  }
  u64le(v: bigint): this {
    const out = new Uint8Array(8);
    let x = v;
    for (let i = 0; i < 8; i++) {
      out[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    return this.bytes(out);
  }
  varint(v: number): this {
    if (v < 0xfd) return this.u8(v);
    if (v <= 0xffff) return this.bytes(Uint8Array.of(0xfd, v & 0xff, v >>> 8));
    return this.u8(0xfe).u32le(v);
  }
  varBytes(b: Uint8Array): this {
    return this.varint(b.length).bytes(b);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.n);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** CompactSize encoding of `n`. */
export function compactSize(n: number): Uint8Array {
  return new ByteWriter().varint(n).finish();
}

/** Reverse a byte string (txids and block hashes are displayed byte-reversed). */
export function reverse(b: Uint8Array): Uint8Array {
  return Uint8Array.from(b).reverse();
}

/** Display-order hex (byte-reversed) of an internal-order hash: txids and block hashes. */
export function displayHex(hash: Uint8Array): string {
  return bytesToHex(reverse(hash));
}
