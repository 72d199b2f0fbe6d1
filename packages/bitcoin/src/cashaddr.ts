/**
 * CashAddr, Bitcoin Cash's address format (spec: bitcoincashorg/bitcoincash.org
 * `spec/cashaddr.md`, version 1.1). `prefix ":" base32(typeByte ‖ hash ‖ checksum)`, where the
 * 40-bit checksum is the BCH code `PolyMod(lower5(prefix) ‖ 0 ‖ data5 ‖ 0^8) ^ 1` over GF(2^5)
 * with generators 0x98f2bc8e61, 0x79b76d99e2, 0xf33e5fb3c4, 0xae2eabe2a8, 0x1e4f43e470.
 * Type byte: bit 7 reserved (0), bits 6…3 the type (0 = P2PKH, 1 = P2SH), bits 2…0 the hash
 * size (0 = 160 … 7 = 512 bits). Upper or lower case, never mixed.
 * @module
 */

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
const SIZES = [20, 24, 28, 32, 40, 48, 56, 64];

/** The CashAddr checksum polynomial (spec §Checksum), on 5-bit values. */
export function cashPolymod(values: readonly number[]): bigint {
  let c = 1n;
  for (const d of values) {
    const c0 = Number(c >> 35n);
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(d);
    for (let i = 0; i < 5; i++) if ((c0 >> i) & 1) c ^= GEN[i]!;
  }
  return c ^ 1n;
}

function prefixValues(prefix: string): number[] {
  return [...prefix].map((ch) => ch.charCodeAt(0) & 31);
}

function toWords(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 31);
  return out;
}

function fromWords(words: readonly number[]): Uint8Array | undefined {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const w of words) {
    acc = ((acc << 5) | w) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  // padding: fewer than 5 bits, all zero
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return Uint8Array.from(out);
}

/** A decoded CashAddr payload. */
export interface CashAddress {
  readonly prefix: string;
  /** Type bits (0 = P2PKH, 1 = P2SH; others undefined by the spec). */
  readonly type: number;
  readonly hash: Uint8Array;
}

/** Encode `hash` (20, 24, 28, 32, 40, 48, 56 or 64 bytes) of `type` under `prefix`. Throws on bad arguments. */
export function encodeCashAddress(prefix: string, type: number, hash: Uint8Array): string {
  if (!/^[a-z][a-z0-9]*$/.test(prefix))
    throw new RangeError(`"prefix": "${prefix}" is not lower-case`);
  if (!Number.isInteger(type) || type < 0 || type > 15)
    throw new RangeError(`"type": ${type} is not 0 … 15`);
  const size = SIZES.indexOf(hash.length);
  if (size < 0) throw new RangeError(`"hash": ${hash.length} bytes is not a CashAddr hash size`);
  const payload = toWords(Uint8Array.of((type << 3) | size, ...hash));
  const mod = cashPolymod([...prefixValues(prefix), 0, ...payload, 0, 0, 0, 0, 0, 0, 0, 0]);
  const sum = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Number((mod >> BigInt(5 * (7 - i))) & 31n));
  return `${prefix}:${[...payload, ...sum].map((w) => CHARSET[w]).join('')}`;
}

/**
 * Decode a CashAddr with its prefix. Returns a reason string when the text is not a valid
 * CashAddr: mixed case, unknown character, bad checksum, reserved bit set, or a hash whose length
 * differs from the size bits. Never throws.
 */
export function decodeCashAddress(text: string): CashAddress | string {
  if (typeof text !== 'string' || text.length > 250) return 'not a CashAddr string';
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) return 'mixed upper and lower case';
  const colon = lower.lastIndexOf(':');
  if (colon <= 0) return 'no "prefix:" (Kura requires the network prefix)';
  const prefix = lower.slice(0, colon);
  if (!/^[a-z0-9]+$/.test(prefix)) return `bad prefix "${prefix}"`;
  const words: number[] = [];
  for (const ch of lower.slice(colon + 1)) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return `character "${ch}" is not in the CashAddr alphabet`;
    words.push(v);
  }
  if (words.length < 8) return 'too short';
  if (cashPolymod([...prefixValues(prefix), 0, ...words]) !== 0n) return 'bad checksum';
  const bytes = fromWords(words.slice(0, -8));
  if (!bytes || bytes.length === 0) return 'bad padding';
  const version = bytes[0]!;
  if (version & 0x80) return 'reserved bit of the type byte is set';
  const hash = bytes.slice(1);
  if (hash.length !== SIZES[version & 7])
    return `hash of ${hash.length} bytes, but the size bits say ${SIZES[version & 7]}`;
  return { prefix, type: version >> 3, hash };
}

/** Whether the checksum of `prefix:payload` is valid (the spec's checksum-only vectors). */
export function cashChecksumValid(text: string): boolean {
  const lower = text.toLowerCase();
  const colon = lower.lastIndexOf(':');
  if (colon <= 0) return false;
  const words = [...lower.slice(colon + 1)].map((c) => CHARSET.indexOf(c));
  if (words.some((w) => w < 0)) return false;
  return cashPolymod([...prefixValues(lower.slice(0, colon)), 0, ...words]) === 0n;
}
