/**
 * The main entry `@kura/tree` is isomorphic: nothing reachable from src/index.ts imports a
 * `node:` module or uses `Buffer` (the browser verifier bundles it).
 */
import { describe, expect, it } from 'vitest';
import { reachable as reach, sourceReader, withoutComments } from '../../codec/test/isomorphic.js';

const here = new URL('./', import.meta.url);
const src = sourceReader(here);
const reachable = (entry: string): Set<string> => reach(here, entry);

describe('isomorphic main entry', () => {
  it('no node: imports and no Buffer in anything index.ts reaches', () => {
    const files = reachable('./index.ts');
    expect(files.has('./verify.ts')).toBe(true);
    expect(files.has('./node.ts')).toBe(false);
    expect(files.has('./v2/verify.ts')).toBe(true);
    for (const f of files) {
      const code = withoutComments(src(f));
      expect(code, f).not.toMatch(/from ['"]node:/);
      expect(code, f).not.toMatch(/\bBuffer\b/);
      expect(code, f).not.toMatch(/from ['"]\.\/node\//);
    }
  });
});
