/**
 * Builders of the findings every adapter shares: each takes what the actual proof shows (the
 * levels, the assets, the sums) and returns a {@link Finding} with the level and the number.
 * @module
 */
import { bytesToHex, type Decimal, sha256 } from '@kura/codec';
import { canonical, isNegative, isPlain } from './decimal.js';
import type { Finding } from './types.js';

const enc = new TextEncoder();

/** SHA-256 of the UTF-8 bytes of `s`, as lowercase hex (every string-hashing format here). */
export function sha256Hex(s: string): string {
  return bytesToHex(sha256(enc.encode(s)));
}

/** One node of a path as the findings see it: its level and its balances. */
export interface SeenNode {
  readonly level: number;
  readonly role: 'self' | 'sibling' | 'node' | 'root';
  readonly balances: ReadonlyMap<string, Decimal>;
}

/** A NEGATIVE_SUM finding for every negative balance of a sibling, a node or the customer's leaf. */
export function negativeSums(nodes: readonly SeenNode[]): Finding[] {
  const out: Finding[] = [];
  for (const n of nodes)
    for (const [asset, v] of n.balances)
      if (isNegative(v))
        out.push({
          id: 'NEGATIVE_SUM',
          level: n.level,
          asset,
          value: canonical(v),
          message: `A ${n.role === 'sibling' ? 'sibling' : n.role} sum at level ${n.level} is negative: ${asset} ${canonical(v)}. A negative sum hides liabilities: it lowers the total without any customer losing a visible balance.`,
        });
  return out;
}

/** PARENT_COMMITS_ONLY_OWN_SUM: the Maxwell attack applies at every level of the path. */
export function parentOwnSum(levels: number, firstLevel: number, lastLevel: number): Finding {
  return {
    id: 'PARENT_COMMITS_ONLY_OWN_SUM',
    level: lastLevel,
    count: levels,
    value: String(levels),
    message: `Each of the ${levels} parent nodes from level ${firstLevel} to level ${lastLevel} commits only to its own sum, not to its children's sums: the exchange can show you a sibling sum that differs from what the sibling's own customers see, so a parent can be below its children's true total (the Maxwell attack).`,
  };
}

/** HASH_TRUNCATED: node hashes cut to `bits` bits. */
export function hashTruncated(bits: number, levels: number): Finding {
  return {
    id: 'HASH_TRUNCATED',
    value: String(bits),
    count: levels,
    message: `All ${levels} hashes on this path are truncated to ${bits} bits: a collision needs only about 2^${bits / 2} work, so a node can be swapped for another with the same truncated hash.`,
  };
}

/** NO_USER_BINDING: nothing the verifier derives from your account is in the leaf. */
export function noUserBinding(what: string, level = 1): Finding {
  return {
    id: 'NO_USER_BINDING',
    level,
    message: `Your leaf is not tied to your account: ${what} Two customers with equal balances can be shown the same leaf, so one leaf can count once for both.`,
  };
}

/** NO_POSITION_BINDING: the leaf's position is not committed; left/right come from the file. */
export function noPositionBinding(levels: number): Finding {
  return {
    id: 'NO_POSITION_BINDING',
    count: levels,
    message: `No hash commits to your leaf's position: the left/right order on all ${levels} levels is taken from the proof file, so nothing stops your leaf from also appearing at another place in the tree.`,
  };
}

/** NO_HEIGHT_BINDING: some hashes do not include the height. */
export function noHeightBinding(level: number, what: string): Finding {
  return {
    id: 'NO_HEIGHT_BINDING',
    level,
    message: `The hash at level ${level} does not include its height (${what}), so a node of one level can be passed off as a node of another.`,
  };
}

/**
 * FLOOR_8_DECIMALS: sums are cut to 8 decimals (or fewer, as `coarser` says); `lost` values in
 * this proof lost digits.
 */
export function floor8(lost: number, firstLevel: number | undefined, coarser?: string): Finding {
  const base = `Every sum is cut (rounded toward zero) to 8 decimals, so balances below 0.00000001 and the digits beyond the 8th are not covered.${coarser ? ` ${coarser}` : ''}`;
  return lost === 0
    ? {
        id: 'FLOOR_8_DECIMALS',
        value: '8',
        count: 0,
        message: `${base} No value in this proof lost digits.`,
      }
    : {
        id: 'FLOOR_8_DECIMALS',
        value: '8',
        count: lost,
        ...(firstLevel !== undefined ? { level: firstLevel } : {}),
        message: `${base} ${lost} value(s) in this proof lost digits, first at level ${firstLevel}.`,
      };
}

/**
 * CONCAT_AMBIGUOUS: balances are concatenated without separators before hashing. Shows a second
 * reading of the same bytes: the last digit of one balance moved to the front of the next.
 */
export function concatAmbiguous(
  level: number,
  assets: readonly string[],
  texts: readonly string[]
): Finding | undefined {
  for (let i = 0; i + 1 < texts.length; i++) {
    const a = texts[i]!;
    const b = texts[i + 1]!;
    const d = a.at(-1);
    const a2 = a.slice(0, -1);
    if (d === undefined || !/[0-9]/.test(d) || b.startsWith('-')) continue;
    const b2 = d + b;
    if (!isPlain(a2) || !isPlain(b2) || a2 === '' || a2 === '-') continue;
    return {
      id: 'CONCAT_AMBIGUOUS',
      level,
      asset: `${assets[i]}/${assets[i + 1]}`,
      value: `${a2}|${b2}`,
      detail: `${a}|${b}`,
      message: `Balances are hashed side by side without separators: at level ${level}, ${assets[i]} ${a} and ${assets[i + 1]} ${b} hash exactly like ${assets[i]} ${a2} and ${assets[i + 1]} ${b2}, so the same hash stands for different balances.`,
    };
  }
  return undefined;
}

/** ROOT_UNANCHORED: no published root was given to compare with. */
export function rootUnanchored(hash: string): Finding {
  return {
    id: 'ROOT_UNANCHORED',
    value: hash,
    message: `The root ${hash} comes from the proof file itself. Compare it with the root the exchange published (give it with --root): without that, the check only shows the file is consistent with itself.`,
  };
}

/** SIBLING_DUPLICATES_NODE: the sibling of your leaf carries your own leaf's hash. */
export function siblingDuplicates(level: number, hash: string): Finding {
  return {
    id: 'SIBLING_DUPLICATES_NODE',
    level,
    value: hash,
    message: `The sibling of your leaf at level ${level} repeats your own leaf hash ${hash}: the format lets a node be paired with a copy of itself, so one leaf can stand in the tree twice (Kura's own format rejects this, SIBLING_EQUALS_CURRENT).`,
  };
}
