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
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** Vitest `globalSetup` entry: build what this workspace's tests execute compiled. */
export default function setup(project: { config: { root: string } }): void {
  buildProjects(projectsFor(project.config.root));
}
