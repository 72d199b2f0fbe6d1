/**
 * End-to-end tests of the built page in real headless Chromium. They serve `dist/` (rebuilt by
 * the global setup whenever a source is newer, see `vitest.build-first.ts`) from 127.0.0.1 and generate their fixtures
 * with the real packages, so `@kura/*` resolve to the packages' sources as everywhere else.
 */
import { defineConfig } from 'vitest/config';
import { buildFirst, kuraAliases } from '../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: {
    globalSetup: [buildFirst],
    include: ['test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
