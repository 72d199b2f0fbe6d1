/**
 * A plain-JavaScript SHA-256 compression function (FIPS 180-4 §6.2.2) for the batch hashing
 * kernel of the streaming builder. It works on 32-bit words in typed arrays with no allocation,
 * so a batch of short messages from a cached midstate costs one call per block and no objects.
 * @module
 */

/** The SHA-256 initial hash value H(0) (FIPS 180-4 §5.3.3). */
export const IV: Int32Array = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** The round constants K (FIPS 180-4 §4.2.2). */
export const K: Int32Array = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const W = new Int32Array(64);

/**
 * Compress one 64-byte block `m[off … off+64)` into the 8-word state `st[so … so+8)`.
 */
export function compress(st: Int32Array, so: number, m: Uint8Array, off: number): void {
  for (let t = 0; t < 16; t++) {
    const o = off + 4 * t;
    W[t] = (m[o]! << 24) | (m[o + 1]! << 16) | (m[o + 2]! << 8) | m[o + 3]!;
  }
  for (let t = 16; t < 64; t++) {
    const a = W[t - 15]!;
    const b = W[t - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = st[so]!;
  let b = st[so + 1]!;
  let c = st[so + 2]!;
  let d = st[so + 3]!;
  let e = st[so + 4]!;
  let f = st[so + 5]!;
  let g = st[so + 6]!;
  let h = st[so + 7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  st[so] = (st[so]! + a) | 0;
  st[so + 1] = (st[so + 1]! + b) | 0;
  st[so + 2] = (st[so + 2]! + c) | 0;
  st[so + 3] = (st[so + 3]! + d) | 0;
  st[so + 4] = (st[so + 4]! + e) | 0;
  st[so + 5] = (st[so + 5]! + f) | 0;
  st[so + 6] = (st[so + 6]! + g) | 0;
  st[so + 7] = (st[so + 7]! + h) | 0;
}
