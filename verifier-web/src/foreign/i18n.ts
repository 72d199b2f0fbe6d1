/**
 * English and Japanese texts of the "proof from another exchange" card. Kept apart from the
 * page's own i18n.ts; the language is the page's (`lang()`). Finding texts in English are the
 * sentences @kura/foreign writes; in Japanese they are rebuilt here from the finding's figures.
 * @module
 */
import type { Finding, FindingId, ForeignFormat } from '@kura/foreign';
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

/** Japanese sentences of the findings, from the finding's level, asset, value and count. */
const jaFinding: Record<FindingId, (f: Finding) => string> = {
  PARENT_COMMITS_ONLY_OWN_SUM: (f) =>
    `${f.count} 個の親ノードはどれも自分の合計だけをハッシュに含め、子の合計を含めません。取引所は兄弟ノードの合計をあなたとその兄弟の顧客とで違う値で見せられ、親が子の本当の合計より小さくなり得ます（Maxwell 攻撃）。`,
  NEGATIVE_SUM: (f) =>
    f.asset !== undefined
      ? `レベル ${f.level} の合計がマイナスです：${f.asset} ${f.value}。マイナスの合計は、誰の残高も減らさずに負債総額を小さく見せます。`
      : `ツリー全体でマイナスの残高が ${f.count} 件あります（最初の数件を上に表示）。`,
  HASH_TRUNCATED: (f) =>
    `このパスの ${f.count} 個のハッシュはすべて ${f.value} ビットに切り詰められています。衝突はおよそ 2^${Number(f.value) / 2} 回の計算で作れ、ノードを同じ短縮ハッシュの別ノードにすり替えられます。`,
  NO_USER_BINDING: () =>
    'あなたのリーフはあなたのアカウントに結び付いていません。検証ツールがあなたのアカウント ID から導く値がハッシュに入っていないため、同じ残高の二人の顧客に同じリーフを見せ、一つで二人分を数えることができます。',
  NO_POSITION_BINDING: (f) =>
    `どのハッシュもあなたのリーフの位置を含みません。${f.count} レベルすべての左右はファイルの記載どおりで、あなたのリーフがツリーの別の場所にも現れることを防げません。`,
  NO_HEIGHT_BINDING: (f) =>
    `レベル ${f.level} のハッシュは高さを含まないため、あるレベルのノードを別のレベルのノードとして使えます。`,
  FLOOR_8_DECIMALS: (f) =>
    `合計はすべて小数第 8 位までに切り捨てられ、0.00000001 未満の残高や 9 桁目以降は含まれません。この証明で桁が落ちた値：${f.count} 件。`,
  CONCAT_AMBIGUOUS: (f) => {
    const [a1, a2] = (f.asset ?? '/').split('/');
    const [x1, x2] = (f.detail ?? '|').split('|');
    const [y1, y2] = (f.value ?? '|').split('|');
    return `残高が区切りなしで連結されてハッシュされます：レベル ${f.level} の ${a1} ${x1}・${a2} ${x2} は ${a1} ${y1}・${a2} ${y2} とまったく同じハッシュになり、一つのハッシュが別の残高を表せます。`;
  },
  SIBLING_LEAF_DISCLOSED: (f) =>
    `あなたの証明には他の顧客のリーフがノンス付きで含まれています：その顧客の残高（${f.value}）が、この証明を持つ誰にでも分かります。`,
  ROOT_UNANCHORED: (f) =>
    `ルート ${f.value} は証明ファイル自身から来ています。取引所が公表したルートと照合してください。照合しなければ、ファイルが自己矛盾していないことしか分かりません。`,
  OFFICIAL_TOOL_SKIPS_NODES: (f) =>
    `OKX 公式の検証ツールはこのファイルのリーフを足し合わせるだけで、${f.count} 個の内部ノードを一つも確認しません。Kura はすべて再計算しました。`,
  PADDING_DUPLICATES_HASH: (f) =>
    `${f.count} 個の埋め草ノードが実在ノードのハッシュを残高ゼロで複製しています。同じハッシュのノードが二つあり、パス証明では本物と複製を区別できません。`,
  ALL_BALANCES_PUBLIC: (f) =>
    `このファイルは ${f.count} 個すべてのリーフの残高を公開しています。誰でも各リーフの保有額を読み、毎月追跡できます。`,
  SINGLE_ASSET_ONLY: () =>
    'このツリーはビットコイン（サトシ単位）だけを対象とし、他の資産の負債は含まれません。',
  SIBLING_DUPLICATES_NODE: (f) =>
    `レベル ${f.level} であなたのリーフの兄弟ノードが、あなた自身のリーフのハッシュ ${f.value} の複製です。この形式ではノードを自分の複製と組にでき、一つのリーフがツリーに二度現れ得ます（Kura の形式はこれを SIBLING_EQUALS_CURRENT として拒否します）。`,
  SUMS_NOT_COMMITTED: (f) =>
    `このパスの ${f.count} 個のノードはハッシュだけを持ち、合計を持ちません。あなたのリーフがツリーにあることは分かりますが、公表された総額にそれが含まれることや、マイナスの口座がないことは分かりません。それは Binance の zk-SNARK バッチ証明に依存し、この検証（Binance 自身のユーザー検証ツールも同じ）はそれを確認しません。`,
  TOTALS_NOT_DERIVED: (f) =>
    `TotalEquity（${f.value}）などの合計値はファイルの記載どおりにハッシュされます。証明に価格が含まれないため、あなたの ${f.count} 件の資産残高から導いて確かめることはできません。`,
  UNITS_TRUNCATED: () =>
    '残高は 10^-8 単位（一部の低価格トークンは 10^-2 単位）の整数で、取引所の帳簿から切り捨てられています。それより下の桁は含まれず、どの資産がどの単位かはファイルに書かれていません。',
  LEAVES_NOT_LOCATED: (f) =>
    `あなたのファイルだけを検証しました：${f.count} 個のリーフは全負債ツリーで探していません。ツリーファイルも指定してください。`,
};

/** Texts of the card. */
export function ft(l: Lang, key: Key, params: Record<string, string | number> = {}): string {
  return (l === 'ja' ? ja : en)[key].replace(/\{(\w+)\}/g, (m, k: string) =>
    k in params ? String(params[k]) : m
  );
}

/** The format's name in the page's language. */
export const formatName = (l: Lang, f: ForeignFormat): string => formatNames[l][f];

/** A finding as the customer reads it. */
export const findingText = (l: Lang, f: Finding): string =>
  l === 'ja' ? jaFinding[f.id](f) : f.message;
