/** Runs the fixture recorder (`npx vitest run --config scripts/vitest.config.ts`). */
import { defineConfig } from 'vitest/config';
import { kuraAliases } from '../../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: { include: ['scripts/record-replay.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
