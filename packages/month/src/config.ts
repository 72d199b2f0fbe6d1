/**
 * The configuration file of `kura run` (`kura-config/1`, JSON Schema
 * `circuits-free-spec/schemas/kura-config.schema.json`): one month's round, where the liabilities
 * come from, which chains to collect reserves from, the policy, the keys, and where to write.
 *
 * Parsing is strict, through the declared shape of config-shapes.ts and @kura/codec's one
 * reader: unknown fields, wrong types and bad values are errors naming the config file, the line
 * and the JSON path of the field. Relative paths are resolved against the config
 * file's directory. Secrets are never inside the config: it names the files holding them.
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DEFAULT_VALID_DAYS, parseScope, type Scope } from '@kura/attest';
import { parseChainOption } from '@kura/bitcoin';
import {
  DocumentError,
  type Infer,
  InputError,
  jsonPath,
  locateJsonPath,
  readJson,
  validate,
} from '@kura/codec';
import {
  checkVersion,
  DOCUMENTS,
  type ExpectedDocument,
  readFileOrThrow,
  readKuraDocument,
} from '@kura/codec/node';
import { parseEvmNetwork } from '@kura/ethereum';
import { formatPkcs11Uri, isPkcs11Uri, parsePkcs11Uri } from '@kura/pkcs11';
import {
  type Asset,
  type AssetV2,
  type Placement,
  parseAssets,
  parseAssetsV2,
  parseRound,
  type Round,
} from '@kura/tree';
import {
  type btcSourceShape,
  CONFIG_VERSION,
  type ConfigDocument,
  configShape,
  defaultAsset,
  type ethSourceShape,
} from './config-shapes.js';

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
  /**
   * The liabilities protocol (`protocol`, default 1): 2 is the confidential tree of SPEC.md §16
   * (Pedersen commitments, opened totals, range proofs; proofs served on demand).
   */
  readonly protocol: 1 | 2;
  /** The asset list; with protocol 2 a v2 list (every entry has `treeDecimals`). */
  readonly assets: readonly Asset[] | readonly AssetV2[];
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

/**
 * The {@link InputError} (exit 2) of a config that does not meet {@link configShape}: the config
 * file, the line of the field, and its JSON path. A missing member is named by its own path; a
 * defect inside the round or the asset list is reported at `$.round` / `$.assets` (the documents
 * of @kura/tree the config embeds), its message naming the path inside. A string value is never
 * echoed: configs hold credentials (database passwords, RPC users, API keys in URLs).
 */
function configError(e: DocumentError, file: string, text: string): InputError {
  const keys = [...e.keys];
  let reason = e.reason.replace(/, got ".*$/s, '');
  const missing = /^missing required field "(.+)"$/.exec(reason);
  if (missing) {
    keys.push(missing[1]!);
    reason = `missing field "${missing[1]}"`;
  }
  let field = jsonPath(keys);
  if ((keys[0] === 'round' || keys[0] === 'assets') && keys.length > 1) {
    reason = `${field}: ${reason}`;
    field = jsonPath(keys.slice(0, 1));
  }
  const line = text === '' ? undefined : locateJsonPath(text, keys)?.line;
  return new InputError(reason, { file, ...(line === undefined ? {} : { line }), field });
}

/** What `kura run --config` expects: a `kura-config/1` document. */
const CONFIG_DOCUMENT: ExpectedDocument = {
  versions: [CONFIG_VERSION],
  what: 'a kura run configuration',
};

/**
 * Read and check a config file through codec's one reader ({@link readJson}: the strict parser,
 * then another kind of Kura document refused by its `version`, then {@link parseConfig}).
 * Throws {@link InputError} naming file, line and field (the strict parser's own errors name
 * the column too).
 */
export function readConfig(file: string): RunConfig {
  const abs = resolve(file);
  const bytes = readFileOrThrow(abs);
  const text = new TextDecoder().decode(bytes);
  return readJson(
    bytes,
    (value) => {
      checkVersion(value, abs, CONFIG_DOCUMENT);
      return parseConfig(value, abs, text);
    },
    { file: abs }
  );
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
 * Check a parsed config value against {@link configShape} (`text` is the file's text, for line
 * numbers; `file` names it in errors) and resolve it: relative paths against `opts.root`
 * (default: the config file's directory), so a scheduler can hold the config in memory and point
 * a month at any directory; defaults filled in; a `queryFile` read.
 */
export function parseConfig(
  value: unknown,
  file: string,
  text = '',
  opts: { readonly root?: string } = {}
): RunConfig {
  let c: ConfigDocument;
  try {
    c = validate(configShape, value, { file });
  } catch (e) {
    if (e instanceof DocumentError) throw configError(e, file, text);
    throw e;
  }
  const base = opts.root ?? dirname(file);
  const abs = (f: string) => (isAbsolute(f) ? f : resolve(base, f));
  const protocol = (c.protocol ?? 1) as 1 | 2;
  const assets = protocol === 2 ? parseAssetsV2(c.assets) : parseAssets(c.assets);
  const workDir = c.workDir === undefined ? resolve(dirname(file), 'work') : abs(c.workDir);
  const bitcoinChains =
    c.bitcoin === undefined
      ? undefined
      : (Array.isArray(c.bitcoin) ? c.bitcoin : [c.bitcoin]).map((b) => bitcoinConfig(b, abs));
  const ethereum =
    c.ethereum === undefined
      ? undefined
      : (Array.isArray(c.ethereum) ? c.ethereum : [c.ethereum]).map((e) => ethereumConfig(e, abs));
  const bitcoin = bitcoinChains?.[0];
  const xrpl = c.xrpl === undefined ? undefined : xrplConfig(c.xrpl, abs);
  const a = c.attestation;
  return {
    file,
    round: parseRound(c.round),
    protocol,
    assets,
    exchange: {
      name: c.exchange.name,
      ...(c.exchange.url !== undefined ? { url: c.exchange.url } : {}),
      ...(c.exchange.registration !== undefined ? { registration: c.exchange.registration } : {}),
      ...(c.exchange.lei !== undefined ? { lei: c.exchange.lei } : {}),
    },
    ...(c.auditor
      ? {
          auditor: {
            name: c.auditor.name,
            ...(c.auditor.url !== undefined ? { url: c.auditor.url } : {}),
          },
        }
      : {}),
    keys: {
      masterSecret: keyRef(c.keys.masterSecret, abs),
      exchange: keyRef(c.keys.exchange, abs),
    },
    trust: abs(c.trust),
    workDir,
    publication: c.publication === undefined ? resolve(workDir, 'publication') : abs(c.publication),
    liabilities: liabilitiesSource(c.liabilities, abs),
    tree: {
      placement: c.tree?.placement ?? 'dense',
      ...(c.tree?.height !== undefined ? { height: c.tree.height } : {}),
      ...(c.tree?.workers !== undefined ? { workers: c.tree.workers } : {}),
    },
    ...(bitcoin ? { bitcoin, bitcoinChains: bitcoinChains! } : {}),
    ...(ethereum ? { ethereum } : {}),
    ...(xrpl ? { xrpl } : {}),
    policy: {
      // a shipped id stays as it is; anything that looks like a file path is resolved
      policy: /[/\\]|\.json$/.test(c.policy.policy) ? abs(c.policy.policy) : c.policy.policy,
      inputs: abs(c.policy.inputs),
    },
    scope: parseScope(c.scope, '$.scope'),
    attestation: {
      ...(a?.previous !== undefined ? { previous: abs(a.previous) } : {}),
      ...(a?.issuedAt !== undefined ? { issuedAt: a.issuedAt } : {}),
      validDays: a?.validDays ?? DEFAULT_VALID_DAYS,
      ...(a?.valueDecimals !== undefined ? { valueDecimals: a.valueDecimals } : {}),
      discloseUserCount: a?.discloseUserCount ?? false,
    },
    ...(c.verifier !== undefined ? { verifier: abs(c.verifier) } : {}),
  };
}

type Abs = (f: string) => string;
type Doc<K extends keyof ConfigDocument> = NonNullable<ConfigDocument[K]>;

/**
 * A key or secret reference: a file path (made absolute), or a PKCS#11 URI (checked by the
 * shape) whose relative `module-path` and `pin-source` file resolve against the config's
 * directory.
 */
function keyRef(s: string, abs: Abs): string {
  if (!isPkcs11Uri(s)) return abs(s);
  const u = parsePkcs11Uri(s);
  return formatPkcs11Uri({
    ...u,
    modulePath: u.modulePath.includes('/') ? abs(u.modulePath) : u.modulePath,
    ...(u.pinSource?.kind === 'file'
      ? { pinSource: { kind: 'file', path: abs(u.pinSource.path) } }
      : {}),
  });
}

function liabilitiesSource(l: Doc<'liabilities'>, abs: Abs): LiabilitiesSource {
  if (l.file !== undefined)
    return {
      kind: 'file',
      file: abs(l.file),
      ...(l.format !== undefined ? { format: l.format } : {}),
    };
  const p = l.postgres!;
  const queryFile = p.queryFile === undefined ? undefined : abs(p.queryFile);
  return {
    kind: 'postgres',
    url: p.url,
    query:
      queryFile === undefined ? p.query! : new TextDecoder().decode(readFileOrThrow(queryFile)),
    ...(queryFile ? { queryFile } : {}),
    form: p.form ?? 'auto',
    ...(p.batchSize !== undefined ? { batchSize: p.batchSize } : {}),
  };
}

const limits = (o: { timeoutMs?: number; retries?: number }) => ({
  ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
  ...(o.retries !== undefined ? { retries: o.retries } : {}),
});

function bitcoinConfig(b: Infer<typeof btcSourceShape>, abs: Abs): BitcoinConfig {
  const chain = b.chain === undefined ? undefined : parseChainOption(b.chain);
  return {
    ...(chain === undefined ? {} : { chain }),
    sources: {
      rpc: b.sources.rpc ?? [],
      esplora: b.sources.esplora ?? [],
      bcoin: b.sources.bcoin ?? [],
    },
    height: b.height,
    confirmations: b.confirmations ?? 6,
    asset: b.asset ?? defaultAsset(chain),
    ...(b.addresses !== undefined ? { addresses: abs(b.addresses) } : {}),
    ...(b.descriptors !== undefined ? { descriptors: abs(b.descriptors) } : {}),
    signatures: abs(b.signatures),
    ...limits(b),
  };
}

function ethereumConfig(e: Infer<typeof ethSourceShape>, abs: Abs): EthereumConfig {
  const n = e.network === undefined ? undefined : parseEvmNetwork(e.network);
  return {
    ...(n?.ok ? { network: n.caip2 } : {}),
    rpc: e.rpc,
    block: String(e.block),
    confirmations: e.confirmations ?? 64,
    assetTable: abs(e.assetTable),
    addresses: abs(e.addresses),
    signatures: abs(e.signatures),
    multicall: e.multicall ?? true,
    allowUnproven: e.allowUnproven ?? false,
    walletCodeHashes: (e.walletCodeHashes ?? []).map((h) => h.toLowerCase()),
    ...limits(e),
  };
}

function xrplConfig(x: Doc<'xrpl'>, abs: Abs): XrplConfig {
  return {
    chain: x.chain ?? 'xrpl:0',
    rpc: x.rpc,
    ledger: String(x.ledger),
    ...(x.assetTable !== undefined ? { assetTable: abs(x.assetTable) } : {}),
    addresses: abs(x.addresses),
    signatures: abs(x.signatures),
    ...limits(x),
  };
}
