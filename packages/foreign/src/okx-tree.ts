/**
 * OKX v2 full-liabilities Merkle tree file (example/full-liabilities-merkle-tree.txt of
 * okx/proof-of-reserves): one node per line, `hash,height,{"BTC":…,"ETH":…,"USDT":…}`, levels
 * from the root (highest height) down to the leaves (height 1).
 *
 * Rules, as the published example shows them (OKX's own validator.go only adds up the leaves and
 * checks no internal node): lines of one level are paired in file order; the parent of lines
 * 2k and 2k+1 is `SHA-256(hash[2k+1] ‖ hash[2k] ‖ BTC ‖ ETH ‖ USDT ‖ height)` over the parent's
 * balance strings, and its balances are the children's sums (cut toward zero to 8 decimals).
 * When a level has an odd number of real nodes, a padding line is put first: the hash of the next
 * line with zero balances. Kura recomputes every internal node, streaming, in bounded memory.
 * @module
 */
import type { Decimal } from '@kura/codec';
import { DocumentError, InputError } from '@kura/codec';
import { canonical, isNegative, parsePlain, plus, same, truncate } from './decimal.js';
import { floor8, parentOwnSum, rootUnanchored, sha256Hex } from './findings.js';
import { walkLevels } from './levels.js';
import type { LineSource } from './lines.js';
import {
  checkOkxV2User,
  OKX_ASSETS,
  type OkxV2User,
  okxBalances,
  okxV2UserFindings,
} from './okx.js';
import { checkPublishedRoot } from './published-root.js';
import { type Bal, foreignField, parseForeignJson, Reader, toRecord } from './read.js';
import type { Finding, ForeignReport, ForeignVerdict } from './types.js';

interface TreeLine {
  readonly hash: string;
  readonly height: number;
  readonly bal: Bal;
  readonly line: number;
}

const LINE_RE = /^([0-9a-fA-F]{64}),([1-9][0-9]{0,2}),(\{.*\})$/;
/** The balances object as OKX writes it; anything else goes through the strict JSON parser. */
const FAST_RE =
  /^\{"BTC":"(-?[0-9]+(?:\.[0-9]+)?)","ETH":"(-?[0-9]+(?:\.[0-9]+)?)","USDT":"(-?[0-9]+(?:\.[0-9]+)?)"\}$/;

/** Parse one line of the tree file; errors name file, line and field. */
export function parseTreeLine(text: string, lineNo: number, file: string | undefined): TreeLine {
  const m = LINE_RE.exec(text);
  if (!m)
    throw new InputError(
      'expected "hash,height,{balances}" (64 hex digits, a height, a JSON object)',
      {
        file,
        line: lineNo,
      }
    );
  const fast = FAST_RE.exec(m[3]!);
  if (fast) {
    const raw = new Map<string, string>();
    const val = new Map<string, Decimal>();
    for (const [i, a] of OKX_ASSETS.entries()) {
      raw.set(a, fast[i + 1]!);
      val.set(a, parsePlain(fast[i + 1]!, file, `balances.${a}`));
    }
    return { hash: m[1]!, height: Number(m[2]), bal: { raw, val }, line: lineNo };
  }
  const r = new Reader(file);
  let bal: Bal;
  try {
    bal = okxBalances(r, parseForeignJson(m[3]!, undefined), 'balances');
  } catch (e) {
    if (e instanceof DocumentError)
      throw new InputError(e.reason, { file, line: lineNo, field: foreignField(e, 'balances') });
    throw new InputError(e instanceof InputError ? e.reason : String(e), {
      file,
      line: lineNo,
      field: e instanceof InputError ? e.location.field : 'balances',
    });
  }
  return { hash: m[1]!, height: Number(m[2]), bal, line: lineNo };
}

const concat = (b: Bal): string => OKX_ASSETS.map((a) => b.raw.get(a)).join('');

/** True if this looks like the first line of an OKX v2 tree file. */
export const looksLikeOkxTree = (firstLine: string): boolean => LINE_RE.test(firstLine);

/** Verify a full-liabilities tree file; with `user`, also find the customer's leaves in it. */
export async function verifyOkxTree(
  source: LineSource,
  file: string | undefined,
  opts: { root?: string | undefined; user?: OkxV2User | undefined } = {}
): Promise<ForeignReport> {
  // Pass 1: count lines per height (heights must run down by one from the root to 1), sum the
  // leaves, count negatives and padding, find the customer's leaves.
  const sizes: number[] = [];
  let top = 0;
  let last = 0;
  let lineNo = 0;
  let rootLine: TreeLine | undefined;
  let leafTotal: Map<string, Decimal> = new Map(OKX_ASSETS.map((a) => [a, { n: 0n, scale: 0 }]));
  let negatives = 0;
  const negFirst: Finding[] = [];
  let lostDigits = 0;
  let lostFirst: number | undefined;
  const userFound = new Set<number>();
  for await (const text of source()) {
    lineNo++;
    if (text === '')
      throw new InputError('empty line inside the tree file', { file, line: lineNo });
    const n = parseTreeLine(text, lineNo, file);
    if (rootLine === undefined) {
      rootLine = n;
      top = n.height;
      last = n.height;
      sizes.push(0);
    }
    if (n.height !== last) {
      if (n.height !== last - 1)
        throw new InputError(
          `height ${n.height} follows height ${last}: levels must run down by one`,
          {
            file,
            line: lineNo,
            field: 'height',
          }
        );
      last = n.height;
      sizes.push(0);
    }
    sizes[sizes.length - 1]!++;
    for (const [a, v] of n.bal.val) {
      if (isNegative(v)) {
        negatives++;
        if (negFirst.length < 5)
          negFirst.push({
            id: 'NEGATIVE_SUM',
            level: n.height,
            asset: a,
            value: canonical(v),
            message: `A node at level ${n.height} (line ${lineNo}) has a negative ${a} sum: ${canonical(v)}.`,
          });
      }
      if (v.scale > 8 && !same(v, truncate(v, 8))) {
        lostDigits++;
        lostFirst ??= n.height;
      }
    }
    if (n.height === 1) {
      for (const a of OKX_ASSETS) leafTotal.set(a, plus(leafTotal.get(a)!, n.bal.val.get(a)!));
      if (opts.user)
        for (const [i, u] of opts.user.nodes.entries())
          if (
            u.hash.toLowerCase() === n.hash.toLowerCase() &&
            OKX_ASSETS.every((a) => u.bal.raw.get(a) === n.bal.raw.get(a))
          )
            userFound.add(i);
    }
  }
  if (rootLine === undefined) throw new InputError('the tree file has no nodes', { file });
  if (last !== 1)
    throw new InputError(`the file ends at height ${last}; the leaves (height 1) are missing`, {
      file,
      line: lineNo,
    });
  if (sizes[0] !== 1)
    throw new InputError(`the top level (height ${top}) has ${sizes[0]} nodes, expected 1`, {
      file,
      line: 1,
    });
  leafTotal = new Map([...leafTotal].map(([a, v]) => [a, truncate(v, 8)]));
  for (let l = 0; l + 1 < sizes.length; l++) {
    const np = sizes[l]!;
    const nc = sizes[l + 1]!;
    if (nc % 2 !== 0 || (np !== nc / 2 && np !== nc / 2 + 1))
      throw new InputError(
        `the file is truncated or malformed: height ${top - l - 1} has ${nc} nodes and height ${top - l} has ${np}; a level needs an even count and its parent level half of it (plus at most one padding node)`,
        { file, field: 'height' }
      );
  }
  let verdict: ForeignVerdict = { ok: true };
  const paddings: number[] = [];
  // Pass 2: recompute every internal node.
  if (verdict.ok) {
    const f = await walkLevels<TreeLine, ForeignVerdict>(
      source,
      { sizes, skip: 0 },
      (t, n) => parseTreeLine(t, n, file),
      (p, c0, c1, level) => {
        for (const a of OKX_ASSETS) {
          const s = truncate(plus(c0.bal.val.get(a)!, c1.bal.val.get(a)!), 8);
          if (!same(s, p.bal.val.get(a)!))
            return {
              ok: false,
              code: 'NODE_SUM_MISMATCH',
              message: `line ${p.line}: ${a} ${p.bal.raw.get(a)} is not the sum ${canonical(s)} of lines ${c0.line} and ${c1.line}`,
              level,
            };
        }
        const h = sha256Hex(c1.hash + c0.hash + concat(p.bal) + level);
        if (h !== p.hash.toLowerCase())
          return {
            ok: false,
            code: 'NODE_HASH_MISMATCH',
            message: `line ${p.line}: hash ${p.hash} is not the hash ${h} of lines ${c1.line} and ${c0.line}`,
            level,
          };
        return undefined;
      },
      (pad, next, level) => {
        paddings.push(level);
        if (pad.hash !== next.hash || OKX_ASSETS.some((a) => pad.bal.val.get(a)!.n !== 0n))
          return {
            ok: false,
            code: 'PADDING_INVALID',
            message: `line ${pad.line}: a padding node must repeat the next node's hash with zero balances`,
            level,
          };
        return undefined;
      }
    );
    if (f !== undefined) verdict = f;
  }
  if (verdict.ok)
    for (const a of OKX_ASSETS)
      if (!same(leafTotal.get(a)!, rootLine.bal.val.get(a)!)) {
        verdict = {
          ok: false,
          code: 'ROOT_BALANCE_MISMATCH',
          message: `the leaves add up to ${a} ${canonical(leafTotal.get(a)!)}, the root says ${rootLine.bal.raw.get(a)}`,
          level: top,
        };
        break;
      }
  const findings: Finding[] = [];
  if (opts.user) {
    const uv = checkOkxV2User(opts.user);
    if (verdict.ok && !uv.ok) verdict = uv;
    if (verdict.ok && userFound.size !== opts.user.nodes.length) {
      const missing = opts.user.nodes.filter((_, i) => !userFound.has(i)).map((n) => n.hash);
      verdict = {
        ok: false,
        code: 'LEAF_NOT_FOUND',
        message: `${missing.length} of your ${opts.user.nodes.length} leaves are not in the tree with the same balances: ${missing.join(', ')}`,
        level: 1,
      };
    }
    findings.push(...okxV2UserFindings(opts.user).filter((f) => f.id !== 'FLOOR_8_DECIMALS'));
  }
  verdict = checkPublishedRoot(verdict, rootLine.hash, opts.root, top, true);
  findings.push(...negFirst);
  if (negatives > negFirst.length)
    findings.push({
      id: 'NEGATIVE_SUM',
      count: negatives,
      value: String(negatives),
      message: `${negatives} negative balances in the tree in all (the first ${negFirst.length} are listed).`,
    });
  const leaves = sizes[sizes.length - 1]!;
  const nodes = sizes.reduce((x, y) => x + y, 0);
  findings.push(parentOwnSum(top - 1, 2, top));
  findings.push({
    id: 'OFFICIAL_TOOL_SKIPS_NODES',
    count: nodes - leaves,
    value: String(nodes - leaves),
    message: `OKX's own validator only adds up the leaves of this file and checks none of its ${nodes - leaves} internal nodes; Kura recomputed every one of them.`,
  });
  if (paddings.length > 0)
    findings.push({
      id: 'PADDING_DUPLICATES_HASH',
      count: paddings.length,
      level: paddings[0]!,
      value: String(paddings.length),
      message: `${paddings.length} padding node(s) (at level ${paddings.join(', ')}) repeat a real node's hash with zero balances: two nodes with one hash, so a path proof cannot tell the real node from its padding copy.`,
    });
  findings.push({
    id: 'ALL_BALANCES_PUBLIC',
    count: leaves,
    value: String(leaves),
    message: `The file publishes the balances of all ${leaves} leaves: anyone can read every leaf's holdings and watch them month by month.`,
  });
  findings.push(floor8(lostDigits, lostFirst));
  if (opts.root === undefined) findings.push(rootUnanchored(rootLine.hash));
  return {
    format: opts.user ? 'okx-v2-user' : 'okx-v2-tree',
    formatName: opts.user
      ? 'OKX user info file (v2 split leaves)'
      : 'OKX full-liabilities Merkle tree file (v2)',
    verdict,
    root: { hash: rootLine.hash, level: top, balances: toRecord(rootLine.bal.raw) },
    ...(opts.user
      ? { user: { balances: toRecord(opts.user.total.raw), leaves: opts.user.nodes.length } }
      : {}),
    tree: { nodes, leaves, height: top },
    findings,
  };
}
