/**
 * Vite build of the static verifier. `@kura/*` resolve to the packages' TypeScript sources (the
 * same aliases the tests use), so the page bundles exactly the code the packages test. One JS
 * chunk, one CSS file, relative URLs (`base: './'`) so the page works from any directory; the
 * post-build script `scripts/inline.mjs` then folds both into `dist/kura-verifier.html`.
 */
import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vite';
import { kuraAliases } from '../vitest.shared.ts';

/**
 * The commit the page is built from, shown in its “check it again” section so the commands name
 * the exact source. Same commit → same bytes (the build stays reproducible); `unknown` without git.
 */
function commit(): string {
  try {
    const c = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    return /^[0-9a-f]{40}$/.test(c) ? c : 'unknown';
  } catch {
    return 'unknown';
  }
}

export default defineConfig({
  base: './',
  define: { __KURA_COMMIT__: JSON.stringify(commit()) },
  resolve: { alias: kuraAliases },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
