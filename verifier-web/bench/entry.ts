/**
 * Benchmark entry, bundled by Vite exactly like the page (same aliases, same adapters) and run
 * in headless Chromium by `bench/verify.test.ts`. It exposes one function on `globalThis`; the
 * published page has no such hook.
 */
import { COULD_NOT_CHECK_CODES } from '@kura/attest';
import { parseJsonBytes } from '@kura/codec';
import { bulletproofGenerators, installGeneratorTable } from '@kura/confidential';
import { verifyProof } from '@kura/tree';
import { checkAttestation } from '../src/adapters/attestation.ts';
import { checkProof, type Expected } from '../src/adapters/proof.ts';
import { checkProofV2 } from '../src/adapters/proof-v2.ts';
import { runVerification } from '../src/verify.ts';

interface Timing {
  readonly runs: number;
  /** Mean milliseconds per run over all runs (after warm-up). */
  readonly meanMs: number;
  /** Median of batch means (each batch `runs / 20` runs), milliseconds per run. */
  readonly medianMs: number;
  readonly ok: boolean;
}

function time(runs: number, f: () => boolean): Timing {
  for (let i = 0; i < Math.min(50, runs); i++) f(); // warm-up (JIT)
  const batches = 20;
  const per = Math.max(1, Math.floor(runs / batches));
  const means: number[] = [];
  let ok = true;
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) {
    const s = performance.now();
    for (let i = 0; i < per; i++) ok = f() && ok;
    means.push((performance.now() - s) / per);
  }
  const total = performance.now() - t0;
  means.sort((a, b) => a - b);
  return {
    runs: per * batches,
    meanMs: total / (per * batches),
    medianMs: means[batches >> 1]!,
    ok,
  };
}

const enc = new TextEncoder();

(globalThis as unknown as { kuraBench: unknown }).kuraBench = {
  /** @kura/tree verifyProof alone, on a parsed proof. */
  verifyProof(proofText: string, expected: Expected, runs: number): Timing {
    const proof = JSON.parse(proofText) as unknown;
    return time(runs, () => verifyProof(proof, expected).ok);
  },
  /** What the page does for a proof: strict JSON parse, verification, the ladder's fields. */
  pageProof(proofText: string, expected: Expected, runs: number): Timing {
    const bytes = enc.encode(proofText);
    return time(runs, () =>
      checkProof(parseJsonBytes(bytes), expected).checks.every((c) => c.state === 'pass')
    );
  },
  /**
   * One v2 proof check as the page runs it (strict parse, `verifyProofDocumentV2`, ladder
   * fields), the first in this page: with `tableUrl`, the generator table is fetched and
   * installed first (timed apart); without, the generators are derived by hash-to-curve.
   */
  async v2Cold(
    proofText: string,
    expected: Expected,
    tableUrl: string | null
  ): Promise<{ tableMs: number; verifyMs: number; ok: boolean }> {
    const t0 = performance.now();
    if (tableUrl)
      installGeneratorTable(new Uint8Array(await (await fetch(tableUrl)).arrayBuffer()));
    const t1 = performance.now();
    const ok = checkProofV2(parseJsonBytes(enc.encode(proofText)), expected).checks.every(
      (c) => c.state === 'pass'
    );
    return { tableMs: t1 - t0, verifyMs: performance.now() - t1, ok };
  },
  /** The 2 × 4,096 Bulletproof generators alone: from the table at `tableUrl`, or derived. */
  async generators(tableUrl: string | null): Promise<number> {
    const t0 = performance.now();
    if (tableUrl)
      installGeneratorTable(new Uint8Array(await (await fetch(tableUrl)).arrayBuffer()));
    bulletproofGenerators(4096);
    return performance.now() - t0;
  },
  /** The same check again (generators cached): median of `runs` runs after one warm-up. */
  v2Warm(proofText: string, expected: Expected, runs: number): Timing {
    const bytes = enc.encode(proofText);
    const f = (): boolean =>
      checkProofV2(parseJsonBytes(bytes), expected).checks.every((c) => c.state === 'pass');
    let ok = f();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      ok = f() && ok;
      ms.push(performance.now() - s);
    }
    const mean = ms.reduce((a, b) => a + b, 0) / runs;
    ms.sort((a, b) => a - b);
    return { runs, meanMs: mean, medianMs: ms[runs >> 1]!, ok };
  },
  /** The whole report: proof + attestation signatures + trust + previous month. */
  full(
    files: { proof: string; attestation: string; trust: string; previous: string },
    runs: number
  ): Timing {
    const f = (name: string, t: string) => ({
      name,
      source: 'file' as const,
      bytes: enc.encode(t),
    });
    const inputs = {
      proof: f('proof.json', files.proof),
      attestation: f('attestation.json', files.attestation),
      trust: f('trust.json', files.trust),
      history: [f('previous.json', files.previous)],
    };
    return time(
      runs,
      () =>
        runVerification(inputs, {
          couldNotCheck: COULD_NOT_CHECK_CODES,
          checkAttestation,
          checkProof,
        }).ok
    );
  },
};
