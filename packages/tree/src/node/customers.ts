/**
 * The whole liabilities export in memory, for the in-memory v2 builder (`buildTreeV2`), the v2
 * proof server and the v2 audit: the same CSV / JSON Lines rows and the same strict row parser
 * as the streaming builder (`./input.ts`: header, decimals, NFC uids, line-numbered errors).
 * Duplicate uids (after NFC) are refused naming both lines.
 * @module
 */
import { readFileSync } from 'node:fs';
import { InputError } from '@kura/codec';
import type { Asset } from '../round.js';
import {
  ChunkRowError,
  detectFormat,
  type InputConfig,
  type InputFormat,
  jsonlConfig,
  parseCsvHeader,
  parseRows,
  RowBatch,
  rowErrorAt,
} from './input.js';

/** One customer row: uid (NFC) and balances in base units, asset-list order. */
export interface CustomerRow {
  readonly uid: string;
  readonly balances: readonly bigint[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read every row of `file` (CSV or JSON Lines, as `kura tree build` reads it). */
export function readCustomers(
  file: string,
  assets: readonly Asset[],
  format?: InputFormat
): CustomerRow[] {
  let b: Uint8Array;
  try {
    b = new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? e}`, { file });
  }
  if (b.length === 0) throw new InputError('empty input', { file, line: 1 });
  const fmt = format ?? detectFormat(file, b.subarray(0, 64));
  let pos = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let line = 1;
  let cfg: InputConfig;
  if (fmt === 'csv') {
    let nl = b.indexOf(10);
    if (nl < 0) nl = b.length;
    cfg = parseCsvHeader(file, b.subarray(0, nl), assets);
    pos = nl + 1;
    line = 2;
  } else cfg = jsonlConfig(file, assets);
  const k = assets.length;
  const out: CustomerRow[] = [];
  const seen = new Map<string, number>();
  const batch = new RowBatch(4096, k);
  while (pos < b.length) {
    batch.reset();
    const base = line - 1;
    try {
      [pos, line] = parseRows(cfg, b, pos, b.length, 1, batch);
    } catch (e) {
      if (e instanceof ChunkRowError) throw rowErrorAt(file, base, e.row);
      throw e;
    }
    line += base;
    for (let r = 0; r < batch.n; r++) {
      const off = batch.uidOff[r]!;
      const uid = utf8.decode(batch.heap.subarray(off, off + batch.uidLen[r]!));
      const at = base + batch.line[r]!;
      const prev = seen.get(uid);
      if (prev !== undefined)
        throw new InputError(`duplicate uid (also on line ${prev})`, {
          file,
          line: at,
          field: 'uid',
        });
      seen.set(uid, at);
      const balances: bigint[] = [];
      for (let a = 0; a < k; a++) {
        const s = batch.balBase + r * batch.balStride + 16 * a;
        let v = 0n;
        for (let j = 0; j < 16; j++) v = (v << 8n) | BigInt(batch.bal[s + j]!);
        balances.push(v);
      }
      out.push({ uid, balances });
    }
  }
  if (out.length === 0) throw new InputError('no customer rows', { file, line });
  return out;
}
