/**
 * Recognise a proof's format from its content: the first line of the line formats, or the
 * members of the JSON formats.
 * @module
 */
import type { JsonValue } from '@kura/codec';
import { looksLikeBinance } from './binance.js';
import { looksLikeBitmex } from './bitmex.js';
import { looksLikeOkxTree } from './okx-tree.js';
import type { ForeignFormat } from './types.js';

/** The first line of a text (without its line end). */
export function firstLine(text: string): string {
  const i = text.indexOf('\n');
  const l = i < 0 ? text : text.slice(0, i);
  return l.endsWith('\r') ? l.slice(0, -1) : l;
}

/** Format of a line-based file from its first line, if it is one. */
export function detectLineFormat(head: string): ForeignFormat | undefined {
  const l = firstLine(head.replace(/^\uFEFF/, ''));
  if (looksLikeBitmex(l)) return 'bitmex';
  if (looksLikeOkxTree(l)) return 'okx-v2-tree';
  return undefined;
}

const isObj = (v: JsonValue | undefined): v is { [k: string]: JsonValue } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Format of a parsed JSON proof, if known. */
export function detectJsonFormat(doc: JsonValue): ForeignFormat | undefined {
  if (!isObj(doc)) return undefined;
  if ('nodes' in doc && 'totalBalances' in doc) return 'okx-v2-user';
  if (looksLikeBinance(doc)) return 'binance';
  const self = doc.self;
  if (!isObj(self) || !Array.isArray(doc.path)) return undefined;
  if ('merkelLeaf' in self || 'encryptUid' in self) return 'bitget';
  if ('userHash' in self || 'balance' in self) return 'bybit';
  if ('balances' in self && 'nonce' in self) return 'okx-v1';
  return undefined;
}

/** The member that marks each JSON format, for "this is not a … file" messages. */
export const FORMAT_MARK: Readonly<Record<ForeignFormat, string>> = {
  'okx-v1': 'self.nonce and self.balances',
  'okx-v2-user': 'nodes and totalBalances',
  'okx-v2-tree': 'lines "hash,height,{balances}"',
  bitget: 'self.merkelLeaf',
  bybit: 'self.userHash',
  bitmex: 'a first line "block_height:N"',
  binance: 'AccountIndex, AccountIdHash, Root and Proof',
};
