/**
 * Building the chain source of a command line: one of Bitcoin Core RPC, Esplora or bcoin, or
 * two of them cross-checked (any disagreement fails with `SOURCE_DISAGREE`).
 * @module
 */
import { InputError } from '@kura/codec';
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
