/**
 * Binance proof of solvency, the customer's Merkle path — re-implemented from the rules of
 * binance/zkmerkle-proof-of-solvency (`src/verifier/main.go` with `-user`,
 * `src/utils/account_tree.go` VerifyMerkleProof, `src/utils/utils.go`
 * ComputeUserAssetsCommitment / PaddingAccountAssets, `src/utils/constants.go`; commits in the
 * package README). Hashes are Poseidon over BN254 as the bnb-chain gnark-crypto fork computes it
 * ({@link poseidonBnb}).
 *
 * Two releases of the file `user_config.json`:
 *
 * - **2023** (no `TotalCollateral`; assets carry `Equity`, `Debt`): the assets are spread over
 *   350 slots by `Index`, flattened as `e₀, d₀, e₁, d₁, …`, packed three values per element
 *   `a·2^128 + b·2^64 + c` (234 elements) and hashed with chunk 12;
 *   leaf = `Poseidon(AccountIdHash, TotalEquity, TotalDebt, assets)`.
 * - **2024** (with `TotalCollateral`; assets carry `Equity`, `Debt`, `Loan`, `Margin`,
 *   `PortfolioMargin`): the assets are padded to the smallest tier (50 or 500) ≥ their count,
 *   six values per asset `Index, Equity, Debt, Loan, Margin, PortfolioMargin` (padding slots carry
 *   only their index), packed three per element (2·tier elements) and hashed with chunk 16;
 *   leaf = `Poseidon(AccountIdHash, TotalEquity, TotalDebt, TotalCollateral, assets)`.
 *
 * Path: 28 siblings, `node = Poseidon(node, sibling)` where bit `i` of `AccountIndex` is 0, else
 * `Poseidon(sibling, node)`; the result must equal `Root`.
 * @module
 */
import { base64ToBytes, type JsonValue } from '@kura/codec';
import { preview } from './decimal.js';
import { noUserBinding, rootUnanchored, siblingDuplicates } from './findings.js';
import { BN254_R, bytesToBig, poseidonBnb } from './poseidon-bnb.js';
import { checkPublishedRoot } from './published-root.js';
import { type Obj, Reader } from './read.js';
import type { Finding, ForeignReport, ForeignVerdict } from './types.js';

/** Depth of Binance's account tree (`AccountTreeDepth`). */
export const BINANCE_TREE_DEPTH = 28;
/** Asset slots of the 2023 release (`AssetCounts`). */
export const BINANCE_2023_ASSETS = 350;
/** Asset-count tiers of the 2024 release (keys of `BatchCreateUserOpsCountsTiers`). */
export const BINANCE_2024_TIERS = [50, 500] as const;

/** The release of the file format. */
export type BinanceRelease = '2023' | '2024';

/** One asset of the customer, in integer units as the file gives them. */
export interface BinanceAsset {
  readonly index: number;
  readonly equity: bigint;
  readonly debt: bigint;
  readonly loan: bigint;
  readonly margin: bigint;
  readonly portfolioMargin: bigint;
}

/** A parsed `user_config.json`. */
export interface BinanceProof {
  readonly release: BinanceRelease;
  readonly accountIndex: number;
  readonly accountIdHash: bigint;
  readonly totalEquity: bigint;
  readonly totalDebt: bigint;
  readonly totalCollateral?: bigint;
  readonly assets: readonly BinanceAsset[];
  /** Root as written (hex), and the 32-byte siblings as integers. */
  readonly root: string;
  readonly proof: readonly bigint[];
}

const U64 = 1n << 64n;
const U128 = 1n << 128n;

/** Does a parsed JSON document look like a Binance `user_config.json`? */
export function looksLikeBinance(doc: { readonly [k: string]: JsonValue }): boolean {
  return 'AccountIndex' in doc && 'AccountIdHash' in doc && 'Proof' in doc && 'Root' in doc;
}

/**
 * Read a `user_config.json`. `literals` maps JSON paths to the exact text of each number (the
 * totals exceed 2^53 and are read exactly, as Go's `big.Int` does).
 */
export function readBinance(
  doc: JsonValue,
  literals: ReadonlyMap<string, string>,
  file: string | undefined
): BinanceProof {
  const r = new Reader(file);
  const top = r.obj(doc, '$');
  /** An integer member, read exactly from its source text (Go reads it into big.Int/uint). */
  const int = (v: JsonValue | undefined, path: string, field: string, max?: bigint): bigint => {
    const text = literals.get(path);
    if (typeof v !== 'number' || text === undefined)
      throw r.bad(
        field,
        v === undefined ? 'missing integer' : `expected an integer, got ${preview(v)}`
      );
    if (!/^(0|[1-9][0-9]*)$/.test(text))
      throw r.bad(field, `expected a non-negative integer, got ${text.slice(0, 40)}`);
    const n = BigInt(text);
    if (max !== undefined && n >= max)
      throw r.bad(field, `${text} does not fit in ${max === U64 ? 'a uint64' : `[0, ${max})`}`);
    return n;
  };
  const release: BinanceRelease = 'TotalCollateral' in top ? '2024' : '2023';
  const accountIndex = Number(int(top.AccountIndex, '$.AccountIndex', 'AccountIndex', 1n << 32n));
  const idHex = r.hex(top.AccountIdHash, 'AccountIdHash', 64);
  const root = r.hex(top.Root, 'Root', 64);
  const assets = r.arr(top.Assets, 'Assets').map((a, i): BinanceAsset => {
    const o: Obj = r.obj(a, `Assets[${i}]`);
    const at = (k: string): bigint => int(o[k], `$.Assets[${i}].${k}`, `Assets[${i}].${k}`, U64);
    if (release === '2023')
      for (const k of ['Loan', 'Margin', 'PortfolioMargin'])
        if (k in o)
          throw r.bad(
            `Assets[${i}].${k}`,
            `${k} belongs to the 2024 format, but the file has no TotalCollateral`
          );
    const index = Number(int(o.Index, `$.Assets[${i}].Index`, `Assets[${i}].Index`, 1n << 16n));
    return release === '2024'
      ? {
          index,
          equity: at('Equity'),
          debt: at('Debt'),
          loan: at('Loan'),
          margin: at('Margin'),
          portfolioMargin: at('PortfolioMargin'),
        }
      : {
          index,
          equity: at('Equity'),
          debt: at('Debt'),
          loan: 0n,
          margin: 0n,
          portfolioMargin: 0n,
        };
  });
  const proof = r.arr(top.Proof, 'Proof').map((p, i) => {
    const s = r.str(p, `Proof[${i}]`);
    let b: Uint8Array;
    try {
      b = base64ToBytes(s);
    } catch {
      throw r.bad(`Proof[${i}]`, 'not base64');
    }
    if (b.length !== 32) throw r.bad(`Proof[${i}]`, `expected 32 bytes, got ${b.length}`);
    return bytesToBig(b);
  });
  return {
    release,
    accountIndex,
    accountIdHash: BigInt(`0x${idHex}`),
    totalEquity: int(top.TotalEquity, '$.TotalEquity', 'TotalEquity'),
    totalDebt: int(top.TotalDebt, '$.TotalDebt', 'TotalDebt'),
    ...(release === '2024'
      ? { totalCollateral: int(top.TotalCollateral, '$.TotalCollateral', 'TotalCollateral') }
      : {}),
    assets,
    root: root.toLowerCase(),
    proof,
  };
}

const pack = (v: readonly bigint[], n: number): bigint[] =>
  Array.from(
    { length: n },
    (_, i) => (v[3 * i] ?? 0n) * U128 + (v[3 * i + 1] ?? 0n) * U64 + (v[3 * i + 2] ?? 0n)
  );

/** The 2023 asset commitment: 350 slots of (equity, debt), 234 packed elements, chunk 12. */
function assets2023(assets: readonly BinanceAsset[]): bigint | string {
  const slots = new Array<BinanceAsset | undefined>(BINANCE_2023_ASSETS);
  for (const a of assets) {
    if (a.index >= BINANCE_2023_ASSETS)
      return `asset Index ${a.index} is outside the 2023 format's ${BINANCE_2023_ASSETS} slots`;
    slots[a.index] = a;
  }
  const flat: bigint[] = [];
  for (const s of slots) flat.push(s?.equity ?? 0n, s?.debt ?? 0n);
  return poseidonBnb(pack(flat, Math.floor((BINANCE_2023_ASSETS * 2 + 2) / 3)), 12);
}

/** The 2024 asset commitment: PaddingAccountAssets to the tier, 2·tier packed elements, chunk 16. */
function assets2024(assets: readonly BinanceAsset[]): bigint | string {
  const tier = BINANCE_2024_TIERS.find((t) => assets.length <= t);
  if (tier === undefined)
    return `${assets.length} assets exceed the largest tier (${BINANCE_2024_TIERS.at(-1)})`;
  const flat = new Array<bigint>(tier * 6).fill(0n);
  const padding = tier - assets.length;
  let padded = 0;
  let next = 0;
  let slot = 0;
  for (const a of assets) {
    if (padded < padding)
      for (let j = next; j < a.index; j++) {
        padded++;
        flat[slot * 6] = BigInt(j);
        slot++;
        if (padded >= padding) break;
      }
    flat[slot * 6] = BigInt(a.index);
    flat[slot * 6 + 1] = a.equity;
    flat[slot * 6 + 2] = a.debt;
    flat[slot * 6 + 3] = a.loan;
    flat[slot * 6 + 4] = a.margin;
    flat[slot * 6 + 5] = a.portfolioMargin;
    slot++;
    next = a.index + 1;
  }
  for (let i = slot; i < tier; i++) flat[i * 6] = BigInt(next++);
  // uint64(j) in Go: a padding index is a uint64 like the others
  return poseidonBnb(pack(flat, Math.floor((tier * 6 + 2) / 3)), 16);
}

/** The leaf hash (`accountHash`) of a parsed proof, or why Binance's verifier would not get one. */
export function binanceLeaf(p: BinanceProof): bigint | string {
  for (const [name, v] of [
    ['AccountIdHash', p.accountIdHash],
    ['TotalEquity', p.totalEquity],
    ['TotalDebt', p.totalDebt],
    ['TotalCollateral', p.totalCollateral ?? 0n],
  ] as const)
    if (v >= BN254_R) return `${name} is not below the BN254 field modulus`;
  const ac = p.release === '2023' ? assets2023(p.assets) : assets2024(p.assets);
  if (typeof ac === 'string') return ac;
  return p.release === '2023'
    ? poseidonBnb([p.accountIdHash, p.totalEquity, p.totalDebt, ac], 12)
    : poseidonBnb([p.accountIdHash, p.totalEquity, p.totalDebt, p.totalCollateral!, ac], 16);
}

/** Recompute the root from a leaf and the path (VerifyMerkleProof). */
export function binanceRoot(leaf: bigint, accountIndex: number, proof: readonly bigint[]): bigint {
  let node = leaf;
  proof.forEach((sib, i) => {
    node = (accountIndex >>> i) & 1 ? poseidonBnb([sib, node], 12) : poseidonBnb([node, sib], 12);
  });
  return node;
}

const hex64 = (x: bigint): string => x.toString(16).padStart(64, '0');

function check(p: BinanceProof, leaf: bigint | string): ForeignVerdict {
  if (typeof leaf === 'string')
    return { ok: false, code: 'VALUE_OUT_OF_RANGE', message: leaf, level: 0 };
  if (p.proof.length !== BINANCE_TREE_DEPTH)
    return {
      ok: false,
      code: p.proof.length < BINANCE_TREE_DEPTH ? 'PATH_TOO_SHORT' : 'PATH_NODE_INVALID',
      message: `the path has ${p.proof.length} siblings; Binance's tree has ${BINANCE_TREE_DEPTH} levels`,
      level: Math.min(p.proof.length, BINANCE_TREE_DEPTH),
    };
  const bad = p.proof.findIndex((x) => x >= BN254_R);
  if (bad >= 0)
    return {
      ok: false,
      code: 'PATH_NODE_INVALID',
      message: `Proof[${bad}] is not a field element (not below the BN254 modulus); Binance's verifier would silently drop it`,
      level: bad,
    };
  const root = hex64(binanceRoot(leaf, p.accountIndex, p.proof));
  if (root !== p.root)
    return {
      ok: false,
      code: 'ROOT_HASH_MISMATCH',
      message: `your leaf and path lead to ${root}, the file's Root is ${p.root}`,
      level: BINANCE_TREE_DEPTH,
    };
  return { ok: true };
}

/** Findings particular to Binance's format. */
function findings(
  p: BinanceProof,
  leaf: bigint | string,
  expectedRoot: string | undefined
): Finding[] {
  const out: Finding[] = [
    {
      id: 'SUMS_NOT_COMMITTED',
      level: BINANCE_TREE_DEPTH,
      count: BINANCE_TREE_DEPTH,
      value: String(BINANCE_TREE_DEPTH),
      message: `The ${BINANCE_TREE_DEPTH} nodes of this path carry hashes only, no sums: the path shows your leaf is in the tree, not that the published totals include it or that no account is negative. Those claims rest on Binance's zk-SNARK batch proofs, which this check — like Binance's own user verifier — does not verify.`,
    },
    noUserBinding(
      'the leaf covers AccountIdHash, a value the exchange puts in the file; you cannot recompute it from your account.',
      0
    ),
    {
      id: 'TOTALS_NOT_DERIVED',
      value: p.totalEquity.toString(),
      count: p.assets.length,
      message: `TotalEquity (${p.totalEquity}), TotalDebt (${p.totalDebt})${p.totalCollateral !== undefined ? ` and TotalCollateral (${p.totalCollateral})` : ''} are hashed as the file states them: the proof carries no prices, so nothing here derives them from your ${p.assets.length} asset balance(s).`,
    },
    {
      id: 'UNITS_TRUNCATED',
      value: '8',
      count: p.assets.length,
      message:
        'Balances are whole numbers of 10^-8 units (10^-2 for some low-priced tokens), cut toward zero from the exchange books: digits beyond are not covered, and the file does not say which assets use which unit.',
    },
  ];
  if (typeof leaf !== 'string' && p.proof[0] === leaf) out.push(siblingDuplicates(0, hex64(leaf)));
  if (expectedRoot === undefined) out.push(rootUnanchored(p.root));
  return out;
}

/** Verify a Binance `user_config.json` (see the module comment for the rules). */
export function verifyBinance(
  doc: JsonValue,
  literals: ReadonlyMap<string, string>,
  file: string | undefined,
  expectedRoot?: string
): ForeignReport {
  const p = readBinance(doc, literals, file);
  const leaf = binanceLeaf(p);
  const verdict = checkPublishedRoot(check(p, leaf), p.root, expectedRoot, BINANCE_TREE_DEPTH);
  const balances: Record<string, string> = {};
  for (const a of p.assets) {
    balances[`#${a.index} equity`] = a.equity.toString();
    balances[`#${a.index} debt`] = a.debt.toString();
  }
  return {
    format: 'binance',
    formatName: 'Binance Merkle proof (user_config.json)',
    version: p.release,
    verdict,
    root: { hash: p.root, level: BINANCE_TREE_DEPTH },
    user: { balances, leaves: 1 },
    findings: findings(p, leaf, expectedRoot),
  };
}
