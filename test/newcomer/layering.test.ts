/**
 * The layering the README's architecture section promises, checked on the sources: the packages
 * are libraries (no `process.exit`, no `process.argv`, no printing — that is `cli/`'s job),
 * nothing imports `cli/`, every `@kura/*` a package imports is declared in its package.json, and
 * the declared dependencies point one way (no cycle).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = join(REPO, 'packages');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const f = join(dir, e);
    if (statSync(f).isDirectory()) return sources(f);
    return /\.ts$/.test(e) && !/\.(test|bench)\.ts$/.test(e) && !e.endsWith('.d.ts') ? [f] : [];
  });
}

const packages = readdirSync(PACKAGES).filter((d) => {
  try {
    return statSync(join(PACKAGES, d, 'package.json')).isFile();
  } catch {
    return false;
  }
});
const manifest = (d: string) =>
  JSON.parse(readFileSync(join(PACKAGES, d, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };

describe('packages are libraries', () => {
  it('no process.exit, process.argv, console or stdout/stderr writes below cli/', () => {
    const found: string[] = [];
    for (const d of packages)
      for (const f of sources(join(PACKAGES, d, 'src'))) {
        const lines = readFileSync(f, 'utf8').split('\n');
        lines.forEach((l, i) => {
          if (/^\s*(\*|\/\/)/.test(l)) return; // comments may name them
          if (/\bprocess\.(exit|argv)\b|\bconsole\.\w+\(|\bprocess\.(stdout|stderr)\b/.test(l))
            found.push(`${relative(REPO, f)}:${i + 1}: ${l.trim()}`);
        });
      }
    expect(found).toEqual([]);
  });

  it('nothing imports cli/', () => {
    const found: string[] = [];
    for (const d of packages)
      for (const f of sources(join(PACKAGES, d, 'src')))
        if (/from '(@kura\/cli|(\.\.\/)+cli\/)/.test(readFileSync(f, 'utf8')))
          found.push(relative(REPO, f));
    expect(found).toEqual([]);
  });

  it('every @kura import is a declared dependency, and the dependencies point one way', () => {
    const deps = new Map<string, string[]>();
    const undeclared: string[] = [];
    for (const d of packages) {
      const m = manifest(d);
      const declared = Object.keys(m.dependencies ?? {}).filter((n) => n.startsWith('@kura/'));
      deps.set(m.name, declared);
      for (const f of sources(join(PACKAGES, d, 'src')))
        for (const [, name] of readFileSync(f, 'utf8').matchAll(
          /from '(@kura\/[a-z0-9-]+)(?:\/[a-z]+)?'/g
        ))
          if (name !== m.name && !declared.includes(name!))
            undeclared.push(
              `${relative(REPO, f)} imports ${name} (not in ${m.name}'s dependencies)`
            );
    }
    expect(undeclared).toEqual([]);
    // a depth-first walk finds any cycle
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') {
        cycles.push([...path.slice(path.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'open');
      for (const m of deps.get(n) ?? []) visit(m, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of deps.keys()) visit(n, []);
    expect(cycles).toEqual([]);
    // the workflow packages sit above the protocol packages, never below
    expect(deps.get('@kura/codec')).toEqual([]);
    expect(deps.get('@kura/audit')).toContain('@kura/month');
    expect(deps.get('@kura/month')).not.toContain('@kura/audit');
  });
});
