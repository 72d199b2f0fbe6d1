/**
 * Tests test what they say: the CLI tests spawn `cli/dist/main.js`, so the test runner must build
 * it from the current sources first (`vitest.build-first.ts`, every workspace's `globalSetup`).
 * An edit to a source without a build must be what a spawned process runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import testConfig from '../../test/vitest.config.ts';
import webConfig from '../../verifier-web/vitest.config.ts';
import setup, {
  buildProjects,
  isStale,
  newestMtime,
  projectsFor,
  WEB_INPUTS,
} from '../../vitest.build-first.ts';
import { buildFirst } from '../../vitest.shared.ts';
import cliConfig from '../vitest.config.ts';
import { KURA_BIN, runKura } from './testing.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kura-build-first-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-file TypeScript project that prints `word` when its compiled `dist/main.js` runs. */
function writeProject(word: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        composite: true,
        rootDir: 'src',
        outDir: 'dist',
        module: 'NodeNext',
        target: 'ES2022',
        types: [],
        lib: ['ES2022'],
        skipLibCheck: true,
        strict: true,
      },
      include: ['src'],
    })
  );
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(dir, 'src', 'main.ts'),
    `declare const console: { log(s: string): void };\nconsole.log(${JSON.stringify(word)});\n`
  );
}

const runDist = (): string =>
  spawnSync(process.execPath, [join(dir, 'dist', 'main.js')], { encoding: 'utf8' }).stdout.trim();

describe('build first (vitest.build-first.ts)', () => {
  it('a source-only edit is what the spawned compiled program runs after the setup', () => {
    writeProject('before');
    setup({ config: { root: dir } });
    expect(runDist()).toBe('before');
    // edit the source only — no build step of our own — then let the setup run as vitest does
    writeProject('after');
    expect(runDist()).toBe('before'); // the stale dist a test would otherwise have run
    setup({ config: { root: dir } });
    expect(runDist()).toBe('after');
  });

  it('a compile error stops the run with the compiler message instead of testing old code', () => {
    writeFileSync(join(dir, 'src', 'main.ts'), 'const n: number = "not a number";\n');
    expect(() => buildProjects([dir])).toThrow(/TS2322[\s\S]*stale code|stale code[\s\S]*TS2322/);
  });

  it('every workspace that spawns compiled code builds the project it spawns', () => {
    expect(projectsFor(join(root, 'cli'))).toEqual([join(root, 'cli')]);
    expect(projectsFor(join(root, 'packages/tree'))).toEqual([join(root, 'packages/tree')]);
    expect(projectsFor(join(root, 'test'))).toEqual([join(root, 'cli')]);
    expect(projectsFor(join(root, 'circuits-free-spec'))).toEqual([join(root, 'cli')]);
    expect(cliConfig.test?.globalSetup).toEqual([buildFirst]);
    expect(testConfig.test?.globalSetup).toEqual([buildFirst]);
    expect(webConfig.test?.globalSetup).toEqual([buildFirst]);
  });

  it('the verifier page is rebuilt when a file it is built from is newer than the page', () => {
    const w = join(dir, 'web');
    mkdirSync(join(w, 'src', 'deep'), { recursive: true });
    const out = join(w, 'page.html');
    const src = join(w, 'src', 'deep', 'a.ts');
    const test = join(w, 'src', 'a.test.ts');
    for (const f of [out, src, test]) writeFileSync(f, 'x');
    const at = (f: string, s: number) => utimesSync(f, s, s);
    at(out, 2_000_000);
    at(src, 1_000_000);
    at(test, 3_000_000); // tests are not bundled: a newer test does not make the page stale
    expect(newestMtime([join(w, 'src')])).toBe(1_000_000_000);
    expect(isStale(out, [join(w, 'src')])).toBe(false);
    at(src, 2_000_001);
    expect(isStale(out, [join(w, 'src')])).toBe(true);
    expect(isStale(join(w, 'missing.html'), [join(w, 'src')])).toBe(true);
    expect(WEB_INPUTS).toEqual(
      expect.arrayContaining(['verifier-web/src', 'packages/attest/src', 'packages/tree/src'])
    );
  });

  it('the spawned CLI is the one the setup just built from cli/src', () => {
    expect(KURA_BIN).toBe(join(root, 'cli', 'dist', 'main.js'));
    const r = runKura(['--help']);
    expect(r.code).toBe(0);
  });
});
