/**
 * Bitget proof of reserves — re-implemented from the rules of BitgetLimited/proof-of-reserves
 * (MerkelTreeUtils.java, model/MerKelTree.java, model/TreeNode.java, model/MerkleProof.java,
 * BgMerkleValidator.java; commits in the package README).
 *
 * Leaf: first 16 hex digits of `SHA-256(encryptUid ‖ "," ‖ nonce ‖ "," ‖ JSON(balances))`.
 * Parent: first 16 hex digits of `SHA-256(left ‖ right ‖ "," ‖ JSON(sum) ‖ "," ‖ level)`, where
 * `level` is the left child's level minus one, the sum is exact (BigDecimal, no rounding) in the
 * order left's assets then right's new ones, and JSON writes each value as a string with trailing
 * zeros stripped. `role` 1 = the path node is on the left. The root's balances are compared by
 * value for every asset of the computed root.
 * @module
 */
import { type Decimal, fail, type JsonValue } from '@kura/codec';
import { canonical, plus, same } from './decimal.js';
import { hashTruncated, sha256Hex } from './findings.js';
import { pathFindings, pathReport, pathTail } from './path.js';
import { checkPublishedRoot } from './published-root.js';
import { type Bal, Reader } from './read.js';
import type { Finding, ForeignReport, ForeignVerdict } from './types.js';

interface BgNode {
  readonly leaf: string;
  readonly level: number;
  readonly role: number | undefined;
  readonly bal: Bal;
}

/** fastjson of a LinkedHashMap<String, BigDecimal> with stripped trailing zeros, values as strings. */
function bgJson(m: ReadonlyMap<string, Decimal>): string {
  const parts: string[] = [];
  for (const [k, v] of m) parts.push(`${JSON.stringify(k)}:"${canonical(v)}"`);
  return `{${parts.join(',')}}`;
}

const bgHash = (s: string): string => sha256Hex(s).slice(0, 16);

/** Verify a Bitget `merkel_tree_bg.json`. */
export function verifyBitget(
  doc: JsonValue,
  file: string | undefined,
  expectedRoot?: string
): ForeignReport {
  const r = new Reader(file);
  const top = r.obj(doc, '$');
  const s = r.obj(top.self, 'self');
  const self = {
    uid: r.str(s.encryptUid, 'self.encryptUid'),
    nonce: r.str(s.nonce, 'self.nonce'),
    leaf: r.str(s.merkelLeaf, 'self.merkelLeaf'),
    level: r.int(s.level, 'self.level'),
    role: r.optInt(s.role, 'self.role'),
    bal: r.balances(s.balances, 'self.balances'),
  };
  const path: BgNode[] = r.arr(top.path, 'path').map((p, i) => {
    const o = r.obj(p, `path[${i}]`);
    return {
      leaf: r.str(o.merkelLeaf, `path[${i}].merkelLeaf`),
      level: r.int(o.level, `path[${i}].level`),
      role: r.optInt(o.role, `path[${i}].role`),
      bal: r.balances(o.balances, `path[${i}].balances`),
    };
  });
  if (path.length === 0) throw r.bad('path', 'empty path');
  const root = path[path.length - 1]!;
  const verdict = checkPublishedRoot(check(self, path), root.leaf, expectedRoot, root.level);
  const parents = Math.max(path.length - 1, 1);
  const findings: Finding[] = [
    ...pathFindings({
      self: { level: self.level, balances: self.bal.val },
      siblings: path.slice(0, -1).map((p) => ({ level: p.level, balances: p.bal.val })),
      root: { level: root.level, balances: root.bal.val },
      parents,
      firstParent: self.level - 1,
      afterParents: [hashTruncated(64, path.length + 1)],
      user: 'the leaf covers encryptUid, an opaque value the exchange puts in the file; the verifier does not derive it from your account ID.',
      height: 'the leaf hash covers the UID, nonce and balances only',
    }),
    ...pathTail(path[0]!.leaf === self.leaf, self.level, self.leaf, root.leaf, expectedRoot),
  ];
  return pathReport({
    format: 'bitget',
    formatName: 'Bitget Merkle proof',
    verdict,
    root: { hash: root.leaf, level: root.level, raw: root.bal.raw },
    self: self.bal.raw,
    findings,
  });
}

function merge(
  a: ReadonlyMap<string, Decimal>,
  b: ReadonlyMap<string, Decimal>
): Map<string, Decimal> {
  const out = new Map(a);
  for (const [k, v] of b) {
    const o = out.get(k);
    out.set(k, o === undefined ? v : plus(o, v));
  }
  return out;
}

function check(
  self: {
    uid: string;
    nonce: string;
    leaf: string;
    level: number;
    role: number | undefined;
    bal: Bal;
  },
  path: readonly BgNode[]
): ForeignVerdict {
  if (bgHash(`${self.uid},${self.nonce},${bgJson(self.bal.val)}`) !== self.leaf)
    return fail(
      'LEAF_HASH_MISMATCH',
      'your merkelLeaf is not the hash of your encryptUid, nonce and balances',
      self.level
    );
  const p0 = path[0]!;
  if (p0.leaf === '' || p0.role === undefined || p0.role < 0 || p0.role > 3 || p0.level < 1)
    return fail(
      'PATH_NODE_INVALID',
      'path[0] has an empty hash, a role outside 0–3 or a level below 1',
      p0.level
    );
  if (p0.role === self.role)
    return fail('SIBLING_SAME_SIDE', 'your leaf and path[0] claim the same role', self.level);
  if (path.length <= 1)
    return fail('PATH_TOO_SHORT', 'the path needs at least a sibling and the root');
  let node = {
    leaf: self.leaf,
    level: self.level,
    val: self.bal.val as ReadonlyMap<string, Decimal>,
  };
  for (let i = 0; i < path.length - 1; i++) {
    const f = path[i]!;
    const friend = { leaf: f.leaf, level: f.level, val: f.bal.val };
    const [l, rt] = f.role === 1 ? [friend, node] : [node, friend];
    const val = merge(l.val, rt.val);
    const level = l.level - 1;
    node = { leaf: bgHash(`${l.leaf}${rt.leaf},${bgJson(val)},${level}`), level, val };
  }
  const root = path[path.length - 1]!;
  if (node.leaf !== root.leaf)
    return fail(
      'ROOT_HASH_MISMATCH',
      `the path leads to ${node.leaf}, the file's root is ${root.leaf}`,
      node.level
    );
  for (const [k, v] of node.val) {
    const o = root.bal.val.get(k);
    if (o === undefined || !same(o, v))
      return fail(
        'ROOT_BALANCE_MISMATCH',
        `the path sums ${k} to ${canonical(v)}, the file's root says ${o === undefined ? 'nothing' : canonical(o)}`,
        node.level
      );
  }
  if (node.level !== root.level)
    return fail(
      'ROOT_HEIGHT_MISMATCH',
      `the path reaches level ${node.level}, the file's root says ${root.level}`,
      node.level
    );
  return { ok: true };
}
