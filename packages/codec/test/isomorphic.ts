/**
 * The packages' isomorphic-entry tests (`src/isomorphic.test.ts` of @kura/tree and
 * @kura/confidential) walk a package's sources from its main entry the same way: this is that
 * walk, once.
 */
import { readFileSync } from 'node:fs';

/** A package's source folder: read a file of it by its `./path.ts` name. */
export function sourceReader(dir: URL): (file: string) => string {
  return (f) => readFileSync(new URL(f, dir), 'utf8');
}

/**
 * The files of `dir` reachable from `entry` by relative imports (`./x.js`, `../x.js`, nested
 * folders), as `./path.ts` names relative to `dir`.
 */
export function reachable(dir: URL, entry: string): Set<string> {
  const src = sourceReader(dir);
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const m of src(f).matchAll(/from '(\.\.?\/[^']+)\.js'/g)) {
      const url = new URL(`${m[1]}.ts`, new URL(f, dir));
      todo.push(`./${url.href.slice(dir.href.length)}`);
    }
  }
  return seen;
}

/** A source's code without its comments (what an isomorphism check looks at). */
export function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
}
