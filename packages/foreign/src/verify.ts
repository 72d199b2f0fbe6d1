/**
 * One entry for every format: detect (or take) the format, parse strictly, verify under the
 * exchange's rules and compute the findings. Bad input never reads as valid: it comes back as
 * {ok:false, code:'BAD_INPUT' | 'UNKNOWN_FORMAT' | 'FORMAT_MISMATCH'} naming the file and field.
 * @module
 */
import { DocumentError, InputError, type VerifyResult } from '@kura/codec';
import { verifyBinance } from './binance.js';
import { verifyBitget } from './bitget.js';
import { verifyBitmex } from './bitmex.js';
import { verifyBybit } from './bybit.js';
import { detectJsonFormat, detectLineFormat, FORMAT_MARK } from './detect.js';
import { type LineSource, linesOfText } from './lines.js';
import {
  checkOkxV2User,
  type OkxV2User,
  okxV2UserFindings,
  readOkxV2User,
  verifyOkxV1,
} from './okx.js';
import { verifyOkxTree } from './okx-tree.js';
import { foreignField, parseForeignJson, toRecord } from './read.js';
import {
  FORMAT_NAMES,
  type ForeignFormat,
  type ForeignOptions,
  type ForeignReport,
} from './types.js';

/** The formats that are JSON documents (the others are line files). */
const JSON_FORMATS: readonly ForeignFormat[] = [
  'okx-v1',
  'okx-v2-user',
  'bitget',
  'bybit',
  'binance',
];

/** Codes of input that could not be verified at all (exit 2 in the CLI). */
export type ForeignInputCode = 'BAD_INPUT' | 'UNKNOWN_FORMAT' | 'FORMAT_MISMATCH';

/** The outcome: a report, or an input error naming the file and field. */
export type ForeignOutcome = VerifyResult<ForeignInputCode, { readonly report: ForeignReport }> & {
  readonly file?: string;
  readonly field?: string;
};

/** A proof to verify: its text (JSON proofs, small files) or a re-readable line source. */
export interface ForeignInput {
  /** The whole text, for JSON formats (and small line files). */
  readonly text?: string;
  /** The first bytes as text (for detection) and the lines, for large line files. */
  readonly head?: string;
  readonly lines?: LineSource;
  /** OKX v2: the full-liabilities tree file in which to find the user's leaves. */
  readonly tree?: LineSource;
}

const inputError = (
  code: ForeignInputCode,
  message: string,
  file?: string,
  field?: string
): ForeignOutcome => ({
  ok: false,
  code,
  message,
  ...(file !== undefined ? { file } : {}),
  ...(field !== undefined ? { field } : {}),
});

/** Verify a foreign proof. Never throws on bad data. */
export async function verifyForeign(
  input: ForeignInput,
  opts: ForeignOptions = {}
): Promise<ForeignOutcome> {
  const file = opts.file;
  const where = file ?? 'the proof';
  try {
    const head = input.head ?? input.text ?? '';
    const lineFormat = detectLineFormat(head);
    const trimmed = head.replace(/^\uFEFF/, '').trimStart();
    if (trimmed === '') return inputError('BAD_INPUT', `${where}: the file is empty`, file);
    let detected: ForeignFormat | undefined = lineFormat;
    let doc: ReturnType<typeof parseForeignJson> | undefined;
    const literals = new Map<string, string>();
    if (detected === undefined) {
      if (!trimmed.startsWith('{'))
        return inputError(
          'UNKNOWN_FORMAT',
          `${where}: not a proof file of any known exchange (neither JSON nor a known line format)`,
          file
        );
      if (input.text === undefined)
        return inputError('BAD_INPUT', `${where}: the JSON proof is too large`, file);
      doc = parseForeignJson(input.text.replace(/^\uFEFF/, ''), file, literals);
      detected = detectJsonFormat(doc);
    }
    const format = opts.format ?? detected;
    if (format === undefined)
      return inputError(
        'UNKNOWN_FORMAT',
        `${where}: a JSON file, but not the proof of any known exchange (no ${JSON_FORMATS.map((f) => FORMAT_MARK[f]).join(', no ')})`,
        file
      );
    if (
      opts.format !== undefined &&
      detected !== opts.format &&
      !(opts.format === 'okx-v2-user' && detected === 'okx-v2-user')
    )
      return inputError(
        'FORMAT_MISMATCH',
        `${where}: this is not a ${FORMAT_NAMES[opts.format]} (it has no ${FORMAT_MARK[opts.format]})${detected ? `; it looks like: ${FORMAT_NAMES[detected]}` : ''}`,
        file,
        FORMAT_MARK[opts.format]
      );
    const lines = input.lines ?? linesOfText(input.text ?? '');
    let report: ForeignReport;
    switch (format) {
      case 'okx-v1':
        report = verifyOkxV1(doc!, file, opts.root);
        break;
      case 'bitget':
        report = verifyBitget(doc!, file, opts.root);
        break;
      case 'bybit':
        report = verifyBybit(doc!, file, opts.root);
        break;
      case 'okx-v2-user': {
        const user = readOkxV2User(doc!, file);
        report = input.tree
          ? await verifyOkxTree(input.tree, opts.treeFile, { root: opts.root, user })
          : userOnly(user);
        break;
      }
      case 'okx-v2-tree':
        report = await verifyOkxTree(lines, file, { root: opts.root });
        break;
      case 'bitmex':
        report = await verifyBitmex(lines, file, { root: opts.root, nonce: opts.nonce });
        break;
      case 'binance':
        report = verifyBinance(doc!, literals, file, opts.root);
        break;
    }
    return { ok: true, report };
  } catch (e) {
    if (e instanceof InputError)
      return {
        ok: false,
        code: 'BAD_INPUT',
        message: e.message,
        ...(e.location.file !== undefined
          ? { file: e.location.file }
          : file !== undefined
            ? { file }
            : {}),
        ...(e.location.field !== undefined ? { field: e.location.field } : {}),
      };
    if (e instanceof DocumentError)
      return inputError('BAD_INPUT', e.message, e.file ?? file, foreignField(e));
    const msg = e instanceof Error ? e.message : String(e);
    return inputError('BAD_INPUT', `${where}: ${msg}`, file);
  }
}

function userOnly(u: OkxV2User): ForeignReport {
  return {
    format: 'okx-v2-user',
    formatName: FORMAT_NAMES['okx-v2-user'],
    verdict: checkOkxV2User(u),
    user: { balances: toRecord(u.total.raw), leaves: u.nodes.length },
    findings: [
      ...okxV2UserFindings(u),
      {
        id: 'LEAVES_NOT_LOCATED',
        count: u.nodes.length,
        value: String(u.nodes.length),
        message: `Only your file was checked: your ${u.nodes.length} leaves were not looked up in the full-liabilities tree. Give the tree file too (--tree) to check they are in it.`,
      },
    ],
  };
}
