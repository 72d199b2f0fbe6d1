/**
 * The Ethereum asset table: which token contract and how many decimals each asset symbol has
 * on each EVM network, and where the token keeps balances (for storage proofs).
 *
 * ```json
 * { "version": "kura-eth-assets/1",
 *   "networks": {
 *     "eip155:1": [
 *       { "symbol": "ETH", "native": true, "decimals": 18 },
 *       { "symbol": "USDT", "contract": "0x…", "decimals": 6, "balanceSlot": "2" },
 *       { "symbol": "USDC", "contract": "0x…", "decimals": 6, "balanceSlot": "9",
 *         "layout": "solidity", "encoding": "fiattoken-v2.2" } ] } }
 * ```
 * - `balanceSlot`: decimal slot number of the `mapping(address => uint256)` of balances; without
 *   it the token's balances come from `balanceOf` only and are flagged "not state-proven".
 * - `layout`: `solidity` (default) or `vyper` mapping layout.
 * - `encoding`: `uint256` (default: the slot is the balance) or `fiattoken-v2.2` (Circle's
 *   FiatToken ≥ 2.2 packs the balance in the low 255 bits and a blacklist flag in the top bit).
 * @module
 */
import { InputError, isCanonicalInt, isNfc, isObject } from '@kura/codec';
import { checkAddress } from './address.js';
import type { SlotLayout } from './slot.js';

/** How a token's balance word is encoded in storage. */
export type BalanceEncoding = 'uint256' | 'fiattoken-v2.2';

/** One asset of one network. */
export type EthAsset =
  | { readonly symbol: string; readonly native: true; readonly decimals: number }
  | {
      readonly symbol: string;
      readonly native: false;
      /** EIP-55. */
      readonly contract: string;
      readonly decimals: number;
      readonly balanceSlot?: bigint;
      readonly layout: SlotLayout;
      readonly encoding: BalanceEncoding;
    };

/** A parsed asset table: CAIP-2 network → assets. */
export interface EthAssetTable {
  readonly networks: ReadonlyMap<string, readonly EthAsset[]>;
}

/** The asset table format version. */
export const ASSET_TABLE_VERSION = 'kura-eth-assets/1';

const EIP155 = /^eip155:[1-9][0-9]{0,15}$/;
const SLOT = /^(0|[1-9][0-9]{0,77})$/;

/** Parse an asset table (a parsed JSON value); errors name `file` and the field. */
export function parseAssetTable(json: unknown, file = '<assets>'): EthAssetTable {
  const bad = (field: string, reason: string): never => {
    throw new InputError(reason, { file, field });
  };
  if (!isObject(json)) return bad('$', 'expected an object');
  for (const k of Object.keys(json))
    if (k !== 'version' && k !== 'networks') bad(k, 'unknown field');
  if (json.version !== ASSET_TABLE_VERSION) bad('version', `expected "${ASSET_TABLE_VERSION}"`);
  if (!isObject(json.networks))
    return bad('networks', 'expected an object keyed by CAIP-2 chain id');
  const networks = new Map<string, EthAsset[]>();
  for (const [net, list] of Object.entries(json.networks)) {
    const nf = `networks.${net}`;
    if (!EIP155.test(net)) bad(nf, 'expected an eip155:<chain id> key');
    if (!Array.isArray(list) || list.length === 0) bad(nf, 'expected a non-empty array of assets');
    const symbols = new Set<string>();
    const contracts = new Set<string>();
    let natives = 0;
    const assets = (list as unknown[]).map((a, i): EthAsset => {
      const f = `${nf}[${i}]`;
      if (!isObject(a)) return bad(f, 'expected an object');
      for (const k of Object.keys(a))
        if (
          ![
            'symbol',
            'native',
            'contract',
            'decimals',
            'balanceSlot',
            'layout',
            'encoding',
          ].includes(k)
        )
          bad(`${f}.${k}`, 'unknown field');
      const symbol = a.symbol;
      if (typeof symbol !== 'string' || symbol.length === 0 || !isNfc(symbol))
        return bad(`${f}.symbol`, 'expected a non-empty NFC string');
      if (symbols.has(symbol)) bad(`${f}.symbol`, `duplicate symbol "${symbol}"`);
      symbols.add(symbol);
      const d = a.decimals;
      if (!isCanonicalInt(d) || d < 0 || d > 36)
        return bad(`${f}.decimals`, 'expected an integer 0 … 36');
      if (a.native === true) {
        if (
          a.contract !== undefined ||
          a.balanceSlot !== undefined ||
          a.layout !== undefined ||
          a.encoding !== undefined
        )
          bad(f, 'a native asset has no contract, balanceSlot, layout or encoding');
        if (d !== 18) bad(`${f}.decimals`, 'the native asset of an EVM chain has 18 decimals');
        if (++natives > 1) bad(f, 'more than one native asset');
        return { symbol, native: true, decimals: d };
      }
      if (a.native !== undefined && a.native !== false)
        bad(`${f}.native`, 'expected true or false');
      const c = checkAddress(a.contract);
      if (!c.ok) return bad(`${f}.contract`, c.message);
      if (contracts.has(c.address.toLowerCase())) bad(`${f}.contract`, 'contract listed twice');
      contracts.add(c.address.toLowerCase());
      let balanceSlot: bigint | undefined;
      if (a.balanceSlot !== undefined) {
        if (
          typeof a.balanceSlot !== 'string' ||
          !SLOT.test(a.balanceSlot) ||
          BigInt(a.balanceSlot) >> 256n !== 0n
        )
          bad(`${f}.balanceSlot`, 'expected a decimal string slot number below 2^256');
        balanceSlot = BigInt(a.balanceSlot as string);
      }
      const layout = a.layout ?? 'solidity';
      if (layout !== 'solidity' && layout !== 'vyper')
        bad(`${f}.layout`, 'expected "solidity" or "vyper"');
      const encoding = a.encoding ?? 'uint256';
      if (encoding !== 'uint256' && encoding !== 'fiattoken-v2.2')
        bad(`${f}.encoding`, 'expected "uint256" or "fiattoken-v2.2"');
      if (a.balanceSlot === undefined && (a.layout !== undefined || a.encoding !== undefined))
        bad(f, 'layout and encoding need a balanceSlot');
      return {
        symbol,
        native: false,
        contract: c.address,
        decimals: d,
        ...(balanceSlot === undefined ? {} : { balanceSlot }),
        layout: layout as SlotLayout,
        encoding: encoding as BalanceEncoding,
      };
    });
    networks.set(net, assets);
  }
  return { networks };
}

/** Decode a token's storage word into `{ balance, frozen }` under its encoding. */
export function decodeBalanceWord(
  word: bigint,
  encoding: BalanceEncoding
): { balance: bigint; frozen: boolean } {
  if (encoding === 'fiattoken-v2.2') {
    const top = 1n << 255n;
    return { balance: word & (top - 1n), frozen: (word & top) !== 0n };
  }
  return { balance: word, frozen: false };
}
