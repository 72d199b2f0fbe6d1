/**
 * The XRPL collector's input files, JSON Lines like @kura/ethereum's (every error names file,
 * line and field) and the asset table `kura-xrpl-assets/1`.
 *
 * Addresses: `{"address": "r…", "custody": "customer-cold", "label"?: "…"}`.
 * Signatures: `{"address": "r…", "type": "xrpl-tx", "signature": "<hex tx blob>"}`.
 * Asset table:
 * ```
 * {"version": "kura-xrpl-assets/1", "networks": {"xrpl:0": [
 *   {"symbol": "XRP", "decimals": 6},
 *   {"symbol": "RLUSD", "decimals": 6, "currency": "USD" | "<40 hex>", "issuer": "r…"}]}}
 * ```
 * @module
 */
import { type Custody, parseAddressLines } from '@kura/attest';
import {
  arr,
  DocumentError,
  InputError,
  int,
  literal,
  obj,
  oncePerLine,
  readJson,
  readJsonLinesOf,
  record,
  refine,
  str,
  validate,
} from '@kura/codec';
import { checkXrplAddress, xrplNetworkId } from './address.js';
import { XRPL_OWNERSHIP_TYPE } from './ownership.js';

/** One reserve account. */
export interface XrplAddressRow {
  /** Classic address. */
  readonly address: string;
  readonly custody: Custody;
  readonly label?: string;
  readonly line: number;
}

/** One ownership proof. */
export interface XrplSignatureRow {
  readonly address: string;
  readonly type: typeof XRPL_OWNERSHIP_TYPE;
  /** Uppercase hex transaction blob. */
  readonly signature: string;
  readonly line: number;
}

/** An asset of the table: XRP itself, or an issued currency (currency + issuer). */
export type XrplAsset =
  | { readonly symbol: string; readonly decimals: number; readonly native: true }
  | {
      readonly symbol: string;
      readonly decimals: number;
      readonly native: false;
      readonly currency: string;
      readonly issuer: string;
    };

/** Version string of the asset table. */
export const XRPL_ASSET_TABLE_VERSION = 'kura-xrpl-assets/1';

/** The table used when none is given: XRP (6 decimals: 1 XRP = 1 000 000 drops) only. */
export const DEFAULT_XRPL_ASSETS: readonly XrplAsset[] = [
  { symbol: 'XRP', decimals: 6, native: true },
];

function addr(chain: string, v: unknown, file: string, line: number): string {
  const a = checkXrplAddress(chain, v);
  if (!a.ok) throw new InputError(`${a.code}: ${a.message}`, { file, line, field: 'address' });
  return a.address;
}

/** Parse the addresses file for `chain`. Rejects duplicates naming both lines. */
export function parseXrplAddressList(
  text: string,
  chain: string,
  file = '<addresses>'
): XrplAddressRow[] {
  return parseAddressLines(text, file, (v, line) => addr(chain, v, file, line));
}

/**
 * A row of the signatures file, as declared: the address as written (checked on its chain by
 * the reader), the type `xrpl-tx`, and the signed transaction blob as hex of any case.
 */
export const xrplSignatureRowShape = obj({
  address: str({ min: 0, nfc: false }),
  type: literal(XRPL_OWNERSHIP_TYPE),
  signature: str({
    min: 0,
    nfc: false,
    pattern: /^([0-9A-Fa-f]{2}){1,65536}$/,
    expected: 'expected the signed transaction blob as hex',
  }),
});

/**
 * Parse the signatures file for `chain`: codec's one JSON Lines reader, each row against
 * {@link xrplSignatureRowShape}, then the address on its chain and one proof per address.
 */
export function parseXrplSignatureList(
  text: string,
  chain: string,
  file = '<signatures>'
): XrplSignatureRow[] {
  const once = oncePerLine(file, 'address', 'second signature for this address');
  return readJsonLinesOf(xrplSignatureRowShape, text, file).map(
    ({ value: o, line }): XrplSignatureRow => {
      const a = addr(chain, o.address, file, line);
      once(a, line);
      return { address: a, type: o.type, signature: o.signature.toUpperCase(), line };
    }
  );
}

const SYMBOL = /^[A-Za-z0-9._-]{1,32}$/;
const CURRENCY = /^([A-Za-z0-9?!@#$%^&*<>(){}[\]|]{3}|[0-9A-F]{40})$/;

/** One asset of the table: XRP (no currency, no issuer) or an issued currency. */
const xrplAssetShape = obj(
  {
    symbol: str({ nfc: false, pattern: SYMBOL, expected: 'expected a symbol' }),
    decimals: int(0, 36),
  },
  {
    currency: str({
      nfc: false,
      pattern: CURRENCY,
      expected: 'expected a 3-character currency code (not XRP) or 40 uppercase hex',
    }),
    issuer: str({ nfc: false }),
  }
);

/** `kura-xrpl-assets/1`: chain id (`xrpl:<network_id>`) → assets. */
export const xrplAssetTableShape = obj(
  {
    version: literal(XRPL_ASSET_TABLE_VERSION),
    networks: record(arr(xrplAssetShape), {
      key: refine(str({ nfc: false }), (k) =>
        xrplNetworkId(k) === null ? 'expected an xrpl:<network_id> chain id' : undefined
      ),
    }),
  },
  {},
  {
    description:
      'An XRPL asset table: for each XRP Ledger network (xrpl:<network_id>) its assets, XRP (no currency, no issuer, 6 decimals) or an issued currency (currency code and issuer account). Emitted from @kura/xrpl xrplAssetTableShape. Checked by the reader beyond this schema (not expressible here): the network key is xrpl:<network_id>, symbols unique per network, each currency and issuer once, XRP at most once and with 6 decimals, an issued currency with both a currency other than XRP and a valid issuer address.',
  }
);

const BAD_INPUT = { schema: 'BAD_INPUT', number: 'BAD_INPUT', noncanonical: 'BAD_INPUT' };

/**
 * Parse the asset table (a JSON value read from `file`; {@link xrplAssetTableShape}, then what
 * no shape says: unique symbols and lines, XRP once and with 6 decimals, a valid issuer).
 * Throws a DocumentError (BAD_INPUT) naming the file and the field's JSON path.
 */
export function parseXrplAssetTable(v: unknown, file = '<assets>'): Map<string, XrplAsset[]> {
  const t = validate(xrplAssetTableShape, v, { file, codes: BAD_INPUT });
  const bad = (reason: string, ...keys: (string | number)[]): never => {
    throw new DocumentError('BAD_INPUT', 'schema', reason, ['networks', ...keys], { file }, true);
  };
  const out = new Map<string, XrplAsset[]>();
  for (const [chain, list] of Object.entries(t.networks)) {
    const symbols = new Set<string>();
    const lines = new Set<string>();
    const assets = list.map((r, i): XrplAsset => {
      if (symbols.has(r.symbol)) bad('symbol listed twice', chain, i, 'symbol');
      symbols.add(r.symbol);
      if (r.currency === undefined && r.issuer === undefined) {
        if (r.decimals !== 6) bad('XRP has 6 decimals (drops)', chain, i, 'decimals');
        return { symbol: r.symbol, decimals: 6, native: true };
      }
      if (r.currency === undefined || r.currency === 'XRP')
        bad(
          'expected a 3-character currency code (not XRP) or 40 uppercase hex',
          chain,
          i,
          'currency'
        );
      const iss = checkXrplAddress(chain, r.issuer);
      if (!iss.ok) return bad(iss.message, chain, i, 'issuer');
      const key = `${r.currency}/${iss.address}`;
      if (lines.has(key)) bad('currency and issuer listed twice', chain, i);
      lines.add(key);
      return {
        symbol: r.symbol,
        decimals: r.decimals,
        native: false,
        currency: r.currency!,
        issuer: iss.address,
      };
    });
    if (assets.filter((a) => a.native).length > 1) bad('XRP listed twice', chain);
    out.set(chain, assets);
  }
  return out;
}

/**
 * Read an asset table file (its bytes or text): the strict JSON parser, then
 * {@link parseXrplAssetTable}; errors name the file, the line, the column and the field's path.
 */
export function readXrplAssetTable(
  data: Uint8Array | string,
  file: string
): Map<string, XrplAsset[]> {
  return readJson(data, (v) => parseXrplAssetTable(v, file), { file });
}
