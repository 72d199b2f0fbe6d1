/**
 * @kura/foreign/node — read a proof file from disk: JSON proofs whole (they are small), the
 * full-tree files (OKX v2 full-liabilities tree, BitMEX liabilities CSV) as a stream of lines in
 * bounded memory, however large.
 * @module
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { detectLineFormat } from './detect.js';
import { type LineSource, splitLines } from './lines.js';
import type { ForeignOptions } from './types.js';
import { type ForeignOutcome, verifyForeign } from './verify.js';

/** Largest JSON proof read whole (a path proof is a few tens of KiB). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** Lines of a file on disk, re-readable, streamed in 64 KiB chunks. */
export function linesOfFile(path: string): LineSource {
  return () => splitLines(createReadStream(path, { highWaterMark: 1 << 16 }));
}

async function head(path: string, bytes: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return new TextDecoder('utf-8', { fatal: false }).decode(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** Verify a proof file on disk (and, for OKX v2, the tree file in which to find your leaves). */
export async function verifyForeignFile(
  path: string,
  opts: Omit<ForeignOptions, 'file' | 'treeFile'> & { tree?: string } = {}
): Promise<ForeignOutcome> {
  const { tree, ...rest } = opts;
  const o: ForeignOptions = {
    ...rest,
    file: path,
    ...(tree !== undefined ? { treeFile: tree } : {}),
  };
  let size: number;
  try {
    size = (await stat(path)).size;
    if (tree !== undefined) await stat(tree);
  } catch (e) {
    return {
      ok: false,
      code: 'BAD_INPUT',
      message: `cannot read ${(e as NodeJS.ErrnoException).path ?? path}: ${(e as Error).message}`,
      file: path,
    };
  }
  const h = await head(path, 4096);
  const treeLines = tree !== undefined ? { tree: linesOfFile(tree) } : {};
  if (detectLineFormat(h) !== undefined)
    return verifyForeign({ head: h, lines: linesOfFile(path), ...treeLines }, o);
  if (size > MAX_JSON_BYTES)
    return {
      ok: false,
      code: 'BAD_INPUT',
      message: `${path}: ${size} bytes is too large for a JSON proof`,
      file: path,
    };
  const bytes = await readFile(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, code: 'BAD_INPUT', message: `${path}: not valid UTF-8`, file: path };
  }
  return verifyForeign({ text, ...treeLines }, o);
}
