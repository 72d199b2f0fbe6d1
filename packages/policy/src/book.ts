/**
 * The evaluation's ledger: terms and checks as they are computed, the rounding helpers
 * (requirements round UP, holdings round DOWN, to the reporting currency's minor unit) and the
 * provenance of computed terms (the weakest kind among the parameters a term depends on).
 * @module
 */
import {
  cmp,
  type Decimal,
  div,
  formatDecimal,
  formatFixed,
  fromBaseUnits,
  rescale,
} from '@kura/codec';
import type { Check, Param, ProvenanceKind, Term, TermProvenance } from './types.js';

/** A policy parameter together with its JSON pointer in the policy file. */
export interface Ref {
  readonly pointer: string;
  readonly param: Param<unknown>;
}

/** Strength order of provenance kinds; a computed term is as weak as its weakest parameter. */
const STRENGTH: Record<ProvenanceKind, number> = {
  law: 3,
  proposal: 2,
  reported: 1,
  assumption: 0,
};

/** Provenance of a term computed from policy parameters. */
export function fromParams(refs: readonly Ref[], note?: string): TermProvenance {
  if (refs.length === 0) return { kind: 'law', source: note ?? 'computed', origin: 'computed' };
  let kind: ProvenanceKind = 'law';
  for (const r of refs)
    if (STRENGTH[r.param.provenance.kind] < STRENGTH[kind]) kind = r.param.provenance.kind;
  const only = refs.length === 1 ? refs[0] : undefined;
  const source = only
    ? only.param.provenance.source
    : `computed from ${refs.map((r) => r.pointer).join(', ')}`;
  return {
    kind,
    source: note ? `${source} — ${note}` : source,
    parameters: refs.map((r) => r.pointer),
    origin: only ? 'policy' : 'computed',
  };
}

/** Provenance of a data term: declared by the exchange, or read from root.json / the evidence. */
export function fromData(
  origin: 'inputs' | 'liabilities' | 'reserves',
  source: string
): TermProvenance {
  return { kind: 'reported', source, origin };
}

/** Collects terms and checks in order. */
/**
 * A term's or check's label: English, plus a Japanese one when the policy file gives `labelJa`
 * for the rule it comes from. Without `ja` the output has no `labelJa` member at all, so
 * evaluations of policies without Japanese labels stay byte-identical.
 */
export type Label = string | { readonly en: string; readonly ja?: string | undefined };

function labels(l: Label): { label: string; labelJa?: string } {
  if (typeof l === 'string') return { label: l };
  return l.ja === undefined ? { label: l.en } : { label: l.en, labelJa: l.ja };
}

/** `en(x.label)`, with `ja(x.labelJa)` when the policy file gives a Japanese label. */
export function label(
  x: { readonly label: string; readonly labelJa?: string },
  en: (l: string) => string = (l) => l,
  ja: (l: string) => string = (l) => l
): Label {
  return x.labelJa === undefined ? en(x.label) : { en: en(x.label), ja: ja(x.labelJa) };
}

export class Book {
  readonly terms: Term[] = [];
  readonly checks: Check[] = [];
  readonly ccy: string;
  readonly decimals: number;
  constructor(ccy: string, decimals: number) {
    this.ccy = ccy;
    this.decimals = decimals;
  }

  term(
    id: string,
    label: Label,
    formula: string,
    value: string,
    unit: string,
    provenance: TermProvenance
  ): void {
    this.terms.push({ id, ...labels(label), formula, value, unit, provenance });
  }

  /** A money term (value already at the reporting scale). */
  money(
    id: string,
    label: Label,
    formula: string,
    value: Decimal,
    provenance: TermProvenance
  ): void {
    this.term(id, label, formula, this.fmt(value), this.ccy, provenance);
  }

  check(
    id: string,
    label: Label,
    required: string,
    actual: string,
    pass: boolean,
    unit: string
  ): void {
    this.checks.push({ id, ...labels(label), required, actual, pass, unit });
  }

  /** A check on money values: pass iff actual ≥ required. */
  moneyCheck(id: string, label: Label, required: Decimal, actual: Decimal): boolean {
    const pass = cmp(actual, required) >= 0;
    this.check(id, label, this.fmt(required), this.fmt(actual), pass, this.ccy);
    return pass;
  }

  /** Round a requirement UP to the reporting currency's minor unit. */
  up(d: Decimal): Decimal {
    return rescale(d, this.decimals, 'ceil');
  }
  /** Round a holding DOWN to the reporting currency's minor unit. */
  down(d: Decimal): Decimal {
    return rescale(d, this.decimals, 'floor');
  }
  /** Money as a string with exactly the reporting currency's fraction digits. */
  fmt(d: Decimal): string {
    return formatFixed(d, this.decimals, 'floor');
  }
}

/** Shorthand for an exact decimal. */
export const ZERO: Decimal = { n: 0n, scale: 0 };
export const ONE: Decimal = { n: 1n, scale: 0 };

/** Decimal string (canonical: no trailing zeros) for formulas. */
export function s(d: Decimal): string {
  return formatDecimal(d);
}

/** Base units as whole units with all the asset's digits, e.g. `5000.00000000`. */
export function units(amount: bigint, decimals: number): string {
  return formatFixed(fromBaseUnits(amount, decimals), decimals);
}

/** `ceil(x)` for a non-negative decimal, as a bigint (base units of a requirement). */
export function ceilInt(d: Decimal): bigint {
  return rescale(d, 0, 'ceil').n;
}

/** A ratio a / b with 6 fraction digits, rounded down (a published ratio; never rounded up). */
export function ratio6(a: Decimal, b: Decimal): string {
  return formatFixed(div(a, b, 6, 'floor'), 6);
}

/** Σ of decimals. */
export function sum(xs: readonly Decimal[]): Decimal {
  let n = 0n;
  let scale = 0;
  for (const x of xs) scale = Math.max(scale, x.scale);
  for (const x of xs) n += x.n * 10n ** BigInt(scale - x.scale);
  return { n, scale };
}
