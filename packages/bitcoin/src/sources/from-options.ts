/**
 * A Bitcoin-family source as a caller names it (`kura reserves btc`, `kura run`): the chain it
 * must serve, the liabilities symbol of that chain's coin, and what its UTXO discovery cannot
 * see. One definition of each, used by collection ({@link collectBitcoinEvidence}), the month
 * and the command line.
 * @module
 */
import { SourceError } from '@kura/codec';
import { chainOfSource, networksOfChain } from '../networks.js';
import { BcoinSource } from './bcoin.js';
import type { ChainSource } from './types.js';

/** What {@link expectSourceChain} needs of a source. */
export interface ChainProbe {
  readonly endpoint: string;
  genesisHash(): Promise<string>;
  blockHash(height: number): Promise<string>;
}

/**
 * The CAIP-2 chain `source` serves ({@link chainOfSource}: genesis block, then fork blocks), which
 * must be `wanted` when given: else `SOURCE_CHAIN` (could not check), the message naming
 * `wanted` as `label` (`the requested chain`, `the --chain`).
 */
export async function expectSourceChain(
  source: ChainProbe,
  wanted: string | undefined,
  label = 'the requested chain'
): Promise<string> {
  const chain = await chainOfSource(source, wanted);
  if (wanted !== undefined && chain !== wanted)
    throw new SourceError(
      'SOURCE_CHAIN',
      source.endpoint,
      'genesisHash',
      `the source serves ${chain}, not ${label} ${wanted}`
    );
  return chain;
}

/**
 * The default liabilities symbol of a Bitcoin-family chain: its coin (`BTC`, `LTC`, `BCH`,
 * `DOGE`, `MONA`); `BTC` when the chain is not given or not known.
 */
export function defaultAssetOfChain(chain: string | undefined): string {
  const coin = chain === undefined ? 'btc' : (networksOfChain(chain)[0]?.coin ?? 'btc');
  return coin.toUpperCase();
}

/**
 * The caveat of a collection at `height` made when the tip was `tip`: a source other than bcoin
 * discovers UTXOs in the UTXO set at the tip, so outputs spent after H are not listed (the
 * total can only be understated). Undefined when there is nothing to say.
 */
export function discoveryWarning(
  source: ChainSource,
  height: number,
  tip: number
): string | undefined {
  return tip > height && !(source instanceof BcoinSource)
    ? `${source.kind} discovers UTXOs in the UTXO set at the tip (${tip}), ${tip - height} block(s) after H: outputs spent since H are not listed (the total can only be understated)`
    : undefined;
}
