/**
 * What each verification code means to a customer, in plain words, in English and Japanese.
 * The page shows this sentence first; the stable code (and the tree level, if any) only under
 * “details”. One entry per code that `verifyProof` and `verifyProofDocumentV2` (@kura/tree),
 * `verifyAttestation` (@kura/attest) or the page itself can produce — `test/sentences.test.ts` enumerates the codes
 * from the packages and fails when one has no sentence in both languages.
 *
 * To add a code: add one line `CODE: ['English sentence.', '日本語の文。']` below (terms as fixed
 * in `GLOSSARY.md`). Codes of a family may share a fallback by prefix (see {@link PREFIXES}).
 * @module
 */
import type { Lang } from './i18n.ts';

type Pair = readonly [en: string, ja: string];

/** Codes produced by the page itself (loading and reading files), not by a package. */
export const PAGE_CODES = [
  'MISSING',
  'NOT_JSON',
  'WRONG_KIND',
  'UNKNOWN_KIND',
  'FETCH_FAILED',
  'NOT_SAME_ORIGIN',
  'VERIFIER_UNAVAILABLE',
  'NOT_CHECKED',
  'INTERNAL',
] as const;

const S: Record<string, Pair> = {
  // ---- the customer's balance file (@kura/tree verifyProof) -------------------------------
  BAD_ENCODING: [
    'Your balance file is damaged: one of its fields is not written the way the format requires. Download it again from your account.',
    'あなたの残高ファイルが壊れています（項目の書き方が形式に合っていません）。口座の画面からもう一度ダウンロードしてください。',
  ],
  SUM_RANGE: [
    'An amount in your balance file is impossibly large or negative, so it cannot be part of a valid total.',
    'あなたの残高ファイルの金額が、あり得ない大きさか負の値のため、正しい合計の一部にはなりません。',
  ],
  BAD_LENGTH: [
    'Your balance file is incomplete: it does not contain every step needed to reach the published total.',
    'あなたの残高ファイルが不完全です。公表された合計にたどり着くための計算の段が足りません。',
  ],
  BAD_POSITION: [
    'Your balance file gives a position that cannot exist in this month’s list of customers.',
    'あなたの残高ファイルに、今月の顧客一覧に存在し得ない位置が書かれています。',
  ],
  SIBLING_EQUALS_CURRENT: [
    'Your balance file contains a repeated entry, a known way to count one balance twice. It cannot be accepted.',
    'あなたの残高ファイルに同じ記録の重複があります。同じ残高を二重に数える手口として知られているため、受け付けられません。',
  ],
  ROOT_MISMATCH: [
    'The balances in this file do not add up to the published total: this file does not belong to this month’s report, or it was changed.',
    'このファイルの残高を積み上げても、公表された合計になりません。このファイルは今月の報告書のものではないか、書き換えられています。',
  ],
  ROUND_MISMATCH: [
    'Your balance file is for another month or another exchange than the report. Use the files of the same month.',
    'あなたの残高ファイルは、報告書とは別の月または別の取引所のものです。同じ月のファイルを使ってください。',
  ],
  ASSET_SET_MISMATCH: [
    'Your balance file and the report list different assets, so they do not belong together.',
    'あなたの残高ファイルと報告書とで資産の一覧が異なるため、組み合わせが正しくありません。',
  ],

  // ---- a balance file of protocol v2, whose neighbours' amounts are hidden -----------------
  // (@kura/tree verifyProofDocumentV2; “sealed” = committed, “proof that … not negative” = the
  // range proof, as fixed in GLOSSARY.md)
  VALUE_OUT_OF_RANGE: [
    'An amount in your balance file is outside the range the format allows, so it cannot be part of a valid total.',
    'あなたの残高ファイルの金額が形式で認められる範囲の外にあるため、正しい合計の一部にはなりません。',
  ],
  SCALAR_NON_CANONICAL: [
    'A secret number in your balance file that seals an amount is written in a form the format does not allow. Download the file again from your account.',
    'あなたの残高ファイルで金額を封じる秘密の数が、形式で認められない書き方になっています。口座の画面からもう一度ダウンロードしてください。',
  ],
  POINT_INVALID: [
    'A sealed value of a neighbouring group in your balance file is not a valid seal, so nothing can be checked with it.',
    'あなたの残高ファイルにある隣のグループの封じられた値が正しい封の形になっていないため、確認できません。',
  ],
  POINT_IDENTITY: [
    'A sealed value of a neighbouring group in your balance file is an empty seal, which an honest file never contains.',
    'あなたの残高ファイルにある隣のグループの封じられた値が空の封になっています。正しいファイルには決して現れません。',
  ],
  ROOT_OPENING_MISMATCH: [
    'The totals in your balance file are not the sealed total of all customers: the balances do not add up to these totals.',
    'あなたの残高ファイルの合計は、全顧客の封じられた合計ではありません。残高を積み上げてもこの合計になりません。',
  ],
  RANGE_PROOF_FORGED: [
    'The proof that the other customers’ hidden amounts are not negative does not hold: a negative amount could be hidden there, making the total look smaller than it is.',
    '他の顧客の隠された金額が負でないことの証明が成り立ちません。負の金額が隠されていて、合計が実際より小さく見えている可能性があります。',
  ],
  RANGE_PROOF_MALFORMED: [
    'The proof that the hidden amounts are not negative is damaged or incomplete, so it cannot be checked.',
    '隠された金額が負でないことの証明が壊れているか不完全なため、確認できません。',
  ],
  GENERATORS_MISMATCH: [
    'The proof that the hidden amounts are not negative was made with other settings than the format’s, so it proves nothing here.',
    '隠された金額が負でないことの証明が形式とは別の設定で作られているため、ここでは何も証明しません。',
  ],
  RANGE_COUNT_MISMATCH: [
    'The proof that the hidden amounts are not negative does not cover every hidden amount in your balance file.',
    '隠された金額が負でないことの証明が、あなたの残高ファイルにある隠された金額のすべてを対象にしていません。',
  ],
  RANGE_CONTEXT_INVALID: [
    'The proof that the hidden amounts are not negative is not tied to this month, these assets and this list of customers.',
    '隠された金額が負でないことの証明が、今月・これらの資産・この顧客一覧に結び付いていません。',
  ],
  TRANSCRIPT_POSITION_MISSING: [
    'The proof that the hidden amounts are not negative is not tied to your place in the list of customers, so it may have been made for someone else.',
    '隠された金額が負でないことの証明が顧客一覧でのあなたの位置に結び付いていないため、別の人のために作られたものかもしれません。',
  ],
  OPENING_MISMATCH: [
    'A total does not match its sealed value.',
    '合計がその封じられた値と一致しません。',
  ],

  // ---- the monthly report: reading it (@kura/attest verifyAttestation) ----------------------
  SCHEMA: [
    'This file does not follow the published format, so it cannot be checked as written.',
    'このファイルは公開されている形式に従っていないため、書かれたとおりに確認できません。',
  ],
  NON_CANONICAL_ENCODING: [
    'A value in the report is written in an unusual form that the format does not allow.',
    '報告書の値が、形式で認められていない書き方になっています。',
  ],
  TRUST_INVALID: [
    'The public-key file cannot be used: it is damaged or not in the expected format.',
    '公開鍵ファイルが壊れているか形式が異なるため、使用できません。',
  ],
  VERIFY_ERROR: [
    'The check could not be completed with these files.',
    'これらのファイルでは確認を最後まで行えませんでした。',
  ],

  // ---- signatures -------------------------------------------------------------------------
  KEY_IN_TWO_ROLES: [
    'The same key is listed for both the exchange and the auditor, so the auditor’s check would not be independent.',
    '同じ鍵が取引所と監査人の両方に登録されています。これでは監査人による確認が独立したものになりません。',
  ],
  MISSING_SIGNATURE: [
    'A required signature is missing: the report must be signed by the exchange and counter-signed by the auditor.',
    '必要な署名がありません。報告書には取引所の署名と監査人の連署が必要です。',
  ],
  DUPLICATE_SIGNATURE: [
    'The same key signed the report twice; a second signature must come from someone else.',
    '同じ鍵が報告書に二度署名しています。二つ目の署名は別の者によるものでなければなりません。',
  ],
  DUPLICATE_ROLE: [
    'Two signatures claim the same role (two “exchange” or two “auditor” signatures).',
    '同じ役割の署名が二つあります（取引所または監査人の署名が重複しています）。',
  ],
  UNTRUSTED_KEY: [
    'The report was signed with a key that is not in the public-key file. It may not come from the exchange or the auditor.',
    '報告書は公開鍵ファイルにない鍵で署名されています。取引所や監査人によるものではない可能性があります。',
  ],
  WRONG_ROLE: [
    'A signature was made with a key registered for the other role (the exchange’s key signing as the auditor, or the reverse).',
    'もう一方の役割として登録された鍵で署名されています（取引所の鍵で監査人として署名した、またはその逆）。',
  ],
  KEY_NOT_VALID: [
    'The signing key was not valid on the date the report was issued.',
    '署名に使われた鍵は、報告書の発行日には有効ではありませんでした。',
  ],
  SIG_ENCODING: [
    'A signature is damaged: it is not written in the required form.',
    '署名が壊れています（必要な形式で書かれていません）。',
  ],
  KEY_ENCODING: [
    'A public key is damaged: it is not written in the required form.',
    '公開鍵が壊れています（必要な形式で書かれていません）。',
  ],
  KEY_INVALID: ['A public key is not a valid key.', '公開鍵が有効な鍵ではありません。'],
  ECDSA_SCALAR_RANGE: [
    'A signature contains a value outside the allowed range, so it cannot be genuine.',
    '署名に許容範囲外の値が含まれているため、正しい署名ではありません。',
  ],
  ECDSA_HIGH_S: [
    'A signature is in a form that allows it to be altered (“high-S”); the format requires the other form.',
    '署名が改変可能な形（high-S）になっています。形式ではもう一方の形が必要です。',
  ],
  ED25519_NONCANONICAL_POINT: [
    'A signature or key is written in a non-standard form that the format refuses.',
    '署名または鍵が、形式で認められていない非標準の形で書かれています。',
  ],
  ED25519_NONCANONICAL_SCALAR: [
    'A signature is written in a non-standard form that the format refuses.',
    '署名が、形式で認められていない非標準の形で書かれています。',
  ],
  ED25519_SMALL_ORDER: [
    'A signature or key is of a weak kind that anyone could forge; it cannot be accepted.',
    '署名または鍵が、誰でも偽造できる弱い種類のものです。受け付けられません。',
  ],
  SIGNATURE_INVALID: [
    'A signature does not match the report: the report was changed after it was signed, or the signature is forged.',
    '署名が報告書の内容と一致しません。署名後に報告書が書き換えられたか、署名が偽造されています。',
  ],
  NON_CANONICAL_SIGNED: [
    'The signature covers a differently written copy of the report, not the standard form everyone checks.',
    '署名の対象が、誰もが確認する標準の形ではなく、別の書き方をした報告書になっています。',
  ],

  // ---- the report's own numbers and dates -------------------------------------------------
  ROUND_ID_MISMATCH: [
    'The report’s month identifier does not match its exchange, month and snapshot date.',
    '報告書の月の識別子が、取引所・対象月・基準日時と一致しません。',
  ],
  ROOT_COMMITMENT_MISMATCH: [
    'The report’s summary value of all customer balances does not match the figures it is made of.',
    '報告書に記載された全顧客残高の要約値が、その元になる数値と一致しません。',
  ],
  RESERVES_SUM_MISMATCH: [
    'The report’s reserve totals do not add up.',
    '報告書の準備金の合計が合いません。',
  ],
  PRICE_MISMATCH: [
    'The report values assets at prices other than those its reserve requirement was computed with.',
    '報告書の資産評価に、必要準備金の計算とは異なる価格が使われています。',
  ],
  POLICY_MISMATCH: [
    'The report’s reserve rules and their result do not agree with each other.',
    '報告書の準備金の計算ルールと、その結果とが食い違っています。',
  ],
  COVERAGE_MISMATCH: [
    'The report’s coverage figures do not follow from its own numbers.',
    '報告書の充足率が、報告書自身の数値から導かれるものと一致しません。',
  ],
  SNAPSHOT_SKEW: [
    'The reserves were counted at a time far from the date of the customer balances, so the two do not describe the same moment.',
    '準備金を数えた時点が顧客残高の基準日時から離れすぎており、同じ時点の比較になっていません。',
  ],
  ISSUED_BEFORE_SNAPSHOT: [
    'The report says it was issued before the date of the balances it describes.',
    '報告書の発行日時が、記載している残高の基準日時より前になっています。',
  ],
  ISSUED_IN_FUTURE: [
    'The report’s issue date is in the future. Check your device’s date and time; if they are right, the report is not valid yet.',
    '報告書の発行日時が未来になっています。お使いの端末の日時をご確認ください。正しければ、この報告書はまだ有効ではありません。',
  ],
  EXPIRED: [
    'This report has expired. The exchange should have published a newer one; ask for the current month’s report.',
    'この報告書は有効期限が切れています。新しい報告書が公開されているはずですので、今月の報告書を取引所に求めてください。',
  ],
  // Self-consistency of the report's reserve rules (codes arriving from issue 12's work).
  POLICY_DUPLICATE_ID: [
    'The report lists the same item of its reserve rules twice.',
    '報告書の準備金の計算ルールに、同じ項目が二度記載されています。',
  ],
  POLICY_CHECK_VALUE: [
    'A check of the report’s reserve rules states an amount that does not follow from the report’s own figures.',
    '報告書の準備金の計算ルールの確認項目に、報告書自身の数値から導かれない金額が記載されています。',
  ],
  POLICY_CHECK_PASS_MISMATCH: [
    'A check of the report’s reserve rules is marked as met although its own amounts say otherwise (or the reverse).',
    '報告書の準備金の計算ルールの確認項目が、記載された金額と食い違う結果（充足・不足）になっています。',
  ],
  REQUIRED_RESERVE_MISMATCH: [
    'The required reserve stated in the report does not match the one its rules compute.',
    '報告書に記載された必要準備金が、計算ルールから求めた額と一致しません。',
  ],
  POLICY_DATA_MISMATCH: [
    'The figures the reserve rules were applied to differ from the figures in the report.',
    '準備金の計算ルールに使われた数値が、報告書の数値と異なります。',
  ],
  POLICY_CHECK_MISMATCH: [
    'A check of the report’s reserve rules differs from what the report’s own figures give.',
    '報告書の準備金の計算ルールの確認項目が、報告書自身の数値から求めた結果と異なります。',
  ],
  POLICY_TERM_MISMATCH: [
    'An item of the report’s reserve rules differs from what the report’s own figures give.',
    '報告書の準備金の計算ルールの項目が、報告書自身の数値から求めた値と異なります。',
  ],
  POLICY_RERUN_NEEDS_DATA: [
    'Re-running the reserve rules needs more files (the totals file and the reserves evidence) than were given.',
    '準備金の計算ルールを再計算するには、追加のファイル（合計ファイルと準備金の根拠ファイル）が必要です。',
  ],
  POLICY_FILE_MISMATCH: [
    'The reserve rules file given is not the one the report names.',
    '指定された準備金の計算ルールのファイルは、報告書が示すものではありません。',
  ],
  POLICY_INPUTS_MISMATCH: [
    'The figures given for the reserve rules are not the ones the report was computed from.',
    '準備金の計算ルールに指定された数値は、報告書の計算に使われたものではありません。',
  ],
  POLICY_RECOMPUTE_FAILED: [
    'The reserve rules could not be computed again from the files given.',
    '指定されたファイルから、準備金の計算ルールを再計算できませんでした。',
  ],
  POLICY_EVALUATION_MISMATCH: [
    'Computing the reserve rules again gives a different result than the report states.',
    '準備金の計算ルールを再計算すると、報告書の記載と異なる結果になります。',
  ],
  PREVIOUS_REQUIRED: [
    'Last month’s report is needed to check the link between the months; add it under “Earlier months”.',
    '月と月のつながりを確認するには前月の報告書が必要です。「過去の月」の欄に追加してください。',
  ],
  ROOT_FILE_INVALID: [
    'The file of totals the report refers to is damaged or not in the expected format.',
    '報告書が参照する合計ファイルが壊れているか、形式が異なります。',
  ],
  ROOT_TOTALS_MISMATCH: [
    'The totals in the report differ from the totals in the file it refers to.',
    '報告書の合計が、参照している合計ファイルの値と異なります。',
  ],

  // ---- reserves evidence (auditors' files; shown if a future page checks them) -------------
  EVIDENCE_HASH_MISMATCH: [
    'The reserves evidence file is not the one the report was signed with.',
    '準備金の根拠ファイルが、報告書の署名時のものと異なります。',
  ],
  EVIDENCE_INVALID: [
    'The reserves evidence file is damaged or not in the expected format.',
    '準備金の根拠ファイルが壊れているか、形式が異なります。',
  ],
  EVIDENCE_ROUND_MISMATCH: [
    'The reserves evidence file is for another month or exchange than the report.',
    '準備金の根拠ファイルが、報告書とは別の月または別の取引所のものです。',
  ],
  EVIDENCE_SNAPSHOT_MISMATCH: [
    'The reserves evidence was taken at other blocks than the report states.',
    '準備金の根拠が、報告書に記載されたものとは別の時点（ブロック）で取られています。',
  ],
  EVIDENCE_TOTALS_MISMATCH: [
    'The reserves in the evidence file do not add up to the totals in the report.',
    '根拠ファイルの準備金を合計しても、報告書の合計になりません。',
  ],

  // ---- the link to last month -------------------------------------------------------------
  PREVIOUS_INVALID: [
    'Last month’s report that you added cannot be read.',
    '追加した前月の報告書を読み取れません。',
  ],
  PREVIOUS_HASH_MISMATCH: [
    'This report does not link to the copy of last month’s report you added: one of the two was changed after publication.',
    'この報告書は、追加された前月の報告書とつながっていません。どちらかが公開後に書き換えられています。',
  ],
  SEQUENCE_MISMATCH: [
    'The report numbers are not consecutive: a month is missing or repeated between them.',
    '報告書の通し番号が連続していません。間の月が欠けているか、重複しています。',
  ],
  PREVIOUS_MISMATCH: [
    'The earlier report you added is from another exchange, or is not from an earlier month.',
    '追加した過去の報告書は、別の取引所のものか、前の月のものではありません。',
  ],

  // ---- the verdict ------------------------------------------------------------------------
  NOT_COVERED: [
    'The exchange’s reserves are less than what it owes customers plus the reserve it is required to keep.',
    '取引所の準備金が、顧客への預かり資産と義務付けられた必要準備金の合計に足りていません。',
  ],

  // ---- the page's own codes: loading files (always “could not check”) ---------------------
  MISSING: ['This file has not been added yet.', 'このファイルはまだ追加されていません。'],
  NOT_JSON: [
    'This file cannot be read: it is damaged, or not a Kura file (it is not valid JSON text).',
    'このファイルは読み取れません。壊れているか、Kura のファイルではありません（正しい JSON 形式のテキストではありません）。',
  ],
  WRONG_KIND: [
    'This is a different kind of Kura file than this box expects.',
    'この欄に入れるものとは別の種類の Kura ファイルです。',
  ],
  UNKNOWN_KIND: [
    'This JSON file is not a Kura file this page knows.',
    'この JSON ファイルは、このページが扱う Kura のファイルではありません。',
  ],
  FETCH_FAILED: [
    'This file could not be loaded from the exchange’s site.',
    'このファイルを取引所のサイトから読み込めませんでした。',
  ],
  NOT_SAME_ORIGIN: [
    'The link points to another site; this page only loads files from its own site.',
    'リンク先が別のサイトです。このページは自身のサイトのファイルしか読み込みません。',
  ],
  VERIFIER_UNAVAILABLE: [
    'The part of this page that checks this kind of balance file could not be loaded from the exchange’s site, or it was changed. Nothing has been found wrong with your file.',
    'この種類の残高ファイルを確認する部分を取引所のサイトから読み込めないか、書き換えられていました。あなたのファイルに問題は見つかっていません。',
  ],
  NOT_CHECKED: ['This check did not run.', 'この確認は実行されませんでした。'],
  INTERNAL: [
    'The check could not be completed (an error in this page).',
    '確認を完了できませんでした（このページ内部のエラー）。',
  ],
};

/** Families of codes sharing one sentence, matched by prefix when a code has no own entry. */
const PREFIXES: readonly (readonly [prefix: string, pair: Pair])[] = [
  [
    'JSON_',
    [
      'This file is not valid JSON text (it is damaged or not a Kura file).',
      'このファイルは正しい JSON 形式のテキストではありません（壊れているか、Kura のファイルではありません）。',
    ],
  ],
  [
    'EVIDENCE_',
    [
      'The reserves evidence file contains an entry that is wrong or listed twice.',
      '準備金の根拠ファイルに、誤った項目または重複した項目があります。',
    ],
  ],
];

/** Every code with its own entry (for the completeness test and the README). */
export const SENTENCE_CODES: readonly string[] = Object.keys(S);

/** The customer sentence for `code` in `lang`, or undefined for a code nobody described. */
export function sentence(code: string, lang: Lang): string | undefined {
  const own = S[code];
  if (own) return own[lang === 'ja' ? 1 : 0];
  for (const [p, pair] of PREFIXES) if (code.startsWith(p)) return pair[lang === 'ja' ? 1 : 0];
  return undefined;
}

/** Whether `code` has a sentence of its own or of its family (for the completeness test). */
export function hasSentence(code: string): boolean {
  return sentence(code, 'en') !== undefined && sentence(code, 'ja') !== undefined;
}
