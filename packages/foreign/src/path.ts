/**
 * What the sibling-path formats (Bybit, Bitget, OKX v1) share once their own hashing is done: the
 * findings every such path shows (a leaf, its siblings and a root, each
 * parent committing only to its own sum) and the report around them.
 * @module
 */
import type { Decimal } from '@kura/codec';
import {
  negativeSums,
  noHeightBinding,
  noPositionBinding,
  noUserBinding,
  parentOwnSum,
  rootUnanchored,
  type SeenNode,
  siblingDuplicates,
} from './findings.js';
import { toRecord } from './read.js';
import type { Finding, ForeignFormat, ForeignReport, ForeignVerdict } from './types.js';

/** A node of a path as the findings need it: its level and its balances. */
export interface PathNodeView {
  readonly level: number;
  readonly balances: ReadonlyMap<string, Decimal>;
}

/** What {@link pathFindings} needs to know about one path proof. */
export interface PathShape {
  /** The customer's leaf. */
  readonly self: PathNodeView;
  /** The siblings, leaf side first (the root excluded). */
  readonly siblings: readonly PathNodeView[];
  /** The root the path leads to. */
  readonly root: PathNodeView;
  /** Parent nodes on the path, and the levels of the first and the last. */
  readonly parents: number;
  readonly firstParent: number;
  /** Findings the format adds right after PARENT_COMMITS_ONLY_OWN_SUM (e.g. HASH_TRUNCATED). */
  readonly afterParents?: readonly Finding[];
  /** NO_USER_BINDING: what the leaf covers instead of the account. */
  readonly user: string;
  /** NO_HEIGHT_BINDING: what the leaf hash covers instead of its height. */
  readonly height: string;
}

/**
 * The findings in the order every path format reports them: NEGATIVE_SUM (leaf, siblings, root),
 * PARENT_COMMITS_ONLY_OWN_SUM, the format's own, NO_USER_BINDING, NO_POSITION_BINDING and
 * NO_HEIGHT_BINDING at the leaf's level.
 */
export function pathFindings(p: PathShape): Finding[] {
  const seen: SeenNode[] = [
    { level: p.self.level, role: 'self', balances: p.self.balances },
    ...p.siblings.map((s): SeenNode => ({ level: s.level, role: 'sibling', balances: s.balances })),
    { level: p.root.level, role: 'root', balances: p.root.balances },
  ];
  return [
    ...negativeSums(seen),
    parentOwnSum(p.parents, p.firstParent, p.root.level),
    ...(p.afterParents ?? []),
    noUserBinding(p.user, p.self.level),
    noPositionBinding(p.parents),
    noHeightBinding(p.self.level, p.height),
  ];
}

/**
 * The last findings of a path: SIBLING_DUPLICATES_NODE when the sibling repeats the leaf's hash
 * (`duplicated`, compared by the format's rule), ROOT_UNANCHORED when no published root was given.
 */
export function pathTail(
  duplicated: boolean,
  level: number,
  leafHash: string,
  rootHash: string,
  expectedRoot: string | undefined
): Finding[] {
  return [
    ...(duplicated ? [siblingDuplicates(level, leafHash)] : []),
    ...(expectedRoot === undefined ? [rootUnanchored(rootHash)] : []),
  ];
}

/** The report on one path proof: the root reached and the customer's own balances (one leaf). */
export function pathReport(r: {
  readonly format: ForeignFormat;
  readonly formatName: string;
  readonly version?: string;
  readonly verdict: ForeignVerdict;
  readonly root: {
    readonly hash: string;
    readonly level: number;
    readonly raw: ReadonlyMap<string, string>;
  };
  readonly self: ReadonlyMap<string, string>;
  readonly findings: readonly Finding[];
}): ForeignReport {
  return {
    format: r.format,
    formatName: r.formatName,
    ...(r.version !== undefined ? { version: r.version } : {}),
    verdict: r.verdict,
    root: { hash: r.root.hash, level: r.root.level, balances: toRecord(r.root.raw) },
    user: { balances: toRecord(r.self), leaves: 1 },
    findings: r.findings,
  };
}
