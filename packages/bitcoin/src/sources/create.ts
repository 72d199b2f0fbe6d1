/**
 * Building the chain source of a command line: one of Bitcoin Core RPC, Esplora or bcoin, or
 * two of them cross-checked (any disagreement fails with `SOURCE_DISAGREE`).
 * @module
 */
import { InputError } from '@kura/codec';
import { chainOfSource } from '../networks.js';
import { BcoinSource } from './bcoin.js';
import { CoreRpcSource, type RpcSourceOptions } from './core-rpc.js';
import { CrossCheckedSource } from './cross.js';
import { EsploraSource } from './esplora.js';
import type { ChainSource } from './types.js';

/** The endpoints given (at most two in total). */
export interface SourceUrls {
  readonly rpc?: readonly string[];
  readonly esplora?: readonly string[];
  readonly bcoin?: readonly string[];
}

/** Create the source for `urls`; throws {@link InputError} for none or more than two. */
export function createSource(urls: SourceUrls, opts: RpcSourceOptions = {}): ChainSource {
  const all: ChainSource[] = [
    ...(urls.rpc ?? []).map((u) => new CoreRpcSource(u, opts)),
    ...(urls.esplora ?? []).map((u) => new EsploraSource(u, opts)),
    ...(urls.bcoin ?? []).map((u) => new BcoinSource(u, opts)),
  ];
  if (all.length === 0)
    throw new InputError('give a chain source: --rpc <url>, --esplora <url> or --bcoin <url>', {
      field: '--rpc',
    });
  if (all.length > 2)
    throw new InputError('give one or two chain sources (two are cross-checked)', {
      field: '--rpc',
    });
  return all.length === 2 ? new CrossCheckedSource(all[0]!, all[1]!) : all[0]!;
}

/** One source per endpoint, unpaired (the auditor's nodes of several chains of the family). */
export function createSources(urls: SourceUrls, opts: RpcSourceOptions = {}): ChainSource[] {
  return [
    ...(urls.rpc ?? []).map((u) => new CoreRpcSource(u, opts)),
    ...(urls.esplora ?? []).map((u) => new EsploraSource(u, opts)),
    ...(urls.bcoin ?? []).map((u) => new BcoinSource(u, opts)),
  ];
}

/** Which of some sources serve which chain (a source that could not say is in `failed`). */
export interface SourcesByChain {
  /** Chain id → its source: one, or two cross-checked. */
  readonly byChain: ReadonlyMap<string, ChainSource>;
  /** Sources that failed to answer, with the error. */
  readonly failed: readonly { readonly source: ChainSource; readonly error: unknown }[];
}

/**
 * Sort the auditor's sources by the chain each serves, given the chains the evidence claims
 * (chains sharing a genesis told apart by their fork blocks, {@link chainOfSource}); two sources
 * of one chain are cross-checked. Three or more of one chain: {@link InputError}.
 */
export async function sourcesByChain(
  sources: readonly ChainSource[],
  claimed: readonly string[]
): Promise<SourcesByChain> {
  const groups = new Map<string, ChainSource[]>();
  const failed: { source: ChainSource; error: unknown }[] = [];
  const served = await Promise.all(
    sources.map(async (s) => {
      try {
        // with any claim, every fork sharing the node's genesis is probed: the true chain
        return await chainOfSource(s, claimed[0]);
      } catch (error) {
        failed.push({ source: s, error });
        return undefined;
      }
    })
  );
  sources.forEach((s, i) => {
    const c = served[i];
    if (c !== undefined) groups.set(c, [...(groups.get(c) ?? []), s]);
  });
  const byChain = new Map<string, ChainSource>();
  for (const [c, list] of groups) {
    if (list.length > 2)
      throw new InputError(
        `${list.length} nodes serve ${c}: give one, or two to cross-check (${list.map((s) => s.endpoint).join(', ')})`,
        { field: '--btc-rpc' }
      );
    byChain.set(c, list.length === 2 ? new CrossCheckedSource(list[0]!, list[1]!) : list[0]!);
  }
  return { byChain, failed };
}
