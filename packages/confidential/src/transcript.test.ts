/**
 * The v2 transcript (SPEC.md §16.6): recomputed from its definition with node:crypto, and its
 * framing (no two message sequences collide, every challenge depends on everything before it).
 */
import { createHash } from 'node:crypto';
import { bytesToHex, concatBytes, u8, u32, utf8Raw } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { encodeScalar, leToBigint, ORDER } from './group.js';
import { Transcript } from './transcript.js';

const sha256 = (...p: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const x of p) h.update(x);
  return new Uint8Array(h.digest());
};
const th = (tag: string, ...m: Uint8Array[]) => {
  const t = sha256(utf8Raw(tag));
  return sha256(t, t, ...m);
};

describe('transcript', () => {
  it('matches its definition: s0, append, challenge (independent SHA-256/512)', () => {
    const t = new Transcript('kura/v2/test');
    let s = th('kura/v2/transcript', utf8Raw('kura/v2/test'));
    expect(bytesToHex(t.snapshot())).toBe(bytesToHex(s));
    const data = Uint8Array.of(1, 2, 3);
    t.append('xy', data);
    s = th('kura/v2/transcript/append', s, u8(2), utf8Raw('xy'), u32(3), data);
    expect(bytesToHex(t.snapshot())).toBe(bytesToHex(s));
    const c = t.challenge('c');
    const wide = createHash('sha512')
      .update(concatBytes(utf8Raw('kura/v2/transcript/challenge'), s, u8(1), utf8Raw('c')))
      .digest();
    expect(c).toBe(leToBigint(new Uint8Array(wide)) % ORDER);
    s = th('kura/v2/transcript/append', s, u8(1), utf8Raw('c'), u32(32), encodeScalar(c));
    expect(bytesToHex(t.snapshot())).toBe(bytesToHex(s));
  });
  it('label/data boundaries are framed: ("ab","c") ≠ ("a","bc")', () => {
    const a = new Transcript('d');
    a.append('ab', utf8Raw('c'));
    const b = new Transcript('d');
    b.append('a', utf8Raw('bc'));
    expect(a.challenge('x')).not.toBe(b.challenge('x'));
  });
  it('each challenge depends on the domain, every message and their order', () => {
    const run = (domain: string, msgs: [string, number][]) => {
      const t = new Transcript(domain);
      for (const [l, v] of msgs) t.append(l, u8(v));
      return t.challenge('c');
    };
    const base = run('d', [
      ['p', 1],
      ['q', 2],
    ]);
    expect(
      run('e', [
        ['p', 1],
        ['q', 2],
      ])
    ).not.toBe(base);
    expect(
      run('d', [
        ['q', 2],
        ['p', 1],
      ])
    ).not.toBe(base);
    expect(
      run('d', [
        ['p', 1],
        ['q', 3],
      ])
    ).not.toBe(base);
    expect(run('d', [['p', 1]])).not.toBe(base);
    expect(
      run('d', [
        ['p', 1],
        ['q', 2],
      ])
    ).toBe(base);
  });
  it('successive challenges differ (each is absorbed before the next)', () => {
    const t = new Transcript('d');
    expect(t.challenge('c')).not.toBe(t.challenge('c'));
  });
  it('labels must be 1 … 255 bytes', () => {
    const t = new Transcript('d');
    expect(() => t.append('', new Uint8Array())).toThrow(/"label"/);
    expect(() => t.append('x'.repeat(256), new Uint8Array())).toThrow(/"label"/);
  });
});
