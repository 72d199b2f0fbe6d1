/**
 * SPEC.md §10.2 proof file names against node:crypto (an independent HMAC) and the test vector
 * printed in SPEC.md (the golden vector's round key and uids).
 */
import { createHmac } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { getHashBackend, nobleBackend, setHashBackend } from './hash.js';
import { uidHash } from './leaf.js';
import { proofFileIdNode } from './node/proof-file.js';
import { LABEL_PROOF_FILE, proofFileId, proofFileIdFromKey } from './proof-file.js';
import { deriveRoundKey, type Round, roundId } from './round.js';

// circuits-free-spec/vectors/positive/dense-golden-3users-2assets-h2.json
const ROUND_KEY = '9e49275ed25f7340614abbd8151629dbc75cf278e17b43e6714f2410c3e7dd56';
const SPEC_VECTOR: Record<string, string> = {
  alice: '8ac1933ba8e76264e4d15f22893d02d357a539188aaeef40fca81df9e067ef61',
  bob: 'dcbc55bf64b15eeac1f959fc642ce5c4dfdedb449469b2e958a743ea0aeb172b',
  carol: 'eaacaf93ae962c9c85b588fd0cca614db36beeec625a4cd60e57e0fcb56f4c33',
};

describe('SPEC.md §10.2 proof file names', () => {
  it('the label is the 18 ASCII bytes kura/v1/proof-file', () => {
    expect(LABEL_PROOF_FILE).toBe('kura/v1/proof-file');
    expect(new TextEncoder().encode(LABEL_PROOF_FILE).length).toBe(18);
  });
  it('match the SPEC.md vector and node:crypto over the 50-byte message', () => {
    const rk = hexToBytes(ROUND_KEY);
    for (const [uid, want] of Object.entries(SPEC_VECTOR)) {
      const msg = Buffer.concat([Buffer.from(LABEL_PROOF_FILE, 'ascii'), uidHash(uid)]);
      expect(msg.length).toBe(50);
      expect(createHmac('sha256', rk).update(msg).digest('hex')).toBe(want);
      expect(proofFileIdFromKey(rk, uidHash(uid))).toBe(want);
      expect(proofFileIdNode(rk, uidHash(uid))).toBe(want);
    }
  });
  it('from the master secret: the round key of the round, then the uid', () => {
    const secret = new Uint8Array(32).fill(7);
    const round: Round = {
      exchange: 'Example K.K.',
      period: '2026-11',
      snapshotTime: '2026-11-30T15:00:00Z',
    };
    const rk = deriveRoundKey(secret, roundId(round));
    const want = createHmac('sha256', rk)
      .update(Buffer.from('kura/v1/proof-file'))
      .update(uidHash('alice'))
      .digest('hex');
    expect(proofFileId(secret, round, 'alice')).toBe(want);
    expect(proofFileId(secret, { ...round, period: '2026-12' }, 'alice')).not.toBe(want);
    expect(proofFileId(secret, round, 'bob')).not.toBe(want);
  });
  it('the same with every hash backend; wrong-length arguments are refused by name', () => {
    const before = getHashBackend();
    try {
      setHashBackend(nobleBackend);
      expect(proofFileIdFromKey(hexToBytes(ROUND_KEY), uidHash('bob'))).toBe(SPEC_VECTOR.bob);
    } finally {
      setHashBackend(before);
    }
    expect(() => proofFileIdFromKey(new Uint8Array(31), uidHash('bob'))).toThrow(/roundKey/);
    expect(() => proofFileIdFromKey(hexToBytes(ROUND_KEY), new Uint8Array(33))).toThrow(/uidHash/);
    expect(() => proofFileIdNode(new Uint8Array(31), uidHash('bob'))).toThrow(/roundKey/);
    expect(() => proofFileIdNode(hexToBytes(ROUND_KEY), new Uint8Array(33))).toThrow(/uidHash/);
    expect(bytesToHex(uidHash('bob'))).toMatch(/^[0-9a-f]{64}$/);
  });
});
