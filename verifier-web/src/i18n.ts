/**
 * English and Japanese texts. Every visible string goes through {@link t}; `{name}` placeholders
 * are filled from the params. Terms are fixed once in `verifier-web/GLOSSARY.md`. What each
 * verification code means to a customer lives in `sentences.ts`; the codes themselves are shown
 * only under “details”.
 * @module
 */

/** The languages the page speaks. */
export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

const en = {
  title: 'Kura verifier',
  tagline:
    'Check, in your own browser, that your balances are counted in your exchange’s signed monthly proof of reserves, and that its reserves cover what it owes.',
  privacy:
    'Nothing leaves your device. This page reads only the files you give it and the report and key files published next to it.',
  language: 'Language',

  // The status panel: one of waiting, checking, verified, not verified, could not check.
  'status.waiting': 'Waiting for your files',
  'status.next.proof':
    'Next: add your balance file (the kura-proof file you downloaded from your account page).',
  'status.next.attestation':
    'Next: add this month’s report (kura-attestation) published by the exchange.',
  'status.next.trust':
    'Next: add the public-key file (kura-trust) published by the exchange, so the signatures can be checked.',
  'status.checking': 'Checking…',
  'status.loading': 'Loading the files from this site…',
  'status.pass': 'Verified',
  'status.pass.text':
    'Your balances are counted in the total of the exchange’s signed monthly report, and the report’s checks passed.',
  'status.pass.todo': 'One check only you can do: compare your balances below with your account.',
  'status.fail': 'Not verified',
  'status.fail.todo':
    'Keep these files and contact the exchange; you may also tell the regulator. Details for support are below.',
  'status.cannot': 'Could not check yet',
  'status.cannot.todo':
    'Nothing has been found wrong with the exchange’s data: the page could not check it with these files.',
  'status.time': 'Checked in {ms} ms, in this browser.',

  // File problems (always “could not check”, never a red cross).
  'problem.is': 'This is {kind}.',
  'problem.put.proof': 'Here, add your balance file (kura-proof).',
  'problem.put.attestation': 'Here, add the monthly report (kura-attestation).',
  'problem.put.trust': 'Here, add the public-key file (kura-trust).',
  'problem.put.history': 'Here, add earlier months’ reports (kura-attestation).',
  'problem.moveTo': 'It belongs in “{slot}”.',
  'problem.fetch': 'Could not load {name} from this site ({detail}).',
  'problem.fetch.todo':
    'The exchange’s link may be out of date. Ask the exchange, or add the file yourself.',
  'problem.origin':
    'The link {url} is on another site; this page loads files from its own site only.',
  'problem.read': 'Could not read {name}.',
  'kind.proof': 'your balance file (kura-proof)',
  'kind.attestation': 'a monthly report (kura-attestation)',
  'kind.trust': 'the public-key file (kura-trust)',
  'kind.root': 'the totals file (kura-root), which auditors use',
  'kind.evidence': 'the reserves evidence file (kura-evidence), which auditors use',
  'kind.policy': 'a reserve rules file (policy), which auditors use',
  'kind.key': 'a key file (kura-key). Never share a private key file',
  'kind.json': 'a JSON file, but not one of the Kura files this page checks',
  'kind.image': 'a picture, not a Kura file',
  'kind.pdf': 'a PDF document, not a Kura file',
  'kind.text': 'a text file that is not valid JSON (damaged, or not a Kura file)',
  'kind.binary': 'not a text file (not a Kura file)',
  'kind.empty': 'an empty file',

  // The files.
  inputs: 'Your files',
  'input.proof': 'Your balance file',
  'input.proof.hint': 'The kura-proof file from your account page at the exchange.',
  'input.attestation': 'Monthly report',
  'input.attestation.hint':
    'The exchange’s signed monthly report (kura-attestation). Usually already added by the exchange’s link.',
  'input.trust': 'Public-key file',
  'input.trust.hint':
    'The exchange’s and the auditor’s public keys (kura-trust), to check their signatures.',
  'input.history': 'Earlier months (optional)',
  'input.history.hint':
    'Earlier monthly reports: checks the link to last month and draws the history.',
  'input.drop': 'Drop a file here, or',
  'input.drop.many': 'Drop files here, or',
  'input.choose': 'Choose a file',
  'input.choose.many': 'Choose files',
  'input.ready': 'Added:',
  'input.readyUrl': 'Added from this site:',
  'input.readyMany': '{n} earlier report(s) added',

  // The checks.
  checks: 'What was checked',
  'check.leaf': 'Your user ID and balances can be read from your file',
  'check.path': 'Your balances add up, step by step, to the total in your file',
  'check.root': 'That total is the one in the signed monthly report',
  'check.exchangeSig': 'The exchange signed the report',
  'check.auditorSig': 'The auditor counter-signed the report',
  'check.document': 'The report’s own numbers and dates are consistent',
  'check.coverage': 'Reserves cover what the exchange owes plus the required reserve',
  'check.previous': 'The report links to last month’s report',
  'state.pass': 'passed',
  'state.fail': 'failed',
  'state.skip': 'not reached (an earlier check failed)',
  'state.na': 'not checked',
  details: 'Details for support',
  'detail.code': 'Code',
  'detail.level': 'tree level {level}',
  'detail.message': 'Message',
  'detail.previous.none': 'Add last month’s report to check this link.',
  'detail.previous.first': 'This is the first report: there is no earlier month to link to.',
  'detail.previous.ok': 'It links to the report of {period}.',
  'detail.sig.key': 'Key fingerprint {fp}',

  // Your balances.
  'bal.title': 'Your balances',
  'bal.asOf': 'As of {time}',
  'bal.uid': 'User ID',
  'bal.compare':
    'Please compare these amounts with your account statement (or the balance history in your account) at this date and time.',
  'bal.differ':
    'If any amount differs or an asset is missing, contact the exchange’s support and keep this file: it is what the exchange reported for you this month.',
  'bal.confirmed': 'These are the balances the exchange counted for you in this month’s total.',
  'bal.unconfirmed': 'These balances are NOT confirmed: {why}',
  'bal.pending':
    'These balances will be confirmed once the monthly report and the public-key file are added.',

  // About the report.
  summary: 'About this report',
  'summary.exchange': 'Exchange',
  'summary.period': 'Month',
  'summary.snapshot': 'Balances taken at',
  'summary.issued': 'Issued',
  'summary.valid': 'Valid until',
  'summary.sequence': 'Report number',
  'summary.root': 'Summary value of all balances',
  'summary.docHash': 'Report fingerprint (SHA-256)',
  'summary.leaf': 'Your entry’s hash',
  'summary.balances': 'Your balances',

  // Keys.
  keys: 'Keys to compare',
  'keys.hint':
    'The signatures were checked against these keys. Compare the fingerprints with the ones the exchange and the auditor publish elsewhere (their websites, the regulator’s register).',
  'keys.role.exchange': 'Exchange',
  'keys.role.auditor': 'Auditor',
  'keys.pinnedSigned': 'in the public-key file · signed this report',
  'keys.pinnedOnly': 'in the public-key file · did not sign',
  'keys.unpinned': 'signed, but NOT in the public-key file',

  // Ladder.
  ladder: 'How your balances are counted in the total',
  'ladder.desc':
    'Your entry is combined with a neighbouring group of customers at each step, up to the total of all customers. Each step carries both sides’ sums, so no one can move part of your balance elsewhere.',
  'ladder.leaf': 'Your entry (step 0)',
  'ladder.root': 'Total of all customers (step {level})',
  'ladder.level': 'Step {level}',
  'ladder.side.left': 'your side is on the left',
  'ladder.side.right': 'your side is on the right',
  'ladder.sibling': 'Neighbour’s hash',
  'ladder.siblingSums': 'Neighbour’s sums',
  'ladder.rootHash': 'Hash of the total',
  'ladder.totals': 'Totals of all customers',
  'ladder.copy': 'Copy',
  'ladder.copyLabel': 'Copy the neighbour’s full hash at step {level}',
  'ladder.copied': 'Copied',
  'ladder.failedHere': 'Failed here: {why}',
  'ladder.notAvailable': 'Add a readable balance file to see how it is counted.',
  'ladder.desc.v2':
    'Your balance file hides the other customers’ amounts (protocol v2). Each step shows your neighbours’ hash and one sealed value per asset, never their amounts. A range proof shows, without revealing them, that every hidden amount is between 0 and 2^64 − 1 units: none is negative, so none can shrink the total. Your own balances and the totals of all customers are shown.',
  'ladder.hidden': 'Neighbour’s amounts: hidden (sealed values)',
  'ladder.hidden.pass': 'Proved to be between 0 and 2^64 − 1 units: not negative.',
  'ladder.hidden.fail': 'The proof that these amounts are not negative failed.',
  'ladder.hidden.skip': 'Not checked: the check stopped at an earlier step.',
  'ladder.hiddenCount': '{n} hidden amounts, all covered by one range proof.',
  'ladder.totals.opened': 'Totals of all customers (opened: they match the sealed total)',
  'ladder.counted': 'Counted in the total as (rounded up to the report’s precision, never down)',

  // Pictures.
  attestation: 'The report in pictures',
  'attestation.unverified':
    'The report’s figures are not shown: its signatures did not verify against the public keys, so they may not be what the exchange and the auditor signed.',
  'chart.coverage': 'Reserves against what is owed plus the required reserve',
  'chart.coverage.desc':
    'Upper bar: what the exchange owes customers, with the required reserve on top. Lower bar: what it holds.',
  'chart.liabilities': 'Owed to customers',
  'chart.required': 'Required reserve',
  'chart.inKind': 'Rule requirement above what is owed',
  'chart.overall': 'All assets, valued in {ccy}',
  'chart.overall.desc':
    'What customers are owed, valued at the report’s prices (rounded up), with the required reserve on top, against the reserves valued at the same prices (rounded down).',
  'chart.perAsset': 'Each asset, in the asset itself',
  'chart.reserves': 'Reserves',
  'chart.cold': 'Customers’ assets, cold wallet',
  'chart.hot': 'Customers’ assets, hot wallet',
  'chart.own': 'Exchange’s own holdings',
  'chart.need': 'Owed + required',
  'chart.held': 'Held',
  'chart.covered': 'covered',
  'chart.short': 'SHORT',
  'chart.split': 'Cold / hot split of the reserves',
  'chart.split.desc':
    'Share of each asset’s reserves in cold wallets, hot wallets and the exchange’s own holdings.',
  'chart.policy': 'Rules: how the required reserve was computed',
  'chart.policy.term': 'Item',
  'chart.policy.value': 'Value',
  'chart.policy.source': 'Basis',
  'chart.policy.checks': 'Checks of the rules',
  'chart.policy.terms': 'Every item (open one for its formula and source)',
  'chart.policy.provenance': 'Basis of the items',
  'chart.policy.required': 'Required',
  'chart.policy.actual': 'Actual',
  'chart.policy.total': 'Required reserve in total',
  'chart.policy.original': 'Original label',
  'chart.history': 'Coverage ratio, month by month',
  'chart.history.desc':
    'Reserves divided by what is owed plus the required reserve. At or above 100 % the exchange met the requirement.',
  'chart.history.one': 'Add earlier months’ reports to see the history.',
  'chart.history.point': '{period}: {ratio} %',
  'prov.law': 'law',
  'prov.proposal': 'proposal',
  'prov.reported': 'reported',
  'prov.assumption': 'assumption',
  pass: 'pass',
  fail: 'fail',
  'table.scroll': 'Scroll sideways to see the whole table',

  // Reproduce.
  reproduce: 'Check it again on your own computer',
  'repro.intro':
    'For technical readers: the same checks with Kura’s open-source command-line tool. You need Node.js 20 or later and git.',
  'repro.files': 'The files, in one folder:',
  'repro.download': 'download',
  'repro.yours': 'the file you added',
  'repro.install': '1. Get and build Kura (the release named by the exchange):',
  'repro.attest': '2. Check the report, its signatures and its numbers:',
  'repro.attest.prev': '(with last month’s report, which also checks the link between the two)',
  'repro.tree': '3. Check that your balances are counted in the report’s total:',
  'repro.ok': 'Each command prints its result and ends with exit code 0 when the check passes.',
  'repro.build': 'This page',
  'repro.build.hash': 'Script SHA-256 (all the code this page runs)',
  'repro.build.how':
    'Building the same release prints this value on the line below; compare them. For a saved copy of the page, also compare the hash of the whole file with the one the exchange publishes.',
  'repro.build.none': 'not available in this build (open kura-verifier.html)',
  footer: 'Kura verifier — open source, runs entirely in your browser.',
  'footer.link': 'How to check this page and reproduce the result',
} as const;

/** A message key. */
export type MsgKey = keyof typeof en;

const ja: Record<MsgKey, string> = {
  title: 'Kura 検証ツール',
  tagline:
    '取引所が毎月署名して公開するプルーフ・オブ・リザーブ（準備金証明）に、あなたの残高が含まれていること、そして準備金が預かり資産をまかなえていることを、お使いのブラウザだけで確認します。',
  privacy:
    'データが端末の外に送られることはありません。このページが読むのは、あなたが追加したファイルと、同じサイトに公開された報告書・公開鍵のファイルだけです。',
  language: '言語',

  'status.waiting': 'ファイルの追加をお待ちしています',
  'status.next.proof':
    '次に、あなたの残高ファイル（口座の画面からダウンロードした kura-proof ファイル）を追加してください。',
  'status.next.attestation':
    '次に、取引所が公開している今月の月次報告書（kura-attestation）を追加してください。',
  'status.next.trust':
    '次に、署名を確認するため、取引所が公開している公開鍵ファイル（kura-trust）を追加してください。',
  'status.checking': '確認しています…',
  'status.loading': 'このサイトからファイルを読み込んでいます…',
  'status.pass': '確認できました',
  'status.pass.text':
    'あなたの残高は、取引所が署名した月次報告書の合計に含まれています。報告書の確認項目もすべて問題ありません。',
  'status.pass.todo':
    'あなたにしかできない確認が一つあります。下の残高を、ご自身の口座の記録と見比べてください。',
  'status.fail': '確認できませんでした（不一致があります）',
  'status.fail.todo':
    'これらのファイルを保存したうえで、取引所にお問い合わせください。金融庁などの監督当局に相談することもできます。サポート向けの詳細は下にあります。',
  'status.cannot': 'まだ確認できません',
  'status.cannot.todo':
    '取引所のデータに問題が見つかったわけではありません。これらのファイルでは確認を行えませんでした。',
  'status.time': 'このブラウザで {ms} ミリ秒で確認しました。',

  'problem.is': 'これは{kind}です。',
  'problem.put.proof': 'この欄には、あなたの残高ファイル（kura-proof）を追加してください。',
  'problem.put.attestation': 'この欄には、月次報告書（kura-attestation）を追加してください。',
  'problem.put.trust': 'この欄には、公開鍵ファイル（kura-trust）を追加してください。',
  'problem.put.history': 'この欄には、過去の月次報告書（kura-attestation）を追加してください。',
  'problem.moveTo': '「{slot}」の欄に追加してください。',
  'problem.fetch': '{name} をこのサイトから読み込めませんでした（{detail}）。',
  'problem.fetch.todo':
    '取引所のリンクが古い可能性があります。取引所に問い合わせるか、ファイルをご自身で追加してください。',
  'problem.origin':
    'リンク {url} は別のサイトを指しています。このページは自身のサイトのファイルしか読み込みません。',
  'problem.read': '{name} を読み取れませんでした。',
  'kind.proof': 'あなたの残高ファイル（kura-proof）',
  'kind.attestation': '月次報告書（kura-attestation）',
  'kind.trust': '公開鍵ファイル（kura-trust）',
  'kind.root': '監査人が使う合計ファイル（kura-root）',
  'kind.evidence': '監査人が使う準備金の根拠ファイル（kura-evidence）',
  'kind.policy': '監査人が使う準備金の計算ルールのファイル',
  'kind.key': '鍵ファイル（kura-key）。秘密鍵のファイルは決して他人に渡さないでください',
  'kind.json': 'JSON ファイルですが、このページが確認する Kura のファイルではありません',
  'kind.image': '画像で、Kura のファイルではありません',
  'kind.pdf': 'PDF 文書で、Kura のファイルではありません',
  'kind.text':
    '正しい JSON ではないテキストファイル（壊れているか、Kura のファイルではありません）',
  'kind.binary': 'テキストではないファイル（Kura のファイルではありません）',
  'kind.empty': '空のファイル',

  inputs: 'ファイル',
  'input.proof': 'あなたの残高ファイル',
  'input.proof.hint': '取引所の口座の画面から入手する kura-proof ファイルです。',
  'input.attestation': '月次報告書',
  'input.attestation.hint':
    '取引所が署名した月次報告書（kura-attestation）です。通常は取引所のリンクから自動で追加されます。',
  'input.trust': '公開鍵ファイル',
  'input.trust.hint': '署名の確認に使う、取引所と監査人の公開鍵（kura-trust）です。',
  'input.history': '過去の月（任意）',
  'input.history.hint': '過去の月次報告書です。前月とのつながりを確認し、推移を表示します。',
  'input.drop': 'ここにファイルをドロップ、または',
  'input.drop.many': 'ここにファイルをドロップ、または',
  'input.choose': 'ファイルを選択',
  'input.choose.many': 'ファイルを選択',
  'input.ready': '追加済み：',
  'input.readyUrl': 'このサイトから追加済み：',
  'input.readyMany': '過去の報告書 {n} 件を追加済み',

  checks: '確認した項目',
  'check.leaf': 'ファイルからあなたのユーザーIDと残高を読み取れる',
  'check.path': 'あなたの残高を段階的に積み上げると、ファイル記載の合計になる',
  'check.root': 'その合計が、署名付き月次報告書の合計と同じ',
  'check.exchangeSig': '取引所の署名が正しい',
  'check.auditorSig': '監査人の連署が正しい',
  'check.document': '報告書の数値と日付に矛盾がない',
  'check.coverage': '準備金が、顧客からの預かり資産と必要準備金の合計以上ある',
  'check.previous': '前月の報告書とつながっている',
  'state.pass': '問題なし',
  'state.fail': '不一致',
  'state.skip': '未実施（前の項目が不一致のため）',
  'state.na': '未確認',
  details: 'サポート向けの詳細',
  'detail.code': 'コード',
  'detail.level': 'ツリーの段 {level}',
  'detail.message': 'メッセージ',
  'detail.previous.none': '前月の報告書を追加すると、このつながりを確認できます。',
  'detail.previous.first': '最初の報告書のため、つながる前月はありません。',
  'detail.previous.ok': '{period} の報告書とつながっています。',
  'detail.sig.key': '鍵のフィンガープリント {fp}',

  'bal.title': 'あなたの残高',
  'bal.asOf': '{time} 時点',
  'bal.uid': 'ユーザーID',
  'bal.compare':
    'この金額を、同じ日時のご自身の取引報告書（または口座の残高履歴）と見比べてください。',
  'bal.differ':
    '金額が違う、または資産が抜けている場合は、このファイルを保存したうえで取引所のサポートにお問い合わせください。このファイルは、取引所が今月あなたについて報告した内容そのものです。',
  'bal.confirmed': '取引所が今月の合計に含めた、あなたの残高です。',
  'bal.unconfirmed': 'この残高は確認できていません。{why}',
  'bal.pending': '月次報告書と公開鍵ファイルを追加すると、この残高を確認します。',

  summary: 'この報告書について',
  'summary.exchange': '取引所',
  'summary.period': '対象月',
  'summary.snapshot': '残高の基準日時',
  'summary.issued': '発行日時',
  'summary.valid': '有効期限',
  'summary.sequence': '報告書の通し番号',
  'summary.root': '全顧客の残高の要約値',
  'summary.docHash': '報告書のフィンガープリント（SHA-256）',
  'summary.leaf': 'あなたの記録のハッシュ値',
  'summary.balances': 'あなたの残高',

  keys: '照合していただきたい鍵',
  'keys.hint':
    '署名は以下の鍵で確認しました。取引所と監査人が別の場所（各社のウェブサイト、当局の登録簿など）で公表しているフィンガープリントと照合してください。',
  'keys.role.exchange': '取引所',
  'keys.role.auditor': '監査人',
  'keys.pinnedSigned': '公開鍵ファイルに登録済み・この報告書に署名',
  'keys.pinnedOnly': '公開鍵ファイルに登録済み・署名なし',
  'keys.unpinned': '署名あり、ただし公開鍵ファイルに未登録',

  ladder: 'あなたの残高が合計に含まれるまで',
  'ladder.desc':
    'あなたの記録は、段ごとに隣の顧客グループと合算され、最後に全顧客の合計になります。各段には双方の合計額が含まれるため、あなたの残高の一部を他へ移すことはできません。',
  'ladder.leaf': 'あなたの記録（第 0 段）',
  'ladder.root': '全顧客の合計（第 {level} 段）',
  'ladder.level': '第 {level} 段',
  'ladder.side.left': 'あなたの側は左',
  'ladder.side.right': 'あなたの側は右',
  'ladder.sibling': '隣のグループのハッシュ値',
  'ladder.siblingSums': '隣のグループの合計',
  'ladder.rootHash': '合計のハッシュ値',
  'ladder.totals': '全顧客の合計',
  'ladder.copy': 'コピー',
  'ladder.copyLabel': '第 {level} 段の隣のグループのハッシュ値をすべてコピー',
  'ladder.copied': 'コピーしました',
  'ladder.failedHere': 'ここで不一致：{why}',
  'ladder.notAvailable': '読み取れる残高ファイルを追加すると、合計に含まれるまでを表示します。',
  'ladder.desc.v2':
    'この残高ファイルでは、他の顧客の金額は隠されています（プロトコル v2）。各段に示されるのは隣のグループのハッシュ値と、資産ごとの封じられた値だけで、金額は示されません。範囲証明により、隠された金額はどれも 0 以上 2^64 − 1 以下であること（負の金額で合計を小さく見せていないこと）が、金額を明かさずに確認できます。あなた自身の残高と全顧客の合計は表示されます。',
  'ladder.hidden': '隣のグループの金額：非公開（封じられた値）',
  'ladder.hidden.pass': '0 以上 2^64 − 1 以下（負ではない）と証明されました。',
  'ladder.hidden.fail': 'これらの金額が負でないことの証明が成り立ちませんでした。',
  'ladder.hidden.skip': '未確認：これより前の段で確認が止まりました。',
  'ladder.hiddenCount': '隠された金額 {n} 件。一つの範囲証明ですべてを確認します。',
  'ladder.totals.opened': '全顧客の合計（公開値：封じられた合計と一致）',
  'ladder.counted': '合計に数えられた額（報告書の精度に切り上げ。切り捨てはしません）',

  attestation: '報告書の内容（図解）',
  'attestation.unverified':
    '報告書の数値は表示しません。署名を公開鍵で確認できなかったため、取引所と監査人が署名した内容である保証がありません。',
  'chart.coverage': '準備金と「預かり資産＋必要準備金」',
  'chart.coverage.desc':
    '上の棒は顧客からの預かり資産に必要準備金を積み上げたもの、下の棒は取引所が保有している資産です。',
  'chart.liabilities': '顧客からの預かり資産',
  'chart.required': '必要準備金',
  'chart.inKind': 'ルール上、預かり資産を超えて必要な額',
  'chart.overall': '全資産（{ccy} 換算）',
  'chart.overall.desc':
    '報告書の価格で評価した預かり資産（切り上げ）に必要準備金を積み上げたものと、同じ価格で評価した準備金（切り捨て）の比較です。',
  'chart.perAsset': '資産ごと（各資産の単位）',
  'chart.reserves': '準備金',
  'chart.cold': '顧客資産（コールドウォレット）',
  'chart.hot': '顧客資産（ホットウォレット）',
  'chart.own': '取引所の自己保有分',
  'chart.need': '預かり資産＋必要準備金',
  'chart.held': '保有',
  'chart.covered': '充足',
  'chart.short': '不足',
  'chart.split': '準備金のコールド／ホットの内訳',
  'chart.split.desc':
    '各資産の準備金のうち、コールドウォレット、ホットウォレット、取引所の自己保有分が占める割合です。',
  'chart.policy': '計算ルール：必要準備金の求め方',
  'chart.policy.term': '項目',
  'chart.policy.value': '値',
  'chart.policy.source': '根拠',
  'chart.policy.checks': '計算ルールの確認項目',
  'chart.policy.terms': 'すべての項目（開くと計算式と出典を表示）',
  'chart.policy.provenance': '各項目の根拠',
  'chart.policy.required': '必要額',
  'chart.policy.actual': '実額',
  'chart.policy.total': '必要準備金の合計',
  'chart.policy.original': '原文の表記',
  'chart.history': '充足率の推移',
  'chart.history.desc':
    '準備金を「預かり資産＋必要準備金」で割った比率の月ごとの推移です。100 % 以上なら要件を満たしています。',
  'chart.history.one': '過去の月次報告書を追加すると推移を表示します。',
  'chart.history.point': '{period}：{ratio} %',
  'prov.law': '法令',
  'prov.proposal': '案',
  'prov.reported': '報告値',
  'prov.assumption': '仮定',
  pass: '充足',
  fail: '不足',
  'table.scroll': '表全体は横にスクロールして表示できます',

  reproduce: 'ご自身のコンピュータでもう一度確認する',
  'repro.intro':
    '技術に詳しい方向け：Kura のオープンソースのコマンドラインツールで同じ確認ができます。Node.js 20 以降と git が必要です。',
  'repro.files': '同じフォルダに置くファイル：',
  'repro.download': 'ダウンロード',
  'repro.yours': '追加したファイル',
  'repro.install': '1. Kura を入手してビルドします（取引所が指定するリリース）：',
  'repro.attest': '2. 報告書・署名・数値を確認します：',
  'repro.attest.prev': '（前月の報告書も使い、両者のつながりも確認します）',
  'repro.tree': '3. あなたの残高が報告書の合計に含まれていることを確認します：',
  'repro.ok': '各コマンドは結果を表示し、問題がなければ終了コード 0 で終わります。',
  'repro.build': 'このページ',
  'repro.build.hash': 'スクリプトの SHA-256（このページが実行するすべてのコード）',
  'repro.build.how':
    '同じリリースをビルドすると、下の行の形でこの値が表示されるので照合してください。保存したページの場合は、ファイル全体のハッシュ値も取引所の公表値と照合してください。',
  'repro.build.none': 'このビルドでは表示できません（kura-verifier.html を開いてください）',
  footer: 'Kura 検証ツール（オープンソース）。処理はすべてお使いのブラウザ内で行われます。',
  'footer.link': 'このページの確かめ方と、結果をご自身で再現する方法',
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
