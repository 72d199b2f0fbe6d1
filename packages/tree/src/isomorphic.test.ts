/**
 * The main entry `@kura/tree` is isomorphic: nothing reachable from src/index.ts imports a
 * `node:` module or uses `Buffer` (the browser verifier bundles it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const here = new URL('./', import.meta.url);
const src = (f: string) => readFileSync(new URL(f, here), 'utf8');

/** Files reachable by relative imports (`./x.js`, `../x.js`, nested folders), as `./path.ts`. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const m of src(f).matchAll(/from '(\.\.?\/[^']+)\.js'/g)) {
      const url = new URL(`${m[1]}.ts`, new URL(f, here));
      todo.push(`./${url.href.slice(here.href.length)}`);
    }
  }
  return seen;
}

describe('isomorphic main entry', () => {
  it('no node: imports and no Buffer in anything index.ts reaches', () => {
    const files = reachable('./index.ts');
    expect(files.has('./verify.ts')).toBe(true);
    expect(files.has('./node.ts')).toBe(false);
    expect(files.has('./v2/verify.ts')).toBe(true);
    for (const f of files) {
      const code = src(f).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, f).not.toMatch(/from ['"]node:/);
      expect(code, f).not.toMatch(/\bBuffer\b/);
      expect(code, f).not.toMatch(/from ['"]\.\/node\//);
    }
  });
});
