/**
 * Real, signed fixtures for the browser tests, generated with the packages themselves:
 * a liabilities tree built by @kura/tree (`buildTree`), the proof of one customer, a reserves
 * evidence file, a policy evaluated by @kura/policy (JP-FSA-2026 unless a test names another
 * shipped policy), and attestations assembled
 * and signed by @kura/attest (exchange Ed25519, auditor ECDSA secp256k1) for three consecutive
 * months, hash-chained. Dates are relative to now, so the current month is valid when the test
 * runs and the earlier months have expired, as they would in real life.
 *
 * The evidence file's ownership signatures are placeholders: the web page does not check reserves
 * evidence (the attestation binds its SHA-256; auditors check it with `kura attest verify`).
 */
import { readFileSync } from 'node:fs';
import {
  type Attestation,
  createAttestation,
  type Evidence,
  formatEvidence,
  publicKeyOf,
  type SigAlg,
  signAttestation,
  type TrustFile,
  trustEntry,
} from '@kura/attest';
import { bytesToHex, hexToBytes, parseUnits, sha256, utf8Raw } from '@kura/codec';
import { evaluatePolicy, parsePolicy } from '@kura/policy';
import {
  type Asset,
  type AssetV2,
  buildTree,
  buildTreeV2,
  type InclusionProof,
  type InclusionProofV2,
  type MemoryTree,
  type MemoryTreeV2,
  ownershipChallenge,
  type Round,
  roundId,
} from '@kura/tree';
import { jpInputs, shipped } from '../../packages/policy/test/fixtures.ts';

export const BTC_CHAIN = 'bip122:000000000019d6689c085ae165831e93';
export const ASSETS: Asset[] = [
  { symbol: 'BTC', decimals: 8, network: BTC_CHAIN },
  { symbol: 'ETH', decimals: 18, network: 'eip155:1' },
  { symbol: 'USDC', decimals: 6, network: 'eip155:1' },
];
const USDC_CONTRACT = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const EXCHANGE = 'example-exchange';

/** Whole units per asset: liabilities, and reserves by custody class (JP reference shape). */
const BOOK = {
  BTC: { liabilities: '50000', cold: '48700', hot: '1300', own: '1300', price: '15000000' },
  ETH: { liabilities: '400000', cold: '388000', hot: '12000', own: '12000', price: '500000' },
  USDC: {
    liabilities: '600000000',
    cold: '570000000',
    hot: '30000000',
    own: '30000000',
    price: '150.25',
  },
} as const;
type Sym = keyof typeof BOOK;
const SYMS: Sym[] = ['BTC', 'ETH', 'USDC'];
const units = (s: string, sym: Sym): bigint =>
  parseUnits(s, ASSETS.find((a) => a.symbol === sym)!.decimals);

/** The customer whose proof the tests check, with balances that need every decimal. */
export const ALICE = {
  uid: 'alice@example.com',
  balances: [
    units('0.12345678', 'BTC'),
    units('1.000000000000000001', 'ETH'),
    units('2500.5', 'USDC'),
  ],
};

/** Customers of the tree: alice, a few others, and omnibus rows making up the totals. */
function users(): { uid: string; balances: bigint[] }[] {
  const small = [
    ALICE,
    { uid: 'bob', balances: [units('2', 'BTC'), 0n, units('100', 'USDC')] },
    { uid: 'carol', balances: [0n, units('40.5', 'ETH'), 0n] },
    { uid: 'dave', balances: [units('0.00000001', 'BTC'), 0n, 0n] },
    {
      uid: '山田太郎',
      balances: [units('1.5', 'BTC'), units('3', 'ETH'), units('12345.678901', 'USDC')],
    },
  ];
  const rest = SYMS.map(
    (s, i) => units(BOOK[s].liabilities, s) - small.reduce((a, u) => a + u.balances[i]!, 0n)
  );
  // Split the remainder over three omnibus rows (never negative, exact).
  const omni = [0, 1, 2].map((k) => ({
    uid: `omnibus-${k + 1}`,
    balances: rest.map((r) => (k < 2 ? r / 3n : r - 2n * (r / 3n))),
  }));
  return [...small, ...omni];
}

const EX_SEED = hexToBytes('41'.repeat(32));
const AU_SECRET = hexToBytes('42'.repeat(32));
/** A key nobody pinned (for the unknown-key test). */
export const STRANGER_SEED = hexToBytes('43'.repeat(32));
const MASTER = hexToBytes('44'.repeat(32));

export const EXCHANGE_KEY = { alg: 'ed25519' as SigAlg, privateKey: EX_SEED };
export const AUDITOR_KEY = { alg: 'ecdsa-secp256k1' as SigAlg, privateKey: AU_SECRET };
export const STRANGER_KEY = { alg: 'ed25519' as SigAlg, privateKey: STRANGER_SEED };

/** The trust file pinning the exchange's and the auditor's keys. */
export function trustFile(): TrustFile {
  return {
    version: 'kura-trust/1',
    keys: [
      {
        ...trustEntry('ed25519', publicKeyOf('ed25519', EX_SEED)),
        role: 'exchange',
        name: 'Example Exchange K.K.',
      },
      {
        ...trustEntry('ecdsa-secp256k1', publicKeyOf('ecdsa-secp256k1', AU_SECRET)),
        role: 'auditor',
        name: 'Example Audit LLC',
      },
    ],
  } as TrustFile;
}

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const DAY = 86_400_000;

function evidence(round: Round, extraOwnBtc: bigint): Evidence {
  const challenge = ownershipChallenge(round);
  const btc = (address: string, custody: string, value: bigint, txByte: string) => ({
    chain: BTC_CHAIN,
    address,
    custody,
    balances: [{ asset: 'BTC', amount: value.toString() }],
    ownership: { type: 'bip322-simple', signature: 'placeholder', challenge },
    utxos: [
      {
        txid: txByte.repeat(32),
        vout: 0,
        value: value.toString(),
        scriptPubKey: `0014${txByte.repeat(20)}`,
        height: 839_990,
        blockHash: 'ab'.repeat(32),
      },
    ],
  });
  const eth = (address: string, custody: string, e: bigint, u: bigint) => ({
    chain: 'eip155:1',
    address,
    custody,
    balances: [
      { asset: 'ETH', amount: e.toString() },
      { asset: 'USDC', amount: u.toString(), contract: USDC_CONTRACT },
    ],
    ownership: { type: 'eip191', signature: `0x${'11'.repeat(65)}`, challenge },
  });
  const t = Date.parse(round.snapshotTime);
  return {
    version: 'kura-evidence/1',
    round,
    roundId: bytesToHex(roundId(round)),
    snapshots: [
      { chain: BTC_CHAIN, height: 840_000, blockHash: 'cd'.repeat(32), time: iso(t + 120_000) },
      {
        chain: 'eip155:1',
        height: 21_000_000,
        blockHash: `0x${'ef'.repeat(32)}`,
        time: iso(t + 11_000),
      },
    ],
    entries: [
      btc('bc1qcoldwallet0', 'customer-cold', units(BOOK.BTC.cold, 'BTC'), '01'),
      btc('bc1qhotwallet00', 'customer-hot', units(BOOK.BTC.hot, 'BTC'), '02'),
      btc('bc1qexchangeown', 'exchange-own', units(BOOK.BTC.own, 'BTC') + extraOwnBtc, '03'),
      eth(
        '0x52908400098527886E0F7030069857D2E4169EE7',
        'customer-cold',
        units(BOOK.ETH.cold, 'ETH'),
        units(BOOK.USDC.cold, 'USDC')
      ),
      eth(
        '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
        'customer-hot',
        units(BOOK.ETH.hot, 'ETH'),
        units(BOOK.USDC.hot, 'USDC')
      ),
      eth(
        '0xde709f2102306220921060314715629080e2fb77',
        'exchange-own',
        units(BOOK.ETH.own, 'ETH'),
        units(BOOK.USDC.own, 'USDC')
      ),
    ],
  } as unknown as Evidence;
}

/** The policy inputs of the reference Japanese exchange (@kura/policy's test fixture). */
function policyInputs(round: Round): string {
  return JSON.stringify(
    jpInputs({
      round: { exchange: round.exchange, period: round.period },
      reserveFund: [
        { class: 'cash-jpy-trust', amount: '6000000000', currency: 'JPY' },
        { class: 'jgb', amount: '600000000', currency: 'JPY' },
      ],
      prices: SYMS.map((s) => ({
        asset: s,
        price: BOOK[s].price,
        currency: 'JPY',
        source: 'reference close',
        time: round.snapshotTime,
      })),
    })
  );
}

/** The policy's reporting currency, licence classes and reserve-asset classes. */
export function policyShape(id: string): {
  ccy: string;
  dec: number;
  classes: string[];
  fund: string[];
} {
  const p = parsePolicy(new TextDecoder().decode(shipped(id)), `${id}.json`).policy;
  return {
    ccy: p.reportingCurrency,
    dec: p.reportingDecimals,
    classes: Object.keys(p.capital?.classes ?? {}),
    fund: (p.liabilityReserve?.eligibleAssets ?? []).map((e) => e.class),
  };
}

/**
 * Inputs exercising every rule of a shipped policy for one licence class (default: its first),
 * for `round` (default: the policy package's fixture round); no prices.
 */
export function policyInputsFor(
  id: string,
  cls?: string,
  round?: Pick<Round, 'exchange' | 'period'>
): Record<string, unknown> {
  const { ccy, dec, classes, fund } = policyShape(id);
  const money = (n: string): string => (dec > 0 ? `${n}.${'0'.repeat(dec)}` : n);
  const jp = jpInputs() as Record<string, unknown>;
  const policy = (appliesTo: string, pid: string): Record<string, unknown> => ({
    ...(jp.insurance as Record<string, unknown>[])[0],
    id: pid,
    appliesTo,
    limit: money('1000'),
    deductible: money('0'),
    currency: ccy,
  });
  return {
    ...(id === 'JP-FSA-2026' ? jp : { format: 'kura-policy-inputs/1' }),
    round: round ? { exchange: round.exchange, period: round.period } : jp.round,
    reportingCurrency: ccy,
    ...(classes.length > 0 ? { licenceClasses: [cls ?? classes[0]] } : {}),
    fixedOverheads: { amount: money('4000000'), currency: ccy, period: 'FY2025' },
    ownFunds: { amount: money('900000000000'), currency: ccy },
    insurance: [policy('liabilityReserve', 'cover-lr'), policy('capital', 'cover-cap')],
    // JP-FSA-2026's third class (on-chain crypto) is read from the evidence, not declared
    reserveFund:
      id === 'JP-FSA-2026'
        ? jp.reserveFund
        : fund.map((c) => ({ class: c, amount: money('1000'), currency: ccy })),
  };
}

export interface Month {
  readonly round: Round;
  readonly tree: MemoryTree;
  readonly attestation: Attestation;
}

/**
 * The policy a month is evaluated under: a shipped policy id and its inputs for a round (the
 * prices are added here). Default: JP-FSA-2026 with the reference Japanese exchange's inputs.
 */
export interface MonthPolicy {
  readonly id: string;
  readonly inputs: (round: Round) => Record<string, unknown>;
}

/** The fixture prices in `currency` (the same numbers whatever the currency). */
function pricesIn(currency: string, round: Round): Record<string, unknown>[] {
  return SYMS.map((s) => ({
    asset: s,
    price: BOOK[s].price,
    currency,
    source: 'reference close',
    time: round.snapshotTime,
  }));
}

/** What {@link attestMonth} takes besides the fixtures' constants. */
export interface AttestMonthInput {
  readonly root: Parameters<typeof createAttestation>[0]['root'];
  /** What the policy reads as the liabilities (default: `root`). */
  readonly liabilities?: unknown;
  readonly evidence: Evidence;
  /** The shipped policy's id (default JP-FSA-2026). */
  readonly policy?: string | undefined;
  /** The policy inputs, JSON text. */
  readonly inputs: string;
  readonly scope: Parameters<typeof createAttestation>[0]['scope'];
  readonly exchange: Parameters<typeof createAttestation>[0]['exchange'];
  readonly previous: Attestation | null;
  readonly issuedMs: number;
}

/**
 * A month's attestation: the shipped policy evaluated over the liabilities and the evidence,
 * issued at `issuedMs` for 40 days by the fixtures' auditor (values in whole yen), signed by
 * the exchange, then the auditor.
 */
export function attestMonth(i: AttestMonthInput): Attestation {
  const evText = formatEvidence(i.evidence);
  const policy = evaluatePolicy({
    policy: readFileSync(
      new URL(`../../packages/policy/policies/${i.policy ?? 'JP-FSA-2026'}.json`, import.meta.url)
    ),
    inputs: i.inputs,
    liabilities: JSON.stringify(i.liabilities ?? i.root),
    reserves: evText,
  });
  const unsigned = createAttestation({
    root: i.root,
    evidence: i.evidence,
    evidenceSha256: bytesToHex(sha256(utf8Raw(evText))),
    policy: policy as unknown as Parameters<typeof createAttestation>[0]['policy'],
    scope: i.scope,
    exchange: i.exchange,
    auditor: { name: 'Example Audit LLC' },
    previous: i.previous,
    issuedAt: iso(i.issuedMs),
    expiresAt: iso(i.issuedMs + 40 * DAY),
    valueDecimals: 0,
  });
  return signAttestation(
    signAttestation(unsigned, 'exchange', EXCHANGE_KEY),
    'auditor',
    AUDITOR_KEY
  );
}

/** One month: tree, evidence, policy evaluation, attestation signed by both roles. */
function month(
  round: Round,
  previous: Attestation | null,
  issuedMs: number,
  extraOwnBtc: bigint,
  pol?: MonthPolicy
): Month {
  const tree = buildTree({ round, assets: ASSETS, masterSecret: MASTER, users: users() });
  const root = tree.rootFile();
  const ev = evidence(round, extraOwnBtc);
  const inputs = pol?.inputs(round);
  const attestation = attestMonth({
    root,
    evidence: ev,
    policy: pol?.id,
    inputs: inputs
      ? JSON.stringify({
          ...inputs,
          prices: pricesIn(inputs.reportingCurrency as string, round),
        })
      : policyInputs(round),
    scope: {
      included: [
        { kind: 'product', id: 'spot', description: 'spot trading accounts' },
        { kind: 'account', id: 'corporate' },
      ],
      excluded: [{ kind: 'product', id: 'earn', description: 'staking and lending' }],
    },
    exchange: { name: 'Example Exchange K.K.', url: 'https://exchange.example' },
    previous,
    issuedMs,
  });
  return { round, tree, attestation };
}

/** Three consecutive months ending with the current one (snapshot two days ago). */
export function months(now = Date.now(), pol?: MonthPolicy): Month[] {
  const snap = now - 2 * DAY;
  const d = new Date(snap);
  const rounds: { round: Round; issued: number }[] = [2, 1, 0].map((k) => {
    const t = k === 0 ? snap : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - k, 15, 15);
    const m = new Date(t);
    const period = `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
    return { round: { exchange: EXCHANGE, period, snapshotTime: iso(t) }, issued: t + DAY };
  });
  const out: Month[] = [];
  // Different surpluses per month, so the coverage history has a shape.
  const extra = [units('900', 'BTC'), units('300', 'BTC'), units('1500', 'BTC')];
  for (const [i, r] of rounds.entries())
    out.push(month(r.round, out.at(-1)?.attestation ?? null, r.issued, extra[i]!, pol));
  return out;
}

/** Pretty JSON with a final newline, as the CLI writes files. */
export const text = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** The proof of `uid` in a month's tree. */
export function proofOf(m: Month, uid = ALICE.uid): InclusionProof {
  return m.tree.proof(uid);
}

/** The v2 asset list: ETH in gwei tree units (rounded up), BTC and USDC in base units. */
export const ASSETS_V2: AssetV2[] = ASSETS.map((a) => ({
  ...a,
  treeDecimals: a.symbol === 'ETH' ? 9 : a.decimals,
}));

/**
 * The customers of {@link users} for a v2 tree, whose per-customer rounding up to tree units
 * would otherwise lift the ETH liabilities a few gwei above the (exactly matching) reserves: the
 * omnibus rows give up what the rounding adds, so the tree's total still equals the book's.
 */
function usersV2(): { uid: string; balances: bigint[] }[] {
  const us = users();
  ASSETS_V2.forEach((a, i) => {
    const scale = 10n ** BigInt(a.decimals - a.treeDecimals);
    const up = (b: bigint): bigint => ((b + scale - 1n) / scale) * scale;
    for (const u of us)
      if (u.uid.startsWith('omnibus-')) u.balances[i] = (u.balances[i]! / scale) * scale;
    const excess =
      us.reduce((x, u) => x + up(u.balances[i]!), 0n) - us.reduce((x, u) => x + u.balances[i]!, 0n);
    const last = us.find((u) => u.uid === 'omnibus-3')!;
    last.balances[i] = last.balances[i]! - up(excess);
  });
  return us;
}

export interface MonthV2 {
  readonly round: Round;
  readonly tree: MemoryTreeV2;
  readonly attestation: Attestation;
}

/**
 * The current month under protocol v2: the same customers and reserves in a `buildTreeV2` tree
 * (`opts`: placement and height; default dense), its `kura-root/2` in an attestation naming
 * protocol 2, signed by both roles.
 *
 * @kura/policy reads `kura-root/1` liabilities only; the evaluation here gets the v2 root's
 * base-unit totals (`liabilities.totals` of the attestation) in that shape, bound to the v2 root
 * commitment, which is exactly what the attestation states.
 */
export function monthV2(
  now = Date.now(),
  opts: { placement?: 'dense' | 'sparse'; height?: number } = {}
): MonthV2 {
  const snap = now - 2 * DAY;
  const d = new Date(snap);
  const period = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const round: Round = { exchange: EXCHANGE, period, snapshotTime: iso(snap) };
  const tree = buildTreeV2(round, ASSETS_V2, usersV2(), MASTER, opts);
  const root = tree.rootFile();
  const baseTotals = tree.totals.map(
    (v, i) => v * 10n ** BigInt(ASSETS_V2[i]!.decimals - ASSETS_V2[i]!.treeDecimals)
  );
  const liabilities = {
    version: 'kura-root/1',
    round,
    roundId: bytesToHex(roundId(round)),
    assets: ASSETS,
    totals: baseTotals.map(String),
    rootCommitment: root.rootCommitment,
  };
  const attestation = attestMonth({
    root,
    liabilities,
    evidence: evidence(round, units('1500', 'BTC')),
    inputs: policyInputs(round),
    scope: {
      included: [{ kind: 'product', id: 'spot', description: 'spot trading accounts' }],
      excluded: [],
    },
    exchange: { name: 'Example Exchange K.K.', url: 'https://exchange.example' },
    previous: null,
    issuedMs: snap + DAY,
  });
  return { round, tree, attestation };
}

/** The v2 proof of `uid` (proving takes a moment: one aggregated range proof). */
export function proofV2Of(m: MonthV2, uid = ALICE.uid): InclusionProofV2 {
  return m.tree.proof(uid);
}
