import { defineConfig } from 'vitest/config';
import { buildFirst, kuraAliases } from '../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: {
    globalSetup: [buildFirst],
    include: [
      'e2e/**/*.test.ts',
      'setup/**/*.test.ts',
      'adversarial/**/*.test.ts',
      'faults/**/*.test.ts',
      'crash/**/*.test.ts',
      'scale/**/*.test.ts',
      'secrets/**/*.test.ts',
      'newcomer/**/*.test.ts',
    ],
    passWithNoTests: true,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
