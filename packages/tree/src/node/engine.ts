/**
 * The batch SHA-256 engine of the streaming builder: many pre-padded messages of the same
 * block count, hashed from one cached midstate, inputs and outputs inside one arena. One call
 * hashes a whole batch, so there is no per-hash call overhead and no allocation.
 *
 * Every protocol hash is a tagged hash or an HMAC whose first 64-byte block is fixed (the tag
 * prefix `H(tag) ‖ H(tag)`, or the HMAC key block `K ⊕ ipad` / `K ⊕ opad`), so each message is
 * hashed from that block's midstate: the engine stores midstates in numbered slots.
 * @module
 */
import { compress, IV } from './sha256-js.js';

/** Hash many pre-padded messages from a midstate. */
export interface DigestEngine {
  /** The arena: messages and outputs live here. Its size never changes. */
  readonly mem: Uint8Array;
  /** Slot `slot` := the state after compressing the 64-byte block `block` from the IV. */
  setMidstate(slot: number, block: Uint8Array): void;
  /**
   * For i in 0 … n−1: hash the `blocks`·64-byte padded message at `msg + i·msgStride` from the
   * midstate in `slot` and write the 32-byte digest at `out + i·outStride`. A digest is stored
   * only after its whole message has been read, so it may overwrite its own message (the
   * deriver relies on this); it must not overlap any other message of the call.
   */
  digest(
    slot: number,
    msg: number,
    msgStride: number,
    blocks: number,
    n: number,
    out: number,
    outStride: number
  ): void;
}

/** The SHA-256 state after the one 64-byte `block` (a midstate every engine stores). */
export function midstate(block: Uint8Array): Int32Array {
  if (block.length !== 64) throw new RangeError('"block" expected 64 bytes');
  const s = Int32Array.from(IV);
  compress(s, 0, block, 0);
  return s;
}

/** Number of midstate slots every engine provides. */
export const MIDSTATE_SLOTS = 16;

/** The plain-JavaScript engine. */
export class JsDigestEngine implements DigestEngine {
  readonly mem: Uint8Array;
  private readonly mids = new Int32Array(8 * MIDSTATE_SLOTS);
  private readonly st = new Int32Array(8);
  constructor(bytes: number) {
    this.mem = new Uint8Array(bytes);
  }
  setMidstate(slot: number, block: Uint8Array): void {
    this.mids.set(midstate(block), 8 * slot);
  }
  digest(
    slot: number,
    msg: number,
    msgStride: number,
    blocks: number,
    n: number,
    out: number,
    outStride: number
  ): void {
    const { mem, st, mids } = this;
    const ms = 8 * slot;
    for (let i = 0; i < n; i++) {
      for (let w = 0; w < 8; w++) st[w] = mids[ms + w]!;
      const m = msg + i * msgStride;
      for (let b = 0; b < blocks; b++) compress(st, 0, mem, m + 64 * b);
      const o = out + i * outStride;
      for (let w = 0; w < 8; w++) {
        const v = st[w]!;
        mem[o + 4 * w] = v >>> 24;
        mem[o + 4 * w + 1] = v >>> 16;
        mem[o + 4 * w + 2] = v >>> 8;
        mem[o + 4 * w + 3] = v;
      }
    }
  }
}

/** Blocks of a message of `len` bytes hashed after one 64-byte prefix block (SHA-256 padding). */
export function paddedBlocks(len: number): number {
  return Math.ceil((len + 9) / 64);
}

/**
 * Write SHA-256 padding for a message of `len` bytes at `mem[off …]` that follows a 64-byte
 * prefix block: 0x80, zeros, then the total bit length (64 + len)·8 as u64 big-endian in the
 * last 8 bytes of the last block. The data bytes themselves are left alone.
 */
export function writePadding(mem: Uint8Array, off: number, len: number): void {
  const blocks = paddedBlocks(len);
  const end = off + 64 * blocks;
  mem.fill(0, off + len, end);
  mem[off + len] = 0x80;
  const bits = (64 + len) * 8;
  // bits < 2^53: split into two 32-bit halves
  const hi = Math.floor(bits / 4294967296);
  const lo = bits >>> 0;
  mem[end - 8] = hi >>> 24;
  mem[end - 7] = hi >>> 16;
  mem[end - 6] = hi >>> 8;
  mem[end - 5] = hi;
  mem[end - 4] = lo >>> 24;
  mem[end - 3] = lo >>> 16;
  mem[end - 2] = lo >>> 8;
  mem[end - 1] = lo;
}
