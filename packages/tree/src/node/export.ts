/**
 * Bulk export of every inclusion proof of a tree store: JSON Lines shards (`proofs-00000.jsonl`,
 * one compact `kura-proof/1` per line in position order, or `kura-proof/2` in uid-hash order) and `manifest.json`, streamed through
 * fixed buffers (memory does not grow with the number of users) into a temporary directory that
 * is renamed into place — a killed export leaves the previous export or none.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  arr,
  DocumentError,
  hex,
  type Infer,
  InputError,
  int,
  literal,
  obj,
  str,
} from '@kura/codec';
import { fsyncDir, readDocumentFile, writeFileAtomic } from '@kura/codec/node';
import { FileWriter } from './files.js';

/** The `version` of manifest.json. */
export const PROOFS_VERSION = 'kura-proofs/1';

/** The declared shape of `manifest.json` (`kura-proofs/1`), as {@link exportProofs} writes it. */
export const proofsManifestShape = obj({
  version: literal(PROOFS_VERSION),
  rootCommitment: hex(32),
  proofs: int(0),
  files: arr(
    str({ pattern: /^proofs-[0-9]{5,}\.jsonl$/, expected: 'expected proofs-NNNNN.jsonl' })
  ),
});
/** The content of an export's `manifest.json`. */
export type ProofsManifest = Infer<typeof proofsManifestShape>;

/**
 * Read the `manifest.json` of the proof export in `dir` through the one document reader: errors
 * name the file, line, column and field ({@link DocumentError}, or the strict parser's).
 */
export function readProofsManifest(dir: string): ProofsManifest {
  return readDocumentFile(proofsManifestShape, join(dir, 'manifest.json'));
}

/** What {@link exportProofs} reads: a v1 `TreeStore` or a v2 `TreeStoreV2`. */
export interface ProofSource {
  proofs(): Iterable<unknown>;
  readonly root: { readonly rootCommitment: string };
  readonly meta: { readonly users: number };
}

/** Options of {@link exportProofs}. */
export interface ExportOptions {
  /** Proofs per shard (default 100 000). */
  readonly shard?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link exportProofs} wrote. */
export interface ExportResult {
  readonly dir: string;
  readonly proofs: number;
  readonly files: readonly string[];
}

/** Write every proof of `store` into `out` (replacing a previous export, refusing anything else). */
export function exportProofs(
  store: ProofSource,
  out: string,
  opts: ExportOptions = {}
): ExportResult {
  const dir = resolve(out);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    // only a previous export is replaced: its manifest must be a kura-proofs/1 manifest (a web
    // site's own manifest.json is not one)
    const refuse = (cause?: unknown) =>
      new InputError(
        'refusing to replace a non-empty directory that is not a proof export',
        { file: dir },
        { cause }
      );
    if (!existsSync(join(dir, 'manifest.json'))) throw refuse();
    try {
      readProofsManifest(dir);
    } catch (e) {
      if (e instanceof DocumentError) throw refuse(e);
      throw e;
    }
  }
  const shard = opts.shard ?? 100_000;
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = join(
    dirname(dir),
    `.${basename(dir)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`
  );
  mkdirSync(tmp);
  let w: FileWriter | undefined;
  try {
    const files: string[] = [];
    const enc = new TextEncoder();
    let n = 0;
    for (const p of store.proofs()) {
      if (n % shard === 0) {
        w?.close();
        const name = `proofs-${String(files.length).padStart(5, '0')}.jsonl`;
        w = new FileWriter(join(tmp, name), 1 << 20);
        files.push(name);
      }
      const line = `${JSON.stringify(p)}\n`;
      const at = w!.reserve(3 * line.length);
      const { written } = enc.encodeInto(line, w!.buffer.subarray(at));
      w!.unreserve(3 * line.length - written);
      n++;
      if (n % 1024 === 0) opts.onProgress?.(n, store.meta.users);
    }
    w?.close();
    w = undefined;
    writeFileAtomic(
      join(tmp, 'manifest.json'),
      `${JSON.stringify({ version: PROOFS_VERSION, rootCommitment: store.root.rootCommitment, proofs: n, files }, null, 2)}\n`
    );
    fsyncDir(tmp);
    if (existsSync(dir)) {
      const old = `${tmp}.old`;
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, dir);
    fsyncDir(dirname(dir));
    return { dir, proofs: n, files };
  } catch (e) {
    w?.abort();
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
