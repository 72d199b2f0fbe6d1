/**
 * Merkle-Patricia trie proof verification (Ethereum Yellow Paper, Appendix D; EIP-1186 proofs).
 *
 * A proof is the list of RLP-encoded trie nodes on the path from the root to a key, as
 * `eth_getProof` returns them: every node whose encoding is 32 bytes or longer appears as its own
 * element and is referenced from its parent by `keccak256(encoding)`; smaller nodes are embedded
 * in their parent ("inline") and never appear on their own. The verifier walks the key's nibbles:
 *
 * - branch node: 17 items, children 0–15 and a value; a child is empty, a 32-byte hash, or an
 *   inline node (a list whose encoding is shorter than 32 bytes);
 * - leaf / extension: 2 items `[hexPrefix(path), value | child]`; the first nibble of the
 *   hex-prefix says leaf (2, 3) or extension (0, 1), odd (1, 3) or even (0, 2) path length; an
 *   even path has a zero second nibble.
 *
 * The key is absent (an exclusion proof) when the walk meets an empty branch slot, a leaf with a
 * different remaining path, or an extension whose path the key does not continue; such a node
 * must be the last element. Returns `value: null` for an absent key. Never throws.
 * @module
 */
import { equalBytes, fail, type VerifyResult } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { isRlpBytes, type RlpItem, rlpDecode, rlpEncode } from './rlp.js';

/** Failure codes of {@link verifyMptProof}. */
export type MptErrorCode =
  | 'MPT_ROOT_MISMATCH'
  | 'MPT_HASH_MISMATCH'
  | 'MPT_BAD_NODE'
  | 'MPT_MISSING_NODE'
  | 'MPT_EXTRA_NODES'
  | 'MPT_BAD_INPUT';

/** `keccak256(RLP(""))` = `0x56e81f…b421`, the root of an empty trie. */
export const EMPTY_TRIE_ROOT: Uint8Array = keccak_256(Uint8Array.of(0x80));

/** Largest number of proof elements accepted (a 32-byte key has at most 64 branch levels). */
export const MAX_PROOF_NODES = 66;

function nibblesOf(key: Uint8Array): number[] {
  const out = new Array<number>(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key[i]! >> 4;
    out[2 * i + 1] = key[i]! & 15;
  }
  return out;
}

/** Decode a hex-prefix encoded path; null when the encoding is not canonical. */
function hexPrefix(b: Uint8Array): { leaf: boolean; path: number[] } | null {
  if (b.length === 0) return null;
  const flag = b[0]! >> 4;
  if (flag > 3) return null;
  const odd = (flag & 1) === 1;
  if (!odd && (b[0]! & 15) !== 0) return null;
  const path: number[] = odd ? [b[0]! & 15] : [];
  for (let i = 1; i < b.length; i++) path.push(b[i]! >> 4, b[i]! & 15);
  return { leaf: flag >= 2, path };
}

type Ref =
  | { kind: 'hash'; hash: Uint8Array }
  | { kind: 'inline'; node: RlpItem }
  | { kind: 'empty' };

/** Classify a child reference inside a node. */
function childRef(item: RlpItem): Ref | null {
  if (isRlpBytes(item)) {
    if (item.length === 0) return { kind: 'empty' };
    if (item.length === 32) return { kind: 'hash', hash: item };
    return null;
  }
  return rlpEncode(item).length < 32 ? { kind: 'inline', node: item } : null;
}

/**
 * Verify that `proof` proves the value stored under `key` (the raw trie path bytes — for the
 * state and storage tries that is already `keccak256(address)` / `keccak256(slot)`) in the
 * trie with root `root`. `value` is the stored byte string, or null when the key is absent.
 */
export function verifyMptProof(
  root: Uint8Array,
  key: Uint8Array,
  proof: readonly Uint8Array[]
): VerifyResult<MptErrorCode, { value: Uint8Array | null }> {
  if (!(root instanceof Uint8Array) || root.length !== 32)
    return fail('MPT_BAD_INPUT', '"root" must be 32 bytes');
  if (!(key instanceof Uint8Array) || key.length === 0 || key.length > 32)
    return fail('MPT_BAD_INPUT', '"key" must be 1 … 32 bytes');
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_NODES)
    return fail('MPT_BAD_INPUT', `"proof" must be an array of at most ${MAX_PROOF_NODES} nodes`);
  if (proof.length === 0) {
    if (equalBytes(root, EMPTY_TRIE_ROOT)) return { ok: true, value: null };
    return fail('MPT_MISSING_NODE', 'empty proof for a non-empty trie', 0);
  }
  const nibbles = nibblesOf(key);
  let pos = 0;
  let next = 0; // index of the next proof element to consume
  let ref: Ref = { kind: 'hash', hash: root };
  const done = (value: Uint8Array | null, at: number) =>
    next === proof.length
      ? ({ ok: true, value } as const)
      : fail('MPT_EXTRA_NODES', `${proof.length - next} node(s) after the end of the path`, at);

  for (;;) {
    let node: RlpItem;
    const at = next;
    if (ref.kind === 'empty') return done(null, at);
    if (ref.kind === 'hash') {
      const enc = proof[next];
      if (!(enc instanceof Uint8Array))
        return fail('MPT_MISSING_NODE', `the proof ends at node ${next}, before the path`, next);
      if (!equalBytes(keccak_256(enc), ref.hash))
        return next === 0
          ? fail('MPT_ROOT_MISMATCH', 'the first node does not hash to the root', 0)
          : fail('MPT_HASH_MISMATCH', `node ${next} does not hash to its reference`, next);
      next++;
      try {
        node = rlpDecode(enc);
      } catch (e) {
        return fail('MPT_BAD_NODE', `node ${at}: ${(e as Error).message}`, at);
      }
      if (isRlpBytes(node)) {
        // only the root of the empty trie is a bare string (RLP of "")
        if (at === 0 && node.length === 0) return done(null, at);
        return fail('MPT_BAD_NODE', `node ${at} is not a list`, at);
      }
    } else node = ref.node;
    const items = node as readonly RlpItem[];

    if (items.length === 17) {
      if (pos === nibbles.length) {
        const v = items[16]!;
        if (!isRlpBytes(v)) return fail('MPT_BAD_NODE', `node ${at}: branch value is a list`, at);
        return done(v.length === 0 ? null : v, at);
      }
      const child = childRef(items[nibbles[pos]!]!);
      if (!child) return fail('MPT_BAD_NODE', `node ${at}: bad child reference`, at);
      pos++;
      ref = child;
      continue;
    }
    if (items.length !== 2) return fail('MPT_BAD_NODE', `node ${at}: ${items.length} items`, at);
    const [p, second] = items as [RlpItem, RlpItem];
    const hp = isRlpBytes(p) ? hexPrefix(p) : null;
    if (!hp) return fail('MPT_BAD_NODE', `node ${at}: bad hex-prefix path`, at);
    const rest = nibbles.length - pos;
    const matches = hp.path.length <= rest && hp.path.every((n, i) => n === nibbles[pos + i]);
    if (hp.leaf) {
      if (!isRlpBytes(second) || second.length === 0)
        return fail('MPT_BAD_NODE', `node ${at}: leaf value is not a non-empty string`, at);
      return done(matches && hp.path.length === rest ? second : null, at);
    }
    if (hp.path.length === 0) return fail('MPT_BAD_NODE', `node ${at}: empty extension`, at);
    const child = childRef(second);
    if (!child || child.kind === 'empty')
      return fail('MPT_BAD_NODE', `node ${at}: bad extension child`, at);
    if (!matches) return done(null, at);
    pos += hp.path.length;
    ref = child;
  }
}
