/**
 * The exchange's inputs file `kura-policy-inputs/1` (JSON Schema
 * `circuits-free-spec/schemas/policy-inputs.schema.json`): prices with source and time, trading
 * volumes by year, incident losses, insurance policies, reserve-fund holdings, fixed overheads,
 * own funds, licence classes and security evidence. Every money amount is a decimal string in the
 * reporting currency, with at most that currency's fraction digits, and names its currency.
 * @module
 */
import { bytesToHex, parseDecimal, sha256, utf8Raw } from '@kura/codec';
import { readFile } from './reader.js';
import { type PolicyInputsDocument, policyInputsShapeFor } from './shapes.js';
import type { PolicyInputs } from './types.js';

/** An inputs file as read: parsed form, SHA-256 of its bytes, its JSON (embedded verbatim). */
export interface LoadedInputs {
  readonly inputs: PolicyInputs;
  readonly sha256: string;
  readonly json: unknown;
  /** Throw an `InputError` about the inputs field at `path` (JSON path), naming file and line. */
  readonly fail: (path: string, reason: string) => never;
}

/**
 * Read and check an inputs file. Money amounts may have at most `maxDecimals` fraction digits
 * (the reporting currency's; default 8 when the policy is not yet known).
 */
export function parseInputs(
  data: Uint8Array | string,
  file = '<inputs>',
  maxDecimals = 8
): LoadedInputs {
  const bytes = typeof data === 'string' ? utf8Raw(data) : data;
  const { doc, value, fail } = readFile(data, file, policyInputsShapeFor(maxDecimals));
  return { inputs: toInputs(doc), sha256: bytesToHex(sha256(bytes)), json: value, fail };
}

/** The engine's form of an inputs document its shape accepted: amounts parsed exactly. */
function toInputs(d: PolicyInputsDocument): PolicyInputs {
  const num = parseDecimal;
  const out: { -readonly [K in keyof PolicyInputs]: PolicyInputs[K] } = {
    format: d.format,
    reportingCurrency: d.reportingCurrency,
    prices: d.prices.map((p) => ({
      asset: p.asset,
      price: num(p.price),
      currency: d.reportingCurrency,
      source: p.source,
      time: p.time,
    })),
    licenceClasses: [...(d.licenceClasses ?? [])],
    tradingVolumes: (d.tradingVolumes ?? []).map((t) => ({
      year: t.year,
      basis: t.basis,
      amount: num(t.amount),
    })),
    incidents: (d.incidents ?? []).map((t) => ({
      date: t.date,
      loss: num(t.loss),
      description: t.description,
    })),
    insurance: (d.insurance ?? []).map((t) => ({
      id: t.id,
      insurer: t.insurer,
      appliesTo: t.appliesTo,
      limit: num(t.limit),
      deductible: num(t.deductible),
      start: t.start,
      end: t.end,
      cancellationNoticeDays: t.cancellationNoticeDays,
      thirdParty: t.thirdParty,
      authorisedInsurer: t.authorisedInsurer,
      perils: [...t.perils],
    })),
    reserveFund: (d.reserveFund ?? []).map((t) => ({ class: t.class, amount: num(t.amount) })),
    securityEvidence: (d.securityEvidence ?? []).map((t) => ({
      type: t.type,
      date: t.date,
      reference: t.reference,
    })),
  };
  if (d.round !== undefined) {
    const round: { exchange?: string; period?: string } = {};
    if (d.round.exchange !== undefined) round.exchange = d.round.exchange;
    if (d.round.period !== undefined) round.period = d.round.period;
    out.round = round;
  }
  if (d.averageCustomerAssets !== undefined)
    out.averageCustomerAssets = {
      value: num(d.averageCustomerAssets.value),
      lookbackYears: d.averageCustomerAssets.lookbackYears,
    };
  if (d.fixedOverheads !== undefined)
    out.fixedOverheads = {
      amount: num(d.fixedOverheads.amount),
      period: d.fixedOverheads.period,
    };
  if (d.ownFunds !== undefined) out.ownFunds = { amount: num(d.ownFunds.amount) };
  return out;
}
