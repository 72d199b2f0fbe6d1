/**
 * End-to-end tests of the built page in real headless Chromium. They serve `dist/` (built by
 * `npm run build`, which turbo runs before `test`) from 127.0.0.1 and generate their fixtures
 * with the real packages, so `@kura/*` resolve to the packages' sources as everywhere else.
 */
import { defineConfig } from 'vitest/config';
import { kuraAliases } from '../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
