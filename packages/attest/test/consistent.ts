/**
 * A self-consistent attestation with a REAL @kura/policy evaluation (JP-FSA-2026) embedded, for
 * the tests of issue 12 ("every number in the signed document follows from the others"). Its
 * custody checks all pass and its required reserve (¥2,000,000,000) is what makes coverage
 * fail — the document an exchange would most like to rewrite. Not part of the package build.
 */
import { bytesToHex, sha256, utf8Raw } from '@kura/codec';
import { evaluatePolicy, type PolicyEvaluation } from '@kura/policy';
import { jpInputs, shipped } from '../../policy/test/fixtures.js';
import type { Attestation, PolicyResult } from '../src/attestation.js';
import { computeCoverage } from '../src/coverage.js';
import { createAttestation } from '../src/create.js';
import { type Evidence, formatEvidence } from '../src/evidence.js';
import {
  btcEntry,
  clone,
  type DeepMutable,
  ETH_ADDR_1,
  ETH_ADDR_2,
  evidence,
  PRICES,
  ROUND,
  rootFile,
  rootJson,
  SCOPE,
  signBoth,
  USDC,
} from './fixtures.js';

/** Reserves: BTC cold 1.6 + hot 0.05 + own 0.05; ETH cold 5; USDC cold 900 + own 400. */
export function fullEvidence(): Evidence {
  const e = clone(evidence());
  const base = evidence().entries[2]!;
  e.entries = [
    btcEntry('bc1qcold', 'customer-cold', [
      { txid: '01'.repeat(32), vout: 0, value: '160000000', spk: `0014${'aa'.repeat(20)}` },
    ]),
    btcEntry('bc1qhot', 'customer-hot', [
      { txid: '03'.repeat(32), vout: 0, value: '5000000', spk: `0014${'bb'.repeat(20)}` },
    ]),
    btcEntry('bc1qown', 'exchange-own', [
      { txid: '04'.repeat(32), vout: 0, value: '5000000', spk: `0014${'cc'.repeat(20)}` },
    ]),
    {
      ...clone(base),
      address: ETH_ADDR_1,
      custody: 'customer-cold',
      balances: [
        { asset: 'ETH', amount: '5000000000000000000' },
        { asset: 'USDC', amount: '900000000', contract: USDC },
      ],
    },
    {
      ...clone(base),
      address: ETH_ADDR_2,
      custody: 'exchange-own',
      balances: [{ asset: 'USDC', amount: '400000000', contract: USDC }],
    },
  ] as DeepMutable<Evidence>['entries'];
  return e as Evidence;
}

export const FULL_EVIDENCE_TEXT: string = formatEvidence(fullEvidence());
export const FULL_EVIDENCE_BYTES: Uint8Array = utf8Raw(FULL_EVIDENCE_TEXT);
export const ROOT_BYTES: Uint8Array = utf8Raw(rootJson());
export const POLICY_FILE: Uint8Array = shipped('JP-FSA-2026');
export const INPUTS_BYTES: Uint8Array = utf8Raw(
  `${JSON.stringify(
    { ...jpInputs({ round: { exchange: ROUND.exchange, period: ROUND.period } }), prices: PRICES },
    null,
    2
  )}\n`
);

/** @kura/policy's own evaluation of JP-FSA-2026 on these files. */
export function realEvaluation(): PolicyEvaluation {
  return evaluatePolicy({
    policy: POLICY_FILE,
    inputs: INPUTS_BYTES,
    liabilities: ROOT_BYTES,
    reserves: FULL_EVIDENCE_BYTES,
  });
}

/** The unsigned statement embedding {@link realEvaluation} (sequence 1, or after `previous`). */
export function consistentUnsigned(previous?: Attestation): Attestation {
  return createAttestation({
    root: rootFile(),
    evidence: fullEvidence(),
    evidenceSha256: bytesToHex(sha256(FULL_EVIDENCE_BYTES)),
    policy: realEvaluation() as unknown as PolicyResult,
    scope: SCOPE,
    exchange: { name: 'Example Exchange K.K.', url: 'https://example.com' },
    auditor: { name: 'Audit LLC' },
    ...(previous ? { previous } : {}),
    issuedAt: '2026-12-05T00:00:00Z',
    expiresAt: '2027-01-09T00:00:00Z',
    valueDecimals: 0,
  });
}

/** Recompute coverage from the (mutated) numbers, as a careful forger would. */
export function recomputeCoverage(a: DeepMutable<Attestation>): void {
  a.coverage = clone(
    computeCoverage({
      assets: a.liabilities.assets,
      liabilities: a.liabilities.totals.map(BigInt),
      reserves: a.reserves.assets.map((x) => BigInt(x.total)),
      prices: a.prices,
      currency: a.policy.reportingCurrency,
      valueDecimals: a.coverage.overall.valueDecimals,
      requiredReserve: a.policy.requiredReserve,
      policyPass: a.policy.pass,
    })
  );
}

/** Change the statement, keep coverage consistent, and re-sign with both real keys. */
export function forged(
  f: (a: DeepMutable<Attestation>) => void,
  base: Attestation = consistentUnsigned()
): Attestation {
  const a = clone(base);
  f(a);
  recomputeCoverage(a);
  return signBoth(a as Attestation);
}

/**
 * The forger's most careful rewrite: the reserve's bounds dropped and every figure that depends
 * on the requirement recomputed consistently (requirement, insurance cap and offset, the reserve
 * check, the published coverage ratio). Only the policy re-run can tell.
 */
export function rewriteReserveChain(a: DeepMutable<Attestation>): void {
  type T = { id: string; value: string; formula: string };
  type C = { id: string; required: string; actual: string };
  const terms = a.policy.terms as T[];
  const checks = a.policy.checks as C[];
  const t = (id: string) => terms.find((x) => x.id === id)!;
  const c = (id: string) => checks.find((x) => x.id === id)!;
  const required = BigInt(t('reserveBeforeBounds').value);
  const cap = required / 2n; // the JP-FSA-2026 cap: floor(0.5 × requirement)
  const credit = BigInt(t('insurance:cyber-2026').value);
  const offset = credit < cap ? credit : cap;
  a.policy.requiredReserve = String(required);
  t('requiredReserve').value = String(required);
  t('requiredReserve').formula = 'reserve before bounds';
  t('insuranceCap').value = String(cap);
  t('insuranceOffset').value = String(offset);
  t('insuranceOffset').formula = `min(${credit}, ${cap})`;
  c('liabilityReserve').required = String(required);
  c('liabilityReserve').actual = String(BigInt(t('reserveAssets').value) + offset);
  const offchain = terms
    .filter((x) => x.id.startsWith('reserveAsset:') && x.id !== 'reserveAsset:onchain-excess')
    .reduce((s, x) => s + BigInt(x.value), 0n);
  const num =
    BigInt(t('customerColdValue').value) +
    BigInt(t('customerHotValue').value) +
    BigInt(t('exchangeOwnValue').value) +
    offchain +
    offset;
  const r = (num * 1_000_000n) / BigInt(t('liabilitiesValue').value);
  t('regulatoryCoverageRatio').value =
    `${r / 1_000_000n}.${String(r % 1_000_000n).padStart(6, '0')}`;
}
