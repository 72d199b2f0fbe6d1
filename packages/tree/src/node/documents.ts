/**
 * Reading the tree's own documents from files — `round.json`, `assets.json` (v1 and v2),
 * `root.json` (v1 and v2) — and checking that a directory is a tree store. Every error is an
 * `InputError` naming the file and, where the document breaks its shape, the field's JSON path
 * (could not check, exit 2); a file that is another kind of Kura document is named by its
 * `version`; a truncated one is never taken for a verdict. One reader of each, used by the
 * command line and the workflows.
 * @module
 */
import { DocumentError, EncodingError, InputError, KuraError } from '@kura/codec';
import {
  checkVersion,
  DOCUMENTS,
  type ExpectedDocument,
  expectDirectory,
  readJsonFile,
} from '@kura/codec/node';
import { parseAnyRootFile } from '../any-root.js';
import { type Asset, parseAssets, parseRound, type Round } from '../round.js';
import { type AssetV2, parseAssetsV2 } from '../v2/assets.js';
import { parseRootFileV2, type RootFileV2 } from '../v2/rootfile.js';

/**
 * Refuse anything but a tree store directory (`kura tree build --out`): a publication directory
 * (no store.json), a file, a truncated root.json or store.json, or one of another kind.
 */
export function expectTreeStore(dir: string): void {
  expectDirectory(dir, 'a tree store directory (kura tree build --out)', {
    'root.json': DOCUMENTS.root,
    'store.json': DOCUMENTS.store,
  });
}

/**
 * Read the JSON document `file` of kind `expected` and check it with `parse`; a shape or encoding
 * error becomes an `InputError` naming the file and the field's JSON path.
 */
export function readTreeDocument<T>(
  file: string,
  parse: (v: unknown) => T,
  expected: ExpectedDocument
): T {
  const v = readJsonFile(file);
  checkVersion(v, file, expected); // another kind of Kura document: named, exit 2
  try {
    return parse(v);
  } catch (e) {
    if (e instanceof DocumentError) throw new InputError(e.reason, { file, field: e.path });
    if (e instanceof EncodingError) throw new InputError(e.message, { file, field: e.field });
    throw e;
  }
}

/** Read a bare `round.json` (exchange, period, snapshotTime). */
export function readRoundFile(file: string): Round {
  return readTreeDocument(file, (v) => parseRound(v), DOCUMENTS.bareRound);
}

/** Read a v1 `assets.json`. */
export function readAssetsFile(file: string): Asset[] {
  return readTreeDocument(file, (v) => parseAssets(v), DOCUMENTS.assets);
}

/** Read a v2 `assets.json` (every entry with `treeDecimals`, SPEC.md §16.12.1). */
export function readAssetsV2File(file: string): AssetV2[] {
  return readTreeDocument(file, (v) => parseAssetsV2(v), DOCUMENTS.assets);
}

/** Read a `kura-root/2` root file (SPEC.md §16.12). */
export function readRootV2File(file: string): RootFileV2 {
  return readTreeDocument(file, (v) => parseRootFileV2(v).file, DOCUMENTS.root);
}

/**
 * Read the round a `--round` option names: a bare round object, or a root file (v1 or v2, by its
 * `version`), whose round and liabilities asset list are returned. A Kura error of the
 * document becomes an `InputError` naming the file.
 */
export function readRoundOrRootFile(file: string): { round: Round; assets?: Asset[] } {
  const v = readJsonFile(file);
  checkVersion(v, file, DOCUMENTS.round); // another kind of Kura document: named, exit 2
  try {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'version' in v) {
      const root = parseAnyRootFile(v);
      return { round: root.round, assets: [...root.assets] };
    }
    return { round: parseRound(v) };
  } catch (e) {
    if (e instanceof KuraError) throw new InputError(e.message, { file }, { cause: e });
    throw e;
  }
}
