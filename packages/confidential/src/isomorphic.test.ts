/**
 * The main entry `@kura/confidential` is isomorphic (the browser verifier will bundle it):
 * nothing reachable from src/index.ts imports a `node:` module, uses `Buffer`, or imports
 * anything but `@kura/codec` and `@noble/*`.
 */
import { describe, expect, it } from 'vitest';
import { reachable as reach, sourceReader, withoutComments } from '../../codec/test/isomorphic.js';

const here = new URL('./', import.meta.url);
const src = sourceReader(here);
const reachable = (entry: string): Set<string> => reach(here, entry);

describe('isomorphic main entry', () => {
  it('no node: imports, no Buffer, only @kura/codec and @noble dependencies', () => {
    const files = reachable('./index.ts');
    expect(files.has('./rangeproof.ts')).toBe(true);
    expect(files.has('./fast25519.ts')).toBe(true);
    expect(files.has('./wasm25519.ts')).toBe(true);
    // the table stays out of the main entry (browser bundles choose); its own entry is isomorphic
    expect(files.has('./generator-table.ts')).toBe(false);
    expect(files.has('./node.ts')).toBe(false);
    for (const f of reachable('./generator-table.ts')) files.add(f);
    for (const f of files) {
      const code = withoutComments(src(f));
      expect(code, f).not.toMatch(/from ['"]node:/);
      expect(code, f).not.toMatch(/\bBuffer\b/);
      for (const m of code.matchAll(/from '([^.][^']*)'/g))
        expect(m[1]!, f).toMatch(/^(@kura\/codec|@noble\/(curves|hashes)\/[a-z0-9/-]+\.js)$/);
    }
  });
});
