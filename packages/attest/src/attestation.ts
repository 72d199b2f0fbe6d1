/**
 * The attestation document `kura-attestation/1` — what an exchange publishes each month — and its
 * strict parser. The JSON Schema is `circuits-free-spec/schemas/attestation.schema.json`.
 *
 * The **statement** is the attestation without `signatures`; each role signs
 * `TH("kura/v1/attest/" + role, JCS(statement))` (see `digest.ts`). Every amount is a decimal
 * string of base units, every value and price a decimal string; hex is lowercase; strings are NFC.
 * @module
 */
import {
  amount,
  arr,
  bool,
  decimalString,
  hex,
  type Infer,
  int,
  literal,
  nullable,
  obj,
  oneOf,
  ordered,
  parseJsonBytes,
  readJson,
  refine,
  type Shape,
  select,
  str,
  utcTime,
} from '@kura/codec';
import type { Asset, Round } from '@kura/tree';
import { assetsShape, assetsV2Shape, MAX_ASSETS, parseScalarB64, roundShape } from '@kura/tree';
import { type EvidenceSnapshot, snapshotShape } from './evidence.js';
import { check, isLooseHex, spelling } from './fields.js';
import type { SigAlg } from './sig.js';

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

/** Members beyond the declared ones are kept as given (the evaluation may carry more). */
type Open<T> = T & { readonly [extra: string]: unknown };

/** One term of the computed requirement (@kura/policy `Term`) as {@link policyResultShape} reads it. */
export type PolicyTerm = Open<
  Omit<Infer<typeof termShape>, 'provenance'> & {
    readonly provenance: Open<Infer<typeof termShape>['provenance']>;
  }
>;

/** One pass/fail check of the policy (@kura/policy `Check`) as {@link policyResultShape} reads it. */
export type PolicyCheck = Open<Infer<typeof policyCheckShape>>;

/**
 * The policy evaluation (@kura/policy `PolicyEvaluation`), embedded verbatim, as
 * {@link policyResultShape} reads it: `sha256` is the SHA-256 of the policy file's bytes,
 * `inputs` the exchange's inputs file (verbatim JSON), `requiredReserve` the required liability
 * reserve in the reporting currency.
 */
export type PolicyResult = Open<
  Omit<Infer<typeof policyResultShape>, 'inputs' | 'terms' | 'checks'> & {
    readonly inputs: unknown;
    readonly terms: readonly PolicyTerm[];
    readonly checks: readonly PolicyCheck[];
  }
>;

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

/** The statement of an attestation: everything but `signatures`. */
export function statementOf(a: Statement): Statement {
  const { signatures: _s, ...rest } = a as Attestation;
  return rest;
}

// ── the declared shape (circuits-free-spec/schemas/attestation.schema.json) ──────────────────

const hex32 = hex(32);
const time = utcTime();
/** The amounts of coverage and reserves (base units). */
const baseUnits = amount(80);
const dec = decimalString();
const signedDec = decimalString({ signed: true });
/** Floored basis points, null when the denominator is 0. */
const ratio = nullable(amount(60));

const exchangeShape = obj(
  { id: str({ max: 256 }), name: str({ max: 256 }) },
  {
    url: str({ max: 2048 }),
    registration: str({ max: 256 }),
    lei: str({
      max: 20,
      nfc: false,
      pattern: /^[0-9A-Z]{18}[0-9]{2}$/,
      expected: 'expected a 20-character LEI',
    }),
  }
);

const auditorShape = obj({ name: str({ max: 256 }) }, { url: str({ max: 2048 }) });

/**
 * A v2 root blinding: a canonical scalar (`< ℓ`) as base64 of 32 bytes (SPEC.md §16.12). The
 * scalar's range is semantic; a 44-character string that is not canonical base64 of one is a
 * second spelling (`NON_CANONICAL_ENCODING`).
 */
const blindingShape = refine(
  spelling(
    /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/,
    (b) => b.length === 44,
    'expected 32 bytes in base64 (44 characters)',
    'expected canonical base64 of a scalar < ℓ'
  ),
  (b) => {
    try {
      parseScalarB64(b, 'rootBlinding');
      return undefined;
    } catch {
      return 'expected canonical base64 of a scalar < ℓ';
    }
  },
  'noncanonical'
);

/** `totals` (and v2 `treeTotals`, `rootBlindings`) have one entry per liabilities asset. */
function perAsset(l: {
  readonly assets: readonly unknown[];
  readonly totals: readonly unknown[];
  readonly treeTotals?: readonly unknown[];
  readonly rootBlindings?: readonly unknown[];
}): { at: (string | number)[]; reason: string } | undefined {
  const k = l.assets.length;
  for (const m of ['totals', 'treeTotals', 'rootBlindings'] as const) {
    const n = l[m]?.length;
    if (n !== undefined && n !== k)
      return { at: [m], reason: `expected ${k} entries (one per asset), got ${n}` };
  }
  return undefined;
}

/** The members of both protocols, in the documented order around `assets`. */
const tree = {
  rootCommitment: hex32,
  rootHash: hex32,
  height: int(1, 32),
  placement: oneOf(['dense', 'sparse']),
};
const sums = { assetSetHash: hex32, totals: arr(amount(40), { min: 1, max: MAX_ASSETS }) };
const userCount = { userCount: amount(16) };
const liabilitiesV1Shape = refine(
  obj({ ...tree, assets: assetsShape, ...sums }, userCount),
  perAsset
);
const liabilitiesV2Shape = refine(
  obj(
    {
      protocol: int(2, 2) as Shape<2>,
      ...tree,
      assets: assetsV2Shape,
      ...sums,
      treeTotals: arr(amount(20), { min: 1, max: MAX_ASSETS }),
      rootBlindings: arr(blindingShape, { min: 1, max: MAX_ASSETS }),
    },
    userCount
  ),
  perAsset
);
/** The liabilities: the v1 root file's values, or (with `protocol: 2`) the v2 ones. */
const liabilitiesShape = select([liabilitiesV1Shape, liabilitiesV2Shape], (l) =>
  l.protocol === undefined ? 0 : 1
);

const reserveAssetShape = obj({
  // equal to the liabilities symbol (a semantic check): any string here
  asset: str({ nfc: false }),
  total: baseUnits,
  customerCold: baseUnits,
  customerHot: baseUnits,
  exchangeOwn: baseUnits,
});
const reservesShape = obj({
  evidenceSha256: hex32,
  snapshots: arr(snapshotShape, { min: 1, max: 64 }),
  assets: arr(reserveAssetShape, { min: 1 }),
});

/** One price `{asset, price, currency, source, time}`: ONE whole unit in the currency. */
export const priceShape = obj({
  asset: str({ max: 64 }),
  price: dec,
  currency: str({ max: 16 }),
  source: str({ max: 1024 }),
  time,
});

const open = { open: true } as const;
/** One term of the computed requirement (members beyond these are kept). */
const termShape = obj(
  {
    id: str({ max: 256 }),
    label: str({ max: 4096 }),
    formula: str({ max: 4096 }),
    value: str({ max: 256 }),
    unit: str({ max: 64 }),
    provenance: obj({ kind: str({ max: 64 }), source: str({ max: 4096 }) }, {}, open),
  },
  {},
  open
);
/** One pass/fail check of the policy (members beyond these are kept). */
const policyCheckShape = obj(
  {
    id: str({ max: 256 }),
    label: str({ max: 4096 }),
    required: str({ max: 256 }),
    actual: str({ max: 256 }),
    pass: bool(),
  },
  {},
  open
);
/**
 * The embedded policy evaluation (@kura/policy `PolicyEvaluation`): the pinned members; others
 * (`roundId`, `rootCommitment` …) are kept as given and checked by the policy re-run.
 */
export const policyResultShape = obj(
  {
    id: str({ max: 256 }),
    version: str({ max: 64 }),
    sha256: hex32,
    reportingCurrency: str({ max: 16 }),
    inputs: obj({}, {}, open),
    inputsSha256: hex32,
    terms: arr(termShape, { max: 10_000 }),
    checks: arr(policyCheckShape, { max: 10_000 }),
    requiredReserve: dec,
    pass: bool(),
  },
  {},
  open
);

const coverageAssetShape = obj({
  asset: str({ nfc: false }),
  liabilities: baseUnits,
  reserves: baseUnits,
  surplus: signedDec,
  ratioBps: ratio,
  pass: bool(),
  price: dec,
  liabilitiesValue: dec,
  reservesValue: dec,
});
const coverageShape = obj({
  assets: arr(coverageAssetShape, { min: 1 }),
  overall: obj({
    currency: str({ max: 16 }),
    valueDecimals: int(0, 18),
    liabilitiesValue: dec,
    reservesValue: dec,
    requiredReserve: dec,
    required: dec,
    surplus: signedDec,
    ratioBps: ratio,
    pass: bool(),
  }),
  policyPass: bool(),
  pass: bool(),
});

const scopeItemShape = obj(
  { kind: oneOf(SCOPE_KINDS), id: str({ max: 128 }) },
  { description: str({ max: 4096 }) }
);
/** Which products and accounts the liabilities cover; ids unique across both lists (semantic). */
export const scopeShape = refine(
  obj(
    {
      included: arr(scopeItemShape, { min: 1, max: 1000 }),
      excluded: arr(scopeItemShape, { max: 1000 }),
    },
    { notes: str({ max: 8192 }) }
  ),
  (s) => {
    const seen = new Set<string>();
    for (const list of ['included', 'excluded'] as const)
      for (let i = 0; i < s[list].length; i++) {
        const id = s[list][i]!.id;
        if (seen.has(id))
          return {
            at: [list, i, 'id'],
            reason: `"${id}" is listed twice (or both included and excluded)`,
          };
        seen.add(id);
      }
    return undefined;
  }
);

const role = oneOf(ROLES);
const sigHex = hex(64);
/** An Ed25519 signature entry: a 32-byte key. */
const ed25519SignatureShape = obj({
  role,
  alg: literal('ed25519'),
  publicKey: hex(32),
  signature: sigHex,
});
/**
 * A secp256k1 signature entry: the 33-byte compressed key (the uncompressed 65-byte `04…` form
 * of the same key is a second spelling).
 */
const secp256k1SignatureShape = obj({
  role,
  alg: literal('ecdsa-secp256k1'),
  publicKey: spelling(
    /^0[23][0-9a-f]{64}$/,
    (k) => /^04[0-9a-f]{128}$/.test(k) || isLooseHex(k),
    'expected a 33-byte compressed key (66 lowercase hex characters starting 02 or 03)',
    'use the 33-byte compressed key in lowercase hex'
  ),
  signature: sigHex,
});
/** One signature: the key's form follows `alg`. */
const signatureShape = select([ed25519SignatureShape, secp256k1SignatureShape], (s) =>
  s.alg === 'ecdsa-secp256k1' ? 1 : 0
);

type Rule = { at: (string | number)[]; reason: string } | undefined;

/** The statement's rules JSON Schema cannot express (all semantic). */
function statementRules(a: {
  readonly exchange: { readonly id: string };
  readonly round: { readonly exchange: string };
  readonly sequence: number;
  readonly previousSha256: string | null;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly liabilities: { readonly assets: readonly { readonly symbol: string }[] };
  readonly reserves: { readonly assets: readonly { readonly asset: string }[] };
  readonly prices: readonly { readonly asset: string }[];
  readonly coverage: { readonly assets: readonly { readonly asset: string }[] };
}): Rule {
  if (a.exchange.id !== a.round.exchange)
    return { at: ['exchange', 'id'], reason: 'must equal round.exchange' };
  if (a.sequence === 1 && a.previousSha256 !== null)
    return { at: ['previousSha256'], reason: 'the first attestation (sequence 1) has null' };
  if (a.sequence !== 1 && a.previousSha256 === null)
    return {
      at: ['previousSha256'],
      reason: 'expected the previous statement hash (sequence > 1)',
    };
  if (Date.parse(a.expiresAt) <= Date.parse(a.issuedAt))
    return { at: ['expiresAt'], reason: 'must be after issuedAt' };
  const symbols = a.liabilities.assets.map((x) => x.symbol);
  const lists = [
    [['reserves', 'assets'], a.reserves.assets],
    [['prices'], a.prices],
    [['coverage', 'assets'], a.coverage.assets],
  ] as const;
  for (const [at, list] of lists) {
    if (list.length !== symbols.length)
      return {
        at: [...at],
        reason: `expected ${symbols.length} entries (one per liabilities asset), got ${list.length}`,
      };
    for (let i = 0; i < list.length; i++)
      if (list[i]!.asset !== symbols[i])
        return {
          at: [...at, i, 'asset'],
          reason: `expected "${symbols[i]}" (liabilities asset order)`,
        };
  }
  return undefined;
}

/**
 * `kura-attestation/1`, declared once: closed except the embedded `policy` (extra members kept)
 * and `policy.inputs` (any object). `signatures` may be empty: an unsigned statement is what
 * `kura attest create` writes. Semantic: strings in NFC, real dates, exchange.id = round.exchange,
 * previousSha256 null exactly at sequence 1, expiresAt after issuedAt, one entry per liabilities
 * asset in asset-list order, unique scope ids, a blinding below ℓ.
 */
export const attestationShape = refine(
  obj(
    {
      version: literal(ATTESTATION_VERSION),
      exchange: exchangeShape,
      round: roundShape,
      roundId: hex32,
      sequence: int(1),
      previousSha256: nullable(hex32),
      issuedAt: time,
      expiresAt: time,
      liabilities: liabilitiesShape,
      reserves: reservesShape,
      prices: arr(priceShape, { min: 1 }),
      policy: policyResultShape,
      coverage: coverageShape,
      scope: scopeShape,
      signatures: arr(signatureShape, { max: 16 }),
    },
    { auditor: auditorShape },
    {
      // the documented order: the auditor the exchange names comes after the exchange
      order: [
        'version',
        'exchange',
        'auditor',
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
        'signatures',
      ],
    }
  ),
  statementRules
);

/** An attestation as its shape gives it (the {@link Attestation} interface documents it). */
export type AttestationJson = Infer<typeof attestationShape>;

/** The interface and the shape describe one document (a compile-time check). */
const _sameDocument = (a: AttestationJson): Attestation => a;

/**
 * Parse an attestation's JSON value strictly ({@link attestationShape}). Throws a
 * DocumentError (`SCHEMA`, `JSON_NUMBER`, `NON_CANONICAL_ENCODING`) naming the JSON path.
 * Returns a copy with every closed object's members in their documented order (as written by
 * `createAttestation`); the open `policy` is kept as given.
 */
export function parseAttestation(v: unknown): Attestation {
  return ordered(attestationShape, check(attestationShape, v));
}

/**
 * Decode bytes with the strict JSON parser, then {@link parseAttestation}; errors name `file`
 * (when given), line and column. Throws.
 */
export function parseAttestationBytes(bytes: Uint8Array, file?: string): Attestation {
  // without a file name the error names none (a caller may add it with `withFile`)
  if (file === undefined) return parseAttestation(parseJsonBytes(bytes));
  return readJson(bytes, parseAttestation, { file });
}

/** Parse one price `{asset, price, currency, source, time}`; `f` is its JSON path. */
export function parsePrice(v: unknown, f: string): PriceEntry {
  return ordered(priceShape, check(priceShape, v, f));
}

/** Parse the embedded policy evaluation (members beyond the pinned ones are kept). */
export function parsePolicy(v: unknown, f = '$.policy'): PolicyResult {
  return check(policyResultShape, v, f) as PolicyResult;
}

/** Parse a scope object (ids unique across included and excluded). */
export function parseScope(v: unknown, f = '$.scope'): Scope {
  return ordered(scopeShape, check(scopeShape, v, f));
}
