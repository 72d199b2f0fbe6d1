/**
 * The `kura-config/1` file: the strict reader and the published JSON Schema
 * (circuits-free-spec/schemas/kura-config.schema.json) agree — a full config passes both, and each
 * bad config is refused by both, the reader naming the file, the line and the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@kura/codec';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkConfigDocuments, readConfig } from './config.js';

const schemaDir = new URL('../../../circuits-free-spec/schemas/', import.meta.url);
const load = (n: string) =>
  JSON.parse(readFileSync(new URL(`${n}.schema.json`, schemaDir), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const n of ['round', 'assets', 'assets-v2', 'evidence', 'trust', 'attestation', 'kura-config'])
  ajv.addSchema(load(n));
const schemaValid = (v: unknown): boolean =>
  ajv.getSchema('urn:kura:schema:kura-config/1')!(v) as boolean;

const good = () => ({
  version: 'kura-config/1',
  round: { exchange: 'Example K.K.', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
  assets: [
    { symbol: 'BTC', decimals: 8 },
    { symbol: 'ETH', decimals: 18 },
  ],
  exchange: { name: 'Example K.K.', url: 'https://example.com' },
  auditor: { name: 'Audit LLC' },
  keys: { masterSecret: 'secret.hex', exchange: 'exchange.key' },
  trust: 'trust.json',
  workDir: 'work',
  liabilities: {
    postgres: {
      url: 'postgres://kura@127.0.0.1:5432/ledger',
      query: 'SELECT uid, asset, amount FROM b',
      form: 'long',
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
    addresses: 'btc-addresses.jsonl',
    signatures: 'btc-signatures.jsonl',
  },
  ethereum: {
    rpc: ['http://127.0.0.1:8545'],
    block: 21000000,
    assetTable: 'eth-assets.json',
    addresses: 'eth-addresses.jsonl',
    signatures: 'eth-signatures.jsonl',
  },
  xrpl: {
    rpc: ['https://rippled.example:51234'],
    ledger: 95000123,
    assetTable: 'xrp-assets.json',
    addresses: 'xrp-addresses.jsonl',
    signatures: 'xrp-signatures.jsonl',
  },
  policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
  scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
  attestation: { issuedAt: '2026-12-01T00:00:00Z', validDays: 35, discloseUserCount: true },
});

type Json = Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'kura-config-'));

/** Write `v` pretty-printed (so fields sit on their own lines) and read it. */
function read(v: unknown) {
  const file = join(dir, 'kura.json');
  writeFileSync(file, `${JSON.stringify(v, null, 2)}\n`);
  return readConfig(file);
}

function refused(mutate: (c: Json) => void, field: string, reason: RegExp) {
  const c = good() as unknown as Json;
  mutate(c);
  expect(schemaValid(c)).toBe(false);
  let err: unknown;
  try {
    read(c);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.location.file).toBe(join(dir, 'kura.json'));
  expect(e.location.field).toBe(field);
  expect(typeof e.location.line).toBe('number');
  expect(e.message).toMatch(reason);
}

describe('kura-config/1', () => {
  it('a full config passes the reader and the schema; paths resolve beside the config', () => {
    expect(schemaValid(good())).toBe(true);
    const c = read(good());
    expect(c.keys.masterSecret).toBe(join(dir, 'secret.hex'));
    expect(c.publication).toBe(join(dir, 'work', 'publication'));
    expect(c.liabilities).toMatchObject({ kind: 'postgres', form: 'long' });
    expect(c.ethereum?.[0]?.block).toBe('21000000');
    expect(c.ethereum?.[0]?.confirmations).toBe(64);
    expect(c.ethereum?.[0]?.network).toBeUndefined();
    expect(c.bitcoin?.asset).toBe('BTC');
    expect(c.policy.policy).toBe('JP-FSA-2026'); // a shipped id stays an id
    expect(c.tree).toEqual({ placement: 'sparse', height: 24, workers: 2 });
  });

  it('protocol 2 (issue 18): a v2 asset list (treeDecimals) in the reader and the schema; v1 by default', () => {
    expect(read(good()).protocol).toBe(1);
    const c = good() as unknown as Json;
    c.protocol = 2;
    c.assets = (c.assets as Json[]).map((a) => ({
      ...a,
      treeDecimals: Math.min(8, a.decimals as number),
    }));
    expect(schemaValid(c)).toBe(true);
    const r = read(c);
    expect(r.protocol).toBe(2);
    expect(r.assets.map((a) => (a as { treeDecimals: number }).treeDecimals)).toEqual(
      (c.assets as Json[]).map((a) => a.treeDecimals)
    );
    refused((x) => (x.protocol = 2), '$.assets', /treeDecimals/);
    refused((x) => (x.protocol = 3), '$.protocol', /1 … 2/);
    refused(
      (x) => (x.assets = (x.assets as Json[]).map((a) => ({ ...a, treeDecimals: 0 }))),
      '$.assets',
      /treeDecimals/
    );
  });

  it('ethereum: a list of EVM chain sources, each with its network (issue 17)', () => {
    const src = (network: string, port: number) => ({
      network,
      rpc: [`http://127.0.0.1:${port}`],
      block: 100,
      assetTable: 'eth-assets.json',
      addresses: `addresses-${port}.jsonl`,
      signatures: `signatures-${port}.jsonl`,
    });
    const c = good() as unknown as Json;
    c.ethereum = [src('eip155:137', 1), src('eip155:43114', 2), src('eip155:56', 3)];
    expect(schemaValid(c)).toBe(true);
    const r = read(c);
    expect(r.ethereum?.map((e) => [e.network, e.addresses])).toEqual([
      ['eip155:137', join(dir, 'addresses-1.jsonl')],
      ['eip155:43114', join(dir, 'addresses-2.jsonl')],
      ['eip155:56', join(dir, 'addresses-3.jsonl')],
    ]);
    const one = good() as unknown as Json;
    (one.ethereum as Json).network = 'eip155:61';
    expect(read(one).ethereum?.map((e) => e.network)).toEqual(['eip155:61']);
    refused(
      (x) => {
        x.ethereum = [src('eip155:137', 1), src('eip155:137', 2)];
        (x.ethereum as Json[])[1]!.network = 'eip155:0137';
      },
      '$.ethereum[1].network',
      /eip155:<chain id>/
    );
    refused(
      (x) => {
        const s = src('eip155:137', 1) as Json;
        delete s.network;
        x.ethereum = [s];
      },
      '$.ethereum[0].network',
      /names its network/
    );
    refused(
      (x) => {
        x.ethereum = [];
      },
      '$.ethereum',
      /at least one/
    );
    // two sources for one chain: the schema cannot say it, the reader does
    const dup = good() as unknown as Json;
    dup.ethereum = [src('eip155:56', 1), src('eip155:56', 2)];
    expect(() => read(dup)).toThrow(/eip155:56 is already the network of \$\.ethereum\[0\]/);
  });

  it('an xrpl section: chain xrpl:0 by default, the ledger as a string, paths resolved; alone it is enough', () => {
    const c = read(good());
    expect(c.xrpl).toEqual({
      chain: 'xrpl:0',
      rpc: ['https://rippled.example:51234'],
      ledger: '95000123',
      assetTable: join(dir, 'xrp-assets.json'),
      addresses: join(dir, 'xrp-addresses.jsonl'),
      signatures: join(dir, 'xrp-signatures.jsonl'),
    });
    const only = good() as unknown as Json;
    delete only.bitcoin;
    delete only.ethereum;
    expect(schemaValid(only)).toBe(true);
    expect(read(only).xrpl?.chain).toBe('xrpl:0');
  });

  it('refuses an xrpl section with a bad chain or ledger, or no rpc', () => {
    refused(
      (c) => {
        (c.xrpl as Json).chain = 'eip155:1';
      },
      '$.xrpl.chain',
      /xrpl:<network_id>/
    );
    refused(
      (c) => {
        (c.xrpl as Json).ledger = 'validated';
      },
      '$.xrpl.ledger',
      /ledger index or a 64-hex ledger hash/
    );
    refused(
      (c) => {
        delete (c.xrpl as Json).rpc;
      },
      '$.xrpl.rpc',
      /./
    );
  });

  it('refuses an unknown field, naming it and its line', () => {
    refused(
      (c) => {
        (c.tree as Json).colour = 'red';
      },
      '$.tree.colour',
      /kura\.json:\d+: field "\$\.tree\.colour": unknown field "colour"/
    );
  });

  it('refuses a missing required field', () => {
    refused(
      (c) => {
        delete (c.keys as Json).exchange;
      },
      '$.keys.exchange',
      /missing field/
    );
  });

  it('refuses both a file and a PostgreSQL source', () => {
    refused(
      (c) => {
        (c.liabilities as Json).file = 'customers.csv';
      },
      '$.liabilities',
      /exactly one of "file" and "postgres"/
    );
  });

  it('refuses a negative height and a bad block', () => {
    refused(
      (c) => {
        (c.bitcoin as Json).height = -1;
      },
      '$.bitcoin.height',
      /integer/
    );
    refused(
      (c) => {
        (c.ethereum as Json).block = 'latest';
      },
      '$.ethereum.block',
      /block number or a 0x block hash/
    );
  });

  it('ethereum.allowUnproven defaults to false; walletCodeHashes are 32-byte hashes (issue 12)', () => {
    expect(read(good()).ethereum?.[0]).toMatchObject({
      allowUnproven: false,
      walletCodeHashes: [],
    });
    const c = good() as unknown as Json;
    (c.ethereum as Json).allowUnproven = true;
    (c.ethereum as Json).walletCodeHashes = [`0x${'AB'.repeat(32)}`];
    expect(schemaValid(c)).toBe(true);
    expect(read(c).ethereum?.[0]).toMatchObject({
      allowUnproven: true,
      walletCodeHashes: [`0x${'ab'.repeat(32)}`],
    });
    refused(
      (x) => {
        (x.ethereum as Json).walletCodeHashes = ['0x1234'];
      },
      '$.ethereum.walletCodeHashes[0]',
      /32-byte code hash/
    );
    refused(
      (x) => {
        (x.ethereum as Json).allowUnproven = 'yes';
      },
      '$.ethereum.allowUnproven',
      /boolean|true or false/
    );
  });

  it('refuses three Bitcoin sources and a non-http source', () => {
    refused(
      (c) => {
        (c.bitcoin as Json).sources = { rpc: ['http://a', 'http://b', 'http://c'] };
      },
      '$.bitcoin.sources.rpc',
      /1 … 2/
    );
    refused(
      (c) => {
        (c.bitcoin as Json).sources = { esplora: ['ftp://x'] };
      },
      '$.bitcoin.sources.esplora[0]',
      /http\(s\) URL/
    );
  });

  it('refuses a bad round through the tree parser', () => {
    refused(
      (c) => {
        (c.round as Json).snapshotTime = '2026-11-30 15:00';
      },
      '$.round',
      /snapshotTime/
    );
  });

  it('refuses a config without any chain', () => {
    refused(
      (c) => {
        delete c.bitcoin;
        delete c.ethereum;
        delete c.xrpl;
      },
      '$.bitcoin',
      /at least one of "bitcoin" and "ethereum"/
    );
  });

  it('refuses another version', () => {
    refused(
      (c) => {
        c.version = 'kura-config/2';
      },
      '$.version',
      /kura-config\/1/
    );
  });

  it('refuses an issuedAt that is not RFC 3339 UTC', () => {
    refused(
      (c) => {
        (c.attestation as Json).issuedAt = '2026-12-01T09:00:00+09:00';
      },
      '$.attestation.issuedAt',
      /RFC 3339 UTC/
    );
  });
});

describe('keys as PKCS#11 URIs (issue 14)', () => {
  const M = 'module-path=/usr/lib/softhsm/libsofthsm2.so';
  it('accepts pkcs11: URIs; a relative PIN file and module path resolve beside the config', () => {
    const c = good() as unknown as Json;
    c.keys = {
      masterSecret: `pkcs11:token=kura;object=master%20secret?${M}&pin-source=file:pin.txt`,
      exchange:
        'pkcs11:token=kura;object=exchange-2026?module-path=lib/p11.so&pin-source=env:KURA_PIN',
    };
    expect(schemaValid(c)).toBe(true);
    const k = read(c).keys;
    expect(k.masterSecret).toBe(
      `pkcs11:token=kura;object=master%20secret?${M}&pin-source=file:${join(dir, 'pin.txt')}`
    );
    expect(k.exchange).toBe(
      `pkcs11:token=kura;object=exchange-2026?module-path=${join(dir, 'lib', 'p11.so')}&pin-source=env:KURA_PIN`
    );
  });
  it('refuses a malformed URI or a pin-value, naming the field and its line, never the PIN', () => {
    for (const [uri, reason] of [
      [`pkcs11:token=kura;object=a?${M}&pin-value=hunter2-pin`, /pin-value is refused/],
      [`pkcs11:token=kura;object=a%zz?${M}`, /two hex digits/],
      ['pkcs11:token=kura;object=a', /module-path is required/],
    ] as const) {
      const c = good() as unknown as Json;
      (c.keys as Json).exchange = uri;
      let err: unknown;
      try {
        read(c);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      const e = err as InputError;
      expect(e.location.field).toBe('$.keys.exchange');
      expect(typeof e.location.line).toBe('number');
      expect(e.message).toMatch(reason);
      expect(e.message).not.toContain('hunter2');
    }
  });
});

describe('the documents a config names (cli/README.md convention): another kind or truncated is exit 2', () => {
  const check = () => checkConfigDocuments(read(good()), join(dir, 'kura.json'));
  const thrown = (): InputError => {
    try {
      check();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    }
    throw new Error('expected an InputError');
  };
  const files = [
    'trust.json',
    'inputs.json',
    'eth-assets.json',
    'xrp-assets.json',
    'previous.json',
  ];
  const clean = () => {
    for (const n of files) rmSync(join(dir, n), { force: true });
  };

  it('files not there yet are left to the step that reads them; documents of the right kind pass', () => {
    clean();
    expect(check).not.toThrow();
    writeFileSync(join(dir, 'trust.json'), JSON.stringify({ version: 'kura-trust/1', keys: 'x' }));
    expect(check).not.toThrow(); // of the right kind: its own parser judges the rest
  });

  it.each([
    [
      'trust.json',
      '{"version":"kura-root/1"}',
      '$.trust',
      /this is a kura-root\/1 document, expected a trust file \(kura-trust\/1\)/,
    ],
    [
      'inputs.json',
      '{"version":"kura-policy-inputs/1","re',
      '$.policy.inputs',
      /cannot check: truncated or not JSON \(expected policy inputs\)/,
    ],
    [
      'eth-assets.json',
      '{"version":"kura-evidence/1"}',
      '$.ethereum[0].assetTable',
      /expected an Ethereum asset table \(kura-eth-assets\/1\)/,
    ],
    [
      'xrp-assets.json',
      '{"version":"kura-eth-assets/1"}',
      '$.xrpl.assetTable',
      /expected an XRPL asset table \(kura-xrpl-assets\/1\)/,
    ],
  ])('%s', (name, text, field, reason) => {
    clean();
    writeFileSync(join(dir, name), text);
    const e = thrown();
    expect(e.location.file).toBe(join(dir, name));
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`(named by ${field} in ${join(dir, 'kura.json')})`);
  });

  it('a config file of another kind is named by its version', () => {
    const file = join(dir, 'not-a-config.json');
    writeFileSync(file, JSON.stringify({ version: 'kura-root/1', round: {} }));
    expect(() => readConfig(file)).toThrow(
      /this is a kura-root\/1 document, expected a kura run configuration \(kura-config\/1\)/
    );
  });
});

describe('read through the declared shape (config-shapes.ts) and @kura/codec’s one reader', () => {
  /** Refused by the reader only: a rule JSON Schema cannot express (the shape’s semantic checks). */
  function refusedByReader(mutate: (c: Json) => void, field: string, reason: RegExp) {
    const c = good() as unknown as Json;
    mutate(c);
    expect(schemaValid(c)).toBe(true);
    let err: unknown;
    try {
      read(c);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.location.field).toBe(field);
    expect(typeof e.location.line).toBe('number');
    expect(e.message).toMatch(reason);
  }

  it('a missing member is named by its own path, on the line of the object that lacks it', () => {
    const c = good() as unknown as Json;
    delete (c.keys as Json).exchange;
    let err: InputError | undefined;
    try {
      read(c);
    } catch (e) {
      err = e as InputError;
    }
    const lines = readFileSync(join(dir, 'kura.json'), 'utf8').split('\n');
    expect(err?.location.field).toBe('$.keys.exchange');
    expect(err?.location.line).toBe(lines.findIndex((l) => l.includes('"keys": {')) + 1);
  });

  it('a message never echoes a string value of the config (URLs carry credentials)', () => {
    const secret = 'S3cret-Do-Not-Print';
    for (const put of [
      (c: Json) => ((c.tree as Json).placement = `postgres://kura:${secret}@db/ledger`),
      (c: Json) => ((c.attestation as Json).discloseUserCount = `http://u:${secret}@x`),
      (c: Json) => ((c.ethereum as Json).block = `http://u:${secret}@x`),
      (c: Json) => ((c.bitcoin as Json).height = `http://u:${secret}@x`),
    ]) {
      const c = good() as unknown as Json;
      put(c);
      let message = '';
      try {
        read(c);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        message = (e as Error).message;
      }
      expect(message).toMatch(/kura\.json:\d+: field "\$\./);
      expect(message).not.toContain(secret);
    }
  });

  it('Bitcoin-family lists: chains distinct, each coin in the asset list on its network', () => {
    const src = (chain: string, asset?: string) => ({
      chain,
      ...(asset ? { asset } : {}),
      sources: { rpc: ['http://127.0.0.1:8332'] },
      height: 100,
      addresses: `${chain}.jsonl`,
      signatures: `${chain}-signatures.jsonl`,
    });
    const ok = good() as unknown as Json;
    ok.assets = [...(ok.assets as Json[]), { symbol: 'LTC', decimals: 8 }];
    ok.bitcoin = [src('btc'), src('ltc-regtest')];
    expect(read(ok).bitcoinChains?.map((b) => b.asset)).toEqual(['BTC', 'LTC']);
    refusedByReader(
      (c) => (c.bitcoin = [src('btc'), src('BTC')]),
      '$.bitcoin[1].chain',
      /is already the chain of \$\.bitcoin\[0\]/
    );
    refusedByReader(
      (c) => (c.bitcoin = [src('btc'), src('doge')]),
      '$.bitcoin[1].asset',
      /"DOGE" is not in the asset list/
    );
    refusedByReader(
      (c) => {
        (c.assets as Json[])[0]!.network = 'bip122:000000000019d6689c085ae165831e93';
        c.bitcoin = [src('btc-regtest', 'BTC')];
      },
      '$.bitcoin[0].chain',
      /is not the network of asset BTC/
    );
    refusedByReader(
      (c) => ((c.bitcoin as Json).chain = 'eth'),
      '$.bitcoin.chain',
      /is not btc, ltc, bch, doge or mona/
    );
    refused(
      (c) => delete (c.bitcoin as Json).addresses,
      '$.bitcoin.addresses',
      /"addresses" and\/or "descriptors"/
    );
  });

  it('a real issue time, one query source, a scope id listed once', () => {
    refusedByReader(
      (c) => ((c.attestation as Json).issuedAt = '2026-02-30T00:00:00Z'),
      '$.attestation.issuedAt',
      /not a real time/
    );
    refused(
      (c) => (((c.liabilities as Json).postgres as Json).queryFile = 'q.sql'),
      '$.liabilities.postgres',
      /exactly one of "query" and "queryFile"/
    );
    refusedByReader(
      (c) => ((c.scope as Json).excluded = [{ kind: 'product', id: 'spot' }]),
      '$.scope',
      /listed twice/
    );
  });

  it('a $schema member is a string (the schema says so; the hand-written reader never looked)', () => {
    const c = good() as unknown as Json;
    c.$schema = '../circuits-free-spec/schemas/kura-config.schema.json';
    expect(read(c).round.period).toBe('2026-11');
    refused((x) => (x.$schema = 5), '$.$schema', /expected a string/);
  });
});
