/**
 * The shape of `kura-config/1` — the configuration file of `kura run` — declared once, with
 * @kura/codec's shapes. {@link readConfig} (config.ts) reads every config through it; the
 * published JSON Schema is circuits-free-spec/schemas/kura-config.schema.json, and
 * circuits-free-spec/test/agreement.test.ts proves the two agree on the same documents.
 *
 * Checks marked semantic (via {@link refine}, or a {@link ShapeIssue} built with
 * `semantic = true`) are those JSON Schema cannot express, or expresses only with
 * `if`/`oneOf`/`anyOf` over members that a shape declares as plain optional members: a PKCS#11
 * URI that parses, a Bitcoin-family chain or EVM network that exists, distinct chains in a list,
 * a list item naming its chain, one or two chain sources, addresses and/or descriptors, the
 * coin's symbol in the asset list, exactly one liabilities source, a real issue time, the asset
 * list of the month's protocol, and at least one chain section.
 * @module
 */
import { parseScope } from '@kura/attest';
import { defaultAssetOfChain, parseChainOption } from '@kura/bitcoin';
import {
  anyOf,
  arr,
  bool,
  findIssue,
  type Infer,
  int,
  KuraError,
  literal,
  obj,
  oneOf,
  refine,
  type Shape,
  ShapeIssue,
  str,
} from '@kura/codec';
import { parseEvmNetwork } from '@kura/ethereum';
import { isPkcs11Uri, parsePkcs11Uri } from '@kura/pkcs11';
import { assetsShape, assetsV2Shape, roundShape } from '@kura/tree';
import { XRPL_LEDGER_EXPECTED, XRPL_LEDGER_SPEC } from '@kura/xrpl';

/** The `version` of a config file. */
export const CONFIG_VERSION = 'kura-config/1';

/** A text member (names, ids): non-empty, not normalised (a config is not hashed). */
const text = str({ nfc: false });
/** A file path, relative to the config file's directory (or absolute). */
const path = str({ nfc: false, expected: 'expected a file path' });
const httpUrl = str({
  nfc: false,
  pattern: /^https?:\/\/\S+$/,
  expected: 'expected an http(s) URL',
});
/** One or two endpoints of one service (two are cross-checked). */
const urls = arr(httpUrl, { min: 1, max: 2 });
const timeoutMs = int(100, 600_000);
const retries = int(0, 20);

/** Refuse an empty list with `message` (the schema's `minItems: 1`, in words). */
function nonEmpty<T>(list: Shape<readonly T[]>, message: string): Shape<readonly T[]> {
  return {
    check(v) {
      if (Array.isArray(v) && v.length === 0) throw new ShapeIssue('schema', message);
      return list.check(v);
    },
    def: list.def,
  };
}

/** A package parser's verdict as a semantic check: its message, or undefined. */
function parses(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof KuraError || e instanceof RangeError) return e.message;
    throw e;
  }
}

/** A key or secret: a file path, or a PKCS#11 URI (RFC 7512) that parses (never echoes a PIN). */
const keyRef = refine(
  str({ nfc: false, expected: 'expected a file path or a pkcs11: URI' }),
  (s) => (isPkcs11Uri(s) ? parses(() => parsePkcs11Uri(s)) : undefined)
);

/** A Bitcoin-family chain (`btc`, `ltc-regtest`, `bip122:…`), as `kura … --chain` takes it. */
const btcChain = refine(text, (s) =>
  parses(() => parseChainOption(s))?.replace(/^"--chain": /, '')
);

const btcSourcesShape = refine(obj({}, { rpc: urls, esplora: urls, bcoin: urls }), (s) => {
  const n = (s.rpc?.length ?? 0) + (s.esplora?.length ?? 0) + (s.bcoin?.length ?? 0);
  return n >= 1 && n <= 2 ? undefined : 'give one or two chain sources (two are cross-checked)';
});

/** One Bitcoin-family chain's reserves source. */
export const btcSourceShape = refine(
  obj(
    { sources: btcSourcesShape, height: int(0, 100_000_000), signatures: path },
    {
      chain: btcChain,
      confirmations: int(1, 1_000_000),
      asset: text,
      addresses: path,
      descriptors: path,
      timeoutMs,
      retries,
    }
  ),
  (o) =>
    o.addresses === undefined && o.descriptors === undefined
      ? { at: ['addresses'], reason: 'give "addresses" and/or "descriptors"' }
      : undefined
);

/** A list's items name their chain (or network), once each. */
function distinctList<T>(
  item: Shape<T>,
  key: string,
  of: (t: T) => string | undefined,
  missing: string,
  empty: string,
  section: string,
  what: string
): Shape<readonly T[]> {
  return refine(nonEmpty(arr(item, { min: 1 }), empty), (list) => {
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const c = of(list[i]!);
      if (c === undefined) return { at: [i, key], reason: missing };
      const prev = seen.get(c);
      if (prev !== undefined)
        return { at: [i, key], reason: `${c} is already the ${what} of $.${section}[${prev}]` };
      seen.set(c, i);
    }
    return undefined;
  });
}

/** `bitcoin`: one source, or a list of them (one per chain, each naming its chain). */
export const bitcoinShape = anyOf(
  [
    btcSourceShape,
    distinctList(
      btcSourceShape,
      'chain',
      (c) => (c.chain === undefined ? undefined : parseChainOption(c.chain)),
      'each Bitcoin-family source of a list names its chain (btc, ltc, bch, doge, mona, optionally -testnet / -regtest, or bip122:…)',
      'expected at least one Bitcoin-family chain source',
      'bitcoin',
      'chain'
    ),
  ],
  'expected a Bitcoin-family source or a list of them'
);

const evmNetwork = refine(
  str({
    nfc: false,
    pattern: /^eip155:[1-9][0-9]{0,15}$/,
    expected: 'expected a CAIP-2 network eip155:<chain id>',
  }),
  (s) => {
    const n = parseEvmNetwork(s);
    return n.ok ? undefined : n.message;
  }
);

/** One EVM chain's reserves source. */
export const ethSourceShape = obj(
  {
    rpc: urls,
    block: anyOf(
      [
        int(0),
        str({
          nfc: false,
          pattern: /^(0|[1-9][0-9]{0,15}|0x[0-9a-fA-F]{64})$/,
          expected: 'expected a block number or a 0x block hash',
        }),
      ],
      'expected a block number or a 0x block hash'
    ),
    assetTable: path,
    addresses: path,
    signatures: path,
  },
  {
    network: evmNetwork,
    confirmations: int(0, 1_000_000),
    multicall: bool(),
    allowUnproven: bool(),
    walletCodeHashes: arr(
      str({
        nfc: false,
        pattern: /^0x[0-9a-fA-F]{64}$/,
        expected: 'expected a 32-byte code hash 0x…',
      }),
      { max: 100 }
    ),
    timeoutMs,
    retries,
  }
);

/** `ethereum`: one source, or a list of them (one per EVM chain, each naming its network). */
export const ethereumShape = anyOf(
  [
    ethSourceShape,
    distinctList(
      ethSourceShape,
      'network',
      (c) => c.network,
      'each EVM chain source of a list names its network (eip155:<chain id>)',
      'expected at least one EVM chain source',
      'ethereum',
      'network'
    ),
  ],
  'expected an EVM chain source or a list of them'
);

const LEDGER = XRPL_LEDGER_EXPECTED;
/** The `xrpl` section (XRP Ledger). */
export const xrplShape = obj(
  {
    rpc: urls,
    ledger: anyOf(
      [int(1, 0xffffffff), str({ nfc: false, pattern: XRPL_LEDGER_SPEC, expected: LEDGER })],
      LEDGER
    ),
    addresses: path,
    signatures: path,
  },
  {
    chain: str({
      nfc: false,
      pattern: /^xrpl:(0|[1-9][0-9]{0,9})$/,
      expected: 'expected xrpl:<network_id>',
    }),
    assetTable: path,
    timeoutMs,
    retries,
  }
);

const liabilitiesShape = refine(
  obj(
    {},
    {
      file: path,
      format: oneOf(['csv', 'jsonl']),
      postgres: refine(
        obj(
          {
            url: str({
              nfc: false,
              pattern: /^postgres(ql)?:\/\/\S+$/,
              expected: 'expected a postgres:// URL',
            }),
          },
          {
            query: text,
            queryFile: path,
            form: oneOf(['long', 'wide', 'auto']),
            batchSize: int(1, 1_000_000),
          }
        ),
        (p) =>
          (p.query === undefined) === (p.queryFile === undefined)
            ? 'give exactly one of "query" and "queryFile"'
            : undefined
      ),
    }
  ),
  (l) => {
    if ((l.file === undefined) === (l.postgres === undefined))
      return 'give exactly one of "file" and "postgres"';
    if (l.format !== undefined && l.file === undefined)
      return { at: ['format'], reason: '"format" applies to "file" only' };
    return undefined;
  }
);

const RFC3339_UTC = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;
/** An issue time: RFC 3339 UTC, whole seconds, a time that exists (no Feb 30, no 24:00). */
const issuedAt = refine(
  str({ nfc: false, pattern: RFC3339_UTC, expected: 'expected an RFC 3339 UTC time (…Z)' }),
  (s) => {
    const ms = Date.parse(s);
    return !Number.isNaN(ms) && new Date(ms).toISOString() === `${s.slice(0, 19)}.000Z`
      ? undefined
      : 'not a real time';
  }
);

/** The attestation's scope, checked by @kura/attest's reader (`parseScope`). */
const scopeShape: Shape<unknown> = refine(obj({}, {}, { open: true }), (s) =>
  parses(() => parseScope(s, '$.scope'))
);

/**
 * The asset list: v1 or v2 by the month's `protocol`, so it is checked with the protocol, in
 * {@link crossCheck}; its schema is either list.
 */
const anyAssets: Shape<unknown> = {
  check: (v) => v,
  def: anyOf([assetsShape, assetsV2Shape], 'expected an asset list').def,
};

const membersShape = obj(
  {
    version: literal(CONFIG_VERSION),
    round: roundShape,
    assets: anyAssets,
    exchange: obj(
      { name: text },
      {
        url: httpUrl,
        registration: text,
        lei: str({
          nfc: false,
          pattern: /^[0-9A-Z]{18}[0-9]{2}$/,
          expected: 'expected a 20-character LEI',
        }),
      }
    ),
    keys: obj({ masterSecret: keyRef, exchange: keyRef }),
    trust: path,
    liabilities: liabilitiesShape,
    policy: obj({
      policy: str({ nfc: false, expected: 'expected a shipped policy id or a file' }),
      inputs: path,
    }),
    scope: scopeShape,
  },
  {
    $schema: str({ min: 0, nfc: false }),
    protocol: int(1, 2),
    auditor: obj({ name: text }, { url: httpUrl }),
    workDir: path,
    publication: path,
    tree: obj(
      {},
      { placement: oneOf(['dense', 'sparse']), height: int(1, 32), workers: int(0, 256) }
    ),
    bitcoin: bitcoinShape,
    ethereum: ethereumShape,
    xrpl: xrplShape,
    attestation: obj(
      {},
      {
        previous: path,
        issuedAt,
        validDays: int(1, 3660),
        valueDecimals: int(0, 18),
        discloseUserCount: bool(),
      }
    ),
    verifier: path,
  }
);

/** What {@link configShape} accepts (before paths are resolved and defaults filled in). */
export type ConfigDocument = Infer<typeof membersShape>;

/** A semantic issue at `at`. */
function semantic(at: (string | number)[], reason: string): ShapeIssue {
  const i = new ShapeIssue('schema', reason, true);
  i.path.push(...at);
  return i;
}

/**
 * The cross-member checks: the asset list of the month's protocol (v2 lists carry
 * `treeDecimals`), at least one chain section, and each Bitcoin-family source's coin in the
 * asset list, on the asset's network.
 */
function crossCheck(c: ConfigDocument): void {
  const [want, other] =
    c.protocol === 2 ? [assetsV2Shape, assetsShape] : [assetsShape, assetsV2Shape];
  try {
    want.check(c.assets);
  } catch (e) {
    if (!(e instanceof ShapeIssue)) throw e;
    e.path.unshift('assets');
    if (findIssue(other, c.assets) !== undefined) throw e;
    // the other protocol's list shape accepts it: only the protocol tells them apart
    const i = new ShapeIssue(e.kind, e.reason, true);
    i.path.push(...e.path);
    throw i;
  }
  if (c.bitcoin === undefined && c.ethereum === undefined && c.xrpl === undefined)
    throw semantic(['bitcoin'], 'give at least one of "bitcoin" and "ethereum" (or "xrpl")');
  const assets = c.assets as readonly { symbol: string; network?: string }[];
  const list = c.bitcoin === undefined ? [] : Array.isArray(c.bitcoin) ? c.bitcoin : [c.bitcoin];
  const one = !Array.isArray(c.bitcoin);
  for (let i = 0; i < list.length; i++) {
    const b = list[i] as Infer<typeof btcSourceShape>;
    const at = one ? ['bitcoin'] : ['bitcoin', i];
    const chain = b.chain === undefined ? undefined : parseChainOption(b.chain);
    const asset = b.asset ?? defaultAsset(chain);
    const listed = assets.find((a) => a.symbol === asset);
    if (!listed) throw semantic([...at, 'asset'], `"${asset}" is not in the asset list`);
    if (chain !== undefined && listed.network !== undefined && listed.network !== chain)
      throw semantic(
        [...at, 'chain'],
        `${chain} is not the network of asset ${asset} in the asset list (${listed.network})`
      );
  }
}

/** The default asset symbol of a Bitcoin-family chain: its coin (`@kura/bitcoin`). */
export const defaultAsset: (chain: string | undefined) => string = defaultAssetOfChain;

/** The whole `kura-config/1` document: its members, then the checks across them. */
export const configShape: Shape<ConfigDocument> = {
  check(v) {
    const c = membersShape.check(v);
    crossCheck(c);
    return c;
  },
  def: membersShape.def,
};
