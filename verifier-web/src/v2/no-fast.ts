/**
 * The page's stand-in for @kura/confidential's `fast25519.ts`, the bigint edwards25519 core of
 * the prover and of `verifyRangeProof`'s opt-in `engine: 'fast'`. The page verifies with the
 * reference engine only (noble's Pippenger, the default), so the v2 chunk's build
 * (`vite.config.ts`) resolves that module to this file and the customer does not download code
 * the page never runs. Should anything reach it, it throws, and the verifier reports
 * `RANGE_PROOF_MALFORMED` ("verification aborted"): never a pass.
 * @module
 */

const unavailable = (): never => {
  throw new Error('the fast engine is not part of the verifier page');
};

/** The field prime (kept: a constant, no code). */
export const P25519: bigint = 2n ** 255n - 19n;
/** The identity in extended coordinates (kept: a constant, no code). */
export const EXT_ZERO = [0n, 1n, 1n, 0n] as const;
export const red = unavailable;
export const extAdd = unavailable;
export const extDouble = unavailable;
export const extNeg = unavailable;
export const toExt = unavailable;
export const affineToExt = unavailable;
export const fromExt = unavailable;
export const wnaf = unavailable;
export const extMulDigits = unavailable;
export const extMul = unavailable;
export const toCached = unavailable;
export const extAddCached = unavailable;
export const extStraus = unavailable;
export const windowFor = unavailable;
export const msmPlan = unavailable;
export const extMsm = unavailable;
