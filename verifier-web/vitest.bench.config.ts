/** `npm run bench`: the browser benchmark (figures, not assertions on time). */
import { defineConfig } from 'vitest/config';
import { kuraAliases } from '../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: {
    include: ['bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
