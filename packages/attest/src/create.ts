/**
 * Assembling an attestation statement from the tree root file, the evidence file, the policy
 * evaluation, prices, scope and the previous attestation. Assembly never signs: the result has an
 * empty `signatures` array (`kura attest sign` adds them).
 * @module
 */
import { canonicalize, isObject, KuraError, utcTime } from '@kura/codec';
import { fromTreeUnits, type RootFile, type RootFileV2 } from '@kura/tree';
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
import { check, SchemaError } from './fields.js';
import { checkStatementNumbers } from './verify.js';

const utc = utcTime();
/** An RFC 3339 UTC time given for `field`, with its epoch milliseconds. Throws a DocumentError. */
function time(v: string, field: string): { s: string; ms: number } {
  return { s: check(utc, v, [field]), ms: Date.parse(v) };
}

/** Inputs of {@link createAttestation}. */
export interface CreateAttestationInput {
  /**
   * The parsed root file: `parseRootFile` (protocol v1) or `parseRootFileV2(…).file` (protocol
   * v2) of @kura/tree. A v2 root gives `liabilities.protocol: 2`, its tree totals, root blindings
   * and base-unit totals (SPEC.md §16.14).
   */
  readonly root: RootFile | RootFileV2;
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
  /** RFC 3339 UTC; default: {@link CreateAttestationInput.now} to the second. */
  readonly issuedAt?: string;
  /** RFC 3339 UTC, after issuedAt; default: issuedAt + {@link CreateAttestationInput.validDays}. */
  readonly expiresAt?: string;
  /** Days of validity when `expiresAt` is absent: an integer 1 … 3660, default 35. */
  readonly validDays?: number;
  /** "Now" in epoch milliseconds for the default `issuedAt`; default `Date.now()`. */
  readonly now?: number;
  /**
   * Fraction digits of reporting-currency values (JPY 0, USD 2); default: the ISO 4217 minor
   * units of the policy's reporting currency ({@link currencyMinorUnits}).
   */
  readonly valueDecimals?: number;
  /** Disclose the number of customers (optional). */
  readonly userCount?: bigint;
}

/** Default validity of an attestation when neither `expiresAt` nor `validDays` is given. */
export const DEFAULT_VALID_DAYS = 35;

const DAY_MS = 86_400_000;

/** ISO 4217 minor units of the reporting currencies that do not have 2. */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  CLP: 0,
  ISK: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
};

/** Fraction digits of a reporting currency's values: its ISO 4217 minor units (default 2). */
export function currencyMinorUnits(currency: string): number {
  return Object.hasOwn(MINOR_UNITS, currency) ? MINOR_UNITS[currency]! : 2;
}

/** `YYYY-MM-DDTHH:MM:SSZ` of epoch milliseconds (the attestation's time format, whole seconds). */
function rfc3339Seconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
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
  if (ev.roundId !== root.roundId || canonicalize(ev.round) !== canonicalize(root.round))
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
  const baseTotals =
    root.version === 'kura-root/2'
      ? root.totals.map((t, i) => fromTreeUnits(BigInt(t), root.assets[i]!).toString())
      : root.totals;
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
    liabilities: baseTotals.map(BigInt),
    reserves: totals.map((t) => t.total),
    prices,
    currency: c.policy.reportingCurrency,
    valueDecimals: c.valueDecimals ?? currencyMinorUnits(c.policy.reportingCurrency),
    requiredReserve: c.policy.requiredReserve,
    policyPass: c.policy.pass,
  });
  const issued = time(c.issuedAt ?? rfc3339Seconds(c.now ?? Date.now()), 'issuedAt');
  const validDays = c.validDays ?? DEFAULT_VALID_DAYS;
  if (!Number.isSafeInteger(validDays) || validDays < 1 || validDays > 3660)
    throw new CreateError('SCHEMA', 'validDays: expected an integer 1 … 3660');
  const expires = time(c.expiresAt ?? rfc3339Seconds(issued.ms + validDays * DAY_MS), 'expiresAt');
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
      ...(root.version === 'kura-root/2' ? { protocol: 2 as const } : {}),
      rootCommitment: root.rootCommitment,
      rootHash: root.rootHash,
      height: root.height,
      placement: root.placement,
      assets,
      assetSetHash: root.assetSetHash,
      totals: baseTotals,
      ...(root.version === 'kura-root/2'
        ? { treeTotals: root.totals, rootBlindings: root.rootBlindings }
        : {}),
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
  const list = isObject(policy.inputs) ? policy.inputs.prices : undefined;
  if (!Array.isArray(list))
    throw new CreateError('PRICE_MISMATCH', 'policy.inputs has no prices; pass them explicitly');
  return symbols.map((sym) => {
    const found = list.filter((p) => isObject(p) && p.asset === sym);
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
