/**
 * The policy file `kura-policy/1`: a versioned JSON document (JSON Schema
 * `circuits-free-spec/schemas/policy.schema.json`) in which every parameter is
 * `{ "value": …, "provenance": { "kind": "law"|"proposal"|"reported"|"assumption", "source": … } }`.
 * Policies are data, never code: this module only reads and checks them.
 * @module
 */
import { bytesToHex, type Decimal, parseDecimal, sha256, utf8Raw } from '@kura/codec';
import { readFile } from './reader.js';
import { type PolicyDocument, policyShape } from './shapes.js';
import type {
  CapitalClass,
  CapitalRules,
  CustodyRules,
  EligibleAsset,
  FactorCondition,
  IncidentHistory,
  InsuranceEligibility,
  InsuranceOffset,
  LiabilityReserve,
  Param,
  Policy,
  Provenance,
  ReserveComponent,
  SecurityPosture,
} from './types.js';

/** A policy as read from its file: the parsed form, the file's SHA-256 and its raw JSON. */
export interface LoadedPolicy {
  readonly policy: Policy;
  /** Lowercase hex SHA-256 of the exact file bytes. */
  readonly sha256: string;
  /** The file's JSON value (for `explain`). */
  readonly json: unknown;
}

/**
 * Read and check a policy file. `data` are the file's exact bytes (or its text, hashed as UTF-8);
 * `file` names it in errors. Throws an `InputError` naming file, line and field.
 */
export function parsePolicy(data: Uint8Array | string, file = '<policy>'): LoadedPolicy {
  const bytes = typeof data === 'string' ? utf8Raw(data) : data;
  const { doc, value } = readFile(data, file, policyShape);
  return { policy: toPolicy(doc), sha256: bytesToHex(sha256(bytes)), json: value };
}

type Doc<K extends keyof PolicyDocument> = NonNullable<PolicyDocument[K]>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A parameter as the shape accepts it. */
interface ParamDoc<T> {
  readonly value: T;
  readonly provenance: Provenance;
  readonly note?: string;
}

const num = (s: string): Decimal => parseDecimal(s);

function param<T, U>(p: ParamDoc<T>, f: (v: T) => U): Param<U> {
  const q = p.provenance;
  const provenance: Mutable<Provenance> = { kind: q.kind, source: q.source };
  if (q.reason !== undefined) provenance.reason = q.reason;
  if (q.verified !== undefined) provenance.verified = q.verified;
  const value = f(p.value);
  return p.note === undefined ? { value, provenance } : { value, provenance, note: p.note };
}
const same = <T>(v: T): T => v;

/** The optional Japanese label next to a `label`: carried into terms and checks; absent → none. */
const labelJa = (o: { readonly labelJa?: string }): { labelJa?: string } =>
  o.labelJa === undefined ? {} : { labelJa: o.labelJa };

/** The engine's form of a policy document its shape accepted: decimals parsed exactly. */
function toPolicy(d: PolicyDocument): Policy {
  const policy: Mutable<Policy> = {
    format: d.format,
    id: d.id,
    version: d.version,
    title: d.title,
    jurisdiction: d.jurisdiction,
    regulator: d.regulator,
    status: d.status,
    reportingCurrency: d.reportingCurrency,
    reportingDecimals: d.reportingDecimals,
    custody: toCustody(d.custody),
  };
  if (d.description !== undefined) policy.description = d.description;
  if (d.liabilityReserve !== undefined) policy.liabilityReserve = toReserve(d.liabilityReserve);
  if (d.capital !== undefined) policy.capital = toCapital(d.capital);
  return policy;
}

function toCustody(c: Doc<'custody'>): CustodyRules {
  const out: Mutable<CustodyRules> = {};
  if (c.inKindCoverage) out.inKindCoverage = { minRatio: param(c.inKindCoverage.minRatio, num) };
  if (c.coldStorage)
    out.coldStorage = {
      minRatio: param(c.coldStorage.minRatio, num),
      basis: param(c.coldStorage.basis, same),
    };
  if (c.hotWalletBacking) out.hotWalletBacking = { ratio: param(c.hotWalletBacking.ratio, num) };
  return out;
}

type ReserveDoc = Doc<'liabilityReserve'>;

function toReserve(r: ReserveDoc): LiabilityReserve {
  const out: Mutable<LiabilityReserve> = {
    label: r.label,
    ...labelJa(r),
    combine: param(r.combine, same),
    components: r.components.map(toComponent),
    eligibleAssets: r.eligibleAssets.map(
      (a): EligibleAsset => ({
        class: a.class,
        label: a.label,
        ...labelJa(a),
        haircut: param(a.haircut, num),
      })
    ),
  };
  if (r.incidentHistory) out.incidentHistory = toIncident(r.incidentHistory);
  if (r.securityPosture) out.securityPosture = toSecurity(r.securityPosture);
  if (r.bounds) {
    const bounds: { min?: Param<Decimal>; max?: Param<Decimal> } = {};
    if (r.bounds.min) bounds.min = param(r.bounds.min, num);
    if (r.bounds.max) bounds.max = param(r.bounds.max, num);
    out.bounds = bounds;
  }
  if (r.insurance) out.insurance = toInsurance(r.insurance);
  return out;
}

function toComponent(c: ReserveDoc['components'][number]): ReserveComponent {
  const head = { id: c.id, label: c.label, ...labelJa(c) };
  switch (c.type) {
    case 'volume-tiered':
      return {
        type: c.type,
        ...head,
        basis: c.basis,
        averagingYears: param(c.averagingYears, same),
        tierMode: param(c.tierMode, same),
        tiers: param(c.tiers, (ts) =>
          ts.map((t) => ({ upTo: t.upTo === null ? null : num(t.upTo), rate: num(t.rate) }))
        ),
      };
    case 'custody':
      return {
        type: c.type,
        ...head,
        rates: { cold: param(c.rates.cold, num), hot: param(c.rates.hot, num) },
      };
    case 'fixed':
      return { type: c.type, ...head, amount: param(c.amount, num) };
  }
}

function toIncident(h: NonNullable<ReserveDoc['incidentHistory']>): IncidentHistory {
  const out: Mutable<IncidentHistory> = {
    lookbackYears: param(h.lookbackYears, same),
    table: param(h.table, (bs) =>
      bs.map((b) => ({
        above: b.above === null ? null : num(b.above),
        upTo: b.upTo === null ? null : num(b.upTo),
        multiplier: num(b.multiplier),
      }))
    ),
  };
  if (h.largestLossFloor)
    out.largestLossFloor = {
      lookbackYears: param(h.largestLossFloor.lookbackYears, same),
      fraction: param(h.largestLossFloor.fraction, num),
    };
  return out;
}

type SecurityDoc = NonNullable<ReserveDoc['securityPosture']>;

function toSecurity(s: SecurityDoc): SecurityPosture {
  return {
    combine: param(s.combine, same),
    floor: param(s.floor, num),
    cap: param(s.cap, num),
    factors: s.factors.map((f) => ({
      id: f.id,
      label: f.label,
      ...labelJa(f),
      when: toCondition(f.when),
      multiplier: param(f.multiplier, num),
    })),
  };
}

function toCondition(w: SecurityDoc['factors'][number]['when']): FactorCondition {
  if ('metric' in w) return { metric: w.metric, atLeast: num(w.atLeast) };
  return w.maxAgeDays === undefined
    ? { evidence: w.evidence }
    : { evidence: w.evidence, maxAgeDays: w.maxAgeDays };
}

function toInsurance(i: NonNullable<ReserveDoc['insurance']>): InsuranceOffset {
  return {
    maxFraction: param(i.maxFraction, num),
    eligibility: param(i.eligibility, (v) => {
      const e: Mutable<InsuranceEligibility> = {};
      if (v.minTermDays !== undefined) e.minTermDays = v.minTermDays;
      if (v.minCancellationNoticeDays !== undefined)
        e.minCancellationNoticeDays = v.minCancellationNoticeDays;
      if (v.thirdPartyInsurer !== undefined) e.thirdPartyInsurer = v.thirdPartyInsurer;
      if (v.authorisedInsurer !== undefined) e.authorisedInsurer = v.authorisedInsurer;
      if (v.requiredPerils !== undefined) e.requiredPerils = [...v.requiredPerils];
      return e;
    }),
  };
}

function toCapital(c: Doc<'capital'>): CapitalRules {
  const classes: Record<string, CapitalClass> = Object.create(null);
  for (const [k, x] of Object.entries(c.classes)) {
    const cls: Mutable<CapitalClass> = {
      label: x.label,
      ...labelJa(x),
      fixedMinimum: param(x.fixedMinimum, num),
    };
    if (x.overheadFraction) cls.overheadFraction = param(x.overheadFraction, num);
    classes[k] = cls;
  }
  const out: Mutable<CapitalRules> = {
    combine: param(c.combine, same),
    acrossClasses: param(c.acrossClasses, same),
    classes,
  };
  if (c.insurance) out.insurance = toInsurance(c.insurance);
  return out;
}
