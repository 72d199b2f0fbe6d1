/**
 * English and Japanese texts of the "proof from another exchange" card. Kept apart from the
 * page's own i18n.ts; the language is the page's (`lang()`). Finding texts in English are the
 * sentences @kura/foreign writes; in Japanese they are rebuilt from the finding's figures in
 * `findings.ts` (part of the lazily loaded `foreign` chunk, with the verifier itself).
 * @module
 */
import type { ForeignFormat } from '@kura/foreign';
import type { Lang } from '../i18n.ts';

const en = {
  title: 'Proof from another exchange',
  hint: 'Drop a proof of liabilities from OKX, Bitget, Bybit, BitMEX or Binance. Kura checks it under that exchange’s own rules, then lists what the format lets through. Nothing leaves your browser.',
  format: 'Format',
  auto: 'Detect automatically',
  drop: 'Drop the proof file here, or',
  choose: 'choose a file',
  tree: 'OKX v2 only: the full-liabilities tree file, to find your leaves in it',
  root: 'Root hash the exchange published (optional)',
  nonce: 'BitMEX only: your nonce (hex)',
  verify: 'Check again',
  working: 'Checking…',
  valid: 'Valid under {name}’s own rules.',
  invalid: 'NOT valid under {name}’s own rules: {code}{level}.',
  level: ' at level {level}',
  error: 'Could not check this file: {message}',
  root_: 'Root',
  user: 'Your balances',
  leaves: '{n} leaf(s)',
  treeFacts: '{nodes} nodes, {leaves} leaves, height {height}; every internal node recomputed',
  findings: 'What this format lets through ({n})',
  where: 'level {level}',
};
type Key = keyof typeof en;

const ja: Record<Key, string> = {
  title: '他の取引所の証明',
  hint: 'OKX・Bitget・Bybit・BitMEX・Binance の負債証明ファイルをドロップしてください。Kura はその取引所自身のルールで検証し、その形式では見逃される点を一覧にします。データはブラウザの外に出ません。',
  format: '形式',
  auto: '自動判別',
  drop: '証明ファイルをここにドロップ、または',
  choose: 'ファイルを選択',
  tree: 'OKX v2 のみ：あなたのリーフを探す全負債ツリーファイル',
  root: '取引所が公表したルートハッシュ（任意）',
  nonce: 'BitMEX のみ：あなたのノンス（16進）',
  verify: '再検証',
  working: '検証中…',
  valid: '{name} 自身のルールでは有効です。',
  invalid: '{name} 自身のルールで無効です：{code}{level}。',
  level: '（レベル {level}）',
  error: 'このファイルは検証できませんでした：{message}',
  root_: 'ルート',
  user: 'あなたの残高',
  leaves: 'リーフ {n} 個',
  treeFacts:
    'ノード {nodes} 個・リーフ {leaves} 個・高さ {height}。内部ノードをすべて再計算しました',
  findings: 'この形式で見逃されること（{n} 件）',
  where: 'レベル {level}',
};

const formatNames: Record<Lang, Record<ForeignFormat, string>> = {
  en: {
    'okx-v1': 'OKX Merkle proof (v1)',
    'okx-v2-user': 'OKX user info file (v2)',
    'okx-v2-tree': 'OKX full-liabilities tree file (v2)',
    bitget: 'Bitget Merkle proof',
    bybit: 'Bybit Merkle proof',
    bitmex: 'BitMEX proof of liabilities',
    binance: 'Binance Merkle proof (user_config.json)',
  },
  ja: {
    'okx-v1': 'OKX マークル証明（v1）',
    'okx-v2-user': 'OKX ユーザー情報ファイル（v2）',
    'okx-v2-tree': 'OKX 全負債ツリーファイル（v2）',
    bitget: 'Bitget マークル証明',
    bybit: 'Bybit マークル証明',
    bitmex: 'BitMEX 負債証明',
    binance: 'Binance マークル証明（user_config.json）',
  },
};

/** Texts of the card. */
export function ft(l: Lang, key: Key, params: Record<string, string | number> = {}): string {
  return (l === 'ja' ? ja : en)[key].replace(/\{(\w+)\}/g, (m, k: string) =>
    k in params ? String(params[k]) : m
  );
}

/** The format's name in the page's language. */
export const formatName = (l: Lang, f: ForeignFormat): string => formatNames[l][f];
