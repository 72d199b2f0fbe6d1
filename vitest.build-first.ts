/**
 * Vitest global setup: build, before any test runs, the TypeScript projects whose compiled output
 * the tests execute, so a test can never pass against a stale `dist`.
 *
 * Tests import `@kura/*` from their sources (see `vitest.shared.ts`), but some code runs compiled:
 * the CLI tests spawn `cli/dist/main.js` (`cli/src/testing.ts`), `@kura/tree`'s worker pool loads
 * `packages/tree/dist/node/worker.js`, and the cross-package tests in `test/` and the conformance
 * runner spawn the CLI too. `tsc -b` rebuilds exactly the projects whose sources changed (and the
 * projects that reference them) and costs about half a second when everything is up to date.
 * A compile error stops the run with the compiler's message instead of testing old code.
 *
 * The verifier page's tests load `verifier-web/dist` (a Vite bundle of the page and of the
 * isomorphic packages' sources): it is rebuilt (`npm run build` there) whenever one of the files
 * it is built from is newer than the built page.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where this file lives). */
const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** The `tsc` of the repository's pinned TypeScript. */
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Workspaces (relative to the root) whose tests run compiled code of another project, and the
 * projects to build for them. Every other workspace builds its own `tsconfig.json` if it has one.
 */
const BUILD_FOR: Readonly<Record<string, readonly string[]>> = {
  test: ['cli'],
  'circuits-free-spec': ['cli'],
};

/**
 * Build `projects` (tsconfig paths or project directories) with `tsc -b`; throws with the
 * compiler's output if the build fails.
 */
export function buildProjects(projects: readonly string[], cwd: string = ROOT): void {
  if (projects.length === 0) return;
  const r = spawnSync(process.execPath, [TSC, '-b', ...projects], { cwd, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(
      `tsc -b ${projects.join(' ')} failed (exit ${r.status ?? r.signal}); tests would run stale code:\n${r.stdout}${r.stderr}`
    );
}

/** The projects to build before the tests of the workspace at `root` run. */
export function projectsFor(root: string): string[] {
  const rel = root.startsWith(ROOT) ? root.slice(ROOT.length).replace(/\/+$/, '') : root;
  const named = BUILD_FOR[rel];
  if (named) return named.map((p) => join(ROOT, p));
  return existsSync(join(root, 'tsconfig.json')) && rel !== 'verifier-web' ? [root] : [];
}

/** Newest modification time (ms) of the files under `paths`, tests and outputs left out. */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p))
        if (e !== 'node_modules' && e !== 'dist' && !/\.(test|bench)\.ts$/.test(e))
          visit(join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/** What `verifier-web/dist` is built from (relative to the root). */
export const WEB_INPUTS: readonly string[] = [
  'verifier-web/src',
  'verifier-web/index.html',
  'verifier-web/vite.config.ts',
  'verifier-web/scripts',
  'packages/codec/src',
  'packages/tree/src',
  'packages/attest/src',
  'packages/confidential/src',
  'packages/foreign/src',
  'vitest.shared.ts',
];

/** True when the built page `out` is missing or older than one of `inputs`. */
export function isStale(out: string, inputs: readonly string[]): boolean {
  return !existsSync(out) || newestMtime(inputs) > statSync(out).mtimeMs;
}

/** Rebuild the verifier page when it is stale; throws with the build's output if it fails. */
export function buildWebIfStale(root: string = ROOT): boolean {
  const web = join(root, 'verifier-web');
  const inputs = WEB_INPUTS.map((p) => join(root, p));
  if (!isStale(join(web, 'dist', 'kura-verifier.html'), inputs)) return false;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: web, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(
      `verifier-web build failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`
    );
  return true;
}

/** Vitest `globalSetup` entry: build what this workspace's tests execute compiled. */
export default function setup(project: { config: { root: string } }): void {
  buildProjects(projectsFor(project.config.root));
  if (project.config.root.replace(/\/+$/, '') === join(ROOT, 'verifier-web')) buildWebIfStale();
}
