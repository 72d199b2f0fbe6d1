/**
 * Shared Vitest configuration: tests import sibling workspace packages from their TypeScript
 * sources, so a package's tests always see the current code of the packages it builds on; code
 * the tests run compiled (the spawned CLI, the tree's worker threads) is rebuilt first by
 * `vitest.build-first.ts`, so no test runs a stale `dist`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export const kuraAliases: { find: RegExp; replacement: string }[] = [
  { find: /^@kura\/codec$/, replacement: src('./packages/codec/src/index.ts') },
  { find: /^@kura\/codec\/node$/, replacement: src('./packages/codec/src/node.ts') },
  { find: /^@kura\/codec\/testing$/, replacement: src('./packages/codec/src/testing.ts') },
  { find: /^@kura\/tree$/, replacement: src('./packages/tree/src/index.ts') },
  { find: /^@kura\/tree\/node$/, replacement: src('./packages/tree/src/node.ts') },
  { find: /^@kura\/attest$/, replacement: src('./packages/attest/src/index.ts') },
  { find: /^@kura\/audit$/, replacement: src('./packages/audit/src/index.ts') },
  { find: /^@kura\/audit\/node$/, replacement: src('./packages/audit/src/node.ts') },
  { find: /^@kura\/policy$/, replacement: src('./packages/policy/src/index.ts') },
  { find: /^@kura\/policy\/node$/, replacement: src('./packages/policy/src/node.ts') },
  { find: /^@kura\/confidential$/, replacement: src('./packages/confidential/src/index.ts') },
  {
    find: /^@kura\/confidential\/generator-table$/,
    replacement: src('./packages/confidential/src/generator-table.ts'),
  },
  { find: /^@kura\/bitcoin$/, replacement: src('./packages/bitcoin/src/index.ts') },
  { find: /^@kura\/ethereum$/, replacement: src('./packages/ethereum/src/index.ts') },
  { find: /^@kura\/pkcs11$/, replacement: src('./packages/pkcs11/src/index.ts') },
  { find: /^@kura\/pkcs11\/testing$/, replacement: src('./packages/pkcs11/src/testing.ts') },
  { find: /^@kura\/foreign$/, replacement: src('./packages/foreign/src/index.ts') },
  { find: /^@kura\/foreign\/node$/, replacement: src('./packages/foreign/src/node.ts') },
  { find: /^@kura\/month$/, replacement: src('./packages/month/src/index.ts') },
  { find: /^@kura\/serve$/, replacement: src('./packages/serve/src/index.ts') },
  { find: /^@kura\/demo$/, replacement: src('./packages/demo/src/index.ts') },
];

/** The global setup that builds, before the tests, what they run compiled. */
export const buildFirst: string = src('./vitest.build-first.ts');

export default defineConfig({
  resolve: { alias: kuraAliases },
  test: {
    globalSetup: [buildFirst],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    passWithNoTests: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
