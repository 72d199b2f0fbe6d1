/** `npm run bench`: XRPL ownership-proof and evidence verification (bench/*.bench.ts, run as tests). */
import { defineConfig } from 'vitest/config';
import { kuraAliases } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
