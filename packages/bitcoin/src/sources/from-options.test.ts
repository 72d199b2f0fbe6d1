/**
 * A source as a caller names it: the chain it must serve (genesis block, then the fork block that
 * tells Bitcoin Cash from Bitcoin — real block hashes of both chains), the default symbol of
 * its coin, and the caveat of UTXO discovery at the tip.
 */
import { SourceError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { BcoinSource } from './bcoin.js';
import { EsploraSource } from './esplora.js';
import { defaultAssetOfChain, discoveryWarning, expectSourceChain } from './from-options.js';

const BTC = 'bip122:000000000019d6689c085ae165831e93';
const BCH = 'bip122:000000000000000000651ef99cb9fcbe';
const LTC = 'bip122:12a765e31ffd4059bada1e25190f6e98';
const MAIN_GENESIS = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
// block 478559 on each side of the August 2017 split (BCH's fork block, Bitcoin's block)
const BCH_478559 = '000000000000000000651ef99cb9fcbe0dadde1d424bd9f15ff20136191a5eec';
const BTC_478559 = '00000000000000000019f112ec0a9982926f1258cdcc558dd7c3b7e5dc7fa148';

const probe = (genesis: string, at478559: string) => ({
  endpoint: 'http://node.example',
  genesisHash: async () => genesis,
  blockHash: async (h: number) => {
    if (h !== 478559) throw new Error(`no block ${h} here`);
    return at478559;
  },
});

describe('expectSourceChain', () => {
  it('returns the chain the node serves; without a wanted chain the genesis decides', async () => {
    expect(await expectSourceChain(probe(MAIN_GENESIS, BTC_478559), undefined)).toBe(BTC);
    expect(await expectSourceChain(probe(MAIN_GENESIS, BTC_478559), BTC)).toBe(BTC);
    expect(await expectSourceChain(probe(MAIN_GENESIS, BCH_478559), BCH)).toBe(BCH);
  });

  it('refuses a Bitcoin node for a Bitcoin Cash snapshot and the reverse (SOURCE_CHAIN)', async () => {
    const e = await expectSourceChain(probe(MAIN_GENESIS, BTC_478559), BCH, 'the --chain').catch(
      (x: unknown) => x
    );
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).code).toBe('SOURCE_CHAIN');
    expect((e as SourceError).message).toContain(
      `the source serves ${BTC}, not the --chain ${BCH}`
    );
    await expect(expectSourceChain(probe(MAIN_GENESIS, BCH_478559), BTC)).rejects.toThrow(
      `the source serves ${BCH}, not the requested chain ${BTC}`
    );
  });

  it('refuses a node of another coin', async () => {
    await expect(expectSourceChain(probe(MAIN_GENESIS, BTC_478559), LTC)).rejects.toMatchObject({
      code: 'SOURCE_CHAIN',
    });
  });
});

describe('defaultAssetOfChain', () => {
  it('is the coin of the chain, BTC when not given or unknown', () => {
    expect(defaultAssetOfChain(undefined)).toBe('BTC');
    expect(defaultAssetOfChain(BTC)).toBe('BTC');
    expect(defaultAssetOfChain(BCH)).toBe('BCH');
    expect(defaultAssetOfChain(LTC)).toBe('LTC');
    expect(defaultAssetOfChain('bip122:00000000000000000000000000000000')).toBe('BTC');
  });
});

describe('discoveryWarning', () => {
  const esplora = new EsploraSource('http://127.0.0.1:9/api');
  const bcoin = new BcoinSource('http://x:key@127.0.0.1:9');

  it('warns when a UTXO-set source discovered at a tip above H', () => {
    expect(discoveryWarning(esplora, 100, 103)).toBe(
      'esplora discovers UTXOs in the UTXO set at the tip (103), 3 block(s) after H: outputs spent since H are not listed (the total can only be understated)'
    );
  });

  it('says nothing at the tip itself, nor for bcoin (its address index sees spends after H)', () => {
    expect(discoveryWarning(esplora, 100, 100)).toBeUndefined();
    expect(discoveryWarning(bcoin, 100, 103)).toBeUndefined();
  });
});
