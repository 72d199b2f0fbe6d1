/**
 * RFC 4648 §4 base64, strict: the §10 test vectors both ways, canonical trailing bits, padding
 * required, no whitespace or URL alphabet; random bytes round-trip against Node's Buffer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('RFC 4648 base64', () => {
  it('§10 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, enc] of vectors) {
      expect(bytesToBase64(utf8(plain))).toBe(enc);
      expect(base64ToBytes(enc)).toEqual(utf8(plain));
    }
  });
  it('refuses non-canonical trailing bits, missing padding, whitespace and the URL alphabet', () => {
    for (const bad of [
      'Zh==',
      'Zm9=',
      'Zg',
      'Zg=',
      'Zm9v\n',
      ' Zm9v',
      'Zm-v',
      'Zm_v',
      'Z===',
      '=Zg=',
    ])
      expect(() => base64ToBytes(bad, 'f'), bad).toThrow(/^f: /);
  });
  it('round-trips random bytes, equal to Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const s = bytesToBase64(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect(base64ToBytes(s)).toEqual(b);
      })
    );
  });
});
