/**
 * Assembling an attestation statement from the tree root file, the evidence file, the policy
 * evaluation, prices, scope and the previous attestation. Assembly never signs: the result has an
 * empty `signatures` array (`kura attest sign` adds them).
 * @module
 */
import { KuraError } from '@kura/codec';
import type { RootFile } from '@kura/tree';
import {
  ATTESTATION_VERSION,
  type Attestation,
  type AttestedReserves,
  type AuditorIdentity,
  type ExchangeIdentity,
  type PolicyResult,
  type PriceEntry,
  parsePrice,
  type Scope,
  type Statement,
} from './attestation.js';
import { computeCoverage } from './coverage.js';
import { statementSha256 } from './digest.js';
import { type Evidence, reserveTotals, validateEvidence } from './evidence.js';
import { isObj, SchemaError, time } from './fields.js';
import { checkStatementNumbers } from './verify.js';

/** Inputs of {@link createAttestation}. */
export interface CreateAttestationInput {
  /** The parsed root file (`parseRootFile` of @kura/tree). */
  readonly root: RootFile;
  /** The (merged) evidence file … */
  readonly evidence: Evidence;
  /** … and the SHA-256 of its exact bytes, hex. */
  readonly evidenceSha256: string;
  /** The policy evaluation of @kura/policy. */
  readonly policy: PolicyResult;
  /** One price per asset; default: the assets' entries of `policy.inputs.prices`. */
  readonly prices?: readonly PriceEntry[];
  readonly scope: Scope;
  /** The exchange's identity; `id` defaults to (and must equal) `round.exchange`. */
  readonly exchange: Omit<ExchangeIdentity, 'id'> & { readonly id?: string };
  readonly auditor?: AuditorIdentity;
  /** The previous attestation (null or absent for the first). */
  readonly previous?: Statement | null;
  /** RFC 3339 UTC. */
  readonly issuedAt: string;
  /** RFC 3339 UTC, after issuedAt. */
  readonly expiresAt: string;
  /** Fraction digits of reporting-currency values (JPY 0, USD 2). */
  readonly valueDecimals: number;
  /** Disclose the number of customers (optional). */
  readonly userCount?: bigint;
}

/** An attestation that cannot be assembled from its inputs (the code names the condition). */
export class CreateError extends KuraError {}

/**
 * Assemble the unsigned attestation. Throws {@link CreateError} when the inputs disagree
 * (another round, a missing price, invalid evidence, …) — it never writes a statement that
 * `verifyAttestation` would refuse for its own numbers.
 */
export function createAttestation(c: CreateAttestationInput): Attestation {
  const root = c.root;
  const assets = root.assets;
  const ev = c.evidence;
  if (ev.roundId !== root.roundId || JSON.stringify(ev.round) !== JSON.stringify(root.round))
    throw new CreateError(
      'EVIDENCE_ROUND_MISMATCH',
      'the evidence file is for another round than root.json'
    );
  const v = validateEvidence(ev, { assets });
  if (!v.ok) throw new CreateError(v.code, `evidence: ${v.message}`);
  const prices =
    c.prices ??
    pricesFromPolicy(
      c.policy,
      assets.map((a) => a.symbol)
    );
  const exchangeId = c.exchange.id ?? root.round.exchange;
  if (exchangeId !== root.round.exchange)
    throw new CreateError(
      'SCHEMA',
      `exchange id "${exchangeId}" ≠ round.exchange "${root.round.exchange}"`
    );
  let sequence = 1;
  let previousSha256: string | null = null;
  if (c.previous) {
    if (c.previous.exchange.id !== exchangeId)
      throw new CreateError('PREVIOUS_MISMATCH', 'the previous attestation is by another exchange');
    if (Date.parse(c.previous.round.snapshotTime) >= Date.parse(root.round.snapshotTime))
      throw new CreateError(
        'PREVIOUS_MISMATCH',
        'the previous attestation is not for an earlier snapshot'
      );
    sequence = c.previous.sequence + 1;
    previousSha256 = statementSha256(c.previous);
  }
  const totals = reserveTotals(ev, assets);
  const reserves: AttestedReserves = {
    evidenceSha256: c.evidenceSha256,
    snapshots: ev.snapshots,
    assets: totals.map((t) => ({
      asset: t.asset,
      total: t.total.toString(),
      customerCold: t.customerCold.toString(),
      customerHot: t.customerHot.toString(),
      exchangeOwn: t.exchangeOwn.toString(),
    })),
  };
  const coverage = computeCoverage({
    assets,
    liabilities: root.totals.map(BigInt),
    reserves: totals.map((t) => t.total),
    prices,
    currency: c.policy.reportingCurrency,
    valueDecimals: c.valueDecimals,
    requiredReserve: c.policy.requiredReserve,
    policyPass: c.policy.pass,
  });
  const issued = time(c.issuedAt, 'issuedAt');
  const expires = time(c.expiresAt, 'expiresAt');
  if (expires.ms <= issued.ms) throw new CreateError('SCHEMA', 'expiresAt must be after issuedAt');
  const att: Attestation = {
    version: ATTESTATION_VERSION,
    exchange: { ...c.exchange, id: exchangeId },
    ...(c.auditor ? { auditor: c.auditor } : {}),
    round: root.round,
    roundId: root.roundId,
    sequence,
    previousSha256,
    issuedAt: issued.s,
    expiresAt: expires.s,
    liabilities: {
      rootCommitment: root.rootCommitment,
      rootHash: root.rootHash,
      height: root.height,
      placement: root.placement,
      assets,
      assetSetHash: root.assetSetHash,
      totals: root.totals,
      ...(c.userCount !== undefined ? { userCount: c.userCount.toString() } : {}),
    },
    reserves,
    prices,
    policy: c.policy,
    coverage,
    scope: c.scope,
    signatures: [],
  };
  const chk = checkStatementNumbers(att);
  if (!chk.ok) throw new CreateError(chk.code, chk.message);
  return att;
}

/** The prices of `symbols` (in that order) from `policy.inputs.prices`. Throws CreateError. */
export function pricesFromPolicy(policy: PolicyResult, symbols: readonly string[]): PriceEntry[] {
  const list = isObj(policy.inputs) ? policy.inputs.prices : undefined;
  if (!Array.isArray(list))
    throw new CreateError('PRICE_MISMATCH', 'policy.inputs has no prices; pass them explicitly');
  return symbols.map((sym) => {
    const found = list.filter((p) => isObj(p) && p.asset === sym);
    if (found.length !== 1)
      throw new CreateError(
        'PRICE_MISMATCH',
        found.length === 0 ? `no price for ${sym} in the policy inputs` : `${sym} has two prices`
      );
    try {
      return parsePrice(found[0], `policy.inputs.prices[${sym}]`);
    } catch (e) {
      if (e instanceof SchemaError) throw new CreateError(e.code, e.message);
      throw e;
    }
  });
}
