/**
 * The demo's synthetic exchange, from nothing: keys (master secret, exchange Ed25519 key,
 * auditor secp256k1 key, trust file), N customers, funded reserve wallets on both chains with
 * their ownership proofs, the JP-FSA-2026 policy inputs, the scope, and the `kura-config/1` file
 * that `kura run` reads. Everything is written into one directory; secret files get mode 0600.
 * With `hsm`, the master secret and both signing keys are created inside a SoftHSM2 token in
 * `<dir>/hsm` (non-extractable) and the config names them by PKCS#11 URI; only public keys and
 * the trust file are written.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generatePrivateKey,
  makeKeyFile,
  publicKeyOf,
  type Role,
  type SigAlg,
  trustEntry,
} from '@kura/attest';
import { CONFIG_VERSION } from '@kura/month';
import { generateKeyPair, generateSecret, parsePkcs11Uri } from '@kura/pkcs11';
import { createSoftHsmToken } from '@kura/pkcs11/testing';
import type { Round } from '@kura/tree';
import { bitcoinChain, fundBitcoin, prepareBitcoin } from './bitcoin.js';
import { demoAssets, loadCustomersPostgres, PG_QUERY, writeCustomersCsv } from './customers.js';
import { setupEthereum } from './ethereum.js';
import { LTC_CHAIN, LTC_CHAIN_NAME, setupLitecoin } from './litecoin.js';
import type { AnvilDemoNode, BcoinDemoNode } from './nodes.js';
import type { ReplayServer } from './replay.js';
import { type DemoProtocol, v2Config } from './v2.js';
import { setupXrpl, XRPL_DEMO_CHAIN } from './xrpl.js';

/** Files of the demo directory. */
export const DEMO_FILES = {
  config: 'kura.json',
  secret: 'secret.hex',
  exchangeKey: 'exchange.key',
  auditorKey: 'auditor.key',
  trust: 'trust.json',
  customers: 'customers.csv',
  btcAddresses: 'btc-addresses.jsonl',
  btcSignatures: 'btc-signatures.jsonl',
  ethAddresses: 'eth-addresses.jsonl',
  ethSignatures: 'eth-signatures.jsonl',
  ethAssets: 'eth-assets.json',
  ltcAddresses: 'ltc-addresses.jsonl',
  ltcSignatures: 'ltc-signatures.jsonl',
  xrpAddresses: 'xrp-addresses.jsonl',
  xrpSignatures: 'xrp-signatures.jsonl',
  policyInputs: 'policy-inputs.json',
  workDir: 'work',
  /** With `--hsm`: the SoftHSM2 token directory (config `softhsm2.conf`, PIN file `pin.txt`). */
  hsm: 'hsm',
} as const;

/** Token labels of the demo's keys with `--hsm`. */
export const DEMO_TOKEN = {
  label: 'kura-demo',
  masterSecret: 'master-secret',
  exchangeKey: 'exchange-key',
  auditorKey: 'auditor-key',
} as const;

/** Where the demo's master secret and keys are: files, or PKCS#11 URIs with `--hsm`. */
export interface DemoKeys {
  readonly masterSecret: string;
  readonly exchange: string;
  readonly auditor: string;
  /** With `--hsm`: the SOFTHSM2_CONF every kura process must see. */
  readonly softhsmConf?: string;
}

/** Illustrative prices (JPY per whole unit) — not market data. */
export const DEMO_PRICES: Readonly<Record<string, string>> = {
  BTC: '15000000',
  ETH: '500000',
  USDC: '150',
  LTC: '15000',
  XRP: '350',
};

/** Confirmations the demo buries each snapshot block under (and `kura run` requires). */
export const BTC_CONFIRMATIONS = 6;
export const ETH_CONFIRMATIONS = 12;
export const LTC_CONFIRMATIONS = 6;

/** Options of {@link buildExchange}. */
export interface ExchangeOptions {
  readonly dir: string;
  readonly customers: number;
  readonly seed: number;
  /** Load the customers into this PostgreSQL database instead of a CSV file. */
  readonly postgres?: string;
  readonly bcoin: BcoinDemoNode;
  readonly anvil: AnvilDemoNode;
  readonly log: (line: string) => void;
  /** Keep the master secret and both keys in a SoftHSM2 token (sets SOFTHSM2_CONF). */
  readonly hsm?: boolean;
  /** The liabilities protocol of the month (default 1; 2: `./v2.ts`). */
  readonly protocol?: DemoProtocol;
}

/** What was built. */
export interface ExchangeBuilt {
  readonly config: string;
  readonly round: Round;
  readonly totals: readonly bigint[];
  readonly keys: DemoKeys;
  /** The Litecoin and XRP Ledger endpoints the demo serves (recorded-reply shapes). */
  readonly replays: DemoReplays;
}

/** The demo's recorded-reply endpoints (no litecoind or rippled runs here). */
export interface DemoReplays {
  readonly ltc: ReplayServer;
  readonly xrpl: ReplayServer;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/**
 * Write a demo input file. No fsync: the demo directory is rebuilt on every run, and on a
 * machine busy writing elsewhere an fsync can wait for other processes' data.
 */
function put(file: string, data: string, opts: { mode?: number } = {}): void {
  writeFileSync(file, data, { mode: opts.mode ?? 0o644 });
}
const rfc3339 = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

function writeKey(file: string, alg: SigAlg, role: Role, name: string) {
  const priv = generatePrivateKey(alg);
  put(file, json(makeKeyFile(alg, priv)), { mode: 0o600 });
  return trustEntry(alg, publicKeyOf(alg, priv), { role, name });
}

/** ⌈x · num / den⌉ for non-negative bigints. */
const ceilMul = (x: bigint, num: bigint, den: bigint) => (x * num + den - 1n) / den;

/** Build the exchange (see the module doc). */
export async function buildExchange(o: ExchangeOptions): Promise<ExchangeBuilt> {
  const f = (name: string) => join(o.dir, name);
  const t0 = Date.now();
  const round: Round = {
    exchange: 'Kura Demo Exchange K.K.',
    period: new Date(t0).toISOString().slice(0, 7),
    snapshotTime: rfc3339(Math.floor(t0 / 1000) * 1000),
  };

  // keys (the exchange holds the master secret and its signing key; the auditor its own key)
  let keys: DemoKeys;
  let trust: unknown;
  if (o.hsm) {
    const tok = createSoftHsmToken({
      dir: f(DEMO_FILES.hsm),
      label: DEMO_TOKEN.label,
      pin: randomBytes(8).toString('hex'),
    });
    const uri = (object: string) => tok.uri(object);
    generateSecret(parsePkcs11Uri(uri(DEMO_TOKEN.masterSecret)));
    const ex = generateKeyPair(parsePkcs11Uri(uri(DEMO_TOKEN.exchangeKey)), 'ed25519', 'exchange');
    const au = generateKeyPair(
      parsePkcs11Uri(uri(DEMO_TOKEN.auditorKey)),
      'ecdsa-secp256k1',
      'auditor'
    );
    keys = {
      masterSecret: uri(DEMO_TOKEN.masterSecret),
      exchange: uri(DEMO_TOKEN.exchangeKey),
      auditor: uri(DEMO_TOKEN.auditorKey),
      softhsmConf: tok.conf,
    };
    trust = {
      version: 'kura-trust/1',
      keys: [
        trustEntry(ex.alg, ex.publicKey, {
          role: 'exchange',
          name: 'Kura Demo Exchange K.K. (demo key, in HSM)',
        }),
        trustEntry(au.alg, au.publicKey, {
          role: 'auditor',
          name: 'Demo Audit LLC (demo key, in HSM)',
        }),
      ],
    };
    o.log(
      `SoftHSM2 token "${DEMO_TOKEN.label}" in ${DEMO_FILES.hsm}/: master secret and both signing keys generated inside (not extractable)`
    );
  } else {
    put(f(DEMO_FILES.secret), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    keys = {
      masterSecret: f(DEMO_FILES.secret),
      exchange: f(DEMO_FILES.exchangeKey),
      auditor: f(DEMO_FILES.auditorKey),
    };
    trust = {
      version: 'kura-trust/1',
      keys: [
        writeKey(
          f(DEMO_FILES.exchangeKey),
          'ed25519',
          'exchange',
          'Kura Demo Exchange K.K. (demo key)'
        ),
        writeKey(
          f(DEMO_FILES.auditorKey),
          'ecdsa-secp256k1',
          'auditor',
          'Demo Audit LLC (demo key)'
        ),
      ],
    };
  }
  put(f(DEMO_FILES.trust), json(trust));

  // segwit activation on bcoin runs while the customers are generated
  const mining = prepareBitcoin(o.bcoin);
  mining.catch(() => undefined); // awaited below; do not let an early failure go unhandled
  const assets = demoAssets(await bitcoinChain(o.bcoin), `eip155:${o.anvil.chainId}`, {
    ltc: LTC_CHAIN,
    xrp: XRPL_DEMO_CHAIN,
  });
  const totals = o.postgres
    ? await loadCustomersPostgres(o.postgres, assets, o.customers, o.seed)
    : writeCustomersCsv(f(DEMO_FILES.customers), assets, o.customers, o.seed);
  o.log(
    `${o.customers.toLocaleString('en-US')} customers ${o.postgres ? 'loaded into PostgreSQL' : `written to ${DEMO_FILES.customers}`} (${Date.now() - t0} ms)`
  );
  const miner = await mining;

  // reserves: 97% of each asset cold, the rest plus a margin hot, the hot amount again as the
  // exchange's own backing (JP 履行保証暗号資産) and, in BTC, the required liability reserve
  const [lb, le, lu, ll, lx] = totals as [bigint, bigint, bigint, bigint, bigint];
  // a margin of 0.1% (at least one base unit) above the liabilities, kept hot
  const margin = (l: bigint) => l / 1000n + 1n;
  const btcCold = ceilMul(lb, 97n, 100n);
  const btcHot = lb - btcCold + margin(lb);
  const ethCold = ceilMul(le, 97n, 100n);
  const ethHot = le - ethCold + margin(le);
  const usdcCold = ceilMul(lu, 97n, 100n);
  const usdcHot = lu - usdcCold + margin(lu);
  // Litecoin and the XRP Ledger: the same split (their endpoints answer as litecoind / rippled)
  const split = (l: bigint) => {
    const cold = ceilMul(l, 97n, 100n);
    const hot = l - cold + margin(l);
    return { cold, hot, own: hot + margin(l) };
  };
  const [btc, eth, ltc, xrp] = await Promise.all([
    fundBitcoin(
      o.bcoin,
      miner,
      round,
      // 200 BTC ≈ ¥3bn above the hot backing: room for the JP-FSA-2026 reserve (¥2bn floor)
      { cold: btcCold, hot: btcHot, own: btcHot + 200n * 100_000_000n },
      BTC_CONFIRMATIONS
    ),
    setupEthereum(
      o.anvil,
      round,
      {
        cold: { eth: ethCold, usdc: usdcCold },
        hot: { eth: ethHot, usdc: usdcHot },
        own: { eth: ethHot + margin(le), usdc: usdcHot + margin(lu) },
      },
      ETH_CONFIRMATIONS
    ),
    setupLitecoin(round, split(ll), LTC_CONFIRMATIONS),
    setupXrpl(round, split(lx)),
  ]);
  const replays: DemoReplays = { ltc: ltc.server, xrpl: xrp.server };
  o.log(
    `reserves funded: Bitcoin ${btc.wallets.length} addresses at height ${btc.height}, Ethereum ${eth.wallets.length} addresses at block ${eth.block.number}, Litecoin ${ltc.wallets.length} addresses at height ${ltc.height}, XRP Ledger ${xrp.accounts.length} accounts at validated ledger ${xrp.ledgerIndex} (${Date.now() - t0} ms)`
  );
  put(f(DEMO_FILES.btcAddresses), btc.addressesJsonl);
  put(f(DEMO_FILES.btcSignatures), btc.signaturesJsonl);
  put(f(DEMO_FILES.ethAddresses), eth.addressesJsonl);
  put(f(DEMO_FILES.ethSignatures), eth.signaturesJsonl);
  put(f(DEMO_FILES.ethAssets), json(eth.assetTable));
  put(f(DEMO_FILES.ltcAddresses), ltc.addressesJsonl);
  put(f(DEMO_FILES.ltcSignatures), ltc.signaturesJsonl);
  put(f(DEMO_FILES.xrpAddresses), xrp.addressesJsonl);
  put(f(DEMO_FILES.xrpSignatures), xrp.signaturesJsonl);

  // policy inputs (JP-FSA-2026): illustrative figures of a mid-sized Japanese exchange
  const snap = Date.parse(round.snapshotTime);
  const year = new Date(snap).getUTCFullYear();
  const ccy = (amount: string) => ({ amount, currency: 'JPY' });
  const inputs = {
    format: 'kura-policy-inputs/1',
    reportingCurrency: 'JPY',
    round: { exchange: round.exchange, period: round.period },
    licenceClasses: ['crypto-exchange'],
    tradingVolumes: [3, 2, 1].map((back) => ({
      year: year - back,
      basis: 'spot-notional',
      ...ccy(String(1_500_000_000_000 + back * 100_000_000_000)),
    })),
    incidents: [],
    averageCustomerAssets: { value: '60000000000', currency: 'JPY', lookbackYears: 3 },
    insurance: [
      {
        id: 'demo-cyber-policy',
        insurer: 'Demo Marine & Fire (fictitious)',
        appliesTo: 'liabilityReserve',
        limit: '500000000',
        deductible: '0',
        currency: 'JPY',
        start: day(snap - 60 * DAY),
        end: day(snap + 330 * DAY),
        cancellationNoticeDays: 90,
        thirdParty: true,
        authorisedInsurer: true,
        perils: ['unauthorised-outflow'],
      },
    ],
    reserveFund: [{ class: 'cash-jpy-trust', ...ccy('1000000000') }],
    ownFunds: ccy('5000000000'),
    securityEvidence: [
      {
        type: 'key-management-attestation',
        date: day(snap - 90 * DAY),
        reference: 'demo HSM attestation (fictitious)',
      },
    ],
    prices: assets.map((a) => ({
      asset: a.symbol,
      price: DEMO_PRICES[a.symbol]!,
      currency: 'JPY',
      source: 'Kura demo: illustrative fixed rate, not market data',
      time: round.snapshotTime,
    })),
  };
  put(f(DEMO_FILES.policyInputs), json(inputs));

  // issued once both snapshot blocks exist (never before a block's own time stamp)
  const issuedAt = rfc3339(
    Math.max(
      Date.now(),
      btc.blockTime * 1000,
      eth.block.time * 1000,
      ltc.blockTime * 1000,
      xrp.closeTime * 1000,
      snap
    ) + 1000
  );
  const config = {
    version: CONFIG_VERSION,
    round,
    assets,
    exchange: {
      name: round.exchange,
      url: 'https://exchange.example',
      registration: 'demo — not a registered exchange',
    },
    auditor: { name: 'Demo Audit LLC', url: 'https://auditor.example' },
    keys: o.hsm
      ? { masterSecret: keys.masterSecret, exchange: keys.exchange }
      : { masterSecret: DEMO_FILES.secret, exchange: DEMO_FILES.exchangeKey },
    trust: DEMO_FILES.trust,
    workDir: DEMO_FILES.workDir,
    liabilities: o.postgres
      ? { postgres: { url: o.postgres, query: PG_QUERY, form: 'wide' } }
      : { file: DEMO_FILES.customers, format: 'csv' },
    tree: { placement: 'dense' },
    bitcoin: [
      {
        chain: 'btc-regtest',
        sources: { bcoin: [o.bcoin.authUrl] },
        height: btc.height,
        confirmations: BTC_CONFIRMATIONS,
        addresses: DEMO_FILES.btcAddresses,
        signatures: DEMO_FILES.btcSignatures,
      },
      {
        chain: LTC_CHAIN_NAME,
        sources: { rpc: [ltc.server.url] },
        height: ltc.height,
        confirmations: LTC_CONFIRMATIONS,
        addresses: DEMO_FILES.ltcAddresses,
        signatures: DEMO_FILES.ltcSignatures,
      },
    ],
    ethereum: {
      rpc: [o.anvil.url],
      block: eth.block.hash,
      confirmations: ETH_CONFIRMATIONS,
      assetTable: DEMO_FILES.ethAssets,
      addresses: DEMO_FILES.ethAddresses,
      signatures: DEMO_FILES.ethSignatures,
      walletCodeHashes: [eth.walletCodeHash],
    },
    xrpl: {
      chain: xrp.chain,
      rpc: [xrp.server.url],
      ledger: xrp.ledgerHash,
      addresses: DEMO_FILES.xrpAddresses,
      signatures: DEMO_FILES.xrpSignatures,
    },
    policy: { policy: 'JP-FSA-2026', inputs: DEMO_FILES.policyInputs },
    scope: {
      included: [{ kind: 'product', id: 'spot', description: 'spot trading and custody accounts' }],
      excluded: [
        { kind: 'product', id: 'margin', description: 'margin and derivatives positions' },
        {
          kind: 'fiat',
          id: 'jpy-deposits',
          description: 'JPY cash deposits (trust-protected separately)',
        },
      ],
      notes:
        'Synthetic demo exchange on local chains: bcoin regtest and anvil; Litecoin regtest and an XRP Ledger served from recorded-reply shapes (no litecoind or rippled runs here).',
    },
    attestation: { issuedAt, validDays: 35, discloseUserCount: true },
  };
  // the config names the node URLs (the bcoin URL carries its API key): private, mode 0600
  put(f(DEMO_FILES.config), json(o.protocol === 2 ? v2Config(config) : config), { mode: 0o600 });
  return { config: f(DEMO_FILES.config), round, totals, keys, replays };
}
