/**
 * Multicall3 `aggregate3((address target, bool allowFailure, bytes callData)[])` calldata and
 * its `(bool success, bytes returnData)[]` result, ABI-encoded by hand (Solidity ABI spec: a
 * dynamic array of dynamic tuples is a length word, one offset word per element, then the
 * elements; `bytes` is an offset, a length word and the data padded to 32 bytes). A generic ABI
 * coder is orders of magnitude slower on arrays of thousands of calls.
 *
 * The decoder checks every offset and length against the reply (a lying or broken endpoint gets
 * a clear error, never an out-of-bounds read).
 * @module
 */
import { bytesToHex, hexToBytes } from '@kura/codec';

/** `aggregate3` selector: `keccak256("aggregate3((address,bool,bytes)[])")[0:4]`. */
export const AGGREGATE3_SELECTOR = '82ad56cb';

function wordHex(n: number): string {
  return n.toString(16).padStart(64, '0');
}

/** Encode `aggregate3(calls)` with `allowFailure = true` for every call; returns `0x…` calldata. */
export function encodeAggregate3(calls: readonly { target: string; data: string }[]): string {
  const n = calls.length;
  const parts: string[] = [AGGREGATE3_SELECTOR, wordHex(32), wordHex(n)];
  const tuples: string[] = [];
  let offset = n * 32;
  const offsets: string[] = [];
  for (const c of calls) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(c.target))
      throw new RangeError(`"target" is not an address: ${c.target}`);
    if (!/^0x([0-9a-fA-F]{2})*$/.test(c.data)) throw new RangeError('"data" is not 0x hex');
    const data = c.data.slice(2).toLowerCase();
    const len = data.length / 2;
    const padded = data.padEnd(Math.ceil(len / 32) * 64, '0');
    const t =
      c.target.slice(2).toLowerCase().padStart(64, '0') +
      wordHex(1) +
      wordHex(96) +
      wordHex(len) +
      padded;
    offsets.push(wordHex(offset));
    tuples.push(t);
    offset += t.length / 2;
  }
  return `0x${parts.join('')}${offsets.join('')}${tuples.join('')}`;
}

/** Decode the `(bool success, bytes returnData)[]` result of `aggregate3`. Throws on malformed data. */
export function decodeAggregate3(result: string): { success: boolean; returnData: string }[] {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(result)) throw new TypeError('aggregate3 result is not hex');
  const b = hexToBytes(result.slice(2).toLowerCase());
  const word = (at: number): number => {
    if (at < 0 || at + 32 > b.length) throw new TypeError('aggregate3 result is truncated');
    for (let i = at; i < at + 24; i++)
      if (b[i] !== 0) throw new TypeError('aggregate3 result has an out-of-range word');
    let v = 0;
    for (let i = at + 24; i < at + 32; i++) v = v * 256 + b[i]!;
    if (!Number.isSafeInteger(v)) throw new TypeError('aggregate3 result has an out-of-range word');
    return v;
  };
  const arr = word(0);
  const n = word(arr);
  const base = arr + 32;
  if (n > b.length / 32) throw new TypeError('aggregate3 result length is out of range');
  const out: { success: boolean; returnData: string }[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = base + word(base + 32 * i);
    const ok = word(t);
    if (ok > 1) throw new TypeError('aggregate3 result has a non-boolean success flag');
    const d = t + word(t + 32);
    const len = word(d);
    if (d + 32 + len > b.length) throw new TypeError('aggregate3 result data is truncated');
    out[i] = { success: ok === 1, returnData: `0x${bytesToHex(b.subarray(d + 32, d + 32 + len))}` };
  }
  return out;
}
