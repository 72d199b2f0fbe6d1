/**
 * The conformance runner against the Kura CLI (`node cli/dist/main.js`) on a cross-section of
 * the vectors chosen for coverage (each CLI start costs a fraction of a second, so not all 200+
 * checks run here). The full run is `npm run conformance -w @kura/spec`.
 * Skipped, with the reason in its name, while the CLI is not built or `kura tree` is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatTable, runConformance } from '../runner/conformance.mjs';

const KURA = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

/** null when `kura tree build|proof|verify` are available, else why not. */
function kuraTreeCommands(): string | null {
  if (!existsSync(KURA)) return 'cli/dist/main.js does not exist (run `npx tsc -b` in cli/)';
  let help: string;
  try {
    help = execFileSync(process.execPath, [KURA, 'tree', '--help'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch {
    return '`kura tree` is not registered in cli/dist yet';
  }
  for (const c of ['build', 'proof', 'verify'])
    if (!new RegExp(`^\\s+${c}\\b`, 'm').test(help))
      return `\`kura tree ${c}\` is not registered in cli/dist yet`;
  return null;
}

const skip = kuraTreeCommands();

const SAMPLE = [
  'reference/dense-5users-2assets',
  'reference/sparse-6users-1asset-h3-collisions',
  'positive/dense-golden',
  'positive/sparse-3users-1asset-h32',
  'positive/dense-5users-3assets-unicode',
  'positive/dense-8users-maxleaf',
  'negative/maxwell-split-sum.',
  'negative/sum-range-l2-bn254',
  'negative/sum-range-balance-maxleaf-plus1',
  'negative/path-too-short',
  'negative/position-out-of-range',
  'negative/sibling-equals-current-top',
  'negative/wrong-round.',
  'negative/wrong-asset-set-order',
  'negative/amount-balance-exponent',
  'negative/hex-sibling-8-bytes',
  'negative/missing-nonce',
  'negative/json-duplicate-key',
  'negative/json-empty',
  'negative/order-lower-level-first',
  'negative/round-time-feb-30',
  'negative-build/sparse-too-many-users',
  'negative-build/duplicate-uid-nfc',
];

describe('runner against the Kura CLI', () => {
  it.skipIf(skip !== null)(
    `kura tree build/proof/verify pass the vectors${skip ? ` — skipped: ${skip}` : ''}`,
    async () => {
      const r = (await runConformance({ only: SAMPLE, maxUsers: 1 })) as {
        rows: { kind: string }[];
        failed: number;
        passed: number;
      };
      expect(r.rows.length).toBe(6 + 6 + 15 + 2);
      expect(r.failed, formatTable(r as never, { quiet: true })).toBe(0);
    }
  );
});
