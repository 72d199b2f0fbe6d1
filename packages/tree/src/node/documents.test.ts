/**
 * The tree's document readers on files: round.json, assets.json (v1, v2), root.json (v1, v2) from
 * the spec's vectors, and every class of bad file — another kind of Kura document (named by its
 * version), a truncated file, a field that breaks the shape (file and JSON path named) — always an
 * InputError (could not check), never a verdict.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, KuraError } from '@kura/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnyRootFile } from '../any-root.js';
import {
  expectTreeStore,
  readAssetsFile,
  readAssetsV2File,
  readRootV2File,
  readRoundFile,
  readRoundOrRootFile,
} from './documents.js';

const vec = (p: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../circuits-free-spec/vectors/${p}`, import.meta.url), 'utf8')
  ) as { round: unknown; assets: unknown; rootFile: Record<string, unknown> };
const V1 = vec('positive/dense-2users-1asset-h1.json');
const V2 = vec('v2/positive/dense-1user-1asset-h1.json');

let tmp: string;
let n = 0;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kura-tree-docs-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (v: unknown, raw?: string): string => {
  const p = join(tmp, `${n++}.json`);
  writeFileSync(p, raw ?? JSON.stringify(v, null, 2));
  return p;
};
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('readRoundFile, readAssetsFile, readAssetsV2File', () => {
  it('read the vectors’ round and asset lists', () => {
    expect(readRoundFile(file(V1.round))).toEqual(V1.round);
    expect(readAssetsFile(file(V1.assets))).toEqual(V1.assets);
    expect(readAssetsV2File(file(V2.assets))).toEqual(V2.assets);
  });

  it('name the file and the JSON path of a field that breaks the shape', () => {
    const p = file({ ...(V1.round as object), period: 7 });
    const e = thrown(() => readRoundFile(p));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).location.file).toBe(p);
    expect((e as InputError).location.field).toMatch(/period/);
    // a v1 asset list is not a v2 one: treeDecimals is required
    const a = file(V1.assets);
    const e2 = thrown(() => readAssetsV2File(a));
    expect(e2).toBeInstanceOf(InputError);
    expect((e2 as InputError).location.file).toBe(a);
  });

  it('name another kind of Kura document by its version, and refuse a truncated file', () => {
    const root = file(V1.rootFile);
    expect(String((thrown(() => readRoundFile(root)) as Error).message)).toContain('kura-root/1');
    const cut = file(undefined, JSON.stringify(V1.round).slice(0, 20));
    const e = thrown(() => readRoundFile(cut));
    expect(e).toBeInstanceOf(KuraError);
    expect((e as Error).message).toContain(cut);
  });
});

describe('readRootV2File and parseAnyRootFile', () => {
  it('read a kura-root/2 file; parseAnyRootFile tells the protocols apart by version', () => {
    expect(readRootV2File(file(V2.rootFile)).rootCommitment).toBe(V2.rootFile.rootCommitment);
    expect(parseAnyRootFile(V1.rootFile).version).toBe('kura-root/1');
    expect(parseAnyRootFile(V2.rootFile).version).toBe('kura-root/2');
    expect(() => parseAnyRootFile({ ...V2.rootFile, rootCommitment: 'zz' })).toThrow(KuraError);
  });

  it('names a v1 root given where a v2 one is needed', () => {
    const p = file(V1.rootFile);
    const e = thrown(() => readRootV2File(p));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).location.file).toBe(p);
  });
});

describe('readRoundOrRootFile', () => {
  it('reads a bare round (no asset list) and the round and assets of a v1 or v2 root file', () => {
    expect(readRoundOrRootFile(file(V1.round))).toEqual({ round: V1.round });
    expect(readRoundOrRootFile(file(V1.rootFile))).toEqual({
      round: V1.round,
      assets: V1.assets,
    });
    expect(readRoundOrRootFile(file(V2.rootFile))).toEqual({
      round: V2.round,
      assets: V2.assets,
    });
  });

  it('names the file of a root file that breaks its shape; refuses another kind of document', () => {
    const p = file({ ...V1.rootFile, height: -1 });
    const e = thrown(() => readRoundOrRootFile(p));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).location.file).toBe(p);
    const ev = file({ version: 'kura-evidence/1' });
    expect((thrown(() => readRoundOrRootFile(ev)) as Error).message).toContain('kura-evidence/1');
  });
});

describe('expectTreeStore', () => {
  it('refuses a directory without store.json, a file, and a truncated root.json', () => {
    const dir = join(tmp, 'not-a-store');
    mkdirSync(dir);
    writeFileSync(join(dir, 'root.json'), JSON.stringify(V1.rootFile));
    expect(() => expectTreeStore(dir)).toThrow(KuraError);
    expect(() => expectTreeStore(join(dir, 'root.json'))).toThrow(KuraError);
    writeFileSync(join(dir, 'store.json'), '{"version":"kura-store/1"}');
    writeFileSync(join(dir, 'root.json'), '{"version":"kura-ro');
    expect(() => expectTreeStore(dir)).toThrow(/root\.json/);
  });
});
