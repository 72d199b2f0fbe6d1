/**
 * The findings of @kura/foreign as the customer reads them: in English the package's own
 * sentences, in Japanese rebuilt here from the finding's level, asset, value and count. Part of
 * the lazily loaded `foreign` chunk (`chunk.ts`), like the verifier whose findings it words.
 * @module
 */
import type { Finding, FindingId } from '@kura/foreign';
import type { Lang } from '../i18n.ts';

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

/** A finding as the customer reads it. */
export const findingText = (l: Lang, f: Finding): string =>
  l === 'ja' ? jaFinding[f.id](f) : f.message;
