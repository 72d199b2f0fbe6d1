/**
 * The configuration file of `kura run` (`kura-config/1`, JSON Schema
 * `circuits-free-spec/schemas/kura-config.schema.json`): one month's round, where the liabilities
 * come from, which chains to collect reserves from, the policy, the keys, and where to write.
 *
 * Parsing is strict: unknown fields, wrong types and bad values are errors naming the config
 * file, the line and the JSON path of the field. Relative paths are resolved against the config
 * file's directory. Secrets are never inside the config: it names the files holding them.
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DEFAULT_VALID_DAYS, parseScope, type Scope } from '@kura/attest';
import { networksOfChain, parseChainOption } from '@kura/bitcoin';
import { InputError, isCanonicalInt, KuraError, parseJsonBytes } from '@kura/codec';
import {
  checkVersion,
  DOCUMENTS,
  type ExpectedDocument,
  readFileOrThrow,
  readKuraDocument,
} from '@kura/codec/node';
import { parseEvmNetwork } from '@kura/ethereum';
import { formatPkcs11Uri, isPkcs11Uri, parsePkcs11Uri } from '@kura/pkcs11';
import { locateLine } from '@kura/policy';
import { type Asset, type Placement, parseAssets, parseRound, type Round } from '@kura/tree';

/** The `version` of a config file. */
export const CONFIG_VERSION = 'kura-config/1';

/** Where the customers' balances come from. */
export type LiabilitiesSource =
  | { readonly kind: 'file'; readonly file: string; readonly format?: 'csv' | 'jsonl' }
  | {
      readonly kind: 'postgres';
      /** postgres://… (may hold a password: never printed, never stored). */
      readonly url: string;
      readonly query: string;
      /** The file the query came from (`queryFile`), for messages. */
      readonly queryFile?: string;
      readonly form: 'long' | 'wide' | 'auto';
      readonly batchSize?: number;
    };

/** Bitcoin chain sources (at most two in total: they are cross-checked). */
export interface BitcoinSources {
  readonly rpc: readonly string[];
  readonly esplora: readonly string[];
  readonly bcoin: readonly string[];
}

/**
 * One Bitcoin-family chain's reserves source: the `bitcoin` section, or an item of it when it is
 * a list (one per chain: BTC, LTC, BCH, DOGE, MONA).
 */
export interface BitcoinConfig {
  /**
   * The chain (CAIP-2 `bip122:…`) the sources must serve — BCH told from BTC by its fork block.
   * From `chain` (`btc`, `ltc-regtest`, `bip122:…`); required when the section lists several.
   */
  readonly chain?: string;
  readonly sources: BitcoinSources;
  readonly height: number;
  readonly confirmations: number;
  readonly asset: string;
  readonly addresses?: string;
  readonly descriptors?: string;
  readonly signatures: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
}

/** One EVM chain's reserves source (an item of the `ethereum` section). */
export interface EthereumConfig {
  /**
   * The CAIP-2 network (`eip155:<chainId>`) the source is for: the endpoints' `eth_chainId` must
   * be it. Required when the section lists several chains.
   */
  readonly network?: string;
  readonly rpc: readonly string[];
  /** Decimal height or 0x block hash. */
  readonly block: string;
  readonly confirmations: number;
  readonly assetTable: string;
  readonly addresses: string;
  readonly signatures: string;
  readonly multicall: boolean;
  /** Accept tokens without a balanceSlot (not state-proven); default false (issue 12). */
  readonly allowUnproven: boolean;
  /** EIP-1271 wallet code hashes (`0x…`) the exchange declares (not pinned Safes). */
  readonly walletCodeHashes: readonly string[];
  readonly timeoutMs?: number;
  readonly retries?: number;
}

/** The `xrpl` section (XRP Ledger, @kura/xrpl). */
export interface XrplConfig {
  /** `xrpl:0` mainnet (default), `xrpl:1` testnet, … */
  readonly chain: string;
  readonly rpc: readonly string[];
  /** Ledger index (decimal) or 64-hex ledger hash; must be validated. */
  readonly ledger: string;
  /** kura-xrpl-assets/1 (default: XRP only). */
  readonly assetTable?: string;
  readonly addresses: string;
  readonly signatures: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
}

/** A parsed, path-resolved config. */
export interface RunConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  readonly round: Round;
  readonly assets: readonly Asset[];
  readonly exchange: {
    readonly name: string;
    readonly url?: string;
    readonly registration?: string;
    readonly lei?: string;
  };
  readonly auditor?: { readonly name: string; readonly url?: string };
  readonly keys: { readonly masterSecret: string; readonly exchange: string };
  readonly trust: string;
  readonly workDir: string;
  readonly publication: string;
  readonly liabilities: LiabilitiesSource;
  readonly tree: {
    readonly placement: Placement;
    readonly height?: number;
    readonly workers?: number;
  };
  /** The first (or only) Bitcoin-family source (see {@link RunConfig.bitcoinChains}). */
  readonly bitcoin?: BitcoinConfig;
  /**
   * Every Bitcoin-family source, one per chain (`bitcoin` is one object, or an array of objects
   * each naming its `chain`).
   */
  readonly bitcoinChains?: readonly BitcoinConfig[];
  /**
   * EVM reserves sources, one per chain (`ethereum` is one object, or an array of objects each
   * naming its `network`).
   */
  readonly ethereum?: readonly EthereumConfig[];
  readonly xrpl?: XrplConfig;
  readonly policy: { readonly policy: string; readonly inputs: string };
  readonly scope: Scope;
  readonly attestation: {
    readonly previous?: string;
    readonly issuedAt?: string;
    readonly validDays: number;
    readonly valueDecimals?: number;
    readonly discloseUserCount: boolean;
  };
  /** The web verifier's built files (verifier-web/dist), copied into the publication. */
  readonly verifier?: string;
}

type Obj = Record<string, unknown>;

/** A reader of one config file: every error names the file, line and JSON path. */
class ConfigReader {
  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly base: string
  ) {}

  fail(path: string, reason: string): never {
    throw new InputError(reason, {
      file: this.file,
      line: locateLine(this.text, path),
      field: path,
    });
  }

  obj(v: unknown, path: string, required: readonly string[], optional: readonly string[]): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(path, 'expected an object');
    const o = v as Obj;
    for (const k of Object.keys(o))
      if (!required.includes(k) && !optional.includes(k))
        this.fail(`${path}.${k}`, `unknown field "${k}"`);
    for (const k of required) if (!(k in o)) this.fail(`${path}.${k}`, `missing field "${k}"`);
    return o;
  }

  str(v: unknown, path: string, re?: RegExp, what = 'a string'): string {
    if (typeof v !== 'string' || v.length === 0) this.fail(path, `expected ${what}`);
    if (re && !re.test(v as string)) this.fail(path, `expected ${what}`);
    return v as string;
  }

  int(v: unknown, path: string, min: number, max: number): number {
    if (!isCanonicalInt(v) || v < min || v > max)
      this.fail(path, `expected an integer ${min} … ${max}`);
    return v as number;
  }

  bool(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, 'expected true or false');
    return v as boolean;
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
    if (typeof v !== 'string' || !values.includes(v as T))
      this.fail(path, `expected one of ${values.map((x) => `"${x}"`).join(', ')}`);
    return v as T;
  }

  strings(
    v: unknown,
    path: string,
    min: number,
    max: number,
    re?: RegExp,
    what?: string
  ): string[] {
    if (!Array.isArray(v) || v.length < min || v.length > max)
      this.fail(path, `expected an array of ${min} … ${max} strings`);
    return (v as unknown[]).map((x, i) => this.str(x, `${path}[${i}]`, re, what));
  }

  /** A path relative to the config file's directory, made absolute. */
  path(v: unknown, p: string): string {
    const s = this.str(v, p, undefined, 'a file path');
    return isAbsolute(s) ? s : resolve(this.base, s);
  }

  /**
   * A key or secret reference: a file path (as {@link path}) or a PKCS#11 URI, parsed strictly
   * now, whose relative `module-path` and `pin-source` file resolve against the config's directory.
   */
  keyRef(v: unknown, p: string): string {
    const s = this.str(v, p, undefined, 'a file path or a pkcs11: URI');
    if (!isPkcs11Uri(s)) return this.path(s, p);
    const u = this.parse(p, () => parsePkcs11Uri(s));
    const abs = (f: string) => (isAbsolute(f) ? f : resolve(this.base, f));
    return formatPkcs11Uri({
      ...u,
      modulePath: u.modulePath.includes('/') ? abs(u.modulePath) : u.modulePath,
      ...(u.pinSource?.kind === 'file'
        ? { pinSource: { kind: 'file', path: abs(u.pinSource.path) } }
        : {}),
    });
  }

  /** Run a package parser; its errors become errors at `path`. */
  parse<T>(path: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof KuraError) this.fail(path, e.message);
      throw e;
    }
  }
}

const URL_RE = /^https?:\/\/[^\s]+$/;
const PG_RE = /^postgres(ql)?:\/\/[^\s]+$/;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BLOCK_RE = /^(0|[1-9][0-9]{0,15}|0x[0-9a-fA-F]{64})$/;

/** Read and check a config file. Throws {@link InputError} naming file, line and field. */
export function readConfig(file: string): RunConfig {
  const abs = resolve(file);
  const bytes = readFileOrThrow(abs);
  const value = parseJsonBytes(bytes, { file: abs });
  checkVersion(value, abs, { versions: [CONFIG_VERSION], what: 'a kura run configuration' });
  return parseConfig(value, abs, new TextDecoder().decode(bytes));
}

/**
 * The Kura documents a config names — `trust`, `policy.inputs`, a `policy.policy` file,
 * `attestation.previous`, each `assetTable` — checked before any step runs: one that is empty,
 * truncated or another kind of Kura document is an {@link InputError} (exit 2) naming the file,
 * its `version` and the config field that points at it. A file that does not exist yet is left
 * to the step that reads it.
 */
export function checkConfigDocuments(cfg: RunConfig, configFile: string): void {
  const named: [string | undefined, string, ExpectedDocument][] = [
    [cfg.trust, '$.trust', DOCUMENTS.trust],
    [cfg.policy.inputs, '$.policy.inputs', DOCUMENTS.policyInputs],
    [
      /[/\\]|\.json$/.test(cfg.policy.policy) ? cfg.policy.policy : undefined,
      '$.policy.policy',
      DOCUMENTS.policy,
    ],
    [cfg.attestation.previous, '$.attestation.previous', DOCUMENTS.attestation],
    ...(cfg.ethereum ?? []).map((e, i): [string, string, ExpectedDocument] => [
      e.assetTable,
      `$.ethereum[${i}].assetTable`,
      DOCUMENTS.ethAssets,
    ]),
    [cfg.xrpl?.assetTable, '$.xrpl.assetTable', DOCUMENTS.xrpAssets],
  ];
  for (const [file, field, expected] of named) {
    if (file === undefined || !existsSync(file)) continue;
    try {
      readKuraDocument(file, expected);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(`${e.reason} (named by ${field} in ${configFile})`, e.location, {
        cause: e,
      });
    }
  }
}

/**
 * Check a parsed config value (`text` is the file's text, for line numbers; `file` names it in
 * errors). Relative paths resolve against `opts.root` (default: the config file's directory), so a
 * scheduler can hold the config in memory and point a month at any directory.
 */
export function parseConfig(
  value: unknown,
  file: string,
  text = '',
  opts: { readonly root?: string } = {}
): RunConfig {
  const r = new ConfigReader(file, text, opts.root ?? dirname(file));
  const o = r.obj(
    value,
    '$',
    ['version', 'round', 'assets', 'exchange', 'keys', 'trust', 'liabilities', 'policy', 'scope'],
    [
      '$schema',
      'auditor',
      'workDir',
      'publication',
      'tree',
      'bitcoin',
      'ethereum',
      'xrpl',
      'attestation',
      'verifier',
    ]
  );
  if (o.version !== CONFIG_VERSION) r.fail('$.version', `expected "${CONFIG_VERSION}"`);
  const round = r.parse('$.round', () => parseRound(o.round));
  const assets = r.parse('$.assets', () => parseAssets(o.assets));

  const ex = r.obj(o.exchange, '$.exchange', ['name'], ['url', 'registration', 'lei']);
  const exchange = {
    name: r.str(ex.name, '$.exchange.name'),
    ...(ex.url !== undefined
      ? { url: r.str(ex.url, '$.exchange.url', URL_RE, 'an http(s) URL') }
      : {}),
    ...(ex.registration !== undefined
      ? { registration: r.str(ex.registration, '$.exchange.registration') }
      : {}),
    ...(ex.lei !== undefined
      ? { lei: r.str(ex.lei, '$.exchange.lei', /^[0-9A-Z]{18}[0-9]{2}$/, 'a 20-character LEI') }
      : {}),
  };
  let auditor: RunConfig['auditor'];
  if (o.auditor !== undefined) {
    const a = r.obj(o.auditor, '$.auditor', ['name'], ['url']);
    auditor = {
      name: r.str(a.name, '$.auditor.name'),
      ...(a.url !== undefined
        ? { url: r.str(a.url, '$.auditor.url', URL_RE, 'an http(s) URL') }
        : {}),
    };
  }
  const k = r.obj(o.keys, '$.keys', ['masterSecret', 'exchange'], []);
  const keys = {
    masterSecret: r.keyRef(k.masterSecret, '$.keys.masterSecret'),
    exchange: r.keyRef(k.exchange, '$.keys.exchange'),
  };
  const trust = r.path(o.trust, '$.trust');
  const workDir =
    o.workDir === undefined ? resolve(dirname(file), 'work') : r.path(o.workDir, '$.workDir');
  const publication =
    o.publication === undefined
      ? resolve(workDir, 'publication')
      : r.path(o.publication, '$.publication');

  const liabilities = readLiabilities(r, o.liabilities);

  let tree: RunConfig['tree'] = { placement: 'dense' };
  if (o.tree !== undefined) {
    const t = r.obj(o.tree, '$.tree', [], ['placement', 'height', 'workers']);
    tree = {
      placement:
        t.placement === undefined
          ? 'dense'
          : r.oneOf(t.placement, '$.tree.placement', ['dense', 'sparse']),
      ...(t.height !== undefined ? { height: r.int(t.height, '$.tree.height', 1, 32) } : {}),
      ...(t.workers !== undefined ? { workers: r.int(t.workers, '$.tree.workers', 0, 256) } : {}),
    };
  }

  const bitcoinChains =
    o.bitcoin === undefined ? undefined : readBitcoinSources(r, o.bitcoin, assets);
  const bitcoin = bitcoinChains?.[0];
  const ethereum = o.ethereum === undefined ? undefined : readEthereumSources(r, o.ethereum);
  const xrpl = o.xrpl === undefined ? undefined : readXrpl(r, o.xrpl);
  if (!bitcoin && !ethereum && !xrpl)
    r.fail('$.bitcoin', 'give at least one of "bitcoin" and "ethereum" (or "xrpl")');

  const p = r.obj(o.policy, '$.policy', ['policy', 'inputs'], []);
  const policyRef = r.str(p.policy, '$.policy.policy', undefined, 'a shipped policy id or a file');
  const policy = {
    // a shipped id stays as it is; anything that looks like a file path is resolved
    policy: /[/\\]|\.json$/.test(policyRef) ? r.path(policyRef, '$.policy.policy') : policyRef,
    inputs: r.path(p.inputs, '$.policy.inputs'),
  };
  const scope = r.parse('$.scope', () => parseScope(o.scope, '$.scope'));

  let attestation: RunConfig['attestation'] = {
    validDays: DEFAULT_VALID_DAYS,
    discloseUserCount: false,
  };
  if (o.attestation !== undefined) {
    const a = r.obj(
      o.attestation,
      '$.attestation',
      [],
      ['previous', 'issuedAt', 'validDays', 'valueDecimals', 'discloseUserCount']
    );
    if (a.issuedAt !== undefined) {
      const s = r.str(
        a.issuedAt,
        '$.attestation.issuedAt',
        RFC3339_UTC,
        'an RFC 3339 UTC time (…Z)'
      );
      if (Number.isNaN(Date.parse(s))) r.fail('$.attestation.issuedAt', 'not a real time');
    }
    attestation = {
      ...(a.previous !== undefined
        ? { previous: r.path(a.previous, '$.attestation.previous') }
        : {}),
      ...(a.issuedAt !== undefined ? { issuedAt: a.issuedAt as string } : {}),
      validDays:
        a.validDays === undefined
          ? DEFAULT_VALID_DAYS
          : r.int(a.validDays, '$.attestation.validDays', 1, 3660),
      ...(a.valueDecimals !== undefined
        ? { valueDecimals: r.int(a.valueDecimals, '$.attestation.valueDecimals', 0, 18) }
        : {}),
      discloseUserCount:
        a.discloseUserCount === undefined
          ? false
          : r.bool(a.discloseUserCount, '$.attestation.discloseUserCount'),
    };
  }
  const verifier = o.verifier === undefined ? undefined : r.path(o.verifier, '$.verifier');
  return {
    file,
    round,
    assets,
    exchange,
    ...(auditor ? { auditor } : {}),
    keys,
    trust,
    workDir,
    publication,
    liabilities,
    tree,
    ...(bitcoin ? { bitcoin, bitcoinChains: bitcoinChains! } : {}),
    ...(ethereum ? { ethereum } : {}),
    ...(xrpl ? { xrpl } : {}),
    policy,
    scope,
    attestation,
    ...(verifier ? { verifier } : {}),
  };
}

function readLiabilities(r: ConfigReader, v: unknown): LiabilitiesSource {
  const o = r.obj(v, '$.liabilities', [], ['file', 'format', 'postgres']);
  if ((o.file === undefined) === (o.postgres === undefined))
    r.fail('$.liabilities', 'give exactly one of "file" and "postgres"');
  if (o.file !== undefined)
    return {
      kind: 'file',
      file: r.path(o.file, '$.liabilities.file'),
      ...(o.format !== undefined
        ? { format: r.oneOf(o.format, '$.liabilities.format', ['csv', 'jsonl'] as const) }
        : {}),
    };
  if (o.format !== undefined) r.fail('$.liabilities.format', '"format" applies to "file" only');
  const p = r.obj(
    o.postgres,
    '$.liabilities.postgres',
    ['url'],
    ['query', 'queryFile', 'form', 'batchSize']
  );
  if ((p.query === undefined) === (p.queryFile === undefined))
    r.fail('$.liabilities.postgres', 'give exactly one of "query" and "queryFile"');
  let query: string;
  let queryFile: string | undefined;
  if (p.query !== undefined) query = r.str(p.query, '$.liabilities.postgres.query');
  else {
    queryFile = r.path(p.queryFile, '$.liabilities.postgres.queryFile');
    query = new TextDecoder().decode(readFileOrThrow(queryFile));
  }
  return {
    kind: 'postgres',
    url: r.str(p.url, '$.liabilities.postgres.url', PG_RE, 'a postgres:// URL'),
    query,
    ...(queryFile ? { queryFile } : {}),
    form:
      p.form === undefined
        ? 'auto'
        : r.oneOf(p.form, '$.liabilities.postgres.form', ['long', 'wide', 'auto'] as const),
    ...(p.batchSize !== undefined
      ? { batchSize: r.int(p.batchSize, '$.liabilities.postgres.batchSize', 1, 1_000_000) }
      : {}),
  };
}

/** `bitcoin`: one source object, or an array of them (one per chain, each with its `chain`). */
function readBitcoinSources(
  r: ConfigReader,
  v: unknown,
  assets: readonly Asset[]
): BitcoinConfig[] {
  if (!Array.isArray(v)) return [readBitcoin(r, v, assets, '$.bitcoin')];
  if (v.length === 0) r.fail('$.bitcoin', 'expected at least one Bitcoin-family chain source');
  const seen = new Map<string, number>();
  return v.map((item, i) => {
    const $ = `$.bitcoin[${i}]`;
    const c = readBitcoin(r, item, assets, $);
    if (c.chain === undefined)
      r.fail(
        `${$}.chain`,
        'each Bitcoin-family source of a list names its chain (btc, ltc, bch, doge, mona, optionally -testnet / -regtest, or bip122:…)'
      );
    const prev = seen.get(c.chain);
    if (prev !== undefined)
      r.fail(`${$}.chain`, `${c.chain} is already the chain of $.bitcoin[${prev}]`);
    seen.set(c.chain, i);
    return c;
  });
}

function readBitcoin(
  r: ConfigReader,
  v: unknown,
  assets: readonly Asset[],
  $: string
): BitcoinConfig {
  const o = r.obj(
    v,
    $,
    ['sources', 'height', 'signatures'],
    ['chain', 'confirmations', 'asset', 'addresses', 'descriptors', 'timeoutMs', 'retries']
  );
  let chain: string | undefined;
  if (o.chain !== undefined)
    try {
      chain = parseChainOption(r.str(o.chain, `${$}.chain`));
    } catch (e) {
      r.fail(`${$}.chain`, (e as Error).message.replace(/^"--chain": /, ''));
    }
  const s = r.obj(o.sources, `${$}.sources`, [], ['rpc', 'esplora', 'bcoin']);
  const list = (x: unknown, f: string) =>
    x === undefined ? [] : r.strings(x, `${$}.sources.${f}`, 1, 2, URL_RE, 'an http(s) URL');
  const sources = {
    rpc: list(s.rpc, 'rpc'),
    esplora: list(s.esplora, 'esplora'),
    bcoin: list(s.bcoin, 'bcoin'),
  };
  const n = sources.rpc.length + sources.esplora.length + sources.bcoin.length;
  if (n < 1 || n > 2)
    r.fail(`${$}.sources`, 'give one or two chain sources (two are cross-checked)');
  if (o.addresses === undefined && o.descriptors === undefined)
    r.fail(`${$}.addresses`, 'give "addresses" and/or "descriptors"');
  // default symbol: the coin of the chain (BTC, LTC, BCH, DOGE, MONA)
  const coin = chain === undefined ? 'btc' : (networksOfChain(chain)[0]?.coin ?? 'btc');
  const asset = o.asset === undefined ? coin.toUpperCase() : r.str(o.asset, `${$}.asset`);
  const listed = assets.find((a) => a.symbol === asset);
  if (!listed) r.fail(`${$}.asset`, `"${asset}" is not in the asset list`);
  if (chain !== undefined && listed.network !== undefined && listed.network !== chain)
    r.fail(
      `${$}.chain`,
      `${chain} is not the network of asset ${asset} in the asset list (${listed.network})`
    );
  return {
    ...(chain === undefined ? {} : { chain }),
    sources,
    height: r.int(o.height, `${$}.height`, 0, 100_000_000),
    confirmations:
      o.confirmations === undefined
        ? 6
        : r.int(o.confirmations, `${$}.confirmations`, 1, 1_000_000),
    asset,
    ...(o.addresses !== undefined ? { addresses: r.path(o.addresses, `${$}.addresses`) } : {}),
    ...(o.descriptors !== undefined
      ? { descriptors: r.path(o.descriptors, `${$}.descriptors`) }
      : {}),
    signatures: r.path(o.signatures, `${$}.signatures`),
    ...(o.timeoutMs !== undefined
      ? { timeoutMs: r.int(o.timeoutMs, `${$}.timeoutMs`, 100, 600_000) }
      : {}),
    ...(o.retries !== undefined ? { retries: r.int(o.retries, `${$}.retries`, 0, 20) } : {}),
  };
}

/** `ethereum`: one source object, or an array of them (one per EVM chain, each with its network). */
function readEthereumSources(r: ConfigReader, v: unknown): EthereumConfig[] {
  if (!Array.isArray(v)) return [readEthereum(r, v, '$.ethereum')];
  if (v.length === 0) r.fail('$.ethereum', 'expected at least one EVM chain source');
  const seen = new Map<string, number>();
  return v.map((item, i) => {
    const $ = `$.ethereum[${i}]`;
    const c = readEthereum(r, item, $);
    if (c.network === undefined)
      r.fail(
        `${$}.network`,
        'each EVM chain source of a list names its network (eip155:<chain id>)'
      );
    const prev = seen.get(c.network);
    if (prev !== undefined)
      r.fail(`${$}.network`, `${c.network} is already the network of $.ethereum[${prev}]`);
    seen.set(c.network, i);
    return c;
  });
}

function readEthereum(r: ConfigReader, v: unknown, $: string): EthereumConfig {
  const o = r.obj(
    v,
    $,
    ['rpc', 'block', 'assetTable', 'addresses', 'signatures'],
    [
      'network',
      'confirmations',
      'multicall',
      'allowUnproven',
      'walletCodeHashes',
      'timeoutMs',
      'retries',
    ]
  );
  let network: string | undefined;
  if (o.network !== undefined) {
    const n = parseEvmNetwork(r.str(o.network, `${$}.network`));
    if (!n.ok) r.fail(`${$}.network`, n.message);
    network = n.caip2;
  }
  const block =
    typeof o.block === 'number' ? String(r.int(o.block, `${$}.block`, 0, 2 ** 53 - 1)) : o.block;
  return {
    ...(network === undefined ? {} : { network }),
    rpc: r.strings(o.rpc, `${$}.rpc`, 1, 2, URL_RE, 'an http(s) URL'),
    block: r.str(block, `${$}.block`, BLOCK_RE, 'a block number or a 0x block hash'),
    confirmations:
      o.confirmations === undefined
        ? 64
        : r.int(o.confirmations, `${$}.confirmations`, 0, 1_000_000),
    assetTable: r.path(o.assetTable, `${$}.assetTable`),
    addresses: r.path(o.addresses, `${$}.addresses`),
    signatures: r.path(o.signatures, `${$}.signatures`),
    multicall: o.multicall === undefined ? true : r.bool(o.multicall, `${$}.multicall`),
    allowUnproven:
      o.allowUnproven === undefined ? false : r.bool(o.allowUnproven, `${$}.allowUnproven`),
    walletCodeHashes:
      o.walletCodeHashes === undefined
        ? []
        : r
            .strings(
              o.walletCodeHashes,
              `${$}.walletCodeHashes`,
              0,
              100,
              /^0x[0-9a-fA-F]{64}$/,
              'a 32-byte code hash 0x…'
            )
            .map((h) => h.toLowerCase()),
    ...(o.timeoutMs !== undefined
      ? { timeoutMs: r.int(o.timeoutMs, `${$}.timeoutMs`, 100, 600_000) }
      : {}),
    ...(o.retries !== undefined ? { retries: r.int(o.retries, `${$}.retries`, 0, 20) } : {}),
  };
}

function readXrpl(r: ConfigReader, v: unknown): XrplConfig {
  const $ = '$.xrpl';
  const o = r.obj(
    v,
    $,
    ['rpc', 'ledger', 'addresses', 'signatures'],
    ['chain', 'assetTable', 'timeoutMs', 'retries']
  );
  const ledger =
    typeof o.ledger === 'number' ? String(r.int(o.ledger, `${$}.ledger`, 1, 0xffffffff)) : o.ledger;
  return {
    chain:
      o.chain === undefined
        ? 'xrpl:0'
        : r.str(o.chain, `${$}.chain`, /^xrpl:(0|[1-9][0-9]{0,9})$/, 'xrpl:<network_id>'),
    rpc: r.strings(o.rpc, `${$}.rpc`, 1, 2, URL_RE, 'an http(s) URL'),
    ledger: r.str(
      ledger,
      `${$}.ledger`,
      /^([1-9][0-9]{0,9}|[0-9A-Fa-f]{64})$/,
      'a ledger index or a 64-hex ledger hash'
    ),
    ...(o.assetTable !== undefined ? { assetTable: r.path(o.assetTable, `${$}.assetTable`) } : {}),
    addresses: r.path(o.addresses, `${$}.addresses`),
    signatures: r.path(o.signatures, `${$}.signatures`),
    ...(o.timeoutMs !== undefined
      ? { timeoutMs: r.int(o.timeoutMs, `${$}.timeoutMs`, 100, 600_000) }
      : {}),
    ...(o.retries !== undefined ? { retries: r.int(o.retries, `${$}.retries`, 0, 20) } : {}),
  };
}
