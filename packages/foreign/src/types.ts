/**
 * Types shared by every foreign-format adapter: the report, the verdict under the exchange's own
 * rules, and the findings of what the format lets through.
 * @module
 */

/** The proof formats this package reads. */
export type ForeignFormat =
  | 'okx-v1'
  | 'okx-v2-user'
  | 'okx-v2-tree'
  | 'bitget'
  | 'bybit'
  | 'bitmex'
  | 'binance';

/** Every format id, in the order the detector and the pickers list them. */
export const FOREIGN_FORMATS: readonly ForeignFormat[] = [
  'okx-v1',
  'okx-v2-user',
  'okx-v2-tree',
  'bitget',
  'bybit',
  'bitmex',
  'binance',
];

/** Human names of the formats (English; the web verifier carries its own Japanese names). */
export const FORMAT_NAMES: Readonly<Record<ForeignFormat, string>> = {
  'okx-v1': 'OKX Merkle proof (v1)',
  'okx-v2-user': 'OKX user info file (v2 split leaves)',
  'okx-v2-tree': 'OKX full-liabilities Merkle tree file (v2)',
  bitget: 'Bitget Merkle proof',
  bybit: 'Bybit Merkle proof',
  bitmex: 'BitMEX proof of liabilities',
  binance: 'Binance Merkle proof (user_config.json)',
};

/** Stable codes of a failed check under the exchange's own rules. */
export type ForeignCode =
  | 'LEAF_HASH_MISMATCH'
  | 'SIBLING_SAME_SIDE'
  | 'PATH_NODE_INVALID'
  | 'PATH_TOO_SHORT'
  | 'ROOT_HASH_MISMATCH'
  | 'ROOT_BALANCE_MISMATCH'
  | 'ROOT_HEIGHT_MISMATCH'
  | 'ROOT_NOT_EXPECTED'
  | 'TOTAL_MISMATCH'
  | 'NODE_HASH_MISMATCH'
  | 'NODE_SUM_MISMATCH'
  | 'PADDING_INVALID'
  | 'LEAF_NOT_FOUND'
  | 'VALUE_OUT_OF_RANGE';

/** The verdict under the exchange's own rules. */
export type ForeignVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: ForeignCode;
      readonly message: string;
      readonly level?: number;
    };

/** What a format lets through, as a finding computed from the actual proof. */
export type FindingId =
  | 'PARENT_COMMITS_ONLY_OWN_SUM'
  | 'NEGATIVE_SUM'
  | 'HASH_TRUNCATED'
  | 'NO_USER_BINDING'
  | 'NO_POSITION_BINDING'
  | 'NO_HEIGHT_BINDING'
  | 'FLOOR_8_DECIMALS'
  | 'CONCAT_AMBIGUOUS'
  | 'SIBLING_LEAF_DISCLOSED'
  | 'ROOT_UNANCHORED'
  | 'OFFICIAL_TOOL_SKIPS_NODES'
  | 'PADDING_DUPLICATES_HASH'
  | 'ALL_BALANCES_PUBLIC'
  | 'SINGLE_ASSET_ONLY'
  | 'LEAVES_NOT_LOCATED'
  | 'SIBLING_DUPLICATES_NODE'
  | 'SUMS_NOT_COMMITTED'
  | 'TOTALS_NOT_DERIVED'
  | 'UNITS_TRUNCATED';

/** One finding: an id, where it is (level, asset), the number, and an English sentence. */
export interface Finding {
  readonly id: FindingId;
  /** Tree level it concerns (1 = leaves, counting up to the root), when it concerns one level. */
  readonly level?: number;
  /** The asset it concerns. */
  readonly asset?: string;
  /** The number: an exact decimal string (a sum, a lost amount) or a count / bit width. */
  readonly value?: string;
  /** How many levels / nodes / values it concerns. */
  readonly count?: number;
  /** Extra text parameters (alternative readings, etc.). */
  readonly detail?: string;
  /** One English sentence for a customer. */
  readonly message: string;
}

/** Balances as exact decimal strings, keyed by asset. */
export type Balances = Readonly<Record<string, string>>;

/** The report on one proof. */
export interface ForeignReport {
  readonly format: ForeignFormat;
  readonly formatName: string;
  /** Sub-version (Bybit asset list, e.g. `Asset40V5`; Binance release `2023` / `2024`). */
  readonly version?: string;
  readonly verdict: ForeignVerdict;
  /** The root the proof leads to (as computed when the verdict is ok, else as claimed). */
  readonly root?: { readonly hash: string; readonly level?: number; readonly balances?: Balances };
  /** The customer's own balances as the proof states them. */
  readonly user?: { readonly balances: Balances; readonly leaves?: number };
  /** Counts for full-tree files. */
  readonly tree?: { readonly nodes: number; readonly leaves: number; readonly height: number };
  readonly findings: readonly Finding[];
}

/** Options of a verification. */
export interface ForeignOptions {
  /** Name of the file, for error messages. */
  readonly file?: string;
  /** The format; detected when absent. */
  readonly format?: ForeignFormat;
  /** The root hash the exchange published (hex); the proof must lead to it. */
  readonly root?: string;
  /** BitMEX: the per-proof nonce (hex) with which to find the customer's leaves. */
  readonly nonce?: string;
  /** OKX v2: name of the full-liabilities tree file, for error messages. */
  readonly treeFile?: string;
}
