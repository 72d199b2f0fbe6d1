import { readdirSync, readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@kura/codec';
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
