/**
 * The reserves sources of a `kura run` config, one per chain, each ready for its chain family's
 * `collect` (`FAMILIES` of this package): the config → family input part of each family (its
 * files read and parsed, its endpoints as clients), the step's id, output file and state inputs.
 * The month runs them all through one code path; a new family adds its config reader and one
 * case here.
 * @module
 */
import type { Evidence } from '@kura/attest';
import {
  type CollectOptions as BtcCollectOptions,
  chainIdOfGenesis,
  parseAddressFile,
  parseDescriptorFile,
  parseSignatureFile,
} from '@kura/bitcoin';
import { InputError } from '@kura/codec';
import { readFileOrThrow, readTextFile } from '@kura/codec/node';
import {
  type EthFamilyCollect,
  parseAddressList,
  parseSignatureList,
  readAssetTable,
} from '@kura/ethereum';
import {
  parseXrplAddressList,
  parseXrplSignatureList,
  readXrplAssetTable,
  type XrplCollectOptions,
} from '@kura/xrpl';
import type { BitcoinConfig, EthereumConfig, RunConfig, XrplConfig } from './config.js';
import type { MonthSources, Progress } from './month.js';
import { WORKDIR } from './publication.js';
import { fileSha256, sha256Hex } from './state.js';

/** One reserves source of the config. */
export interface ReserveSource {
  /** Step id (`btc`, `ltc`, `eth`, `eth-eip155:137`, `xrp`). */
  readonly id: string;
  /** The partial evidence file, relative to the work directory. */
  readonly file: string;
  /** The CAIP-2 namespace of its chain family. */
  readonly namespace: string;
  /** What the step's result depends on (files by hash, endpoints by one-way id). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The family's collect input (reads and parses the source's files). */
  input(): Promise<unknown>;
  /** Called when collection ends (progress bars). */
  done(): void;
  /** The step's summary of the evidence written. */
  summary(ev: Evidence): Record<string, unknown>;
}

/** A one-way id of an endpoint URL (URLs may hold credentials). */
export function urlId(url: string): string {
  return sha256Hex(`kura/run/v1/url\0${url}`);
}

const optSha = (f: string | undefined): string | null => (f === undefined ? null : fileSha256(f));

/**
 * Every reserves source of `cfg`, in order: the Bitcoin family (one per chain), EVM chains, the
 * XRP Ledger; `sources` makes each chain's clients (the month's injected or default ones).
 */
export function reserveSources(
  cfg: RunConfig,
  progress: (label: string) => Progress,
  sources: Required<MonthSources>
): ReserveSource[] {
  const ids = new Set<string>();
  return [
    ...(cfg.bitcoinChains ?? []).map((b) => bitcoinSource(cfg, b, ids, progress, sources)),
    ...(cfg.ethereum ?? []).map((e) => ethereumSource(cfg, e, progress, sources)),
    ...(cfg.xrpl ? [xrplSource(cfg, cfg.xrpl, progress, sources)] : []),
  ];
}

/**
 * A Bitcoin-family chain, named by its coin (`btc`, `ltc`, …; the BTC one and a single source
 * without `chain` keep the single-chain names).
 */
export function bitcoinSource(
  cfg: RunConfig,
  btc: BitcoinConfig,
  ids: Set<string>,
  progress: (label: string) => Progress,
  sources: Required<MonthSources>
): ReserveSource {
  const sym = btc.asset.toLowerCase();
  let id =
    btc.chain === undefined || sym === 'btc'
      ? 'btc'
      : /^[a-z0-9]{1,16}$/.test(sym) && !['eth', 'xrp', 'evidence'].includes(sym)
        ? sym
        : '';
  if (id === '' || ids.has(id)) id = `btc-${(btc.chain ?? '').replace(':', '-')}`;
  ids.add(id);
  let bar: Progress | undefined;
  return {
    id,
    file: id === 'btc' ? WORKDIR.btcEvidence : `evidence/${id}.json`,
    namespace: 'bip122',
    inputs: {
      ...(btc.chain ? { chain: btc.chain } : {}),
      round: cfg.round,
      asset: btc.asset,
      sources: {
        rpc: btc.sources.rpc.map(urlId),
        esplora: btc.sources.esplora.map(urlId),
        bcoin: btc.sources.bcoin.map(urlId),
      },
      height: btc.height,
      confirmations: btc.confirmations,
      addresses: optSha(btc.addresses),
      descriptors: optSha(btc.descriptors),
      signatures: fileSha256(btc.signatures),
    },
    async input(): Promise<BtcCollectOptions> {
      const source = sources.bitcoin(btc);
      // the configured chain (the source must serve it: BCH told from BTC by its fork block)
      const chain = btc.chain ?? chainIdOfGenesis(await source.genesisHash());
      const addresses = btc.addresses
        ? parseAddressFile(readTextFile(btc.addresses), btc.addresses, chain)
        : [];
      const descriptors = btc.descriptors
        ? parseDescriptorFile(readTextFile(btc.descriptors), btc.descriptors, chain)
        : [];
      const signatures = parseSignatureFile(readTextFile(btc.signatures), btc.signatures, chain);
      const b = progress(`${btc.asset} addresses`);
      bar = b;
      return {
        source,
        round: cfg.round,
        height: btc.height,
        addresses,
        descriptors,
        signatures,
        asset: btc.asset,
        confirmations: btc.confirmations,
        ...(btc.chain ? { chain: btc.chain } : {}),
        onAddress: (d, n) => b.update(d, n),
      };
    },
    done: () => bar?.finish(),
    summary: (ev) => ({ entries: ev.entries.length }),
  };
}

/** One EVM chain (a source without `network`: the legacy single-chain names). */
export function ethereumSource(
  cfg: RunConfig,
  eth: EthereumConfig,
  progress: (label: string) => Progress,
  sources: Required<MonthSources>
): ReserveSource {
  let bar: Progress | undefined;
  return {
    id: eth.network ? `eth-${eth.network}` : 'eth',
    file: eth.network ? `evidence/eth-${eth.network.replace(':', '-')}.json` : WORKDIR.ethEvidence,
    namespace: 'eip155',
    inputs: {
      ...(eth.network ? { network: eth.network } : {}),
      round: cfg.round,
      assets: cfg.assets,
      rpc: eth.rpc.map(urlId),
      block: eth.block,
      confirmations: eth.confirmations,
      assetTable: fileSha256(eth.assetTable),
      addresses: fileSha256(eth.addresses),
      signatures: fileSha256(eth.signatures),
      multicall: eth.multicall,
      allowUnproven: eth.allowUnproven,
      walletCodeHashes: eth.walletCodeHashes.join(','),
    },
    async input(): Promise<EthFamilyCollect> {
      const assets = readAssetTable(readFileOrThrow(eth.assetTable), eth.assetTable);
      const addresses = parseAddressList(readTextFile(eth.addresses), eth.addresses);
      const signatures = parseSignatureList(readTextFile(eth.signatures), eth.signatures);
      const rpcs = sources.ethereum(eth);
      let stage = '';
      return {
        rpcs,
        round: cfg.round,
        block: eth.block,
        addresses,
        signatures,
        assets,
        liabilityAssets: cfg.assets,
        confirmations: eth.confirmations,
        multicall: eth.multicall ? 'auto' : 'off',
        allowUnproven: eth.allowUnproven,
        acceptedWalletCodeHashes: eth.walletCodeHashes,
        ...(eth.network ? { network: eth.network } : {}),
        onProgress: (s, d, n) => {
          if (s !== stage) {
            bar?.finish();
            stage = s;
            bar = progress(`eth ${s}`);
          }
          bar?.update(d, n);
        },
      };
    },
    done: () => bar?.finish(),
    summary: (ev) => ({
      entries: ev.entries.length,
      // the contracts whose balances are not state-proven (allowUnproven)
      unproven: [
        ...new Set(
          ev.entries.flatMap((e) => {
            const u = (e.stateProof as { unproven?: unknown } | undefined)?.unproven;
            return Array.isArray(u) ? u.map(String) : [];
          })
        ),
      ],
      ...(eth.allowUnproven ? { allowUnproven: true } : {}),
    }),
  };
}

/** The XRP Ledger section. */
export function xrplSource(
  cfg: RunConfig,
  xrp: XrplConfig,
  progress: (label: string) => Progress,
  sources: Required<MonthSources>
): ReserveSource {
  let bar: Progress | undefined;
  return {
    id: 'xrp',
    file: WORKDIR.xrpEvidence,
    namespace: 'xrpl',
    inputs: {
      round: cfg.round,
      assets: cfg.assets,
      chain: xrp.chain,
      rpc: xrp.rpc.map(urlId),
      ledger: xrp.ledger,
      ...(xrp.assetTable ? { assetTable: fileSha256(xrp.assetTable) } : {}),
      addresses: fileSha256(xrp.addresses),
      signatures: fileSha256(xrp.signatures),
    },
    async input(): Promise<XrplCollectOptions> {
      const table = xrp.assetTable
        ? readXrplAssetTable(readFileOrThrow(xrp.assetTable), xrp.assetTable)
        : undefined;
      if (table && !table.has(xrp.chain))
        throw new InputError(`the asset table has no entry for ${xrp.chain}`, {
          file: xrp.assetTable!,
        });
      const clients = sources.xrpl(xrp);
      const b = progress('xrp accounts');
      bar = b;
      return {
        clients,
        chain: xrp.chain,
        round: cfg.round,
        ledger: xrp.ledger,
        addresses: parseXrplAddressList(readTextFile(xrp.addresses), xrp.chain, xrp.addresses),
        signatures: parseXrplSignatureList(readTextFile(xrp.signatures), xrp.chain, xrp.signatures),
        ...(table ? { assets: table.get(xrp.chain)! } : {}),
        liabilityAssets: cfg.assets,
        onProgress: (d, n) => b.update(d, n),
      };
    },
    done: () => bar?.finish(),
    summary: (ev) => ({ entries: ev.entries.length, ledger: ev.snapshots[0]?.height }),
  };
}
