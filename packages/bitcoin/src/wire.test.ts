/** Strict base64 (RFC 4648 §4) and CompactSize (canonical only). */
import { base64ToBytes, bytesToBase64 } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from './wire.js';

describe('base64', () => {
  it('round-trips and matches the platform encoder (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const s = bytesToBase64(b);
        return (
          s === Buffer.from(b).toString('base64') &&
          Buffer.from(base64ToBytes(s)).equals(Buffer.from(b))
        );
      })
    );
  });
  it('rejects missing padding, whitespace, URL alphabet and non-canonical trailing bits', () => {
    for (const s of ['AA', 'AA=', 'A===', ' AAAA', 'AA==\n', '-_==', 'AB==', 'AAB=', '===='])
      expect(() => base64ToBytes(s)).toThrow(/base64/);
    expect(base64ToBytes('AA==')).toEqual(Uint8Array.of(0));
  });
});

describe('CompactSize', () => {
  it('round-trips and rejects non-canonical encodings', () => {
    for (const n of [0, 0xfc, 0xfd, 0xffff, 0x10000, 0x1ffffff])
      expect(new ByteReader(new ByteWriter().varint(n).finish()).varint()).toBe(n);
    expect(() => new ByteReader(Uint8Array.of(0xfd, 0xfc, 0x00)).varint()).toThrow(/non-canonical/);
    expect(() => new ByteReader(Uint8Array.of(0xfe, 0xff, 0xff, 0x00, 0x00)).varint()).toThrow(
      /non-canonical/
    );
    expect(() => new ByteReader(Uint8Array.of(0xfe, 0x00, 0x00, 0x00, 0x04)).varint()).toThrow(
      /exceeds the limit/
    );
    expect(() => new ByteReader(Uint8Array.of(0xfd, 0x01)).varint()).toThrow(/truncated/);
  });
});
