/**
 * Customer input files: CSV with the header `uid,<SYMBOL>,<SYMBOL>,…` and JSON Lines
 * `{"uid": "...", "balances": {"<SYMBOL>": "<amount>"}}`. Amounts are decimals in the asset's
 * unit, converted exactly to base units (never rounded). Rows are parsed byte by byte into a
 * compact {@link RowBatch} (no object per row).
 *
 * Every rejection names the file, line, column and field: negative amounts, too many fractional
 * digits, non-numeric values, more than 2^96−1 base units, unknown / missing / duplicate asset
 * columns, malformed rows, bad uids, empty input and invalid UTF-8. (Duplicate uids are found
 * later, when rows are sorted by order key.)
 * @module
 */
import { InputError, isNfc, parseJsonStrict } from '@kura/codec';
import type { Asset } from '../round.js';
import { AMOUNT_OK, amountReason, writeAmount } from './amount-bytes.js';

/** Input formats. */
export type InputFormat = 'csv' | 'jsonl';

/** Longest uid accepted, in UTF-8 bytes (after NFC). */
export const MAX_UID_BYTES = 1024;

/**
 * The longest input line accepted: 1 MiB. A uid is at most 1024 bytes and a row carries at most
 * 4096 amounts, so an honest row is far shorter; a longer one is refused, never buffered further.
 */
export const MAX_ROW_BYTES = 1 << 20;

/** What a worker needs to parse rows. */
export interface InputConfig {
  readonly file: string;
  readonly format: InputFormat;
  readonly symbols: readonly string[];
  readonly decimals: readonly number[];
  /** CSV: for field j ≥ 1, the asset index it holds. */
  readonly columnAsset: readonly number[];
}

/** A parse error inside a chunk; `line` is relative to the chunk's first line (1-based). */
export interface RowError {
  readonly line: number;
  readonly column?: number;
  readonly field?: string;
  readonly reason: string;
}

/** Thrown by {@link parseRows}: a {@link RowError} waiting for its absolute line number. */
export class ChunkRowError extends Error {
  readonly row: RowError;
  constructor(row: RowError) {
    super(row.reason);
    this.row = row;
  }
}

/** Turn a chunk-relative row error into an {@link InputError} at absolute line `base + line`. */
export function rowErrorAt(file: string, base: number, e: RowError): InputError {
  return new InputError(e.reason, {
    file,
    line: base + e.line,
    column: e.column,
    field: e.field,
  });
}

/** Rows parsed from a chunk, structure-of-arrays. */
export class RowBatch {
  readonly cap: number;
  readonly k: number;
  n = 0;
  /** uid bytes (NFC UTF-8), rows back to back. */
  heap: Uint8Array;
  heapUsed = 0;
  readonly uidOff: Int32Array;
  readonly uidLen: Int32Array;
  /** Row r's balances: 16 bytes each (u128 big-endian, asset-list order) at
   * `bal[balBase + r·balStride …]`; by default a private array, or the hashing arena. */
  readonly bal: Uint8Array;
  readonly balBase: number;
  readonly balStride: number;
  /** Chunk-relative 1-based line of each row. */
  readonly line: Int32Array;
  constructor(cap: number, k: number, bal?: { mem: Uint8Array; base: number; stride: number }) {
    this.cap = cap;
    this.k = k;
    this.heap = new Uint8Array(cap * 16);
    this.uidOff = new Int32Array(cap);
    this.uidLen = new Int32Array(cap);
    this.bal = bal?.mem ?? new Uint8Array(cap * 16 * k);
    this.balBase = bal?.base ?? 0;
    this.balStride = bal?.stride ?? 16 * k;
    this.line = new Int32Array(cap);
  }
  reset(): void {
    this.n = 0;
    this.heapUsed = 0;
  }
  /** Append uid bytes `src[s … e)` for the row being added. */
  pushUid(src: Uint8Array, s: number, e: number): void {
    const len = e - s;
    if (this.heapUsed + len > this.heap.length) {
      const bigger = new Uint8Array(Math.max(this.heap.length * 2, this.heapUsed + len));
      bigger.set(this.heap.subarray(0, this.heapUsed));
      this.heap = bigger;
    }
    const h = this.heap;
    const at = this.heapUsed;
    for (let i = 0; i < len; i++) h[at + i] = src[s + i]!;
    this.uidOff[this.n] = this.heapUsed;
    this.uidLen[this.n] = len;
    this.heapUsed += len;
  }
}

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Offset of the first byte of an invalid UTF-8 sequence in `b[s … e)`, or −1. */
export function invalidUtf8At(b: Uint8Array, s: number, e: number): number {
  let i = s;
  while (i < e) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    if (i + n >= e) return i;
    let cp = c & (0x3f >> n);
    for (let j = 1; j <= n; j++) {
      const d = b[i + j]!;
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** Detect the format from the file name, else from the first byte (`{` = JSON Lines). */
export function detectFormat(file: string, head: Uint8Array): InputFormat {
  const f = file.toLowerCase();
  if (f.endsWith('.csv')) return 'csv';
  if (f.endsWith('.jsonl') || f.endsWith('.ndjson')) return 'jsonl';
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09)) i++;
  return head[i] === 0x7b ? 'jsonl' : 'csv';
}

/**
 * Read the CSV header line `uid,<SYMBOL>,…` (bytes without the line break) against the asset
 * list. Each asset must appear exactly once, in any order; anything else is rejected.
 */
export function parseCsvHeader(
  file: string,
  line: Uint8Array,
  assets: readonly Asset[]
): InputConfig {
  const bad = invalidUtf8At(line, 0, line.length);
  if (bad >= 0) throw new InputError('invalid UTF-8', { file, line: 1, column: bad + 1 });
  let text = fatal.decode(line);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.length === 0) throw new InputError('empty input: no header line', { file, line: 1 });
  const names = text
    .split(',')
    .map((s) => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s));
  if (names[0] !== 'uid')
    throw new InputError(`the first column must be "uid", got "${clip(names[0]!)}"`, {
      file,
      line: 1,
      column: 1,
    });
  const bySymbol = new Map(assets.map((a, i) => [a.symbol, i]));
  const columnAsset: number[] = [-1];
  const seen = new Set<number>();
  for (let j = 1; j < names.length; j++) {
    const a = bySymbol.get(names[j]!);
    if (a === undefined)
      throw new InputError(`unknown asset column "${clip(names[j]!)}" (not in the asset list)`, {
        file,
        line: 1,
        column: j + 1,
        field: names[j],
      });
    if (seen.has(a))
      throw new InputError(`duplicate asset column "${names[j]}"`, {
        file,
        line: 1,
        column: j + 1,
        field: names[j],
      });
    seen.add(a);
    columnAsset.push(a);
  }
  const missing = assets.filter((_, i) => !seen.has(i)).map((a) => a.symbol);
  if (missing.length > 0)
    throw new InputError(`missing asset column(s): ${missing.join(', ')}`, { file, line: 1 });
  return {
    file,
    format: 'csv',
    symbols: assets.map((a) => a.symbol),
    decimals: assets.map((a) => a.decimals),
    columnAsset,
  };
}

/** The configuration of a JSON Lines input. */
export function jsonlConfig(file: string, assets: readonly Asset[]): InputConfig {
  return {
    file,
    format: 'jsonl',
    symbols: assets.map((a) => a.symbol),
    decimals: assets.map((a) => a.decimals),
    columnAsset: [],
  };
}

/**
 * Parse rows of `b[pos … end)` into `batch` until the batch is full or the range ends. The range
 * holds whole lines (a trailing line without a line break is a line). `line` is the
 * chunk-relative number of the line at `pos`. Returns where it stopped: `[pos, line]`.
 * Throws {@link ChunkRowError} for a bad row.
 */
export function parseRows(
  cfg: InputConfig,
  b: Uint8Array,
  pos: number,
  end: number,
  line: number,
  batch: RowBatch
): [number, number] {
  while (pos < end && batch.n < batch.cap) {
    let nl = b.indexOf(10, pos);
    if (nl < 0 || nl > end) nl = end;
    let e = nl;
    if (e > pos && b[e - 1] === 13) e--;
    if (e - pos > MAX_ROW_BYTES)
      throw new ChunkRowError({ line, reason: `line longer than ${MAX_ROW_BYTES} bytes` });
    if (e === pos) {
      // an empty line is allowed only as the very end of the input
      if (nl < end) throw new ChunkRowError({ line, reason: 'empty line' });
    } else if (cfg.format === 'csv') csvRow(cfg, b, pos, e, line, batch);
    else jsonRow(cfg, b, pos, e, line, batch);
    pos = nl + 1;
    line++;
  }
  return [pos, line];
}

function csvRow(
  cfg: InputConfig,
  b: Uint8Array,
  s: number,
  e: number,
  line: number,
  batch: RowBatch
): void {
  const k = cfg.symbols.length;
  const cols = cfg.columnAsset;
  const balBase = batch.balBase + batch.n * batch.balStride;
  let field = 0;
  let i = s;
  for (;;) {
    let fs = i;
    let fe: number;
    let next: number;
    let src = b;
    if (i < e && b[i] === 34) {
      // RFC 4180 quoted field on one line: "" is a quote
      const parts: number[] = [];
      let j = i + 1;
      for (;;) {
        if (j >= e)
          throw new ChunkRowError({ line, column: field + 1, reason: 'unterminated quoted field' });
        if (b[j] === 34) {
          if (b[j + 1] === 34 && j + 1 < e) {
            parts.push(34);
            j += 2;
            continue;
          }
          break;
        }
        parts.push(b[j]!);
        j++;
      }
      src = Uint8Array.from(parts);
      next = j + 1;
      if (next < e && b[next] !== 44)
        throw new ChunkRowError({ line, column: field + 1, reason: 'text after a closing quote' });
      fs = 0;
      fe = src.length;
    } else {
      let j = i;
      while (j < e && b[j] !== 44) j++;
      fe = j;
      next = j;
    }
    if (field === 0) {
      if (src === b)
        for (let q = fs; q < fe; q++)
          if (b[q] === 34)
            throw new ChunkRowError({
              line,
              column: 1,
              field: 'uid',
              reason: 'unexpected quote in an unquoted field',
            });
      addUid(src, fs, fe, line, batch);
    } else if (field < cols.length) {
      const a = cols[field]!;
      const code = writeAmount(src, fs, fe, cfg.decimals[a]!, batch.bal, balBase + 16 * a);
      if (code !== AMOUNT_OK) {
        if (invalidUtf8At(src, fs, fe) >= 0)
          throw new ChunkRowError({
            line,
            column: field + 1,
            field: cfg.symbols[a],
            reason: 'invalid UTF-8',
          });
        throw new ChunkRowError({
          line,
          column: field + 1,
          field: cfg.symbols[a],
          reason: amountReason(code, text(src, fs, fe), cfg.symbols[a]!, cfg.decimals[a]!),
        });
      }
    }
    field++;
    if (next >= e) break;
    i = next + 1; // after a trailing comma this is `e`: an empty last field
  }
  const want = cols.length;
  if (field !== want)
    throw new ChunkRowError({
      line,
      column: field < want ? field + 1 : want + 1,
      field: field < want ? cfg.symbols[cols[field]!] : undefined,
      reason: `expected ${want} fields (uid and ${k} assets), got ${field}`,
    });
  batch.line[batch.n] = line;
  batch.n++;
}

function addUid(
  src: Uint8Array,
  s: number,
  e: number,
  line: number,
  batch: RowBatch,
  column = 1
): void {
  const field = 'uid';
  if (s === e) throw new ChunkRowError({ line, column, field, reason: 'empty uid' });
  let ascii = true;
  for (let j = s; j < e; j++) {
    const c = src[j]!;
    if (c < 0x20 || c === 0x7f)
      throw new ChunkRowError({ line, column, field, reason: 'control character in uid' });
    if (c >= 0x80) ascii = false;
  }
  if (ascii) {
    if (e - s > MAX_UID_BYTES)
      throw new ChunkRowError({
        line,
        column,
        field,
        reason: `uid longer than ${MAX_UID_BYTES} bytes`,
      });
    batch.pushUid(src, s, e);
    return;
  }
  if (invalidUtf8At(src, s, e) >= 0)
    throw new ChunkRowError({ line, column, field, reason: 'invalid UTF-8' });
  const str = fatal.decode(src.subarray(s, e));
  const nfc = isNfc(str) ? str : str.normalize('NFC');
  const bytes = encoder.encode(nfc);
  if (bytes.length > MAX_UID_BYTES)
    throw new ChunkRowError({
      line,
      column,
      field,
      reason: `uid longer than ${MAX_UID_BYTES} bytes`,
    });
  batch.pushUid(bytes, 0, bytes.length);
}

function jsonRow(
  cfg: InputConfig,
  b: Uint8Array,
  s: number,
  e: number,
  line: number,
  batch: RowBatch
): void {
  const bad = invalidUtf8At(b, s, e);
  if (bad >= 0) throw new ChunkRowError({ line, column: bad - s + 1, reason: 'invalid UTF-8' });
  const lineText = fatal.decode(b.subarray(s, e));
  let v: unknown;
  try {
    v = parseJsonStrict(lineText, { file: cfg.file });
  } catch (err) {
    const j = err as { column?: number; message: string };
    const reason = j.message.replace(/^.*?: (field "[^"]*": )?/, '');
    throw new ChunkRowError({ line, column: j.column, reason: `invalid JSON: ${reason}` });
  }
  const col = (needle: string): number | undefined => {
    const i = lineText.indexOf(needle);
    return i < 0 ? undefined : i + 1;
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ChunkRowError({
      line,
      column: 1,
      reason: 'expected a JSON object {"uid", "balances"}',
    });
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (key !== 'uid' && key !== 'balances')
      throw new ChunkRowError({
        line,
        column: col(JSON.stringify(key)),
        field: key,
        reason: `unknown field "${clip(key)}"`,
      });
  if (typeof o.uid !== 'string')
    throw new ChunkRowError({
      line,
      column: col('"uid"') ?? 1,
      field: 'uid',
      reason: 'expected "uid" to be a string',
    });
  const uidBytes = encoder.encode(o.uid);
  addUid(uidBytes, 0, uidBytes.length, line, batch, col('"uid"') ?? 1);
  const bal = o.balances;
  if (typeof bal !== 'object' || bal === null || Array.isArray(bal))
    throw new ChunkRowError({
      line,
      column: col('"balances"') ?? 1,
      field: 'balances',
      reason: 'expected "balances" to be an object {"<SYMBOL>": "<amount>"}',
    });
  const balances = bal as Record<string, unknown>;
  const k = cfg.symbols.length;
  const base = batch.balBase + batch.n * batch.balStride;
  for (const sym of Object.keys(balances))
    if (!cfg.symbols.includes(sym))
      throw new ChunkRowError({
        line,
        column: col(JSON.stringify(sym)),
        field: `balances.${sym}`,
        reason: `unknown asset "${clip(sym)}" (not in the asset list)`,
      });
  for (let a = 0; a < k; a++) {
    const sym = cfg.symbols[a]!;
    const val = balances[sym];
    const field = `balances.${sym}`;
    const column = col(JSON.stringify(sym));
    if (val === undefined)
      throw new ChunkRowError({
        line,
        column: col('"balances"'),
        field,
        reason: `missing asset "${sym}"`,
      });
    if (typeof val !== 'string')
      throw new ChunkRowError({
        line,
        column,
        field,
        reason: 'amounts must be JSON strings such as "0.00012345" (never numbers)',
      });
    const vb = encoder.encode(val);
    const code = writeAmount(vb, 0, vb.length, cfg.decimals[a]!, batch.bal, base + 16 * a);
    if (code !== AMOUNT_OK)
      throw new ChunkRowError({
        line,
        column,
        field,
        reason: amountReason(code, val, sym, cfg.decimals[a]!),
      });
  }
  batch.line[batch.n] = line;
  batch.n++;
}

function text(b: Uint8Array, s: number, e: number): string {
  return new TextDecoder().decode(b.subarray(s, Math.min(e, s + 64)));
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
