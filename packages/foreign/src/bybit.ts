/**
 * Bybit Merkle proof — re-implemented from the rules of bybit-exchange/merkle-proof
 * (GenericMerkleTree.java, merkle/generic/Path.java, Self.java, Balance*.java, CryptoUtil.java;
 * commits in the package README), for every asset-list version they ship.
 *
 * Leaf: `SHA-256(userHash ‖ b₁ ‖ b₂ ‖ … )`, the balances' file strings in the version's asset
 * order, no separators. Parent: `SHA-256(left ‖ right ‖ s₁ ‖ s₂ ‖ … ‖ height)`, sᵢ the children's
 * sums set to 8 decimals rounding toward zero, printed with exactly 8 decimals; heights count up
 * from 1 at the leaves by position (the file's heights of path nodes are not read). `type` 1 = the
 * path node is on the left; the root's balances are compared as strings.
 * @module
 */
import { type Decimal, fail, type JsonValue } from '@kura/codec';
import { BYBIT_VERSIONS, type BybitVersion } from './bybit-assets.js';
import { fixedDown, parsePlain, plus, same, truncate } from './decimal.js';
import { concatAmbiguous, floor8, sha256Hex } from './findings.js';
import { pathFindings, pathReport, pathTail } from './path.js';
import { checkPublishedRoot } from './published-root.js';
import { type Obj, Reader } from './read.js';
import type { Finding, ForeignReport, ForeignVerdict } from './types.js';

interface RawNode {
  readonly type: number | undefined;
  readonly height: number | undefined;
  readonly hash: string;
  readonly balance: Obj;
  readonly field: string;
}

interface VNode {
  readonly type: number | undefined;
  readonly hash: string;
  readonly raw: Map<string, string>;
  readonly val: Map<string, Decimal>;
  readonly height: number | undefined;
}

/** Verify a Bybit proof; the asset-list version is the newest one whose assets fit the file. */
export function verifyBybit(
  doc: JsonValue,
  file: string | undefined,
  expectedRoot?: string
): ForeignReport {
  const r = new Reader(file);
  const top = r.obj(doc, '$');
  const s = r.obj(top.self, 'self');
  const userHash = r.str(s.userHash, 'self.userHash');
  const readNode = (o: Obj, field: string): RawNode => {
    const type = r.optInt(o.type, `${field}.type`);
    const height = r.optInt(o.height, `${field}.height`);
    return {
      type,
      height,
      hash: r.str(o.hash, `${field}.hash`),
      balance: r.obj(o.balance, `${field}.balance`),
      field,
    };
  };
  const self = readNode(s, 'self');
  const path = r
    .arr(top.path, 'path')
    .map((p, i) => readNode(r.obj(p, `path[${i}]`), `path[${i}]`));
  if (path.length < 2) throw r.bad('path', 'the path needs at least a sibling and the root');
  const all = [self, ...path];
  const toV = (version: BybitVersion, n: RawNode): VNode => {
    const raw = new Map<string, string>();
    const val = new Map<string, Decimal>();
    for (const a of version.assets) {
      const x = n.balance[a];
      if (x === undefined) continue;
      const t = r.str(x, `${n.field}.balance.${a}`);
      raw.set(a, t);
      val.set(a, parsePlain(t, file, `${n.field}.balance.${a}`));
    }
    return { type: n.type, hash: n.hash, raw, val, height: n.height };
  };
  const fits = BYBIT_VERSIONS.filter((ver) =>
    all.every((n) => Object.keys(n.balance).every((k) => ver.assets.includes(k)))
  );
  if (fits.length === 0) {
    const keys = new Set(all.flatMap((n) => Object.keys(n.balance)));
    const unknown = [...keys].filter((k) => !BYBIT_VERSIONS.some((v) => v.assets.includes(k)));
    throw r.bad(
      'self.balance',
      `no Bybit asset list has all of these assets${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`
    );
  }
  // As Bybit's validator: try the versions newest first, valid if any version validates.
  const full = fits.filter((ver) =>
    ver.assets.every((a) => ver.offline.includes(a) || Object.hasOwn(self.balance, a))
  );
  const order = [...full, ...fits.filter((v) => !full.includes(v))];
  let version = order[0]!;
  let verdict: ForeignVerdict | undefined;
  for (const ver of order) {
    const v = check(
      ver,
      userHash,
      toV(ver, self),
      path.map((p) => toV(ver, p))
    );
    if (verdict === undefined || v.ok) {
      verdict = v;
      version = ver;
    }
    if (v.ok) break;
  }
  if (!verdict) throw r.bad('self.balance', 'no asset list version applies');
  const vself = toV(version, self);
  const vpath = path.map((p) => toV(version, p));
  const root = vpath[vpath.length - 1]!;
  verdict = checkPublishedRoot(verdict, root.hash, expectedRoot, path.length);
  const findings: Finding[] = pathFindings({
    self: { level: 1, balances: vself.val },
    siblings: vpath.slice(0, -1).map((p, i) => ({ level: i + 1, balances: p.val })),
    root: { level: vpath.length, balances: root.val },
    parents: vpath.length - 1,
    firstParent: 2,
    user: 'the leaf covers userHash, a value the exchange puts in the file; the verifier does not derive it from your UID or nonce.',
    height: 'the leaf hash covers userHash and the balances only',
  });
  let lost = 0;
  let lostAt: number | undefined;
  const scaleOf = (a: string): number => version.scales?.[a] ?? 8;
  for (const [i, n] of [vself, ...vpath.slice(0, -1)].entries())
    for (const [a, d] of n.val)
      if (d.scale > scaleOf(a) && !same(d, truncate(d, scaleOf(a)))) {
        lost++;
        lostAt ??= Math.max(i, 1);
      }
  const coarse = Object.entries(version.scales ?? {});
  findings.push(
    floor8(
      lost,
      lostAt,
      coarse.length
        ? `${coarse.map(([a, sc]) => `${a} sums are cut to ${sc} decimals`).join(', ')}.`
        : undefined
    )
  );
  const assetOrder = [...vself.raw.keys()];
  const amb = concatAmbiguous(
    1,
    assetOrder,
    assetOrder.map((a) => vself.raw.get(a)!)
  );
  if (amb) findings.push(amb);
  findings.push(
    ...pathTail(
      vpath[0]!.hash.toLowerCase() === vself.hash.toLowerCase(),
      1,
      vself.hash,
      root.hash,
      expectedRoot
    )
  );
  return pathReport({
    format: 'bybit',
    formatName: 'Bybit Merkle proof',
    version: version.name,
    verdict,
    root: { hash: root.hash, level: vpath.length, raw: root.raw },
    self: vself.raw,
    findings,
  });
}

function check(
  ver: BybitVersion,
  userHash: string,
  self: VNode,
  path: readonly VNode[]
): ForeignVerdict {
  const online = ver.assets.filter((a) => !ver.offline.includes(a));
  const validBal = (n: VNode): boolean => online.every((a) => n.val.has(a));
  const validPath = (n: VNode): boolean =>
    validBal(n) &&
    n.hash !== '' &&
    n.type !== undefined &&
    n.type >= 1 &&
    n.type <= 4 &&
    (n.height ?? 0) >= 1;
  if (sha256Hex(userHash + [...self.raw.values()].join('')) !== self.hash)
    return fail(
      'LEAF_HASH_MISMATCH',
      'your leaf hash is not SHA-256 of your userHash and balances',
      1
    );
  const p0 = path[0]!;
  if (!validPath(p0))
    return fail(
      'PATH_NODE_INVALID',
      'path[0] lacks a balance, a hash, a type in 1–4 or a height',
      1
    );
  if (p0.type === self.type)
    return fail('SIBLING_SAME_SIDE', 'your leaf and path[0] claim the same type', 1);
  if (!validBal(self))
    return fail('PATH_NODE_INVALID', 'your leaf lacks a balance of an asset of its version', 1);
  const sc = (a: string): number => ver.scales?.[a] ?? 8;
  const sum = (x: VNode, y: VNode): Map<string, Decimal> => {
    const m = new Map<string, Decimal>();
    for (const a of online) m.set(a, truncate(plus(x.val.get(a)!, y.val.get(a)!), sc(a)));
    return m;
  };
  const mk = (
    l: string,
    rt: string,
    x: VNode,
    y: VNode,
    height: number,
    type: number | undefined
  ): VNode => {
    const val = sum(x, y);
    const raw = new Map([...val].map(([a, d]) => [a, fixedDown(d, sc(a))] as [string, string]));
    const hash = sha256Hex(l + rt + [...raw.values()].join('') + height);
    return { type, hash, raw, val, height };
  };
  const typeBy = (p: VNode): number | undefined => (p.type === 3 ? 3 : p.type === 1 ? 2 : 1);
  const [l0, r0] = self.type === 1 ? [self.hash, p0.hash] : [p0.hash, self.hash];
  let height = 1;
  let node = mk(l0, r0, self, p0, height + 1, typeBy(path[1]!));
  for (let i = 1; i < path.length - 1; i++) {
    height++;
    const p = path[i]!;
    if (!validPath(p))
      return fail(
        'PATH_NODE_INVALID',
        `path[${i}] lacks a balance, a hash, a type in 1–4 or a height`,
        height
      );
    if (!validPath(node))
      return fail(
        'PATH_NODE_INVALID',
        `the node computed at height ${height} has a type outside 1–4`,
        height
      );
    const [l, rt] = p.type === 1 ? [p.hash, node.hash] : [node.hash, p.hash];
    node = mk(l, rt, node, p, height + 1, typeBy(path[i + 1]!));
  }
  const root = path[path.length - 1]!;
  if (node.hash !== root.hash)
    return fail(
      'ROOT_HASH_MISMATCH',
      `the path leads to ${node.hash}, the file's root is ${root.hash}`,
      node.height ?? 0
    );
  const keys = new Set([...node.raw.keys(), ...root.raw.keys()]);
  for (const a of keys)
    if (node.raw.get(a) !== root.raw.get(a))
      return fail(
        'ROOT_BALANCE_MISMATCH',
        `the path sums ${a} to ${node.raw.get(a) ?? 'nothing'}, the file's root says ${root.raw.get(a) ?? 'nothing'}`,
        node.height ?? 0
      );
  if (node.height !== root.height)
    return fail(
      'ROOT_HEIGHT_MISMATCH',
      `the path reaches height ${node.height}, the file's root says ${root.height}`,
      node.height ?? 0
    );
  return { ok: true };
}
