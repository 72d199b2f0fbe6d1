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
import {
  arr,
  DocumentError,
  distinctBy,
  type Infer,
  InputError,
  int,
  isObject,
  literal,
  locateJsonPath,
  nullable,
  obj,
  oneOf,
  readJson,
  record,
  refine,
  type Shape,
  ShapeIssue,
  str,
  validate,
} from '@kura/codec';
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

/** `shape`, its own defects (not those inside it) told as `reason`. */
function says<T>(shape: Shape<T>, reason: string): Shape<T> {
  return {
    check(v) {
      try {
        return shape.check(v);
      } catch (e) {
        if (e instanceof ShapeIssue && e.path.length === 0)
          throw new ShapeIssue(e.kind, reason, e.semantic);
        throw e;
      }
    },
    def: shape.def,
  };
}

const symbol = says(str(), 'expected a non-empty NFC string');
const decimals = int(0, 36);
/** A token contract: `0x` + 40 hex; mixed case carries a valid EIP-55 checksum (semantic). */
const contract: Shape<string> = {
  check(v) {
    const c = checkAddress(v);
    if (!c.ok) throw new ShapeIssue('schema', c.message, c.code === 'BAD_CHECKSUM');
    return v as string;
  },
  def: { t: 'str', min: 1, pattern: /^0x[0-9a-fA-F]{40}$/ },
};
const SLOT_REASON = 'expected a decimal string slot number below 2^256';
/** A storage slot number, a decimal string below 2^256 (the bound itself is semantic). */
const balanceSlot = refine(
  says(str({ nfc: false, pattern: /^(0|[1-9][0-9]{0,77})$/ }), SLOT_REASON),
  (s) => (BigInt(s) >> 256n === 0n ? undefined : SLOT_REASON)
);

const nativeAsset = refine(obj({ symbol, native: literal(true), decimals }), (a) =>
  a.decimals === 18
    ? undefined
    : { at: ['decimals'], reason: 'the native asset of an EVM chain has 18 decimals' }
);
const tokenAsset = refine(
  obj(
    { symbol, contract, decimals },
    {
      native: says(literal(false), 'expected true or false'),
      balanceSlot,
      // null: the default, as when absent
      layout: nullable(says(oneOf(['solidity', 'vyper']), 'expected "solidity" or "vyper"')),
      encoding: nullable(
        says(oneOf(['uint256', 'fiattoken-v2.2']), 'expected "uint256" or "fiattoken-v2.2"')
      ),
    }
  ),
  (a) =>
    a.balanceSlot === undefined && (a.layout !== undefined || a.encoding !== undefined)
      ? 'layout and encoding need a balanceSlot'
      : undefined
);
const TOKEN_ONLY = ['contract', 'balanceSlot', 'layout', 'encoding'];

/** One asset: the chain's native coin (`"native": true`) or a token contract. */
const assetShape: Shape<Infer<typeof nativeAsset> | Infer<typeof tokenAsset>> = {
  check(v) {
    if (!isObject(v)) throw new ShapeIssue('schema', 'expected an object');
    if (Object.hasOwn(v, 'native') && typeof v.native !== 'boolean') {
      const i = new ShapeIssue('schema', 'expected true or false');
      i.path.push('native');
      throw i;
    }
    if (v.native !== true) return tokenAsset.check(v);
    if (TOKEN_ONLY.some((k) => Object.hasOwn(v, k)))
      throw new ShapeIssue(
        'schema',
        'a native asset has no contract, balanceSlot, layout or encoding'
      );
    return nativeAsset.check(v);
  },
  def: { t: 'anyOf', options: [nativeAsset, tokenAsset] },
};

type AssetDoc = Infer<typeof assetShape>;
const uniqueSymbol = distinctBy<AssetDoc>(
  (a) => a.symbol,
  ['symbol'],
  (a) => `duplicate symbol "${a.symbol}"`
);
const uniqueContract = distinctBy<AssetDoc>(
  (a) => ('contract' in a ? a.contract.toLowerCase() : undefined),
  ['contract'],
  () => 'contract listed twice'
);
const oneNative = distinctBy<AssetDoc>(
  (a) => (a.native === true ? 'native' : undefined),
  [],
  () => 'more than one native asset'
);

/** One network's assets: distinct symbols and contracts, at most one native asset. */
const networkAssets = refine(
  says(arr(assetShape, { min: 1 }), 'expected a non-empty array of assets'),
  (list) => uniqueSymbol(list) ?? uniqueContract(list) ?? oneNative(list)
);

/**
 * `kura-eth-assets/1`: CAIP-2 network (`eip155:<chain id>`) → its assets. Published as
 * circuits-free-spec/schemas/eth-assets.schema.json, emitted from this shape.
 */
export const ethAssetTableShape = obj(
  {
    version: says(literal(ASSET_TABLE_VERSION), `expected "${ASSET_TABLE_VERSION}"`),
    networks: says(
      record(networkAssets, {
        key: str({
          nfc: false,
          pattern: /^eip155:[1-9][0-9]{0,15}$/,
          expected: 'expected an eip155:<chain id> key',
        }),
      }),
      'expected an object keyed by CAIP-2 chain id'
    ),
  },
  {},
  {
    description:
      'An Ethereum asset table: for each EVM network (CAIP-2 eip155:<chain id>) its assets, the native coin (native: true, 18 decimals) or a token contract with its decimals and, for storage proofs, its balance slot, mapping layout and balance encoding. Emitted from @kura/ethereum ethAssetTableShape. Checked by the reader beyond this schema (not expressible here): symbols in Unicode NFC and unique per network, a contract listed once per network, at most one native asset per network and with 18 decimals, a mixed-case contract with a valid EIP-55 checksum, a balance slot below 2^256, layout and encoding only with a balanceSlot.',
  }
);

/** The field named in errors: `networks.eip155:1[0].decimals` (`$`: the table itself). */
function fieldOf(keys: readonly (string | number)[]): string {
  if (keys.length === 0) return '$';
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** The table's form the collector uses: contracts in EIP-55, slots as bigints, defaults filled. */
function toTable(t: Infer<typeof ethAssetTableShape>): EthAssetTable {
  const networks = new Map<string, EthAsset[]>();
  for (const [net, list] of Object.entries(t.networks))
    networks.set(
      net,
      list.map((a): EthAsset => {
        if (a.native === true) return { symbol: a.symbol, native: true, decimals: a.decimals };
        const c = checkAddress(a.contract);
        return {
          symbol: a.symbol,
          native: false,
          contract: c.ok ? c.address : a.contract,
          decimals: a.decimals,
          ...(a.balanceSlot === undefined ? {} : { balanceSlot: BigInt(a.balanceSlot) }),
          layout: a.layout ?? 'solidity',
          encoding: a.encoding ?? 'uint256',
        };
      })
    );
  return { networks };
}

/**
 * Check an asset table (a parsed JSON value) against {@link ethAssetTableShape}; errors are
 * {@link InputError}s naming `file` and the field (and the line, given the file's `text`).
 */
export function parseAssetTable(json: unknown, file = '<assets>', text?: string): EthAssetTable {
  try {
    return toTable(validate(ethAssetTableShape, json));
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    const line = text === undefined ? undefined : locateJsonPath(text, e.keys)?.line;
    throw new InputError(e.reason, { file, line, field: fieldOf(e.keys) });
  }
}

/**
 * Read an asset table file (its bytes or text): the strict JSON parser, then
 * {@link parseAssetTable}; errors name the file, the line and the field.
 */
export function readAssetTable(data: Uint8Array | string, file: string): EthAssetTable {
  const value = readJson(data, (v) => v, { file });
  return parseAssetTable(
    value,
    file,
    typeof data === 'string' ? data : new TextDecoder().decode(data)
  );
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
