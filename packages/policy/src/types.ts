/**
 * Types of the reserve policy engine: the policy file (`kura-policy/1`), the exchange's inputs
 * file (`kura-policy-inputs/1`) and the evaluation it produces (the `policy` member of an
 * attestation, format pinned in the team's CONTEXT).
 *
 * All amounts and rates are decimal strings; parsed forms keep them as {@link Decimal}s or bigint
 * base units. Nothing here is a float.
 * @module
 */
import type { Decimal } from '@kura/codec';

/** How firm a parameter is: in force, proposed, only reported in the press, or Kura's guess. */
export type ProvenanceKind = 'law' | 'proposal' | 'reported' | 'assumption';

/** Where a parameter comes from. An assumption always states why it was chosen. */
export interface Provenance {
  readonly kind: ProvenanceKind;
  /** Citation: instrument, article, or the secondary source that reports it. */
  readonly source: string;
  /** Why this value was chosen (required when `kind` is `assumption`). */
  readonly reason?: string;
  /** Whether the figure was checked against the primary text (false = still to verify). */
  readonly verified?: boolean;
}

/** One policy parameter: its value and where it comes from. */
export interface Param<T> {
  readonly value: T;
  readonly provenance: Provenance;
  readonly note?: string;
}

/** Cold-storage rule: aggregate by reporting-currency value, or separately per asset. */
export type ColdBasis = 'aggregate' | 'per-asset';

/** Custody rules of a policy. Each is optional; an absent rule is not checked. */
export interface CustodyRules {
  /** On-chain customer holdings of each asset ≥ minRatio × customer liabilities of it. */
  readonly inKindCoverage?: { readonly minRatio: Param<Decimal> };
  /** Cold share of customer holdings ≥ minRatio. */
  readonly coldStorage?: { readonly minRatio: Param<Decimal>; readonly basis: Param<ColdBasis> };
  /** Exchange-own crypto of the same kind ≥ ratio × customer crypto held hot (Japan 履行保証暗号資産). */
  readonly hotWalletBacking?: { readonly ratio: Param<Decimal> };
}

/** One tier of a volume schedule: `rate` applies up to `upTo` (null = no upper end). */
export interface Tier {
  readonly upTo: Decimal | null;
  readonly rate: Decimal;
}

/** A reserve component computed from average trading volume. */
export interface VolumeComponent {
  readonly type: 'volume-tiered';
  readonly id: string;
  readonly label: string;
  /** Optional Japanese label (customers' pages show it in Japanese); absent when not given. */
  readonly labelJa?: string;
  /** Which trading volume of the inputs (e.g. `spot-notional`). */
  readonly basis: string;
  readonly averagingYears: Param<number>;
  /** `marginal`: each slice at its tier's rate; `flat`: the whole average at the rate of its tier. */
  readonly tierMode: Param<'marginal' | 'flat'>;
  readonly tiers: Param<readonly Tier[]>;
}

/** A reserve component charged on customer holdings by storage type. */
export interface CustodyComponent {
  readonly type: 'custody';
  readonly id: string;
  readonly label: string;
  /** Optional Japanese label (customers' pages show it in Japanese); absent when not given. */
  readonly labelJa?: string;
  readonly rates: { readonly cold: Param<Decimal>; readonly hot: Param<Decimal> };
}

/** A fixed amount. */
export interface FixedComponent {
  readonly type: 'fixed';
  readonly id: string;
  readonly label: string;
  /** Optional Japanese label (customers' pages show it in Japanese); absent when not given. */
  readonly labelJa?: string;
  readonly amount: Param<Decimal>;
}

export type ReserveComponent = VolumeComponent | CustodyComponent | FixedComponent;

/** A band of the incident table: applies when `above < lossRate ≤ upTo` (null = unbounded). */
export interface IncidentBand {
  readonly above: Decimal | null;
  readonly upTo: Decimal | null;
  readonly multiplier: Decimal;
}

/** The incident-history multiplier: loss rate over a lookback window, looked up in a table. */
export interface IncidentHistory {
  readonly lookbackYears: Param<number>;
  readonly table: Param<readonly IncidentBand[]>;
  /** The reserve is at least `fraction` × the largest single loss within `lookbackYears`. */
  readonly largestLossFloor?: {
    readonly lookbackYears: Param<number>;
    readonly fraction: Param<Decimal>;
  };
}

/** What a security factor needs in order to apply. */
export type FactorCondition =
  | { readonly evidence: string; readonly maxAgeDays?: number }
  | { readonly metric: 'coldRatio'; readonly atLeast: Decimal };

/** One security-posture factor: applies only when its condition is met. */
export interface SecurityFactor {
  readonly id: string;
  readonly label: string;
  /** Optional Japanese label (customers' pages show it in Japanese); absent when not given. */
  readonly labelJa?: string;
  readonly when: FactorCondition;
  readonly multiplier: Param<Decimal>;
}

/** Security-posture multipliers: applied factors combined by product or min, then clamped. */
export interface SecurityPosture {
  readonly combine: Param<'product' | 'min'>;
  readonly floor: Param<Decimal>;
  readonly cap: Param<Decimal>;
  readonly factors: readonly SecurityFactor[];
}

/** What an insurance policy must satisfy to count. */
export interface InsuranceEligibility {
  readonly minTermDays?: number;
  readonly minCancellationNoticeDays?: number;
  readonly thirdPartyInsurer?: boolean;
  readonly authorisedInsurer?: boolean;
  readonly requiredPerils?: readonly string[];
}

/** Insurance as an offset: credit capped at `maxFraction` of the requirement. */
export interface InsuranceOffset {
  readonly maxFraction: Param<Decimal>;
  readonly eligibility: Param<InsuranceEligibility>;
}

/** An asset class that may fund the reserve, with its haircut. */
export interface EligibleAsset {
  /** Inputs `reserveFund[].class`, or `onchain-excess` for on-chain holdings above what custody needs. */
  readonly class: string;
  readonly label: string;
  readonly labelJa?: string;
  readonly haircut: Param<Decimal>;
}

/** The liability reserve (Japan 責任準備金 model; Hong Kong compensation arrangement). */
export interface LiabilityReserve {
  readonly label: string;
  readonly labelJa?: string;
  readonly combine: Param<'max' | 'sum'>;
  readonly components: readonly ReserveComponent[];
  readonly incidentHistory?: IncidentHistory;
  readonly securityPosture?: SecurityPosture;
  readonly bounds?: { readonly min?: Param<Decimal>; readonly max?: Param<Decimal> };
  readonly insurance?: InsuranceOffset;
  readonly eligibleAssets: readonly EligibleAsset[];
}

/** Capital floor of one licence class: fixed minimum, optionally combined with an overhead share. */
export interface CapitalClass {
  readonly label: string;
  readonly labelJa?: string;
  readonly fixedMinimum: Param<Decimal>;
  readonly overheadFraction?: Param<Decimal>;
}

/** Capital floors (MiCA Art. 67 / Annex IV; VARA Company Rulebook Part VI; JP 府令 Art. 9). */
export interface CapitalRules {
  /** How a class's fixed minimum and overhead share combine (`max` = the higher). */
  readonly combine: Param<'max' | 'sum'>;
  /** Several licensed classes: `sum` adds their requirements; `single` allows only one. */
  readonly acrossClasses: Param<'sum' | 'single'>;
  readonly classes: Readonly<Record<string, CapitalClass>>;
  readonly insurance?: InsuranceOffset;
}

/** A parsed, validated policy file. */
export interface Policy {
  readonly format: 'kura-policy/1';
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly jurisdiction: string;
  readonly regulator: string;
  readonly status: 'law' | 'proposal' | 'illustrative';
  readonly reportingCurrency: string;
  /** Fraction digits of the reporting currency (JPY 0, EUR 2 …): the unit money is rounded to. */
  readonly reportingDecimals: number;
  readonly description?: string;
  readonly custody: CustodyRules;
  readonly liabilityReserve?: LiabilityReserve;
  readonly capital?: CapitalRules;
}

/** A price of one whole unit of an asset in the reporting currency (pinned format). */
export interface Price {
  readonly asset: string;
  readonly price: Decimal;
  readonly currency: string;
  readonly source: string;
  readonly time: string;
}

/** An insurance policy declared by the exchange. */
export interface InsurancePolicy {
  readonly id: string;
  readonly insurer: string;
  readonly appliesTo: 'liabilityReserve' | 'capital';
  readonly limit: Decimal;
  readonly deductible: Decimal;
  readonly start: string;
  readonly end: string;
  readonly cancellationNoticeDays: number;
  readonly thirdParty: boolean;
  readonly authorisedInsurer: boolean;
  readonly perils: readonly string[];
}

/** A parsed, validated inputs file. */
export interface PolicyInputs {
  readonly format: 'kura-policy-inputs/1';
  readonly reportingCurrency: string;
  readonly round?: { readonly exchange?: string; readonly period?: string };
  readonly prices: readonly Price[];
  readonly licenceClasses: readonly string[];
  readonly tradingVolumes: readonly {
    readonly year: number;
    readonly basis: string;
    readonly amount: Decimal;
  }[];
  readonly incidents: readonly {
    readonly date: string;
    readonly loss: Decimal;
    readonly description: string;
  }[];
  readonly averageCustomerAssets?: { readonly value: Decimal; readonly lookbackYears: number };
  readonly insurance: readonly InsurancePolicy[];
  readonly reserveFund: readonly { readonly class: string; readonly amount: Decimal }[];
  readonly fixedOverheads?: { readonly amount: Decimal; readonly period: string };
  readonly ownFunds?: { readonly amount: Decimal };
  readonly securityEvidence: readonly {
    readonly type: string;
    readonly date: string;
    readonly reference: string;
  }[];
}

/** One asset of the liabilities' asset list. */
export interface LiabilityAsset {
  readonly symbol: string;
  readonly decimals: number;
}

/** The fields of a tree root file (`kura-root/1`) the policy engine needs. */
export interface Liabilities {
  readonly round: {
    readonly exchange: string;
    readonly period: string;
    readonly snapshotTime: string;
  };
  readonly roundId: string;
  readonly rootCommitment: string;
  readonly assets: readonly LiabilityAsset[];
  /** Σ customer balances per asset (base units), in asset-list order. */
  readonly totals: readonly bigint[];
}

/** Custody classes of the evidence file. */
export type CustodyClass = 'customer-cold' | 'customer-hot' | 'exchange-own';

/** The fields of an evidence file (`kura-evidence/1`) the policy engine needs: sums per asset. */
export interface Reserves {
  readonly roundId: string;
  /** Base units per asset symbol and custody class. */
  readonly byAsset: ReadonlyMap<string, Readonly<Record<CustodyClass, bigint>>>;
}

/** Provenance of an evaluation term (pinned kinds, plus optional detail). */
export interface TermProvenance {
  readonly kind: ProvenanceKind;
  readonly source: string;
  /** JSON pointers of the policy parameters the term depends on. */
  readonly parameters?: readonly string[];
  /** Where the data came from: the policy, the exchange's inputs, root.json, the evidence, or computed. */
  readonly origin?: 'policy' | 'inputs' | 'liabilities' | 'reserves' | 'computed';
}

/** One term of the breakdown (pinned format). */
export interface Term {
  readonly id: string;
  readonly label: string;
  /** Optional Japanese label (customers' pages show it in Japanese); absent when not given. */
  readonly labelJa?: string;
  readonly formula: string;
  readonly value: string;
  readonly unit: string;
  readonly provenance: TermProvenance;
}

/** One pass/fail check (pinned format, plus the optional `unit`). */
export interface Check {
  readonly id: string;
  readonly label: string;
  /** Optional Japanese label (customers' pages show it in Japanese); absent when not given. */
  readonly labelJa?: string;
  readonly required: string;
  readonly actual: string;
  readonly pass: boolean;
  readonly unit?: string;
}

/** The evaluation embedded in the attestation as `policy` (pinned format). */
export interface PolicyEvaluation {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  readonly reportingCurrency: string;
  readonly inputs: unknown;
  readonly inputsSha256: string;
  readonly terms: readonly Term[];
  readonly checks: readonly Check[];
  readonly requiredReserve: string;
  readonly pass: boolean;
  /** Optional binding to the data evaluated (additions to the pinned format). */
  readonly roundId?: string;
  readonly rootCommitment?: string;
  readonly evidenceSha256?: string;
}
