/**
 * The conformance runner's protocol-v2 checks (runner/conformance.mjs `--protocol v2`, SPEC.md
 * §13.6): they pass the plain implementation's CLI (plain/cli.mjs, a verifier: `--v2-proofs
 * off`), fail deliberately broken v2 CLIs on exactly what is broken, and run against the Kura
 * CLI when its `kura tree build` offers `--protocol v2` (skipped, with the reason in its name,
 * until then).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTable, runConformance } from '../runner/conformance.mjs';
import { brokenCli, PLAIN, path, type Result } from './conformance-shared.js';

const broken = brokenCli('broken-cli-v2.mjs');
const KURA = path('../../cli/dist/main.js');

const SAMPLE_V2 = [
  'v2/positive/dense-golden',
  'v2/positive/sparse-3users',
  'v2/negative/negative-sibling-level1',
  'v2/negative/transcript-other-position',
  'v2/negative/generators-id-wrong',
  'v2/negative/sibling-commitment-non-square-level1',
  'v2/negative/sibling-commitment-identity-level1',
  'v2/negative/totals-plus-one',
  'v2/negative/own-blinding-not-reduced',
  'v2/negative/own-balance-2pow64',
  'v2/negative/maxwell-split-level1',
  'v2/negative/wrong-round',
  'v2/negative/encoding-sibling-with-sums',
  'v2/negative-build/total-2pow64-after',
  'contract',
];

describe('runner --protocol v2 against the plain implementation', () => {
  it('passes builds, every customer proof, negatives (with and without --round/--assets), refusals and the exit-code contract', async () => {
    const [all, rootOnly] = (await Promise.all([
      runConformance({ cmd: PLAIN, protocol: 'v2', v2Proofs: 'off', only: SAMPLE_V2 }),
      runConformance({
        cmd: PLAIN,
        protocol: 'v2',
        v2Proofs: 'off',
        expected: 'off',
        only: ['v2/negative/wrong-round', 'v2/negative/wrong-asset-set'],
      }),
    ])) as [Result, Result];
    expect(all.failed, formatTable(all)).toBe(0);
    const count = (kind: string) => all.rows.filter((r) => r.kind === kind).length;
    // 2 trees; 3 + 3 customers; 11 negatives; 1 refusal; 3 + 1 contract checks
    expect([count('build'), count('verify-valid'), count('verify'), count('build-refuse')]).toEqual(
      [2, 6, 11, 1]
    );
    expect(count('contract')).toBe(4);
    expect(all.rows.find((r) => r.name.includes('negative-sibling-level1'))?.detail).toBe(
      'RANGE_PROOF_FORGED@-'
    );
    expect(rootOnly.failed, formatTable(rootOnly)).toBe(0);
    expect(rootOnly.rows.map((r) => r.detail)).toEqual(['ROOT_MISMATCH@-', 'ROOT_MISMATCH@-']);
  }, 600_000);
  it('the v1 default is unchanged: without --protocol no v2 vector is run', async () => {
    const r = (await runConformance({ cmd: PLAIN, only: ['negative/totals-plus-one'] })) as Result;
    expect(r.rows).toEqual([]);
  });
});

describe('runner --protocol v2 against broken implementations fails exactly what is broken', () => {
  it('a verifier that skips the range proof fails the negative-sibling, forged and transcript vectors only', async () => {
    const r = (await runConformance({
      cmd: broken('skip-range-proof'),
      protocol: 'v2',
      v2Proofs: 'off',
      only: [
        'v2/negative/negative-sibling-level0',
        'v2/negative/range-proof-forged-a',
        'v2/negative/transcript-other-round',
        'v2/negative/totals-plus-one',
      ],
    })) as Result;
    expect(r.rows.map((x) => [x.name.replace('v2/negative/', ''), x.pass])).toEqual([
      ['negative-sibling-level0.json', false],
      ['range-proof-forged-a.json', false],
      ['totals-plus-one.json', true],
      ['transcript-other-round.json', false],
    ]);
  }, 600_000);
  it('a builder with another root blinding fails the build check and names the member', async () => {
    const r = (await runConformance({
      cmd: broken('v2-wrong-blinding'),
      protocol: 'v2',
      v2Proofs: 'off',
      only: ['v2/positive/dense-1user'],
    })) as Result;
    const build = r.rows.find((x) => x.kind === 'build');
    expect(build?.pass).toBe(false);
    expect(build?.detail).toMatch(/^\.rootBlindings\[0\]: expected/);
    expect(r.rows.filter((x) => x.kind === 'verify-valid').every((x) => x.pass)).toBe(true);
  }, 600_000);
});

/** null when `kura tree build` offers `--protocol` (v2), else why not. */
function kuraV2(): string | null {
  if (!existsSync(KURA)) return 'cli/dist/main.js does not exist';
  try {
    const help = execFileSync(process.execPath, [KURA, 'tree', 'build', '--help'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return help.includes('--protocol')
      ? null
      : '`kura tree build --protocol v2` is not in cli/dist yet';
  } catch {
    return '`kura tree build --help` failed';
  }
}
const skip = kuraV2();

/**
 * Where Kura's library answers otherwise than SPEC.md (the vectors follow SPEC.md); reported to
 * the library's owner. A failure of one of these checks is tolerated and printed.
 */
const KNOWN_DISCREPANCIES: Record<string, string> = {};

describe('runner --protocol v2 against the Kura CLI', () => {
  it.skipIf(skip !== null)(
    `kura tree build/proof/verify pass the v2 vectors${skip ? ` — skipped: ${skip}` : ''}`,
    async () => {
      const r = (await runConformance({
        protocol: 'v2',
        only: [
          ...SAMPLE_V2,
          'v2/negative/sibling-equals-current-level0',
          'v2/negative/encoding-commitment-31-bytes',
          ...Object.keys(KNOWN_DISCREPANCIES),
        ],
        maxUsers: 1,
        expected: 'on',
      })) as Result;
      const failed = r.rows.filter((x) => !x.pass);
      for (const f of failed.filter((x) => x.name in KNOWN_DISCREPANCIES))
        console.warn(`known discrepancy ${f.name}: ${f.detail} — ${KNOWN_DISCREPANCIES[f.name]}`);
      const unexpected = failed.filter((x) => !(x.name in KNOWN_DISCREPANCIES));
      expect(unexpected, formatTable(r as never, { quiet: true })).toEqual([]);
      // both trees built, one customer's proof each proved by kura and accepted by kura verify
      const proofs = r.rows.filter((x) => x.kind === 'proof');
      expect(proofs.map((x) => x.pass)).toEqual([true, true]);
      expect(r.rows.filter((x) => x.kind === 'verify').length).toBe(13);
    },
    600_000
  );
});
