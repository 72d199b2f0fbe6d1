/**
 * Japanese labels for the policy's terms and checks as the attestation lists them. The labels in
 * a signed attestation are English (they come from the policy evaluator and the policy file);
 * their ids follow fixed patterns set by @kura/policy (`price:BTC`, `inKind:ETH`,
 * `component:<id>` …), so the page names each one in Japanese from its id and keeps the
 * original label beside it (marked `lang="en"`). An id the page does not know gets a neutral
 * label naming the id, never a wrong translation. Terms follow `GLOSSARY.md`.
 * @module
 */

/** A Japanese label: text, plus an id or symbol part that stays as written (a name). */
export interface JaLabel {
  readonly text: string;
  /** Shown after `text` as a name (asset symbol or the policy's own id), if any. */
  readonly name?: string;
}

/** Fixed ids. */
const FIXED: Record<string, string> = {
  liabilitiesValue: '顧客からの預かり資産の評価額',
  customerColdValue: '顧客資産（コールドウォレット）の評価額',
  customerHotValue: '顧客資産（ホットウォレットほか）の評価額',
  exchangeOwnValue: '取引所の自己保有分の評価額',
  coldRatio: '顧客資産に占めるコールドウォレットの割合（評価額ベース）',
  coldRequired: 'コールドウォレットで保管すべき額',
  baseReserve: '基本の準備金（構成要素のうち最大のもの）',
  incidentLosses: '過去の事故による損失額',
  lossRate: '損失率',
  incidentMultiplier: '事故歴による倍率',
  largestLossFloor: '過去最大の損失額に基づく下限',
  securityMultiplier: 'セキュリティ体制による倍率',
  reserveBeforeBounds: '上限・下限を適用する前の準備金',
  requiredReserve: '必要準備金',
  insuranceCap: '保険で代替できる上限',
  insuranceOffset: '算入する保険金額',
  reserveAssets: '掛け目適用後の準備金充当資産',
  capitalRequirement: '資本要件',
  ownFunds: '自己資本（申告値）',
  regulatoryCoverageRatio: '規制上の充足率',
  coldStorage: '顧客資産のコールドウォレット保管割合',
  liabilityReserve: '責任準備金：準備金充当資産＋保険 ≧ 必要準備金',
  capital: '自己資本＋保険 ≧ 資本要件',
};

/** Ids of the form `<prefix>:<name>`. */
const PREFIX: Record<string, string> = {
  price: '価格（1 単位あたり）：',
  liabilities: '顧客からの預かり資産：',
  'customer-cold': '顧客資産（コールドウォレット）：',
  'customer-hot': '顧客資産（ホットウォレット）：',
  'exchange-own': '取引所の自己保有分：',
  coverage: '現物での充足率：',
  inKind: '顧客資産 ≧ 預かり資産：',
  coldStorage: 'コールドウォレットでの保管割合（銘柄ごと）：',
  hotBacking: 'ホットウォレットの顧客資産に対する取引所の自己保有分（履行保証暗号資産）：',
  volumeAverage: '取引高の平均：',
  component: '必要準備金の構成要素：',
  security: 'セキュリティ体制の評価項目：',
  insurance: '保険：',
  reserveAsset: '準備金に充てる資産：',
  capital: '資本要件の区分：',
};

/** The neutral label of an id the page does not know. */
export const FALLBACK = '項目：';

/** Ids `capital:<class>:<part>` and `capital:insurance:<id>` (see @kura/policy capital.ts). */
const CAPITAL: Record<string, string> = {
  fixedMinimum: '資本要件の区分（最低額）：',
  overheadShare: '資本要件の区分（固定費に基づく額）：',
};

/** The Japanese label of a policy term or check id. */
export function jaPolicyLabel(id: string): JaLabel {
  const fixed = FIXED[id];
  if (fixed) return { text: fixed };
  const i = id.indexOf(':');
  if (i > 0) {
    const head = id.slice(0, i);
    const rest = id.slice(i + 1);
    if (head === 'capital') {
      if (rest.startsWith('insurance:'))
        return { text: '資本要件に算入する保険：', name: rest.slice(10) };
      const j = rest.lastIndexOf(':');
      const part = j > 0 ? CAPITAL[rest.slice(j + 1)] : undefined;
      if (part) return { text: part, name: rest.slice(0, j) };
    }
    const pre = PREFIX[head];
    if (pre) return { text: pre, name: rest };
  }
  return { text: FALLBACK, name: id };
}

/**
 * The Japanese label the page shows for a policy term or check: the policy author's `labelJa`
 * when the attestation carries one, else the label made from the id.
 */
export function jaTermLabel(id: string, labelJa?: string): JaLabel {
  return labelJa ? { text: labelJa } : jaPolicyLabel(id);
}
