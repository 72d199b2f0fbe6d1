/**
 * Benchmark entry, bundled by Vite exactly like the page (same aliases, same adapters) and run
 * in headless Chromium by `bench/verify.test.ts`. It exposes one function on `globalThis`; the
 * published page has no such hook.
 */
import { COULD_NOT_CHECK_CODES } from '@kura/attest';
import { parseJsonBytes } from '@kura/codec';
import { verifyProof } from '@kura/tree';
import { checkAttestation } from '../src/adapters/attestation.ts';
import { checkProof, type Expected } from '../src/adapters/proof.ts';
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
