/**
 * OKX proofs of liabilities — re-implemented from the rules of okx/proof-of-reserves
 * (common/merkle.go, common/merklev2.go, common/validator.go; see the package README for commits).
 *
 * v1 path proof. Leaf: `SHA-256(nonce ‖ {"BTC":"b","ETH":"e","USDT":"u"})`, the JSON written with
 * the file's strings. Parent: `SHA-256(leftHex ‖ rightHex ‖ BTC ‖ ETH ‖ USDT ‖ height)`, the
 * balances being the children's sums cut toward zero to 8 decimals and printed without trailing
 * zeros, the height in decimal. `type` 1 = the sibling is on the left.
 *
 * v2 user info file. User hash: `SHA-256(nonce ‖ {"BTC":…,"ETH":…,"USDT":…})` over totalBalances;
 * each of the customer's split leaves: `SHA-256(userHash ‖ BTC ‖ ETH ‖ USDT)`; the leaves must add
 * up (cut to 8 decimals) to totalBalances, compared as strings.
 * @module
 */
import { type Decimal, fail, type JsonValue } from '@kura/codec';
import { canonical, plus, same, truncate } from './decimal.js';
import {
  concatAmbiguous,
  floor8,
  negativeSums,
  noUserBinding,
  type SeenNode,
  sha256Hex,
} from './findings.js';
import { pathFindings, pathReport, pathTail } from './path.js';
import { checkPublishedRoot } from './published-root.js';
import { type Bal, type Obj, Reader } from './read.js';
import type { Finding, ForeignReport, ForeignVerdict } from './types.js';

/** The three assets of the OKX files, in hashing order. */
export const OKX_ASSETS = ['BTC', 'ETH', 'USDT'] as const;

/** Balances of an OKX node: exactly BTC, ETH and USDT (other members are ignored, as by OKX). */
export function okxBalances(r: Reader, v: JsonValue | undefined, field: string): Bal {
  const o = r.obj(v, field);
  const raw = new Map<string, string>();
  const val = new Map<string, Decimal>();
  for (const a of OKX_ASSETS) {
    const b = r.balances({ [a]: o[a] ?? null } as Obj, field);
    raw.set(a, b.raw.get(a)!);
    val.set(a, b.val.get(a)!);
  }
  return { raw, val };
}

/** Go `Balances.String()` / `json.Marshal(Balances)`: the JSON the leaf hashes cover. */
export const okxJson = (b: Bal): string =>
  `{"BTC":"${b.raw.get('BTC')}","ETH":"${b.raw.get('ETH')}","USDT":"${b.raw.get('USDT')}"}`;

const concat = (b: Bal): string => OKX_ASSETS.map((a) => b.raw.get(a)).join('');

/** Go `Balances.Add`: exact sum cut toward zero to 8 decimals, printed without trailing zeros. */
export function okxAdd(x: Bal, y: Bal): Bal {
  const raw = new Map<string, string>();
  const val = new Map<string, Decimal>();
  for (const a of OKX_ASSETS) {
    const s = truncate(plus(x.val.get(a)!, y.val.get(a)!), 8);
    raw.set(a, canonical(s));
    val.set(a, s);
  }
  return { raw, val };
}

/** Count of values with more than 8 decimals (those the sums cut), and the first level. */
function lostDigits(nodes: readonly { bal: Bal; level: number }[]): [number, number | undefined] {
  let n = 0;
  let first: number | undefined;
  for (const x of nodes)
    for (const v of x.bal.val.values())
      if (v.scale > 8 && !same(v, truncate(v, 8))) {
        n++;
        first ??= x.level;
      }
  return [n, first];
}

interface PathNode {
  readonly type: number;
  readonly height: number;
  readonly hash: string;
  readonly bal: Bal;
  readonly nonce?: string;
}

/** Verify an OKX v1 Merkle proof file (already parsed JSON). */
export function verifyOkxV1(
  doc: JsonValue,
  file: string | undefined,
  expectedRoot?: string
): ForeignReport {
  const r = new Reader(file);
  const top = r.obj(doc, '$');
  const s = r.obj(top.self, 'self');
  const pathArr = r.arr(top.path, 'path');
  const self = {
    nonce: r.str(s.nonce, 'self.nonce'),
    hash: r.str(s.hash, 'self.hash'),
    type: r.int(s.type, 'self.type'),
    bal: okxBalances(r, s.balances, 'self.balances'),
  };
  const path: PathNode[] = pathArr.map((p, i) => {
    const o = r.obj(p, `path[${i}]`);
    const nonce = o.nonce === undefined ? undefined : r.str(o.nonce, `path[${i}].nonce`);
    return {
      type: r.int(o.type, `path[${i}].type`),
      height: r.int(o.height, `path[${i}].height`),
      hash: r.str(o.hash, `path[${i}].hash`),
      bal: okxBalances(r, o.balances, `path[${i}].balances`),
      ...(nonce !== undefined ? { nonce } : {}),
    };
  });
  if (path.length === 0) throw r.bad('path', 'empty path');
  const root = path[path.length - 1]!;
  const verdict = checkV1(self, path);
  const findings: Finding[] = pathFindings({
    self: { level: 1, balances: self.bal.val },
    siblings: path.slice(0, -1).map((p) => ({ level: p.height, balances: p.bal.val })),
    root: { level: root.height, balances: root.bal.val },
    parents: Math.max(path.length - 1, 1),
    firstParent: 2,
    user: 'the leaf hash covers only a nonce and your balances; nothing in it is derived from your account ID.',
    height: 'the leaf hash is SHA-256 of the nonce and the balances only',
  });
  const [lost, firstLost] = lostDigits([
    { bal: self.bal, level: 1 },
    ...path.map((p) => ({ bal: p.bal, level: p.height })),
  ]);
  findings.push(floor8(lost, firstLost));
  const amb = concatAmbiguous(
    root.height,
    OKX_ASSETS,
    OKX_ASSETS.map((a) => root.bal.raw.get(a)!)
  );
  if (amb) findings.push(amb);
  const sib = path[0]!;
  if (sib.nonce !== undefined && sha256Hex(sib.nonce + okxJson(sib.bal)) === sib.hash)
    findings.push({
      id: 'SIBLING_LEAF_DISCLOSED',
      level: 1,
      value:
        concat(sib.bal) === ''
          ? '0'
          : OKX_ASSETS.map((a) => `${a} ${sib.bal.raw.get(a)}`).join(', '),
      message: `Your proof discloses another customer's leaf: the sibling at level 1 comes with its nonce, so anyone holding your proof learns that customer's balances (${OKX_ASSETS.map((a) => `${a} ${sib.bal.raw.get(a)}`).join(', ')}) and can recognise that leaf in later proofs.`,
    });
  findings.push(
    ...pathTail(
      sib.hash.toLowerCase() === self.hash.toLowerCase(),
      1,
      self.hash,
      root.hash,
      expectedRoot
    )
  );
  return pathReport({
    format: 'okx-v1',
    formatName: 'OKX Merkle proof (v1)',
    verdict: checkPublishedRoot(verdict, root.hash, expectedRoot, root.height),
    root: { hash: root.hash, level: root.height, raw: root.bal.raw },
    self: self.bal.raw,
    findings,
  });
}

function checkV1(
  self: { nonce: string; hash: string; type: number; bal: Bal },
  path: readonly PathNode[]
): ForeignVerdict {
  if (sha256Hex(self.nonce + okxJson(self.bal)) !== self.hash)
    return fail(
      'LEAF_HASH_MISMATCH',
      'your leaf hash is not SHA-256 of your nonce and balances',
      1
    );
  const valid = (p: PathNode): boolean =>
    p.hash.length > 0 && p.type >= 1 && p.type <= 4 && p.height >= 1;
  const p0 = path[0]!;
  if (!valid(p0))
    return fail(
      'PATH_NODE_INVALID',
      'path[0] has an empty hash, a type outside 1–4 or a height below 1',
      1
    );
  if (p0.type === self.type)
    return fail('SIBLING_SAME_SIDE', 'your leaf and its sibling claim the same side', 1);
  let [l, rgt] = self.type === 1 ? [self.hash, p0.hash] : [p0.hash, self.hash];
  let bal = okxAdd(self.bal, p0.bal);
  let height = 2;
  let hash = sha256Hex(l + rgt + concat(bal) + height);
  for (let i = 1; i < path.length - 1; i++) {
    const p = path[i]!;
    if (!valid(p))
      return fail(
        'PATH_NODE_INVALID',
        `path[${i}] has an empty hash, a type outside 1–4 or a height below 1`,
        p.height
      );
    [l, rgt] = p.type === 1 ? [p.hash, hash] : [hash, p.hash];
    bal = okxAdd(bal, p.bal);
    height = p.height + 1;
    hash = sha256Hex(l + rgt + concat(bal) + height);
  }
  const root = path[path.length - 1]!;
  if (hash !== root.hash)
    return fail(
      'ROOT_HASH_MISMATCH',
      `the path leads to ${hash}, the file's root is ${root.hash}`,
      height
    );
  for (const a of OKX_ASSETS)
    if (bal.raw.get(a) !== root.bal.raw.get(a))
      return fail(
        'ROOT_BALANCE_MISMATCH',
        `the path sums ${a} to ${bal.raw.get(a)}, the file's root says ${root.bal.raw.get(a)}`,
        height
      );
  if (height !== root.height)
    return fail(
      'ROOT_HEIGHT_MISMATCH',
      `the path reaches height ${height}, the file's root says ${root.height}`,
      height
    );
  return { ok: true };
}

/** A customer's v2 leaf: its hash and balances. */
export interface OkxV2Leaf {
  readonly hash: string;
  readonly bal: Bal;
}

/** The parsed v2 user info file. */
export interface OkxV2User {
  readonly hash: string;
  readonly nonce: string;
  readonly nodes: readonly OkxV2Leaf[];
  readonly total: Bal;
}

/** Read the v2 user info file. */
export function readOkxV2User(doc: JsonValue, file: string | undefined): OkxV2User {
  const r = new Reader(file);
  const top = r.obj(doc, '$');
  const nodes = r.arr(top.nodes, 'nodes').map((n, i) => {
    const o = r.obj(n, `nodes[${i}]`);
    return {
      hash: r.str(o.hash, `nodes[${i}].hash`),
      bal: okxBalances(r, o.balances, `nodes[${i}].balances`),
    };
  });
  if (nodes.length === 0) throw r.bad('nodes', 'no leaves');
  return {
    hash: r.str(top.hash, 'hash'),
    nonce: r.str(top.nonce, 'nonce'),
    nodes,
    total: okxBalances(r, top.totalBalances, 'totalBalances'),
  };
}

/** `SelfInfo.Check` of merklev2.go. */
export function checkOkxV2User(u: OkxV2User): ForeignVerdict {
  for (const [i, p] of u.nodes.entries())
    if (sha256Hex(u.hash + concat(p.bal)) !== p.hash.toLowerCase())
      return fail(
        'LEAF_HASH_MISMATCH',
        `nodes[${i}].hash is not SHA-256 of your user hash and that leaf's balances`,
        1
      );
  if (sha256Hex(u.nonce + okxJson(u.total)) !== u.hash.toLowerCase())
    return fail(
      'LEAF_HASH_MISMATCH',
      'your user hash is not SHA-256 of your nonce and totalBalances',
      1
    );
  let t = u.nodes[0]!.bal;
  for (let i = 1; i < u.nodes.length; i++) t = okxAdd(t, u.nodes[i]!.bal);
  for (const a of OKX_ASSETS)
    if (t.raw.get(a) !== u.total.raw.get(a))
      return fail(
        'TOTAL_MISMATCH',
        `your leaves add up to ${a} ${t.raw.get(a)}, totalBalances says ${u.total.raw.get(a)}`,
        1
      );
  return { ok: true };
}

/** Findings of the v2 user file on its own. */
export function okxV2UserFindings(u: OkxV2User): Finding[] {
  const f: Finding[] = [];
  f.push(
    ...negativeSums(u.nodes.map((n): SeenNode => ({ level: 1, role: 'self', balances: n.bal.val })))
  );
  f.push(
    noUserBinding(
      'your user hash is SHA-256 of a nonce and your total balances; nothing in it is derived from your account ID.'
    )
  );
  const [lost] = lostDigits(u.nodes.map((n) => ({ bal: n.bal, level: 1 })));
  f.push(floor8(lost, lost ? 1 : undefined));
  const n0 = u.nodes[0]!;
  const amb = concatAmbiguous(
    1,
    OKX_ASSETS,
    OKX_ASSETS.map((a) => n0.bal.raw.get(a)!)
  );
  if (amb) f.push(amb);
  return f;
}
