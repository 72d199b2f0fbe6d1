/**
 * Every code a customer can meet has a sentence in plain words in both languages. The codes are
 * enumerated from the packages themselves — `ATTEST_CODES` of @kura/attest, the `ProofErrorCode`
 * union of @kura/tree's `verifyProof`, the phase map of attestation codes (`ATTEST_PHASES` of
 * @kura/attest, which the page groups) and the page's
 * own loading codes — so a code added to a package (or to the phase map) without a sentence
 * fails here.
 */
import { readFileSync } from 'node:fs';
import { ATTEST_CODES, ATTEST_PHASES } from '@kura/attest';
import { describe, expect, test } from 'vitest';
import { PAGE_CODES, SENTENCE_CODES, sentence } from '../src/sentences.ts';

/** Members of `export type ProofErrorCode = 'A' | 'B' …` in the tree package's verifier. */
function proofCodes(): string[] {
  const src = readFileSync(new URL('../../packages/tree/src/verify.ts', import.meta.url), 'utf8');
  const m = /export type ProofErrorCode =([^;]+);/.exec(src);
  if (!m) throw new Error('ProofErrorCode not found in packages/tree/src/verify.ts');
  return [...m[1]!.matchAll(/'([A-Z0-9_]+)'/g)].map((x) => x[1]!);
}

/**
 * Codes of the v2 proof verifier (`verifyProofDocumentV2`): the members of `ProofV2Code` in
 * @kura/tree and of the unions it is built from in @kura/confidential (`InclusionV2Code`,
 * `RangeProofCode`, `RootOpeningCode`, `OpeningCode`).
 */
function proofV2Codes(): string[] {
  const unions: [string, string][] = [
    ['../../packages/tree/src/v2/verify.ts', 'ProofV2Code'],
    ['../../packages/confidential/src/proof.ts', 'InclusionV2Code'],
    ['../../packages/confidential/src/rangeproof.ts', 'RangeProofCode'],
    ['../../packages/confidential/src/root.ts', 'RootOpeningCode'],
    ['../../packages/confidential/src/pedersen.ts', 'OpeningCode'],
  ];
  return unions.flatMap(([file, name]) => {
    const src = readFileSync(new URL(file, import.meta.url), 'utf8');
    const m = new RegExp(`export type ${name} =([^;]+);`).exec(src);
    if (!m) throw new Error(`${name} not found in ${file}`);
    return [...m[1]!.matchAll(/'([A-Z0-9_]+)'/g)].map((x) => x[1]!);
  });
}

/** Codes listed in the phase map the page uses (`ATTEST_PHASES` of @kura/attest). */
function phaseMapCodes(): string[] {
  return Object.values(ATTEST_PHASES).flat();
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('a customer sentence for every code, in English and Japanese', () => {
  const codes = [
    ...new Set([
      ...ATTEST_CODES,
      ...proofCodes(),
      ...proofV2Codes(),
      ...phaseMapCodes(),
      ...PAGE_CODES,
    ]),
  ];

  test('the enumeration finds the packages’ codes', () => {
    expect(proofCodes()).toContain('ROOT_MISMATCH');
    expect(proofCodes().length).toBeGreaterThanOrEqual(8);
    expect(codes).toContain('SIGNATURE_INVALID');
    expect(codes).toContain('WRONG_KIND');
    for (const c of [
      'RANGE_PROOF_FORGED',
      'POINT_INVALID',
      'ROOT_OPENING_MISMATCH',
      'ROUND_MISMATCH',
    ])
      expect(proofV2Codes()).toContain(c);
  });

  test.each(codes)('%s', (code) => {
    const en = sentence(code, 'en');
    const ja = sentence(code, 'ja');
    expect([code, typeof en, typeof ja]).toEqual([code, 'string', 'string']);
    // A sentence, not a code: it ends like one and does not repeat the code.
    expect(en).toMatch(/[.!?]$/);
    expect(ja).toMatch(/。$/);
    expect(en).not.toContain(code);
    expect(JAPANESE.test(en!)).toBe(false);
    expect(JAPANESE.test(ja!)).toBe(true);
  });

  test('the plain words for a changed balance say what the issue asks', () => {
    expect(sentence('ROOT_MISMATCH', 'en')).toBe(
      'The balances in this file do not add up to the published total: this file does not belong to this month’s report, or it was changed.'
    );
  });

  test('every entry of the table is a code (upper case), with both languages', () => {
    for (const c of SENTENCE_CODES) {
      expect(c).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(sentence(c, 'ja')).not.toBe(sentence(c, 'en'));
    }
  });

  test('an unknown code has no sentence (the page then names the check instead)', () => {
    expect(sentence('SOMETHING_NEW', 'en')).toBeUndefined();
  });
});

describe('the Japanese words fixed in GLOSSARY.md', () => {
  const src = ['../src/i18n.ts', '../src/sentences.ts', '../src/policy-ja.ts']
    .map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
    .join('\n')
    // Comments may name the words to avoid; the texts may not.
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  // [avoided word, the glossary's word]
  const AVOID: [string, string][] = [
    ['証明書', '月次報告書'],
    ['副署', '連署'],
    ['リーフ', 'あなたの記録'],
    ['ルート', '全顧客の合計'],
    ['経路', '段階的に'],
    ['包含証明', '残高ファイル'],
    ['自己資金', '取引所の自己保有分'],
    ['カバー率', '充足率'],
    ['コミットメント', '封じられた値'],
    ['レンジプルーフ', '範囲証明'],
  ];
  test.each(AVOID)(
    'no “%s” in the page’s Japanese texts (the glossary says “%s”)',
    (avoid, use) => {
      expect(src).not.toContain(avoid);
      expect(src).toContain(use);
    }
  );
  test('the glossary lists proof of reserves as プルーフ・オブ・リザーブ（準備金証明）', () => {
    const glossary = readFileSync(new URL('../GLOSSARY.md', import.meta.url), 'utf8');
    expect(glossary).toContain('プルーフ・オブ・リザーブ（準備金証明）');
    expect(src).toContain('プルーフ・オブ・リザーブ（準備金証明）');
  });
});
