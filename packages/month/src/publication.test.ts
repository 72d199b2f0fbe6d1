/**
 * The publication directory's conventions: keyed proof file names (HMAC of the round key, so they
 * cannot be enumerated and change every month) and SHA256SUMS (written, checked, tampering found).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hmacSha256, utf8 } from '@kura/codec';
import {
  deriveRoundKey,
  proofFileId,
  proofFileIdFromKey,
  type Round,
  roundId,
  uidHash,
} from '@kura/tree';
import { proofFileIdNode } from '@kura/tree/node';
import { describe, expect, it } from 'vitest';
import { checkSums, coveredBySums, proofPath, sumsText, writeSums } from './publication.js';

const secret = new Uint8Array(32).fill(7);
const round: Round = {
  exchange: 'Example K.K.',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};

describe('proof file ids', () => {
  it('are hex(HMAC(roundKey, "kura/v1/proof-file" ‖ uidHash)), the same on node:crypto', () => {
    const rk = deriveRoundKey(secret, roundId(round));
    const want = bytesToHex(hmacSha256(rk, utf8('kura/v1/proof-file'), uidHash('alice')));
    expect(proofFileId(secret, round, 'alice')).toBe(want);
    expect(proofFileIdFromKey(rk, uidHash('alice'))).toBe(want);
    expect(proofFileIdNode(rk, uidHash('alice'))).toBe(want);
    expect(proofPath(want)).toBe(`proofs/${want}.json`);
  });
  it('differ per customer, per month and per secret', () => {
    const a = proofFileId(secret, round, 'alice');
    expect(proofFileId(secret, round, 'bob')).not.toBe(a);
    expect(proofFileId(secret, { ...round, period: '2026-12' }, 'alice')).not.toBe(a);
    expect(proofFileId(new Uint8Array(32).fill(8), round, 'alice')).not.toBe(a);
  });
  it('proofPath refuses anything but 64 lowercase hex (no path tricks)', () => {
    expect(() => proofPath('../attestation')).toThrow(TypeError);
    expect(() => proofPath('A'.repeat(64))).toThrow(TypeError);
  });
});

describe('SHA256SUMS', () => {
  const make = () => {
    const d = mkdtempSync(join(tmpdir(), 'kura-pub-'));
    writeFileSync(join(d, 'attestation.json'), '{}\n');
    mkdirSync(join(d, 'policy'));
    writeFileSync(join(d, 'policy', 'JP-FSA-2026.json'), '{"id":1}\n');
    mkdirSync(join(d, 'proofs'));
    writeFileSync(join(d, 'proofs', `${'a'.repeat(64)}.json`), '{}\n');
    return d;
  };
  it('lists every file but itself and the proofs, sorted, in sha256sum format', () => {
    const d = make();
    writeSums(d);
    const text = sumsText(d);
    expect(text).toMatch(
      /^[0-9a-f]{64} {2}attestation\.json\n[0-9a-f]{64} {2}policy\/JP-FSA-2026\.json\n$/
    );
    expect(text).not.toContain('proofs/');
    expect(coveredBySums('proofs/x.json')).toBe(false);
    expect(checkSums(d)).toEqual({ ok: true, files: 2 });
  });
  it('finds an edited file, an added file and a missing SHA256SUMS', () => {
    const d = make();
    expect(checkSums(d).ok ? 'ok' : (checkSums(d) as { code: string }).code).toBe('SUMS_MISSING');
    writeSums(d);
    writeFileSync(join(d, 'attestation.json'), '{"edited":true}\n');
    const r = checkSums(d);
    expect(r.ok ? 'ok' : r.code).toBe('SUMS_MISMATCH');
    writeSums(d);
    writeFileSync(join(d, 'extra.json'), '{}\n');
    const r2 = checkSums(d);
    expect(r2.ok ? 'ok' : r2.code).toBe('SUMS_MISMATCH');
  });
});
