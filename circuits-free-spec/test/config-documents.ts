/**
 * Valid `kura-config/1` documents for the schema agreement test (agreement.test.ts), taken from
 * the configs the repository writes and reads: the demo's generated config (packages/demo/src/
 * exchange.ts, v1 and `--protocol 2`, files or `--hsm` PKCS#11 keys, CSV or PostgreSQL
 * liabilities), the reader's own test config (packages/month/src/config.test.ts), the CLI run
 * tests (cli/src/commands/run-cli.test.ts, run-xrp.test.ts) and the fuzzing base config
 * (test/adversarial/fuzz-config.test.ts). Also the published schema's validator, with the
 * schemas it refers to.
 */
import { readFileSync } from 'node:fs';
import { parseChainOption } from '@kura/bitcoin';
import Ajv2020 from 'ajv/dist/2020.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const schemaFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'));

/** kura-config.schema.json compiled with the schemas it refers to (round, assets, scope). */
export function publishedConfigSchema(): (v: unknown) => boolean {
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  for (const n of ['round', 'assets', 'assets-v2', 'evidence', 'trust', 'attestation'])
    ajv.addSchema(schemaFile(n));
  const fn = ajv.compile(schemaFile('kura-config'));
  return (v) => fn(v) as boolean;
}

const round = { exchange: 'Example K.K.', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const scope = { included: [{ kind: 'product', id: 'spot' }], excluded: [] };
const policy = { policy: 'JP-FSA-2026', inputs: 'inputs.json' };
const files = { masterSecret: 'secret.hex', exchange: 'exchange.key' };
const hash = (n: string) => n.repeat(64 / n.length);

/** The demo's config (packages/demo/src/exchange.ts) with the shapes of its values. */
function demo(v2: boolean, hsm: boolean): Json {
  const btc = parseChainOption('btc-regtest');
  const ltc = parseChainOption('ltc-regtest');
  const assets = [
    { symbol: 'BTC', decimals: 8, network: btc },
    { symbol: 'ETH', decimals: 18, network: 'eip155:31337' },
    { symbol: 'USDC', decimals: 6, network: 'eip155:31337' },
    { symbol: 'LTC', decimals: 8, network: ltc },
    { symbol: 'XRP', decimals: 6, network: 'xrpl:1' },
  ];
  const M = 'module-path=/usr/lib/softhsm/libsofthsm2.so';
  return {
    version: 'kura-config/1',
    ...(v2 ? { protocol: 2 } : {}),
    round: { exchange: 'Kura Demo K.K.', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
    assets: v2 ? assets.map((a) => ({ ...a, treeDecimals: Math.min(a.decimals, 9) })) : assets,
    exchange: {
      name: 'Kura Demo K.K.',
      url: 'https://exchange.example',
      registration: 'demo — not a registered exchange',
    },
    auditor: { name: 'Demo Audit LLC', url: 'https://auditor.example' },
    keys: hsm
      ? {
          masterSecret: `pkcs11:token=kura-demo;object=master-secret;type=secret-key?${M}&pin-source=file:hsm/pin.txt`,
          exchange: `pkcs11:token=kura-demo;object=exchange-key;type=private?${M}&pin-source=file:hsm/pin.txt`,
        }
      : files,
    trust: 'trust.json',
    workDir: 'work',
    liabilities: hsm
      ? {
          postgres: {
            url: 'postgres://kura@127.0.0.1:5432/kura_demo',
            query: 'SELECT * FROM balances ORDER BY uid',
            form: 'wide',
          },
        }
      : { file: 'customers.csv', format: 'csv' },
    tree: { placement: 'dense' },
    bitcoin: [
      {
        chain: 'btc-regtest',
        sources: { bcoin: ['http://x:0123456789abcdef@127.0.0.1:48332'] },
        height: 212,
        confirmations: 6,
        addresses: 'btc-addresses.jsonl',
        signatures: 'btc-signatures.jsonl',
      },
      {
        chain: 'ltc-regtest',
        sources: { rpc: ['http://127.0.0.1:39443'] },
        height: 140,
        confirmations: 6,
        addresses: 'ltc-addresses.jsonl',
        signatures: 'ltc-signatures.jsonl',
      },
    ],
    ethereum: {
      rpc: ['http://127.0.0.1:8545'],
      block: `0x${hash('a7')}`,
      confirmations: 12,
      assetTable: 'eth-assets.json',
      addresses: 'eth-addresses.jsonl',
      signatures: 'eth-signatures.jsonl',
      walletCodeHashes: [`0x${hash('3c')}`],
    },
    xrpl: {
      chain: 'xrpl:1',
      rpc: ['http://127.0.0.1:51234'],
      ledger: hash('E4').toUpperCase(),
      addresses: 'xrp-addresses.jsonl',
      signatures: 'xrp-signatures.jsonl',
    },
    policy: { policy: 'JP-FSA-2026', inputs: 'policy-inputs.json' },
    scope: {
      included: [{ kind: 'product', id: 'spot', description: 'spot trading and custody accounts' }],
      excluded: [
        { kind: 'product', id: 'margin', description: 'margin and derivatives positions' },
        { kind: 'fiat', id: 'jpy-deposits', description: 'JPY cash deposits' },
      ],
      notes: 'Synthetic demo exchange on local chains.',
    },
    attestation: { issuedAt: '2026-12-01T00:00:00Z', validDays: 35, discloseUserCount: true },
  };
}

/** packages/month/src/config.test.ts: every section, one source each; and its variants. */
function full(): Json {
  return {
    $schema: '../circuits-free-spec/schemas/kura-config.schema.json',
    version: 'kura-config/1',
    round,
    assets: [
      { symbol: 'BTC', decimals: 8 },
      { symbol: 'ETH', decimals: 18 },
    ],
    exchange: { name: 'Example K.K.', url: 'https://example.com', lei: '5493001KJTIIGC8Y1R12' },
    auditor: { name: 'Audit LLC' },
    keys: files,
    trust: 'trust.json',
    workDir: 'work',
    publication: 'public',
    liabilities: {
      postgres: {
        url: 'postgres://kura@127.0.0.1:5432/ledger',
        queryFile: 'balances.sql',
        form: 'long',
        batchSize: 10000,
      },
    },
    tree: { placement: 'sparse', height: 24, workers: 2 },
    bitcoin: {
      sources: {
        rpc: ['http://user:pass@127.0.0.1:8332'],
        esplora: ['https://blockstream.info/api'],
      },
      height: 840000,
      confirmations: 6,
      descriptors: 'btc-descriptors.jsonl',
      signatures: 'btc-signatures.jsonl',
      timeoutMs: 30000,
      retries: 3,
    },
    ethereum: [
      {
        network: 'eip155:1',
        rpc: ['http://127.0.0.1:8545', 'https://eth.example'],
        block: 21000000,
        assetTable: 'eth-assets.json',
        addresses: 'eth-addresses.jsonl',
        signatures: 'eth-signatures.jsonl',
        multicall: false,
        allowUnproven: true,
      },
      {
        network: 'eip155:137',
        rpc: ['http://127.0.0.1:8546'],
        block: '65000000',
        confirmations: 0,
        assetTable: 'eth-assets.json',
        addresses: 'polygon-addresses.jsonl',
        signatures: 'polygon-signatures.jsonl',
      },
    ],
    xrpl: {
      rpc: ['https://rippled.example:51234'],
      ledger: 95000123,
      assetTable: 'xrp-assets.json',
      addresses: 'xrp-addresses.jsonl',
      signatures: 'xrp-signatures.jsonl',
      timeoutMs: 1000,
      retries: 0,
    },
    policy,
    scope,
    attestation: {
      previous: 'previous.json',
      issuedAt: '2026-12-01T00:00:00Z',
      validDays: 35,
      valueDecimals: 0,
      discloseUserCount: false,
    },
    verifier: '../verifier-web/dist',
  };
}

/** cli/src/commands/run-cli.test.ts: the least a config holds. */
const minimal: Json = {
  version: 'kura-config/1',
  round,
  assets: [{ symbol: 'BTC', decimals: 8 }],
  exchange: { name: 'Example K.K.' },
  keys: files,
  trust: 'trust.json',
  liabilities: { file: 'customers.csv' },
  bitcoin: {
    sources: { esplora: ['http://127.0.0.1:9'] },
    height: 1,
    addresses: 'a.jsonl',
    signatures: 's.jsonl',
  },
  policy,
  scope,
};

/** cli/src/commands/run-xrp.test.ts: the XRP Ledger alone, protocol 1 and 2. */
const xrpOnly = (v2: boolean): Json => ({
  version: 'kura-config/1',
  ...(v2 ? { protocol: 2 } : {}),
  round,
  assets: [{ symbol: 'XRP', decimals: 6, network: 'xrpl:0', ...(v2 ? { treeDecimals: 6 } : {}) }],
  exchange: { name: 'Example K.K.' },
  keys: files,
  trust: 'trust.json',
  workDir: 'work',
  liabilities: { file: 'customers.jsonl', format: 'jsonl' },
  tree: { placement: 'dense' },
  xrpl: {
    rpc: ['http://127.0.0.1:5005'],
    ledger: 7,
    addresses: 'xrp-addresses.jsonl',
    signatures: 'xrp-signatures.jsonl',
  },
  policy,
  scope,
  attestation: { issuedAt: '2026-12-01T00:00:00Z', validDays: 35 },
});

/** test/adversarial/fuzz-config.test.ts: assets on their networks, credentials in URLs. */
const fuzzBase: Json = {
  version: 'kura-config/1',
  round,
  assets: [
    { symbol: 'BTC', decimals: 8, network: 'bip122:000000000019d6689c085ae165831e93' },
    { symbol: 'ETH', decimals: 18, network: 'eip155:1' },
  ],
  exchange: { name: 'Example K.K.', url: 'https://example.com' },
  keys: files,
  trust: 'trust.json',
  workDir: 'work',
  liabilities: {
    postgres: {
      url: 'postgres://kura:pw@127.0.0.1:5432/ledger',
      query: 'SELECT uid, asset, amount FROM b',
      form: 'long',
    },
  },
  tree: { placement: 'sparse', height: 24 },
  bitcoin: {
    chain: 'btc',
    sources: { rpc: ['http://user:pw@127.0.0.1:8332'] },
    height: 840000,
    confirmations: 6,
    addresses: 'btc-addresses.jsonl',
    signatures: 'btc-signatures.jsonl',
  },
  ethereum: {
    rpc: ['https://mainnet.example-rpc.io/v3/key'],
    block: 21000000,
    assetTable: 'eth-assets.json',
    addresses: 'eth-addresses.jsonl',
    signatures: 'eth-signatures.jsonl',
  },
  policy,
  scope,
  attestation: { issuedAt: '2026-12-01T00:00:00Z', validDays: 35, discloseUserCount: true },
};

/** Every valid config document; the first two hold every member and both list forms. */
export function configDocuments(): Json[] {
  return [
    full(),
    demo(true, true),
    demo(false, false),
    demo(true, false),
    demo(false, true),
    minimal,
    xrpOnly(false),
    xrpOnly(true),
    fuzzBase,
  ];
}
