/**
 * The exchange's inputs file `kura-policy-inputs/1` (JSON Schema
 * `circuits-free-spec/schemas/policy-inputs.schema.json`): prices with source and time, trading
 * volumes by year, incident losses, insurance policies, reserve-fund holdings, fixed overheads,
 * own funds, licence classes and security evidence. Every money amount is a decimal string in the
 * reporting currency, with at most that currency's fraction digits, and names its currency.
 * @module
 */
import { bytesToHex, type Decimal, sha256, utf8Raw } from '@kura/codec';
import { child, openJson, type Reader } from './reader.js';
import type { InsurancePolicy, PolicyInputs, Price } from './types.js';

/** The `format` value of an inputs file. */
export const INPUTS_FORMAT = 'kura-policy-inputs/1';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

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
  const { value, reader } = openJson(data, file);
  const inputs = readInputs(reader, value, maxDecimals);
  return {
    inputs,
    sha256: bytesToHex(sha256(bytes)),
    json: value,
    fail: (path, reason) => reader.fail(path, reason),
  };
}

function readInputs(r: Reader, v: unknown, maxDecimals: number): PolicyInputs {
  const $ = '$';
  const o = r.obj(
    v,
    $,
    ['format', 'reportingCurrency', 'prices'],
    [
      '$schema',
      'round',
      'licenceClasses',
      'tradingVolumes',
      'incidents',
      'averageCustomerAssets',
      'insurance',
      'reserveFund',
      'fixedOverheads',
      'ownFunds',
      'securityEvidence',
    ]
  );
  if (o.format !== INPUTS_FORMAT)
    r.fail(child($, 'format'), `expected "${INPUTS_FORMAT}", got ${JSON.stringify(o.format)}`);
  if (o.$schema !== undefined) r.str(o.$schema, child($, '$schema'));
  const ccy = r.str(o.reportingCurrency, child($, 'reportingCurrency'), /^[A-Z]{3}$/);
  const money = (x: unknown, p: string): Decimal => r.dec(x, p, { maxScale: maxDecimals });
  const currency = (x: unknown, p: string): void => {
    const c = r.str(x, p, /^[A-Z]{3}$/);
    if (c !== ccy) r.fail(p, `currency mismatch: ${c} is not the reporting currency ${ccy}`);
  };
  const list = (key: string): unknown[] =>
    o[key] === undefined ? [] : r.arr(o[key], child($, key));

  const out: { -readonly [K in keyof PolicyInputs]: PolicyInputs[K] } = {
    format: INPUTS_FORMAT,
    reportingCurrency: ccy,
    prices: [],
    licenceClasses: [],
    tradingVolumes: [],
    incidents: [],
    insurance: [],
    reserveFund: [],
    securityEvidence: [],
  };

  if (o.round !== undefined) {
    const q = child($, 'round');
    const ro = r.obj(o.round, q, [], ['exchange', 'period']);
    const round: { exchange?: string; period?: string } = {};
    if (ro.exchange !== undefined) round.exchange = r.str(ro.exchange, child(q, 'exchange'));
    if (ro.period !== undefined) round.period = r.str(ro.period, child(q, 'period'));
    out.round = round;
  }

  const seenPrice = new Set<string>();
  out.prices = r.arr(o.prices, child($, 'prices')).map((x, i): Price => {
    const q = child(child($, 'prices'), i);
    const p = r.obj(x, q, ['asset', 'price', 'currency', 'source', 'time'], []);
    const asset = r.str(p.asset, child(q, 'asset'));
    if (seenPrice.has(asset)) r.fail(child(q, 'asset'), `duplicate price for ${asset}`);
    seenPrice.add(asset);
    const price = r.dec(p.price, child(q, 'price'));
    if (price.n === 0n) r.fail(child(q, 'price'), 'a price must be positive');
    currency(p.currency, child(q, 'currency'));
    return {
      asset,
      price,
      currency: ccy,
      source: r.str(p.source, child(q, 'source')),
      time: r.str(p.time, child(q, 'time'), RFC3339),
    };
  });

  const seenClass = new Set<string>();
  out.licenceClasses = list('licenceClasses').map((x, i) => {
    const c = r.str(x, child(child($, 'licenceClasses'), i), ID_RE);
    if (seenClass.has(c))
      r.fail(child(child($, 'licenceClasses'), i), `duplicate licence class "${c}"`);
    seenClass.add(c);
    return c;
  });

  const seenYear = new Set<string>();
  out.tradingVolumes = list('tradingVolumes').map((x, i) => {
    const q = child(child($, 'tradingVolumes'), i);
    const t = r.obj(x, q, ['year', 'basis', 'amount', 'currency'], []);
    const year = r.int(t.year, child(q, 'year'), 1900, 9999);
    const basis = r.str(t.basis, child(q, 'basis'), ID_RE);
    if (seenYear.has(`${basis}/${year}`))
      r.fail(child(q, 'year'), `duplicate ${basis} volume for ${year}`);
    seenYear.add(`${basis}/${year}`);
    currency(t.currency, child(q, 'currency'));
    return { year, basis, amount: money(t.amount, child(q, 'amount')) };
  });

  out.incidents = list('incidents').map((x, i) => {
    const q = child(child($, 'incidents'), i);
    const t = r.obj(x, q, ['date', 'loss', 'currency', 'description'], []);
    currency(t.currency, child(q, 'currency'));
    return {
      date: r.date(t.date, child(q, 'date')),
      loss: money(t.loss, child(q, 'loss')),
      description: r.str(t.description, child(q, 'description')),
    };
  });

  if (o.averageCustomerAssets !== undefined) {
    const q = child($, 'averageCustomerAssets');
    const t = r.obj(o.averageCustomerAssets, q, ['value', 'currency', 'lookbackYears'], ['basis']);
    currency(t.currency, child(q, 'currency'));
    if (t.basis !== undefined) r.str(t.basis, child(q, 'basis'));
    const value = money(t.value, child(q, 'value'));
    if (value.n === 0n) r.fail(child(q, 'value'), 'must be positive (it divides the losses)');
    out.averageCustomerAssets = {
      value,
      lookbackYears: r.int(t.lookbackYears, child(q, 'lookbackYears'), 1, 50),
    };
  }

  const seenIns = new Set<string>();
  out.insurance = list('insurance').map((x, i): InsurancePolicy => {
    const q = child(child($, 'insurance'), i);
    const t = r.obj(
      x,
      q,
      [
        'id',
        'insurer',
        'appliesTo',
        'limit',
        'deductible',
        'currency',
        'start',
        'end',
        'cancellationNoticeDays',
        'thirdParty',
        'authorisedInsurer',
        'perils',
      ],
      []
    );
    const id = r.str(t.id, child(q, 'id'), ID_RE);
    if (seenIns.has(id)) r.fail(child(q, 'id'), `duplicate insurance id "${id}"`);
    seenIns.add(id);
    currency(t.currency, child(q, 'currency'));
    const start = r.date(t.start, child(q, 'start'));
    const end = r.date(t.end, child(q, 'end'));
    if (end < start) r.fail(child(q, 'end'), 'the policy ends before it starts');
    return {
      id,
      insurer: r.str(t.insurer, child(q, 'insurer')),
      appliesTo: r.oneOf(t.appliesTo, child(q, 'appliesTo'), [
        'liabilityReserve',
        'capital',
      ] as const),
      limit: money(t.limit, child(q, 'limit')),
      deductible: money(t.deductible, child(q, 'deductible')),
      start,
      end,
      cancellationNoticeDays: r.int(
        t.cancellationNoticeDays,
        child(q, 'cancellationNoticeDays'),
        0,
        36_500
      ),
      thirdParty: r.bool(t.thirdParty, child(q, 'thirdParty')),
      authorisedInsurer: r.bool(t.authorisedInsurer, child(q, 'authorisedInsurer')),
      perils: r
        .arr(t.perils, child(q, 'perils'))
        .map((p, k) => r.str(p, child(child(q, 'perils'), k), ID_RE)),
    };
  });

  out.reserveFund = list('reserveFund').map((x, i) => {
    const q = child(child($, 'reserveFund'), i);
    const t = r.obj(x, q, ['class', 'amount', 'currency'], ['description']);
    currency(t.currency, child(q, 'currency'));
    if (t.description !== undefined) r.str(t.description, child(q, 'description'));
    const cls = r.str(t.class, child(q, 'class'), ID_RE);
    if (cls === 'onchain-excess')
      r.fail(child(q, 'class'), '"onchain-excess" is computed from the evidence, not declared');
    return { class: cls, amount: money(t.amount, child(q, 'amount')) };
  });

  if (o.fixedOverheads !== undefined) {
    const q = child($, 'fixedOverheads');
    const t = r.obj(o.fixedOverheads, q, ['amount', 'currency', 'period'], ['basis']);
    currency(t.currency, child(q, 'currency'));
    if (t.basis !== undefined) r.str(t.basis, child(q, 'basis'));
    out.fixedOverheads = {
      amount: money(t.amount, child(q, 'amount')),
      period: r.str(t.period, child(q, 'period')),
    };
  }
  if (o.ownFunds !== undefined) {
    const q = child($, 'ownFunds');
    const t = r.obj(o.ownFunds, q, ['amount', 'currency'], ['description']);
    currency(t.currency, child(q, 'currency'));
    if (t.description !== undefined) r.str(t.description, child(q, 'description'));
    out.ownFunds = { amount: money(t.amount, child(q, 'amount')) };
  }

  out.securityEvidence = list('securityEvidence').map((x, i) => {
    const q = child(child($, 'securityEvidence'), i);
    const t = r.obj(x, q, ['type', 'date', 'reference'], ['issuer']);
    if (t.issuer !== undefined) r.str(t.issuer, child(q, 'issuer'));
    return {
      type: r.str(t.type, child(q, 'type'), ID_RE),
      date: r.date(t.date, child(q, 'date')),
      reference: r.str(t.reference, child(q, 'reference')),
    };
  });
  return out;
}
