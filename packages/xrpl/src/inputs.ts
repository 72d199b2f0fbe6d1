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
import { InputError, onlyFields, readJsonLines } from '@kura/codec';
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

/** Parse the signatures file for `chain`. One proof per address. */
export function parseXrplSignatureList(
  text: string,
  chain: string,
  file = '<signatures>'
): XrplSignatureRow[] {
  const seen = new Map<string, number>();
  return readJsonLines(text, file).map(({ value: o, line }): XrplSignatureRow => {
    onlyFields(o, ['address', 'type', 'signature'], file, line);
    const a = addr(chain, o.address, file, line);
    const prev = seen.get(a);
    if (prev !== undefined)
      throw new InputError(`second signature for this address (first on line ${prev})`, {
        file,
        line,
        field: 'address',
      });
    seen.set(a, line);
    if (o.type !== XRPL_OWNERSHIP_TYPE)
      throw new InputError(`expected "${XRPL_OWNERSHIP_TYPE}"`, { file, line, field: 'type' });
    if (typeof o.signature !== 'string' || !/^([0-9A-Fa-f]{2}){1,65536}$/.test(o.signature))
      throw new InputError('expected the signed transaction blob as hex', {
        file,
        line,
        field: 'signature',
      });
    return { address: a, type: XRPL_OWNERSHIP_TYPE, signature: o.signature.toUpperCase(), line };
  });
}

const SYMBOL = /^[A-Za-z0-9._-]{1,32}$/;
const CURRENCY = /^([A-Za-z0-9?!@#$%^&*<>(){}[\]|]{3}|[0-9A-F]{40})$/;

/** Parse the asset table (a JSON value read from `file`): chain → assets. */
export function parseXrplAssetTable(v: unknown, file = '<assets>'): Map<string, XrplAsset[]> {
  const o = v as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new InputError('expected a JSON object', { file });
  onlyFields(o, ['version', 'networks'], file, 1);
  if (o.version !== XRPL_ASSET_TABLE_VERSION)
    throw new InputError(`expected "${XRPL_ASSET_TABLE_VERSION}"`, { file, field: 'version' });
  const nets = o.networks as Record<string, unknown> | null;
  if (typeof nets !== 'object' || nets === null || Array.isArray(nets))
    throw new InputError('expected an object', { file, field: 'networks' });
  const out = new Map<string, XrplAsset[]>();
  for (const [chain, list] of Object.entries(nets)) {
    const f = `networks.${chain}`;
    if (xrplNetworkId(chain) === null)
      throw new InputError('expected an xrpl:<network_id> chain id', { file, field: f });
    if (!Array.isArray(list)) throw new InputError('expected an array', { file, field: f });
    const symbols = new Set<string>();
    const lines = new Set<string>();
    const assets = list.map((a: unknown, i): XrplAsset => {
      const af = `${f}[${i}]`;
      const r = a as Record<string, unknown>;
      if (typeof r !== 'object' || r === null)
        throw new InputError('expected an object', { file, field: af });
      for (const k of Object.keys(r))
        if (!['symbol', 'decimals', 'currency', 'issuer'].includes(k))
          throw new InputError('unknown field', { file, field: `${af}.${k}` });
      if (typeof r.symbol !== 'string' || !SYMBOL.test(r.symbol))
        throw new InputError('expected a symbol', { file, field: `${af}.symbol` });
      if (symbols.has(r.symbol))
        throw new InputError('symbol listed twice', { file, field: `${af}.symbol` });
      symbols.add(r.symbol);
      if (
        typeof r.decimals !== 'number' ||
        !Number.isInteger(r.decimals) ||
        r.decimals < 0 ||
        r.decimals > 36
      )
        throw new InputError('expected an integer 0 … 36', { file, field: `${af}.decimals` });
      if (r.currency === undefined && r.issuer === undefined) {
        if (r.decimals !== 6)
          throw new InputError('XRP has 6 decimals (drops)', { file, field: `${af}.decimals` });
        return { symbol: r.symbol, decimals: 6, native: true };
      }
      if (typeof r.currency !== 'string' || !CURRENCY.test(r.currency) || r.currency === 'XRP')
        throw new InputError('expected a 3-character currency code (not XRP) or 40 uppercase hex', {
          file,
          field: `${af}.currency`,
        });
      const iss = checkXrplAddress(chain, r.issuer);
      if (!iss.ok) throw new InputError(iss.message, { file, field: `${af}.issuer` });
      const key = `${r.currency}/${iss.address}`;
      if (lines.has(key))
        throw new InputError('currency and issuer listed twice', { file, field: af });
      lines.add(key);
      return {
        symbol: r.symbol,
        decimals: r.decimals,
        native: false,
        currency: r.currency,
        issuer: iss.address,
      };
    });
    if (assets.filter((a) => a.native).length > 1)
      throw new InputError('XRP listed twice', { file, field: f });
    out.set(chain, assets);
  }
  return out;
}
