/**
 * The conformance runner against the Kura CLI (`node cli/dist/main.js`): a sample of the vectors
 * (every tree built, two proofs per tree, one negative vector per attack and code, every build
 * refusal). The full run is `npm run conformance -w @kura/spec`.
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

describe('runner against the Kura CLI', () => {
  it.skipIf(skip !== null)(
    `kura tree build/proof/verify pass the vectors${skip ? ` — skipped: ${skip}` : ''}`,
    async () => {
      const r = (await runConformance({ sample: true })) as {
        rows: { kind: string }[];
        failed: number;
        passed: number;
      };
      expect(r.rows.filter((x) => x.kind === 'build').length).toBe(14);
      expect(r.failed, formatTable(r as never, { quiet: true })).toBe(0);
    }
  );
});
