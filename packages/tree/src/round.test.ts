import { readdirSync, readFileSync } from 'node:fs';
import { bytesToHex, concatBytes, hexToBytes, hmacSha256, utf8 } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { ownershipChallenge } from './challenge.js';
import { assetSetHash, deriveRoundKey, parseAssets, parseRound, roundId } from './round.js';

const dir = new URL('../../../circuits-free-spec/vectors/reference/', import.meta.url);

describe('kura-v1 reference vectors: round, assets, round key, challenge', () => {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    it(f, () => {
      const v = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
      const round = parseRound(v.round);
      const assets = parseAssets(v.assets);
      const rid = roundId(round);
      expect(bytesToHex(rid)).toBe(v.roundId);
      expect(bytesToHex(assetSetHash(assets))).toBe(v.assetSetHash);
      expect(bytesToHex(deriveRoundKey(hexToBytes(v.masterSecret), rid))).toBe(v.roundKey);
      expect(ownershipChallenge(round)).toBe(v.challenge);
    });
  }
});

describe('parseRound snapshotTime', () => {
  const r = (snapshotTime: string) => ({ exchange: 'x', period: 'p', snapshotTime });
  it('accepts real UTC instants, including 29 February of a leap year', () => {
    expect(parseRound(r('2028-02-29T00:00:00Z')).snapshotTime).toBe('2028-02-29T00:00:00Z');
    expect(parseRound(r('2026-11-30T15:00:00.123Z')).snapshotTime).toBe('2026-11-30T15:00:00.123Z');
  });
  it.each([
    '2026-02-30T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-12-31T23:59:60Z',
    '2026-11-30T15:00:00+09:00',
    '2026-11-30 15:00:00Z',
  ])('refuses %s', (t) => {
    expect(() => parseRound(r(t))).toThrow(/RFC 3339/);
  });
});

describe('deriveRoundKey with a master-secret handle (a secret kept in a token)', () => {
  it('asks the handle for HMAC over exactly utf8("kura/v1/round-key") ‖ roundId', () => {
    const secret = hexToBytes('11'.repeat(32));
    const rid = roundId({ exchange: 'x', period: 'p', snapshotTime: '2026-11-30T15:00:00Z' });
    const seen: Uint8Array[] = [];
    const handle = {
      hmacSha256: (m: Uint8Array) => {
        seen.push(m);
        return hmacSha256(secret, m);
      },
    };
    expect(deriveRoundKey(handle, rid)).toEqual(deriveRoundKey(secret, rid));
    expect(seen).toEqual([concatBytes(utf8('kura/v1/round-key'), rid)]);
  });
  it('refuses a handle that returns anything but 32 bytes', () => {
    const rid = new Uint8Array(32);
    expect(() => deriveRoundKey({ hmacSha256: () => new Uint8Array(31) }, rid)).toThrow(
      /32-byte HMAC/
    );
  });
});
