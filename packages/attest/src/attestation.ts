/**
 * The attestation document `kura-attestation/1` — what an exchange publishes each month — and its
 * strict parser. The JSON Schema is `circuits-free-spec/schemas/attestation.schema.json`.
 *
 * The **statement** is the attestation without `signatures`; each role signs
 * `TH("kura/v1/attest/" + role, JCS(statement))` (see `digest.ts`). Every amount is a decimal
 * string of base units, every value and price a decimal string; hex is lowercase; strings are NFC.
 * @module
 */
import { EncodingError, parseJsonBytes } from '@kura/codec';
import type { Asset, AssetV2, Round } from '@kura/tree';
import { parseAssets, parseAssetsV2, parseScalarB64 } from '@kura/tree';
import { type EvidenceSnapshot, parseSnapshot, wrapRound } from './evidence.js';
import {
  amount,
  arr,
  bool,
  decimal,
  hex,
  int,
  isObj,
  type Obj,
  obj,
  oneOf,
  SchemaError,
  str,
  time,
} from './fields.js';
import { SIG_ALGS, type SigAlg } from './sig.js';

/** The version string of an attestation. */
export const ATTESTATION_VERSION = 'kura-attestation/1';
/** Signing roles. */
export const ROLES = ['exchange', 'auditor'] as const;
/** A signing role. */
export type Role = (typeof ROLES)[number];

/** Who publishes the attestation. `id` equals `round.exchange`. */
export interface ExchangeIdentity {
  readonly id: string;
  /** Legal name. */
  readonly name: string;
  readonly url?: string;
  /** Licence / registration number with the regulator. */
  readonly registration?: string;
  /** ISO 17442 Legal Entity Identifier. */
  readonly lei?: string;
}

/** The auditor the exchange names (the auditor's signature is what counts). */
export interface AuditorIdentity {
  readonly name: string;
  readonly url?: string;
}

/**
 * The liabilities side: the tree root file's values. Protocol v1 (no `protocol` member): the
 * `kura-root/1` values. Protocol v2 (`protocol: 2`, SPEC.md §16.14): the `kura-root/2` values —
 * the v2 root commitment, the v2 asset list, the opened totals in tree units (`treeTotals`) with
 * their root blindings, and `totals` = `treeTotals · 10^(decimals − treeDecimals)` in base units.
 */
export interface AttestedLiabilities {
  /** Present (and 2) exactly for a protocol v2 tree; absent for v1. */
  readonly protocol?: 2;
  readonly rootCommitment: string;
  readonly rootHash: string;
  readonly height: number;
  readonly placement: 'dense' | 'sparse';
  readonly assets: readonly Asset[];
  readonly assetSetHash: string;
  /** Σroot per asset in asset-list order (base units). */
  readonly totals: readonly string[];
  /** v2 only: the opened root totals `V_a` in tree units. */
  readonly treeTotals?: readonly string[];
  /** v2 only: the root blindings `R_a`, base64 32-byte little-endian scalars. */
  readonly rootBlindings?: readonly string[];
  /** Number of customers in the tree — only when the exchange chooses to disclose it. */
  readonly userCount?: string;
}

/** Reserves of one asset by custody class (base units); `total` is the sum of the three. */
export interface ReserveAsset {
  readonly asset: string;
  readonly total: string;
  readonly customerCold: string;
  readonly customerHot: string;
  readonly exchangeOwn: string;
}

/** The reserves side: the evidence file's hash, its snapshot blocks, and totals per asset. */
export interface AttestedReserves {
  /** SHA-256 of the evidence file's exact bytes. */
  readonly evidenceSha256: string;
  /** The block each chain was read at (as in the evidence file). */
  readonly snapshots: readonly EvidenceSnapshot[];
  /** One per liabilities asset, in asset-list order. */
  readonly assets: readonly ReserveAsset[];
}

/** The price of one whole unit of an asset in the reporting currency (pinned format). */
export interface PriceEntry {
  readonly asset: string;
  readonly price: string;
  readonly currency: string;
  readonly source: string;
  readonly time: string;
}

/** One term of the computed requirement (@kura/policy). */
export interface PolicyTerm {
  readonly id: string;
  readonly label: string;
  readonly formula: string;
  readonly value: string;
  readonly unit: string;
  readonly provenance: {
    readonly kind: string;
    readonly source: string;
    readonly [k: string]: unknown;
  };
  readonly [extra: string]: unknown;
}

/** One pass/fail check of the policy (@kura/policy). */
export interface PolicyCheck {
  readonly id: string;
  readonly label: string;
  readonly required: string;
  readonly actual: string;
  readonly pass: boolean;
  readonly [extra: string]: unknown;
}

/** The policy evaluation (pinned `PolicyEvaluation` of @kura/policy), embedded verbatim. */
export interface PolicyResult {
  readonly id: string;
  readonly version: string;
  /** SHA-256 of the policy file's bytes. */
  readonly sha256: string;
  readonly reportingCurrency: string;
  /** The exchange's inputs file, verbatim JSON. */
  readonly inputs: unknown;
  readonly inputsSha256: string;
  readonly terms: readonly PolicyTerm[];
  readonly checks: readonly PolicyCheck[];
  /** The required liability reserve in the reporting currency. */
  readonly requiredReserve: string;
  readonly pass: boolean;
  readonly [extra: string]: unknown;
}

/** In-kind coverage of one asset, and its value in the reporting currency. */
export interface CoverageAsset {
  readonly asset: string;
  /** Σroot (base units). */
  readonly liabilities: string;
  /** Reserves total (base units). */
  readonly reserves: string;
  /** reserves − liabilities (signed, base units). */
  readonly surplus: string;
  /** ⌊reserves · 10000 / liabilities⌋, null when liabilities are 0. */
  readonly ratioBps: string | null;
  /** reserves ≥ liabilities. */
  readonly pass: boolean;
  /** Price of one whole unit (copied from `prices`). */
  readonly price: string;
  /** liabilities · price, rounded UP to `valueDecimals`. */
  readonly liabilitiesValue: string;
  /** reserves · price, rounded DOWN to `valueDecimals`. */
  readonly reservesValue: string;
}

/** Value coverage over all assets. */
export interface CoverageOverall {
  readonly currency: string;
  /** Fraction digits values are rounded to (JPY 0, USD/EUR 2). */
  readonly valueDecimals: number;
  /** Σ assets[].liabilitiesValue. */
  readonly liabilitiesValue: string;
  /** Σ assets[].reservesValue. */
  readonly reservesValue: string;
  /** policy.requiredReserve. */
  readonly requiredReserve: string;
  /** liabilitiesValue + requiredReserve. */
  readonly required: string;
  /** reservesValue − required (signed). */
  readonly surplus: string;
  /** ⌊reservesValue · 10000 / required⌋, null when required is 0. */
  readonly ratioBps: string | null;
  /** reservesValue ≥ required. */
  readonly pass: boolean;
}

/** The coverage result: every term shown, and the verdict that follows from them. */
export interface Coverage {
  readonly assets: readonly CoverageAsset[];
  readonly overall: CoverageOverall;
  /** policy.pass. */
  readonly policyPass: boolean;
  /** Every asset passes ∧ overall passes ∧ policyPass. */
  readonly pass: boolean;
}

/** Kinds of scope items. */
export const SCOPE_KINDS = ['product', 'account', 'fiat', 'other'] as const;

/** One product, account class or other book included in or excluded from the liabilities. */
export interface ScopeItem {
  readonly kind: (typeof SCOPE_KINDS)[number];
  /** Stable code, e.g. `spot`, `earn`, `futures-margin`. */
  readonly id: string;
  readonly description?: string;
}

/** Which products and accounts the liabilities tree covers (attack B1). */
export interface Scope {
  readonly included: readonly ScopeItem[];
  readonly excluded: readonly ScopeItem[];
  readonly notes?: string;
}

/** One signature. */
export interface SignatureEntry {
  readonly role: Role;
  readonly alg: SigAlg;
  /** Ed25519: 32 bytes; secp256k1: 33-byte compressed — lowercase hex. */
  readonly publicKey: string;
  /** 64 bytes, lowercase hex (Ed25519 R‖S; ECDSA r‖s, low-S). */
  readonly signature: string;
}

/** Everything that is signed. */
export interface Statement {
  readonly version: typeof ATTESTATION_VERSION;
  readonly exchange: ExchangeIdentity;
  readonly auditor?: AuditorIdentity;
  readonly round: Round;
  readonly roundId: string;
  /** 1 for the first attestation, then +1 each time. */
  readonly sequence: number;
  /** SHA-256(JCS(previous statement)); null exactly when sequence is 1. */
  readonly previousSha256: string | null;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly liabilities: AttestedLiabilities;
  readonly reserves: AttestedReserves;
  readonly prices: readonly PriceEntry[];
  readonly policy: PolicyResult;
  readonly coverage: Coverage;
  readonly scope: Scope;
}

/** A statement with its signatures. */
export interface Attestation extends Statement {
  readonly signatures: readonly SignatureEntry[];
}

const STATEMENT_KEYS = [
  'version',
  'exchange',
  'round',
  'roundId',
  'sequence',
  'previousSha256',
  'issuedAt',
  'expiresAt',
  'liabilities',
  'reserves',
  'prices',
  'policy',
  'coverage',
  'scope',
] as const;

/** The statement of an attestation: everything but `signatures`. */
export function statementOf(a: Statement): Statement {
  const { signatures: _s, ...rest } = a as Attestation;
  return rest;
}

/**
 * Parse an attestation's JSON value strictly (closed schema; the embedded `policy` may carry
 * extra members, `policy.inputs` is any JSON). Throws {@link SchemaError} (`SCHEMA`,
 * `JSON_NUMBER`, `NON_CANONICAL_ENCODING`) naming the JSON path. `signatures` may be empty here:
 * an unsigned statement is what `kura attest create` writes.
 */
export function parseAttestation(v: unknown): Attestation {
  const o = obj(v, '$', [...STATEMENT_KEYS, 'signatures'], ['auditor']);
  if (o.version !== ATTESTATION_VERSION)
    throw new SchemaError('SCHEMA', `expected "${ATTESTATION_VERSION}"`, '$.version');
  const exchange = parseExchange(o.exchange);
  const round = wrapRound(o.round, '$.round');
  if (exchange.id !== round.exchange)
    throw new SchemaError('SCHEMA', 'must equal round.exchange', '$.exchange.id');
  const sequence = int(o.sequence, '$.sequence', 1, Number.MAX_SAFE_INTEGER);
  let previousSha256: string | null = null;
  if (sequence === 1) {
    if (o.previousSha256 !== null)
      throw new SchemaError(
        'SCHEMA',
        'the first attestation (sequence 1) has null',
        '$.previousSha256'
      );
  } else previousSha256 = hex(o.previousSha256, '$.previousSha256', 32);
  const issued = time(o.issuedAt, '$.issuedAt');
  const expires = time(o.expiresAt, '$.expiresAt');
  if (expires.ms <= issued.ms)
    throw new SchemaError('SCHEMA', 'must be after issuedAt', '$.expiresAt');
  const liabilities = parseLiabilities(o.liabilities);
  const symbols = liabilities.assets.map((a) => a.symbol);
  const st: { -readonly [K in keyof Attestation]: Attestation[K] } = {
    version: ATTESTATION_VERSION,
    exchange,
    round,
    roundId: hex(o.roundId, '$.roundId', 32),
    sequence,
    previousSha256,
    issuedAt: issued.s,
    expiresAt: expires.s,
    liabilities,
    reserves: parseReserves(o.reserves, symbols),
    prices: parsePrices(o.prices, symbols),
    policy: parsePolicy(o.policy),
    coverage: parseCoverage(o.coverage, symbols),
    scope: parseScope(o.scope),
    signatures: arr(o.signatures, '$.signatures', 0, 16).map((s, i) =>
      parseSignature(s, `$.signatures[${i}]`)
    ),
  };
  if (o.auditor !== undefined) {
    const a = obj(o.auditor, '$.auditor', ['name'], ['url']);
    st.auditor = {
      name: str(a.name, '$.auditor.name', 256),
      ...(a.url !== undefined ? { url: str(a.url, '$.auditor.url', 2048) } : {}),
    };
  }
  // members in the documented order (JCS sorts anyway; this is for people reading the file)
  const { signatures, auditor, ...rest } = st;
  return {
    version: rest.version,
    exchange: rest.exchange,
    ...(auditor ? { auditor } : {}),
    round: rest.round,
    roundId: rest.roundId,
    sequence: rest.sequence,
    previousSha256: rest.previousSha256,
    issuedAt: rest.issuedAt,
    expiresAt: rest.expiresAt,
    liabilities: rest.liabilities,
    reserves: rest.reserves,
    prices: rest.prices,
    policy: rest.policy,
    coverage: rest.coverage,
    scope: rest.scope,
    signatures,
  };
}

/** Decode bytes with the strict JSON parser, then {@link parseAttestation}. Throws. */
export function parseAttestationBytes(bytes: Uint8Array, file?: string): Attestation {
  const v = parseJsonBytes(bytes, file === undefined ? {} : { file });
  try {
    return parseAttestation(v);
  } catch (e) {
    if (e instanceof SchemaError && file !== undefined) throw e.withFile(file);
    throw e;
  }
}

function parseExchange(v: unknown): ExchangeIdentity {
  const o = obj(v, '$.exchange', ['id', 'name'], ['url', 'registration', 'lei']);
  const out: { -readonly [K in keyof ExchangeIdentity]: ExchangeIdentity[K] } = {
    id: str(o.id, '$.exchange.id', 256),
    name: str(o.name, '$.exchange.name', 256),
  };
  if (o.url !== undefined) out.url = str(o.url, '$.exchange.url', 2048);
  if (o.registration !== undefined)
    out.registration = str(o.registration, '$.exchange.registration', 256);
  if (o.lei !== undefined) {
    out.lei = str(o.lei, '$.exchange.lei', 20);
    if (!/^[0-9A-Z]{18}[0-9]{2}$/.test(out.lei))
      throw new SchemaError('SCHEMA', 'expected a 20-character LEI', '$.exchange.lei');
  }
  return out;
}

function parseLiabilities(v: unknown): AttestedLiabilities {
  const f = '$.liabilities';
  const o = obj(
    v,
    f,
    ['rootCommitment', 'rootHash', 'height', 'placement', 'assets', 'assetSetHash', 'totals'],
    ['userCount', 'protocol', 'treeTotals', 'rootBlindings']
  );
  const v2 = o.protocol !== undefined;
  if (v2 && o.protocol !== 2)
    throw new SchemaError('SCHEMA', 'expected 2 (absent for protocol v1)', `${f}.protocol`);
  for (const m of ['treeTotals', 'rootBlindings'] as const)
    if (v2 !== (o[m] !== undefined))
      throw new SchemaError(
        'SCHEMA',
        v2 ? `missing field "${m}" (protocol 2)` : `unknown field "${m}" (protocol 1)`,
        f
      );
  let assets: Asset[] | AssetV2[];
  try {
    assets = v2
      ? parseAssetsV2(o.assets, ['liabilities', 'assets'])
      : parseAssets(o.assets, ['liabilities', 'assets']);
  } catch (e) {
    const nfc = /NFC/.test((e as Error).message);
    throw new SchemaError(
      nfc ? 'NON_CANONICAL_ENCODING' : 'SCHEMA',
      (e as Error).message,
      `${f}.assets`
    );
  }
  const k = assets.length;
  const totals = arr(o.totals, `${f}.totals`, k, k).map((t, i) =>
    amount(t, `${f}.totals[${i}]`, 40)
  );
  const out: { -readonly [K in keyof AttestedLiabilities]: AttestedLiabilities[K] } = {
    ...(v2 ? { protocol: 2 as const } : {}),
    rootCommitment: hex(o.rootCommitment, `${f}.rootCommitment`, 32),
    rootHash: hex(o.rootHash, `${f}.rootHash`, 32),
    height: int(o.height, `${f}.height`, 1, 32),
    placement: oneOf(o.placement, `${f}.placement`, ['dense', 'sparse'] as const),
    assets,
    assetSetHash: hex(o.assetSetHash, `${f}.assetSetHash`, 32),
    totals,
  };
  if (v2) {
    out.treeTotals = arr(o.treeTotals, `${f}.treeTotals`, k, k).map((t, i) =>
      amount(t, `${f}.treeTotals[${i}]`, 20)
    );
    out.rootBlindings = arr(o.rootBlindings, `${f}.rootBlindings`, k, k).map((b, i) =>
      scalarB64(b, `${f}.rootBlindings[${i}]`)
    );
  }
  if (o.userCount !== undefined) out.userCount = amount(o.userCount, `${f}.userCount`, 16);
  return out;
}

/** A canonical scalar (`< ℓ`) as base64 of 32 bytes (SPEC.md §16.12). */
function scalarB64(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length !== 44)
    throw new SchemaError('SCHEMA', 'expected 32 bytes in base64 (44 characters)', field);
  try {
    parseScalarB64(v, field);
  } catch (e) {
    if (e instanceof EncodingError)
      throw new SchemaError(
        'NON_CANONICAL_ENCODING',
        'expected canonical base64 of a scalar < ℓ',
        field
      );
    throw e;
  }
  return v;
}

function parseReserves(v: unknown, symbols: readonly string[]): AttestedReserves {
  const f = '$.reserves';
  const o = obj(v, f, ['evidenceSha256', 'snapshots', 'assets']);
  const snapshots = arr(o.snapshots, `${f}.snapshots`, 1, 64).map((s, i) =>
    parseSnapshot(s, `${f}.snapshots[${i}]`)
  );
  const assets = arr(o.assets, `${f}.assets`, symbols.length, symbols.length).map((a, i) => {
    const af = `${f}.assets[${i}]`;
    const ao = obj(a, af, ['asset', 'total', 'customerCold', 'customerHot', 'exchangeOwn']);
    if (ao.asset !== symbols[i])
      throw new SchemaError(
        'SCHEMA',
        `expected "${symbols[i]}" (liabilities asset order)`,
        `${af}.asset`
      );
    return {
      asset: symbols[i]!,
      total: amount(ao.total, `${af}.total`),
      customerCold: amount(ao.customerCold, `${af}.customerCold`),
      customerHot: amount(ao.customerHot, `${af}.customerHot`),
      exchangeOwn: amount(ao.exchangeOwn, `${af}.exchangeOwn`),
    };
  });
  return { evidenceSha256: hex(o.evidenceSha256, `${f}.evidenceSha256`, 32), snapshots, assets };
}

/** Parse one price `{asset, price, currency, source, time}`. */
export function parsePrice(v: unknown, f: string): PriceEntry {
  const o = obj(v, f, ['asset', 'price', 'currency', 'source', 'time']);
  return {
    asset: str(o.asset, `${f}.asset`, 64),
    price: decimal(o.price, `${f}.price`),
    currency: str(o.currency, `${f}.currency`, 16),
    source: str(o.source, `${f}.source`, 1024),
    time: time(o.time, `${f}.time`).s,
  };
}

function parsePrices(v: unknown, symbols: readonly string[]): PriceEntry[] {
  return arr(v, '$.prices', symbols.length, symbols.length).map((p, i) => {
    const pe = parsePrice(p, `$.prices[${i}]`);
    if (pe.asset !== symbols[i])
      throw new SchemaError(
        'SCHEMA',
        `expected "${symbols[i]}" (liabilities asset order)`,
        `$.prices[${i}].asset`
      );
    return pe;
  });
}

/** Parse the embedded policy evaluation (members beyond the pinned ones are kept). */
export function parsePolicy(v: unknown, f = '$.policy'): PolicyResult {
  const req = [
    'id',
    'version',
    'sha256',
    'reportingCurrency',
    'inputs',
    'inputsSha256',
    'terms',
    'checks',
    'requiredReserve',
    'pass',
  ];
  const o = obj(v, f, req, [], true);
  if (!isObj(o.inputs))
    throw new SchemaError('SCHEMA', 'expected the inputs object', `${f}.inputs`);
  const terms = arr(o.terms, `${f}.terms`, 0, 10_000).map((t, i) => {
    const tf = `${f}.terms[${i}]`;
    const to = obj(t, tf, ['id', 'label', 'formula', 'value', 'unit', 'provenance'], [], true);
    const pv = obj(to.provenance, `${tf}.provenance`, ['kind', 'source'], [], true);
    return {
      ...to,
      id: str(to.id, `${tf}.id`, 256),
      label: str(to.label, `${tf}.label`, 4096),
      formula: str(to.formula, `${tf}.formula`, 4096),
      value: str(to.value, `${tf}.value`, 256),
      unit: str(to.unit, `${tf}.unit`, 64),
      provenance: {
        ...pv,
        kind: str(pv.kind, `${tf}.provenance.kind`, 64),
        source: str(pv.source, `${tf}.provenance.source`, 4096),
      },
    };
  });
  const checks = arr(o.checks, `${f}.checks`, 0, 10_000).map((c, i) => {
    const cf = `${f}.checks[${i}]`;
    const co = obj(c, cf, ['id', 'label', 'required', 'actual', 'pass'], [], true);
    return {
      ...co,
      id: str(co.id, `${cf}.id`, 256),
      label: str(co.label, `${cf}.label`, 4096),
      required: str(co.required, `${cf}.required`, 256),
      actual: str(co.actual, `${cf}.actual`, 256),
      pass: bool(co.pass, `${cf}.pass`),
    };
  });
  return {
    ...o,
    id: str(o.id, `${f}.id`, 256),
    version: str(o.version, `${f}.version`, 64),
    sha256: hex(o.sha256, `${f}.sha256`, 32),
    reportingCurrency: str(o.reportingCurrency, `${f}.reportingCurrency`, 16),
    inputs: o.inputs,
    inputsSha256: hex(o.inputsSha256, `${f}.inputsSha256`, 32),
    terms,
    checks,
    requiredReserve: decimal(o.requiredReserve, `${f}.requiredReserve`),
    pass: bool(o.pass, `${f}.pass`),
  };
}

const ratio = (v: unknown, f: string): string | null => (v === null ? null : amount(v, f, 60));

function parseCoverage(v: unknown, symbols: readonly string[]): Coverage {
  const f = '$.coverage';
  const o = obj(v, f, ['assets', 'overall', 'policyPass', 'pass']);
  const assets = arr(o.assets, `${f}.assets`, symbols.length, symbols.length).map((a, i) => {
    const af = `${f}.assets[${i}]`;
    const ao = obj(a, af, [
      'asset',
      'liabilities',
      'reserves',
      'surplus',
      'ratioBps',
      'pass',
      'price',
      'liabilitiesValue',
      'reservesValue',
    ]);
    if (ao.asset !== symbols[i])
      throw new SchemaError(
        'SCHEMA',
        `expected "${symbols[i]}" (liabilities asset order)`,
        `${af}.asset`
      );
    return {
      asset: symbols[i]!,
      liabilities: amount(ao.liabilities, `${af}.liabilities`),
      reserves: amount(ao.reserves, `${af}.reserves`),
      surplus: decimal(ao.surplus, `${af}.surplus`, true),
      ratioBps: ratio(ao.ratioBps, `${af}.ratioBps`),
      pass: bool(ao.pass, `${af}.pass`),
      price: decimal(ao.price, `${af}.price`),
      liabilitiesValue: decimal(ao.liabilitiesValue, `${af}.liabilitiesValue`),
      reservesValue: decimal(ao.reservesValue, `${af}.reservesValue`),
    };
  });
  const of = `${f}.overall`;
  const ov = obj(o.overall, of, [
    'currency',
    'valueDecimals',
    'liabilitiesValue',
    'reservesValue',
    'requiredReserve',
    'required',
    'surplus',
    'ratioBps',
    'pass',
  ]);
  return {
    assets,
    overall: {
      currency: str(ov.currency, `${of}.currency`, 16),
      valueDecimals: int(ov.valueDecimals, `${of}.valueDecimals`, 0, 18),
      liabilitiesValue: decimal(ov.liabilitiesValue, `${of}.liabilitiesValue`),
      reservesValue: decimal(ov.reservesValue, `${of}.reservesValue`),
      requiredReserve: decimal(ov.requiredReserve, `${of}.requiredReserve`),
      required: decimal(ov.required, `${of}.required`),
      surplus: decimal(ov.surplus, `${of}.surplus`, true),
      ratioBps: ratio(ov.ratioBps, `${of}.ratioBps`),
      pass: bool(ov.pass, `${of}.pass`),
    },
    policyPass: bool(o.policyPass, `${f}.policyPass`),
    pass: bool(o.pass, `${f}.pass`),
  };
}

/** Parse a scope object (ids unique across included and excluded). */
export function parseScope(v: unknown, f = '$.scope'): Scope {
  const o = obj(v, f, ['included', 'excluded'], ['notes']);
  const seen = new Set<string>();
  const items = (x: unknown, lf: string, min: number): ScopeItem[] =>
    arr(x, lf, min, 1000).map((it, i) => {
      const itf = `${lf}[${i}]`;
      const io: Obj = obj(it, itf, ['kind', 'id'], ['description']);
      const id = str(io.id, `${itf}.id`, 128);
      if (seen.has(id))
        throw new SchemaError(
          'SCHEMA',
          `"${id}" is listed twice (or both included and excluded)`,
          `${itf}.id`
        );
      seen.add(id);
      return {
        kind: oneOf(io.kind, `${itf}.kind`, SCOPE_KINDS),
        id,
        ...(io.description !== undefined
          ? { description: str(io.description, `${itf}.description`, 4096) }
          : {}),
      };
    });
  return {
    included: items(o.included, `${f}.included`, 1),
    excluded: items(o.excluded, `${f}.excluded`, 0),
    ...(o.notes !== undefined ? { notes: str(o.notes, `${f}.notes`, 8192) } : {}),
  };
}

function parseSignature(v: unknown, f: string): SignatureEntry {
  const o = obj(v, f, ['role', 'alg', 'publicKey', 'signature']);
  const role = oneOf(o.role, `${f}.role`, ROLES);
  const alg = oneOf(o.alg, `${f}.alg`, SIG_ALGS);
  return {
    role,
    alg,
    publicKey: publicKeyHex(alg, o.publicKey, `${f}.publicKey`),
    signature: hex(o.signature, `${f}.signature`, 64),
  };
}

/**
 * A public key in its canonical hex: Ed25519 32 bytes; secp256k1 33-byte compressed. An
 * uncompressed (65-byte `04…`) secp256k1 key is `NON_CANONICAL_ENCODING`.
 */
export function publicKeyHex(alg: SigAlg, v: unknown, f: string): string {
  if (alg === 'ecdsa-secp256k1' && typeof v === 'string' && /^04[0-9a-f]{128}$/.test(v))
    throw new SchemaError('NON_CANONICAL_ENCODING', 'use the 33-byte compressed key', f);
  const h = hex(v, f, alg === 'ed25519' ? 32 : 33);
  if (alg === 'ecdsa-secp256k1' && !/^0[23]/.test(h))
    throw new SchemaError('SCHEMA', 'a compressed key starts with 02 or 03', f);
  return h;
}
