/**
 * Adversarial corpus, attestation side (reference/attacks.md A6-d, A10, A13-b, C8-a, C9-a, E2-b,
 * E7): attacks not already mounted by @kura/attest's own tests, each against the real
 * `verifyAttestation` / `validateEvidence` / `evaluatePolicy`, asserting the exact code.
 */
import {
  type Attestation,
  computeCoverage,
  formatEvidence,
  signAttestation,
  validateEvidence,
  verifyAttestation,
} from '@kura/attest';
import { bytesToHex, concatBytes, jcs, sha256, utf8Raw } from '@kura/codec';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import {
  ASSETS,
  AUDITOR_KEY,
  AUDITOR_SECRET,
  clone,
  EVIDENCE_BYTES,
  EXCHANGE_KEY,
  evidence,
  NOW,
  policy,
  rootJson,
  signBoth,
  text,
  trust,
  unsigned,
} from '../../packages/attest/test/fixtures.js';

const verify = (a: Attestation | string, o: Record<string, unknown> = {}) =>
  verifyAttestation(typeof a === 'string' ? a : text(a), { trust: trust(), now: NOW, ...o });
const codeOf = (a: Attestation | string, o: Record<string, unknown> = {}) => {
  const r = verify(a, o);
  return r.ok ? 'OK' : r.code;
};

describe('attestation attacks', () => {
  it('the untouched fixture verifies (so every refusal below is caused by the attack)', () => {
    expect(codeOf(signBoth(unsigned()), { root: rootJson(), evidence: EVIDENCE_BYTES })).toBe('OK');
  });

  it('A6-d: liabilities.height differs from the committed height → ROOT_COMMITMENT_MISMATCH', () => {
    for (const h of [19, 21, 32]) {
      const a = clone(unsigned());
      a.liabilities.height = h;
      expect(codeOf(signBoth(a as Attestation))).toBe('ROOT_COMMITMENT_MISMATCH');
    }
  });

  it('A10-b / E7-c: a statement whose sequence does not follow the previous one → SEQUENCE_MISMATCH', () => {
    const o = clone(unsigned());
    o.round.period = '2026-10';
    o.round.snapshotTime = '2026-10-31T15:00:00Z';
    const october = signBoth(o as Attestation);
    const november = clone(unsigned({ previous: october }));
    expect(november.sequence).toBe(2);
    expect(codeOf(signBoth(november as Attestation), { previous: text(october) })).toBe('OK');
    // a sequence 1 that names a predecessor is malformed
    const replay = clone(november);
    replay.sequence = 1;
    expect(codeOf(signBoth(replay as Attestation), { previous: text(october) })).toBe('SCHEMA');
    // an October that is itself the 2nd of its chain: November's sequence 2 does not exceed it
    const o2 = clone(o);
    o2.sequence = 2;
    o2.previousSha256 = '00'.repeat(32);
    const october2 = signBoth(o2 as Attestation);
    const n2 = clone(unsigned({ previous: october2 }));
    expect(n2.sequence).toBe(3);
    expect(codeOf(signBoth(n2 as Attestation), { previous: text(october2) })).toBe('OK');
    n2.sequence = 2;
    expect(codeOf(signBoth(n2 as Attestation), { previous: text(october2) })).toBe(
      'SEQUENCE_MISMATCH'
    );
  });

  it('A10-c / E7-a: issuedAt before the snapshot → ISSUED_BEFORE_SNAPSHOT; in the future → ISSUED_IN_FUTURE', () => {
    const early = clone(unsigned());
    early.issuedAt = '2026-11-30T14:59:59Z';
    expect(codeOf(signBoth(early as Attestation))).toBe('ISSUED_BEFORE_SNAPSHOT');
    const late = clone(unsigned());
    late.issuedAt = '2026-12-05T12:06:00Z'; // NOW + 6 min > 5 min skew
    expect(codeOf(signBoth(late as Attestation))).toBe('ISSUED_IN_FUTURE');
  });

  it('E7-b: expiresAt passed → EXPIRED (one millisecond after, and long after)', () => {
    const a = signBoth(unsigned());
    expect(codeOf(a, { now: Date.parse(a.expiresAt) })).toBe('EXPIRED');
    expect(codeOf(a, { now: Date.parse(a.expiresAt) + 86_400_000 * 365 })).toBe('EXPIRED');
  });

  it('A13-b: BTC reserves below BTC liabilities while the JPY total is solvent → NOT_COVERED', () => {
    // BTC liabilities 1.75 > reserves 1.7; ETH and USDC reserves are worth more than the
    // shortfall plus the ¥1,000,000 required reserve
    const a = unsigned({ totals: [175000000n, 1000000000000000000n, 100000000n] });
    expect(a.coverage.overall.pass).toBe(true);
    expect(a.coverage.assets[0]!.pass).toBe(false);
    expect(a.coverage.pass).toBe(false);
    const r = verify(signBoth(a));
    expect(r).toMatchObject({ ok: false, code: 'NOT_COVERED' });
    // the document cannot claim otherwise: a stored pass is recomputed
    const lie = clone(a);
    lie.coverage.pass = true;
    lie.coverage.assets[0]!.pass = true;
    expect(codeOf(signBoth(lie as Attestation))).toBe('COVERAGE_MISMATCH');
  });

  it('C8-a: a WBTC (ERC-20) balance labelled BTC on an Ethereum chain → EVIDENCE_ASSET', () => {
    const ev = clone(evidence());
    ev.entries[2]!.balances.push({
      asset: 'BTC',
      amount: '100000000',
      contract: '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599',
    });
    expect(validateEvidence(ev as never, { assets: ASSETS })).toMatchObject({
      ok: false,
      code: 'EVIDENCE_ASSET',
    });
    // and native ETH relabelled as BTC
    const ev2 = clone(evidence());
    ev2.entries[2]!.balances[0]!.asset = 'BTC';
    ev2.entries[2]!.balances[0]!.amount = '5000000000000000000';
    expect(validateEvidence(ev2 as never, { assets: ASSETS })).toMatchObject({
      ok: false,
      code: 'EVIDENCE_ASSET',
    });
  });

  it('C9-a: required = ⌈L × ratio⌉ is met by ⌈…⌉ exactly and missed by one base unit', () => {
    // in kind: reserves of an asset must reach its liabilities (ratioBps floors)
    const cov = (reserve: bigint, required: string) =>
      computeCoverage({
        assets: ASSETS,
        liabilities: [999n, 0n, 0n],
        reserves: [reserve, 0n, 0n],
        prices: (policy().inputs as Record<string, unknown>).prices as never,
        currency: 'JPY',
        valueDecimals: 0,
        requiredReserve: required,
        policyPass: true,
      });
    // value of 999 sat at 15000000.5 JPY/BTC = 149.85…; liabilities round UP to 150 JPY;
    // a required reserve of 15 JPY (10 %) → reserves must be worth ≥ 165 JPY.
    // 1099 sat = 164.85… JPY → rounds DOWN to 164 → fails; 1100 sat = 165.0… → 165 → passes.
    const short = cov(1099n, '15');
    const enough = cov(1100n, '15');
    expect(short.overall.liabilitiesValue).toBe('150');
    expect(short.overall.pass).toBe(false);
    expect(enough.overall.pass).toBe(true);
    // in kind exactly: 998 < 999 fails, 999 passes
    expect(cov(998n, '0').assets[0]!.pass).toBe(false);
    expect(cov(999n, '0').assets[0]!.pass).toBe(true);
  });

  it('E2-b: an EIP-191 personal_sign over JCS(statement) by the pinned auditor key → SIGNATURE_INVALID', () => {
    const a = signBoth(unsigned());
    const { signatures: _s, ...statement } = a;
    const msg = jcs(statement as never);
    const digest = keccak_256(
      concatBytes(utf8Raw(`\x19Ethereum Signed Message:\n${msg.length}`), msg)
    );
    const sig = secp256k1.sign(digest, AUDITOR_SECRET, { prehash: false, lowS: true });
    const c = clone(a);
    const i = c.signatures.findIndex((s) => s.role === 'auditor');
    c.signatures[i]!.signature = bytesToHex(sig);
    expect(codeOf(c as Attestation)).toBe('SIGNATURE_INVALID');
    // and a signature over the plain SHA-256 of the JCS bytes (no Kura tag) is refused too
    const sig2 = secp256k1.sign(sha256(msg), AUDITOR_SECRET, { prehash: false, lowS: true });
    c.signatures[i]!.signature = bytesToHex(sig2);
    expect(codeOf(c as Attestation)).toBe('SIGNATURE_INVALID');
  });

  it('E2-a (cross-check): the exchange signature copied into the auditor role over the same key → refused', () => {
    const ex = signAttestation(unsigned(), 'exchange', EXCHANGE_KEY);
    const c = clone(ex);
    c.signatures.push({ ...c.signatures[0]!, role: 'auditor' });
    expect(['KEY_IN_TWO_ROLES', 'WRONG_ROLE']).toContain(codeOf(c as Attestation));
    void AUDITOR_KEY;
  });

  it('E8-a (cross-check): evidence with one entry removed, attestation unchanged → EVIDENCE_HASH_MISMATCH', () => {
    const ev = clone(evidence());
    ev.entries.pop();
    const bytes = utf8Raw(formatEvidence(ev as never));
    expect(codeOf(signBoth(unsigned()), { evidence: bytes })).toBe('EVIDENCE_HASH_MISMATCH');
  });
});
