/**
 * The two asset tables with no hand-written schema — `kura-eth-assets/1` (@kura/ethereum
 * `ethAssetTableShape`) and `kura-xrpl-assets/1` (@kura/xrpl `xrplAssetTableShape`): their
 * schemas are EMITTED from the shapes into schemas/eth-assets.schema.json and
 * xrpl-assets.schema.json (emitted-schemas.test.ts keeps the committed files equal to the
 * emitted ones), and valid tables for the agreement test (agreement.test.ts): the shapes the
 * demo (cli/src/demo/ethereum.ts) and the packages' tests (packages/ethereum/src/inputs.test.ts,
 * packages/xrpl/src/asset-table.test.ts) use, every optional member present in one of them (a
 * null `layout` or `encoding` is read as absent).
 */
import { readFileSync } from 'node:fs';
import { ethAssetTableShape } from '@kura/ethereum';
import Ajv2020 from 'ajv/dist/2020.js';
// @kura/xrpl is not in the shared Vitest aliases: its source, so that it checks with the same
// @kura/codec shapes as the others
import { xrplAssetTableShape } from '../../packages/xrpl/src/inputs.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** A table written out below (its members' types differ from entry to entry). */
const table = (v: object): Json => v as Json;

/** An asset table whose schema is emitted from its shape. */
export interface EmittedSchema {
  /** The schema's file in schemas/. */
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly shape: typeof ethAssetTableShape | typeof xrplAssetTableShape;
  readonly valid: () => Json[];
}

/** The committed schema `file` (schemas/), compiled strictly on its own. */
export function committedSchema(file: string): (v: unknown) => boolean {
  const text = readFileSync(new URL(`../schemas/${file}`, import.meta.url), 'utf8');
  const fn = new Ajv2020({ strict: true, allErrors: false }).compile(JSON.parse(text));
  return (v) => fn(v) as boolean;
}

// contracts of the tests: USDC and DAI on Ethereum mainnet (EIP-55), the demo's anvil token
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const DAI = '0x6B175474E89094C44Da98b954EedeAC495271d0F';
const DEMO_USDC = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
// the genesis account of the XRP Ledger (a valid classic address on every network)
const ISSUER = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';

export const EMITTED: readonly EmittedSchema[] = [
  {
    file: 'eth-assets.schema.json',
    id: 'urn:kura:schema:kura-eth-assets/1',
    title: 'Kura Ethereum asset table (kura-eth-assets/1)',
    shape: ethAssetTableShape,
    valid: () => [
      table({
        version: 'kura-eth-assets/1',
        networks: {
          'eip155:1': [
            { symbol: 'ETH', native: true, decimals: 18 },
            {
              symbol: 'USDC',
              contract: USDC.toLowerCase(),
              decimals: 6,
              balanceSlot: '9',
              layout: 'solidity',
              encoding: 'fiattoken-v2.2',
            },
            { symbol: 'DAI', contract: DAI, decimals: 18, native: false },
          ],
          'eip155:10': [
            {
              symbol: 'CRV',
              contract: DAI,
              decimals: 18,
              balanceSlot: '3',
              layout: 'vyper',
              encoding: null,
            },
          ],
        },
      }),
      table({
        version: 'kura-eth-assets/1',
        networks: {
          'eip155:31337': [
            { symbol: 'ETH', native: true, decimals: 18 },
            {
              symbol: 'USDC',
              contract: DEMO_USDC,
              decimals: 6,
              balanceSlot: '3',
              encoding: 'fiattoken-v2.2',
            },
          ],
        },
      }),
    ],
  },
  {
    file: 'xrpl-assets.schema.json',
    id: 'urn:kura:schema:kura-xrpl-assets/1',
    title: 'Kura XRPL asset table (kura-xrpl-assets/1)',
    shape: xrplAssetTableShape,
    valid: () => [
      table({
        version: 'kura-xrpl-assets/1',
        networks: {
          'xrpl:0': [
            { symbol: 'XRP', decimals: 6 },
            { symbol: 'USD.B', decimals: 15, currency: 'USD', issuer: ISSUER },
            {
              symbol: 'SOLO',
              decimals: 15,
              currency: '534F4C4F00000000000000000000000000000000',
              issuer: ISSUER,
            },
          ],
          'xrpl:1': [{ symbol: 'XRP', decimals: 6 }],
        },
      }),
      table({
        version: 'kura-xrpl-assets/1',
        networks: { 'xrpl:0': [{ symbol: 'RLUSD', decimals: 6, currency: 'USD', issuer: ISSUER }] },
      }),
    ],
  },
];
