/**
 * English and Japanese texts. Every visible string goes through {@link t}; `{name}` placeholders
 * are filled from the params. Verification codes keep their stable English identifiers (they are
 * what support staff and the CLI print) and get a localized explanation beside them.
 * @module
 */

/** The languages the page speaks. */
export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

const en = {
  title: 'Kura verifier',
  tagline:
    "Check that your balances are included in the exchange's signed monthly proof of reserves, and that its reserves cover what it owes — entirely in your browser.",
  privacy:
    'Nothing leaves your browser. This page makes no network request except to read the attestation and key files published next to it; your proof stays on this device.',
  language: 'Language',
  inputs: 'Your files',
  'input.proof': 'Your inclusion proof',
  'input.proof.hint': 'The kura-proof JSON file from your exchange account.',
  'input.attestation': 'Signed attestation',
  'input.attestation.hint': "The exchange's monthly attestation (JSON).",
  'input.trust': 'Trusted keys',
  'input.trust.hint': "The trust file listing the exchange's and the auditor's public keys.",
  'input.history': 'Earlier months (optional)',
  'input.history.hint':
    "Previous months' attestations: checks the link to the previous month and draws the coverage history.",
  'input.drop': 'Drop a file here, or',
  'input.drop.many': 'Drop files here, or',
  'input.choose': 'choose a file',
  'input.choose.many': 'choose files',
  'input.loaded': 'Loaded: {name}',
  'input.loadedUrl': 'Loaded from this site: {name}',
  'input.loadedMany': '{n} file(s) loaded',
  'input.error': 'Could not read {name}: {message}',
  'input.notSameOrigin': 'refused: {url} is not on this site',
  'input.clear': 'Remove',
  verdict: 'Verdict',
  'verdict.waiting': 'Load your proof, the attestation and the trusted keys to start.',
  'verdict.pass': 'Verified: your balances are included in the signed attestation.',
  'verdict.fail': 'NOT verified: “{check}” failed.',
  'verdict.time': 'Checked in {ms} ms, in this browser.',
  checks: 'Checks',
  'check.leaf': 'Leaf recomputed from your uid and balances',
  'check.path': 'Path recomputes to the root',
  'check.root': 'Root matches the signed attestation',
  'check.exchangeSig': 'Exchange signature valid',
  'check.auditorSig': 'Auditor counter-signature valid',
  'check.previous': 'Link to the previous month',
  'check.document': 'Attestation consistent: dates, totals and coverage verdict',
  'state.pass': 'passed',
  'state.fail': 'failed',
  'state.skip': 'not reached: an earlier check failed',
  'state.na': 'not checked',
  'detail.code': 'Code',
  'detail.level': 'tree level {level}',
  'detail.previous.none': 'Load last month’s attestation to check the link.',
  'detail.previous.first': 'This attestation declares no previous month (first in the chain).',
  'detail.previous.ok': 'The previous-hash equals the SHA-256 of {period}’s attestation.',
  'detail.sig.key': 'Key fingerprint {fp}',
  summary: 'What was checked',
  'summary.exchange': 'Exchange',
  'summary.period': 'Period',
  'summary.snapshot': 'Snapshot time',
  'summary.uid': 'Your uid',
  'summary.balances': 'Your balances',
  'summary.leaf': 'Your leaf hash',
  'summary.root': 'Root commitment',
  'summary.issued': 'Issued',
  'summary.valid': 'Valid until',
  'summary.docHash': 'Attestation SHA-256',
  keys: 'Keys to compare',
  'keys.hint':
    'The signatures were checked against these pinned keys. Compare the fingerprints with the ones the exchange and the auditor publish elsewhere (their website, the regulator’s register).',
  'keys.role.exchange': 'Exchange',
  'keys.role.auditor': 'Auditor',
  'keys.fingerprint': 'Fingerprint',
  ladder: 'Your path, from your leaf up to the root',
  'ladder.desc':
    'At every level your node is combined with its sibling. Both hashes and both sums go into the parent, so nobody can shift a balance away from you.',
  'ladder.leaf': 'Your leaf (level 0)',
  'ladder.root': 'Root (level {level})',
  'ladder.level': 'Level {level}',
  'ladder.side.left': 'you are the left child',
  'ladder.side.right': 'you are the right child',
  'ladder.sibling': 'Sibling hash',
  'ladder.siblingSums': 'Sibling sums',
  'ladder.parent': 'Parent hash',
  'ladder.parentSums': 'Sums above',
  'ladder.copy': 'Copy',
  'ladder.copyLabel': 'Copy the full sibling hash at level {level}',
  'ladder.copied': 'Copied',
  'ladder.failedHere': 'Failed here: {code}',
  'ladder.notAvailable': 'Load a readable proof to see its path.',
  attestation: 'The attestation in pictures',
  'chart.coverage': 'Reserves against liabilities plus the required reserve, per asset',
  'chart.coverage.desc':
    'For each asset, the upper bar is what the exchange owes customers with the required reserve stacked on top; the lower bar is what it holds on-chain.',
  'chart.liabilities': 'Liabilities',
  'chart.required': 'Required reserve',
  'chart.reserves': 'Reserves',
  'chart.cold': 'Customer cold',
  'chart.hot': 'Customer hot',
  'chart.own': 'Exchange’s own',
  'chart.need': 'Owed + required',
  'chart.held': 'Held',
  'chart.covered': 'covered',
  'chart.short': 'SHORT',
  'chart.split': 'Cold / hot split of reserves',
  'chart.split.desc':
    'Share of each asset’s reserves held in cold storage, hot wallets and the exchange’s own backing.',
  'chart.policy': 'Policy: how the required reserve was computed',
  'chart.policy.term': 'Term',
  'chart.policy.formula': 'Formula',
  'chart.policy.value': 'Value',
  'chart.policy.source': 'Source',
  'chart.policy.checks': 'Policy checks',
  'chart.policy.required': 'Required',
  'chart.policy.actual': 'Actual',
  'chart.policy.total': 'Required reserve in total',
  'chart.history': 'Coverage ratio history',
  'chart.history.desc':
    'Reserves divided by liabilities plus the required reserve, month by month. At or above 100 % the exchange met the requirement.',
  'chart.history.one': 'Load earlier months’ attestations to see the history.',
  'chart.history.point': '{period}: {ratio} %',
  'prov.law': 'law',
  'prov.proposal': 'proposal',
  'prov.reported': 'reported',
  'prov.assumption': 'assumption',
  pass: 'pass',
  fail: 'fail',
  'scope.title': 'Scope',
  'scope.included': 'Included',
  'scope.excluded': 'Excluded',
  reproduce: 'Reproduce on your own computer',
  'reproduce.hint': 'The same checks with the open-source command-line tool:',
  footer:
    'Kura verifier — open source. Check that this is the published build: see the SHA-256 in the README.',
} as const;

/** A message key. */
export type MsgKey = keyof typeof en;

const ja: Record<MsgKey, string> = {
  title: 'Kura 検証ツール',
  tagline:
    '取引所が毎月署名して公開する準備金証明に、あなたの残高が含まれていること、そして準備金が顧客への負債を上回っていることを、ブラウザの中だけで確認します。',
  privacy:
    'データは一切外部に送信されません。このページが通信するのは、同じサイトに公開された証明書と鍵ファイルの読み込みだけです。あなたの包含証明はこの端末から出ません。',
  language: '言語',
  inputs: 'ファイル',
  'input.proof': 'あなたの包含証明',
  'input.proof.hint': '取引所のアカウント画面から入手した kura-proof JSON ファイル。',
  'input.attestation': '署名付き証明書（アテステーション）',
  'input.attestation.hint': '取引所が毎月公開する証明書（JSON）。',
  'input.trust': '信頼する公開鍵',
  'input.trust.hint': '取引所と監査人の公開鍵を記載した trust ファイル。',
  'input.history': '過去の月（任意）',
  'input.history.hint': '過去の証明書。前月へのリンクを確認し、カバー率の推移を表示します。',
  'input.drop': 'ここにファイルをドロップ、または',
  'input.drop.many': 'ここにファイルをドロップ、または',
  'input.choose': 'ファイルを選択',
  'input.choose.many': 'ファイルを選択',
  'input.loaded': '読み込み済み：{name}',
  'input.loadedUrl': 'このサイトから読み込み済み：{name}',
  'input.loadedMany': '{n} 件のファイルを読み込み済み',
  'input.error': '{name} を読み込めません：{message}',
  'input.notSameOrigin': '拒否：{url} はこのサイトのものではありません',
  'input.clear': '削除',
  verdict: '判定',
  'verdict.waiting': '包含証明、証明書、信頼する公開鍵を読み込むと検証が始まります。',
  'verdict.pass': '検証成功：あなたの残高は署名付き証明書に含まれています。',
  'verdict.fail': '検証失敗：「{check}」が不合格です。',
  'verdict.time': 'このブラウザで {ms} ミリ秒で検証しました。',
  checks: 'チェック項目',
  'check.leaf': 'あなたの UID と残高からリーフを再計算',
  'check.path': '経路をたどってルートを再計算',
  'check.root': 'ルートが署名付き証明書と一致',
  'check.exchangeSig': '取引所の署名が有効',
  'check.auditorSig': '監査人の副署が有効',
  'check.previous': '前月の証明書へのリンク',
  'check.document': '証明書の内容が整合（日付・合計・カバー判定）',
  'state.pass': '合格',
  'state.fail': '不合格',
  'state.skip': '未実施：前のチェックが不合格',
  'state.na': '未確認',
  'detail.code': 'コード',
  'detail.level': 'ツリーのレベル {level}',
  'detail.previous.none': '前月の証明書を読み込むとリンクを確認できます。',
  'detail.previous.first': 'この証明書には前月がありません（チェーンの最初）。',
  'detail.previous.ok': '前月ハッシュが {period} の証明書の SHA-256 と一致します。',
  'detail.sig.key': '鍵のフィンガープリント {fp}',
  summary: '検証した内容',
  'summary.exchange': '取引所',
  'summary.period': '対象期間',
  'summary.snapshot': 'スナップショット時刻',
  'summary.uid': 'あなたの UID',
  'summary.balances': 'あなたの残高',
  'summary.leaf': 'あなたのリーフハッシュ',
  'summary.root': 'ルートコミットメント',
  'summary.issued': '発行日時',
  'summary.valid': '有効期限',
  'summary.docHash': '証明書の SHA-256',
  keys: '照合すべき公開鍵',
  'keys.hint':
    '署名は以下の固定された公開鍵で検証しました。取引所と監査人が別の場所（各社ウェブサイト、当局の登録簿など）で公表しているフィンガープリントと照合してください。',
  'keys.role.exchange': '取引所',
  'keys.role.auditor': '監査人',
  'keys.fingerprint': 'フィンガープリント',
  ladder: 'リーフからルートまでの経路',
  'ladder.desc':
    '各レベルで、あなたのノードは兄弟ノードと結合されます。両方のハッシュと両方の合計が親に含まれるため、あなたの残高を他へ移し替えることはできません。',
  'ladder.leaf': 'あなたのリーフ（レベル 0）',
  'ladder.root': 'ルート（レベル {level}）',
  'ladder.level': 'レベル {level}',
  'ladder.side.left': 'あなたは左の子',
  'ladder.side.right': 'あなたは右の子',
  'ladder.sibling': '兄弟ノードのハッシュ',
  'ladder.siblingSums': '兄弟ノードの合計',
  'ladder.parent': '親ノードのハッシュ',
  'ladder.parentSums': '上位ノードの合計',
  'ladder.copy': 'コピー',
  'ladder.copyLabel': 'レベル {level} の兄弟ノードのハッシュ全体をコピー',
  'ladder.copied': 'コピーしました',
  'ladder.failedHere': 'ここで不合格：{code}',
  'ladder.notAvailable': '読み取れる包含証明を読み込むと経路を表示します。',
  attestation: '証明書の内容（図解）',
  'chart.coverage': '資産ごとの準備金と「負債＋必要準備金」',
  'chart.coverage.desc':
    '各資産について、上の棒は顧客への負債の上に必要準備金を積み上げたもの、下の棒はオンチェーンで保有している準備金です。',
  'chart.liabilities': '顧客負債',
  'chart.required': '必要準備金',
  'chart.reserves': '準備金',
  'chart.cold': '顧客資産（コールド）',
  'chart.hot': '顧客資産（ホット）',
  'chart.own': '自己資金',
  'chart.need': '負債＋必要準備金',
  'chart.held': '保有',
  'chart.covered': '充足',
  'chart.short': '不足',
  'chart.split': '準備金のコールド／ホット内訳',
  'chart.split.desc': '各資産の準備金のうち、コールド、ホット、取引所自己資金の割合。',
  'chart.policy': '適用ポリシー：必要準備金の計算内訳',
  'chart.policy.term': '項目',
  'chart.policy.formula': '計算式',
  'chart.policy.value': '値',
  'chart.policy.source': '根拠',
  'chart.policy.checks': 'ポリシーのチェック',
  'chart.policy.required': '必要額',
  'chart.policy.actual': '実額',
  'chart.policy.total': '必要準備金の合計',
  'chart.history': 'カバー率の推移',
  'chart.history.desc':
    '準備金を「負債＋必要準備金」で割った比率の月次推移。100 % 以上なら要件を満たしています。',
  'chart.history.one': '過去の月の証明書を読み込むと推移を表示します。',
  'chart.history.point': '{period}：{ratio} %',
  'prov.law': '法令',
  'prov.proposal': '案',
  'prov.reported': '報告値',
  'prov.assumption': '仮定',
  pass: '合格',
  fail: '不合格',
  'scope.title': '対象範囲',
  'scope.included': '対象',
  'scope.excluded': '対象外',
  reproduce: 'ご自身のコンピュータで再現する',
  'reproduce.hint': 'オープンソースのコマンドラインツールで同じ検証ができます：',
  footer:
    'Kura 検証ツール（オープンソース）。公開ビルドと同一であることは README 記載の SHA-256 で確認できます。',
};

/** Localized explanations of verification codes (the code itself is always shown too). */
const codeText: Record<Lang, Record<string, string>> = {
  en: {
    BAD_ENCODING: 'the file is malformed (a field has the wrong format)',
    SUM_RANGE: 'an amount is outside the allowed range',
    BAD_LENGTH: 'the path does not have one sibling per tree level',
    BAD_POSITION: 'the position does not fit in the tree',
    SIBLING_EQUALS_CURRENT: 'a sibling hash equals your own node (a duplicated node)',
    ROOT_MISMATCH: 'the recomputed root differs',
    ROUND_MISMATCH: 'the proof is for another exchange or month than the attestation',
    ASSET_SET_MISMATCH: 'the proof lists other assets than the attestation',
    NOT_JSON: 'the file is not valid JSON',
    MISSING: 'the file has not been loaded',
  },
  ja: {
    BAD_ENCODING: 'ファイルの形式が不正です（項目の書式が誤っています）',
    SUM_RANGE: '金額が許容範囲外です',
    BAD_LENGTH: '経路の兄弟ノード数がツリーの高さと一致しません',
    BAD_POSITION: '位置がツリーに収まりません',
    SIBLING_EQUALS_CURRENT: '兄弟ノードのハッシュがあなたのノードと同一です（重複ノード）',
    ROOT_MISMATCH: '再計算したルートが一致しません',
    ROUND_MISMATCH: '包含証明と証明書の取引所または対象期間が異なります',
    ASSET_SET_MISMATCH: '包含証明と証明書の資産一覧が異なります',
    NOT_JSON: 'ファイルが正しい JSON ではありません',
    MISSING: 'ファイルが読み込まれていません',
  },
};

const messages: Record<Lang, Record<MsgKey, string>> = { en, ja };

let current: Lang = 'en';

/** The page's current language. */
export function lang(): Lang {
  return current;
}

/** Switch language (callers re-render). Also sets `<html lang>` for screen readers and fonts. */
export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l;
}

/** The language to start in: `?lang=`, then the browser's preference, else English. */
export function initialLang(search: string, navigatorLangs: readonly string[]): Lang {
  const q = new URLSearchParams(search).get('lang');
  if (q === 'en' || q === 'ja') return q;
  for (const l of navigatorLangs) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

/** Translate `key`, filling `{name}` placeholders. */
export function t(key: MsgKey, params: Record<string, string | number> = {}): string {
  return messages[current][key].replace(/\{(\w+)\}/g, (m, k: string) =>
    k in params ? String(params[k]) : m
  );
}

/** A localized explanation of a verification code, or undefined if unknown. */
export function codeExplanation(code: string): string | undefined {
  return codeText[current][code];
}

/** Register explanations for codes defined by a package (attestation codes). */
export function addCodeTexts(texts: Record<Lang, Record<string, string>>): void {
  for (const l of LANGS) Object.assign(codeText[l], texts[l]);
}
