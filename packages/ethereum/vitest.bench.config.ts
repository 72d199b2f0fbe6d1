/** `npm run bench`: the reserves benchmark against a real anvil (bench/*.bench.ts, run as tests). */
import { defineConfig } from 'vitest/config';
import { kuraAliases } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
