/**
 * Test helper: a small, independent Merkle-Patricia trie builder (Yellow Paper Appendix D) that
 * computes the root of a key → value map and the EIP-1186-style proof of any key. Used to
 * construct tries the state of a real node rarely shows (inline nodes below 32 bytes, deep
 * extensions, keys that are prefixes of others). Its roots are checked against anvil's
 * storageHash in `eip1186.test.ts`.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { type RlpItem, rlpEncode } from '../src/rlp.js';

type Entry = { k: number[]; v: Uint8Array };
/** A built node: its RLP item and children by branch index / extension. */
interface Node {
  item: RlpItem;
  enc: Uint8Array;
  kind: 'leaf' | 'ext' | 'branch';
  path?: number[];
  children?: (Node | undefined)[];
  child?: Node;
  value?: Uint8Array;
}

function nibbles(b: Uint8Array): number[] {
  const out: number[] = [];
  for (const x of b) out.push(x >> 4, x & 15);
  return out;
}

function hp(path: number[], leaf: boolean): Uint8Array {
  const odd = path.length % 2 === 1;
  const flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
  const all = odd ? [flag, ...path] : [flag, 0, ...path];
  const out = new Uint8Array(all.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (all[2 * i]! << 4) | all[2 * i + 1]!;
  return out;
}

function ref(n: Node): RlpItem {
  return n.enc.length < 32 ? n.item : keccak_256(n.enc);
}

function mk(item: RlpItem, rest: Omit<Node, 'item' | 'enc'>): Node {
  return { item, enc: rlpEncode(item), ...rest };
}

function build(entries: Entry[], depth: number): Node {
  if (entries.length === 1) {
    const e = entries[0]!;
    const path = e.k.slice(depth);
    return mk([hp(path, true), e.v], { kind: 'leaf', path, value: e.v });
  }
  // common prefix
  let p = 0;
  for (;;) {
    const n = entries[0]!.k[depth + p];
    if (n === undefined || entries.some((e) => e.k[depth + p] !== n)) break;
    p++;
  }
  if (p > 0) {
    const child = build(entries, depth + p);
    const path = entries[0]!.k.slice(depth, depth + p);
    return mk([hp(path, false), ref(child)], { kind: 'ext', path, child });
  }
  const children: (Node | undefined)[] = [];
  const items: RlpItem[] = [];
  for (let i = 0; i < 16; i++) {
    const group = entries.filter((e) => e.k[depth] === i);
    const c = group.length ? build(group, depth + 1) : undefined;
    children.push(c);
    items.push(c ? ref(c) : new Uint8Array(0));
  }
  const here = entries.find((e) => e.k.length === depth);
  items.push(here ? here.v : new Uint8Array(0));
  return mk(items, { kind: 'branch', children, ...(here ? { value: here.v } : {}) });
}

/** A built trie. */
export interface Trie {
  readonly root: Uint8Array;
  /** Proof nodes (RLP encodings) for `key`, as `eth_getProof` would list them. */
  proof(key: Uint8Array): Uint8Array[];
  /** Kinds of nodes present, and whether any is inline. */
  readonly stats: { inline: number; ext: number; branch: number; leaf: number };
}

/** Build a trie over `map` (keys and values as bytes; values non-empty). */
export function buildTrie(map: ReadonlyMap<string, Uint8Array> | [Uint8Array, Uint8Array][]): Trie {
  const list = Array.isArray(map)
    ? map
    : [...map.entries()].map(
        ([k, v]) => [Uint8Array.from(Buffer.from(k, 'hex')), v] as [Uint8Array, Uint8Array]
      );
  const entries = list.map(([k, v]) => ({ k: nibbles(k), v }));
  const stats = { inline: 0, ext: 0, branch: 0, leaf: 0 };
  if (entries.length === 0) {
    return { root: keccak_256(Uint8Array.of(0x80)), proof: () => [], stats };
  }
  const rootNode = build(entries, 0);
  const walk = (n: Node, isRoot: boolean) => {
    stats[n.kind]++;
    if (!isRoot && n.enc.length < 32) stats.inline++;
    if (n.child) walk(n.child, false);
    for (const c of n.children ?? []) if (c) walk(c, false);
  };
  walk(rootNode, true);
  return {
    root: keccak_256(rootNode.enc),
    stats,
    proof(key) {
      const k = nibbles(key);
      const out: Uint8Array[] = [rootNode.enc];
      let n: Node | undefined = rootNode;
      let d = 0;
      while (n) {
        let next: Node | undefined;
        if (n.kind === 'branch') {
          if (d < k.length) next = n.children![k[d]!];
          d++;
        } else if (n.kind === 'ext') {
          const path = n.path!;
          if (path.every((x, i) => k[d + i] === x)) {
            next = n.child;
            d += path.length;
          }
        }
        if (!next) break;
        if (next.enc.length >= 32) out.push(next.enc);
        n = next;
      }
      return out;
    },
  };
}
