/**
 * The conformance runner (runner/conformance.mjs, SPEC.md §13) itself: it passes the plain
 * implementation's CLI (plain/cli.mjs) and fails deliberately broken CLIs on exactly the broken
 * checks. (conformance-kura.test.ts runs it against the Kura CLI.)
 */
import { describe, expect, it } from 'vitest';
import { formatTable, runConformance, splitCommand } from '../runner/conformance.mjs';
import { brokenCli, PLAIN, type Result } from './conformance-shared.js';

const broken = brokenCli('broken-cli.mjs');

/** A small cross-section for testing the runner itself (all vectors are checked in-process). */
const CURATED = [
  'reference/sparse-6users-1asset-h3-collisions',
  'positive/dense-golden',
  'positive/sparse-3users-1asset-h32',
  'positive/dense-5users-3assets-unicode',
  'negative/maxwell-split-sum.',
  'negative/sum-range-l2-bn254',
  'negative/sibling-equals-current-top',
  'negative/path-too-long',
  'negative/position-out-of-range',
  'negative/wrong-round.',
  'negative/wrong-asset-set-order',
  'negative/amount-balance-exponent',
  'negative/json-duplicate-key',
  'negative/json-empty',
  'negative/order-round-before-length',
  'negative-build/sparse-too-many-users',
  'negative-build/duplicate-uid-nfc',
  'contract',
];

describe('runner helpers', () => {
  it('splits a command prefix with quotes', () => {
    expect(splitCommand('node "my dir/cli.mjs" --x \'a b\'')).toEqual([
      'node',
      'my dir/cli.mjs',
      '--x',
      'a b',
    ]);
    expect(() => splitCommand('node "x')).toThrow();
  });
});

describe('runner against the plain implementation', () => {
  it('passes a sample of every kind of vector, with and without --round/--assets, CSV and JSONL', async () => {
    const [withExpected, rootOnly] = (await Promise.all([
      runConformance({ cmd: PLAIN, only: CURATED, maxUsers: 2 }),
      runConformance({
        cmd: PLAIN,
        expected: 'off',
        input: 'jsonl',
        maxUsers: 1,
        only: ['negative/wrong-round', 'negative/order-round-before-l', 'positive/dense-5users-3'],
      }),
    ])) as [Result, Result];
    const table = formatTable(withExpected);
    expect(withExpected.failed, table).toBe(0);
    const kinds = new Set(withExpected.rows.map((r) => r.kind));
    expect(kinds).toEqual(
      new Set(['build', 'proof', 'verify-valid', 'verify', 'build-refuse', 'contract'])
    );
    const count = (kind: string) => withExpected.rows.filter((r) => r.kind === kind).length;
    expect([count('build'), count('verify-valid'), count('verify'), count('contract')]).toEqual([
      4, 4, 11, 3,
    ]);
    expect(table).toMatch(/^\d+ passed, 0 failed$/m);
    // wrong-round is ROUND_MISMATCH with the expected round, ROOT_MISMATCH without it
    expect(rootOnly.failed, formatTable(rootOnly)).toBe(0);
    expect(rootOnly.rows.find((r) => r.name.includes('/wrong-round.'))?.detail).toBe(
      'ROOT_MISMATCH@-'
    );
    const full = withExpected.rows.find((r) => r.name.includes('/wrong-round.'));
    expect(full?.detail).toBe('ROUND_MISMATCH@-');
  });
});

describe('runner against broken implementations fails exactly what is broken', () => {
  it('a verifier that fails open fails every negative vector', async () => {
    const r = (await runConformance({
      cmd: broken('verify-open'),
      only: ['negative/sum-range-l1-bn254', 'negative/path-empty'],
    })) as Result;
    expect(r.rows.length).toBe(2);
    expect(r.failed).toBe(2);
    expect(r.rows.every((x) => x.kind === 'verify' && /expected exit 1/.test(x.detail))).toBe(true);
  });
  it('a verifier that rejects everything fails the honest proofs', async () => {
    const r = (await runConformance({
      cmd: broken('verify-closed'),
      only: ['reference/dense-1user', 'negative/path-empty'],
    })) as Result;
    expect(r.rows.map((x) => [x.kind, x.pass])).toEqual([
      ['build', true],
      ['proof', true],
      ['verify-valid', false],
      ['verify', true],
    ]);
  });
  it('a builder whose proofs swap two siblings fails every proof of height ≥ 2, not the builds', async () => {
    const r = (await runConformance({
      cmd: broken('proof-swap'),
      only: ['positive/dense-golden', 'positive/dense-2users'],
      maxUsers: 2,
    })) as Result;
    const builds = r.rows.filter((x) => x.kind === 'build');
    const proofs = r.rows.filter((x) => x.kind === 'proof');
    expect(builds.every((x) => x.pass)).toBe(true);
    expect(
      proofs
        .filter((x) => x.name.includes('golden'))
        .every((x) => !x.pass && /siblings\[0\]/.test(x.detail))
    ).toBe(true);
    expect(proofs.filter((x) => x.name.includes('2users')).every((x) => x.pass)).toBe(true); // height 1: nothing to swap
    expect(r.failed).toBe(2);
  });
  it('a builder with a wrong total fails the build check and names the field', async () => {
    const r = (await runConformance({
      cmd: broken('wrong-total'),
      only: ['reference/dense-1user'],
    })) as Result;
    expect(r.rows.map((x) => [x.kind, x.pass])).toEqual([
      ['build', false],
      ['verify-valid', true],
    ]);
    expect(r.rows[0].detail).toMatch(/^\.totals\[0\]: expected "42", got "43"/);
  });
  it('a builder that ignores refusals fails every build-refuse vector', async () => {
    const r = (await runConformance({
      cmd: broken('ignore-refusal'),
      only: ['negative-build/height-33', 'negative-build/round-not-nfc'],
    })) as Result;
    expect(r.rows.length).toBe(2);
    expect(r.failed).toBe(2);
  });
});
