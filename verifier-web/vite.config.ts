/**
 * Vite build of the static verifier. `@kura/*` resolve to the packages' TypeScript sources (the
 * same aliases the tests use), so the page bundles exactly the code the packages test. One JS
 * chunk, one CSS file, relative URLs (`base: './'`) so the page works from any directory; the
 * post-build script `scripts/inline.mjs` then folds both into `dist/kura-verifier.html`.
 */
import { defineConfig } from 'vite';
import { kuraAliases } from '../vitest.shared.ts';

export default defineConfig({
  base: './',
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
