/**
 * @kura/serve — `kura serve` as a library (Node only): the HTTP service from which the
 * exchange's backend fetches one customer's inclusion proof by uid — {@link startServer} in one
 * call (tree store, token file, listen; injected log, notices and clock), or its parts: the
 * server ({@link createProofServer}),
 * over a v1 tree store or a v2 tree whose proofs are made on demand by worker threads
 * ({@link V2ProofSource}, {@link ProverPool}) and cached ({@link ProofCache}); the bearer token
 * ({@link BearerToken}, {@link readTokenFile}) and the per-client rate limit ({@link RateLimiter}).
 * @module
 */
export { ProofCache, type ProofCacheOptions } from './cache.js';
export {
  type ProveJob,
  ProverPool,
  type ProverPoolOptions,
  proveWorkerPath,
  type StoreJob,
  type WorkerJob,
} from './prover.js';
export { type RateDecision, RateLimiter, type RateLimitOptions } from './ratelimit.js';
export {
  BUSY_RETRY_AFTER_S,
  createProofServer,
  DEFAULT_RATE_LIMIT,
  ERRORS,
  type LogLine,
  MAX_UID_BYTES,
  type ProofServer,
  type ProofServerOptions,
  type ProofSource,
  type ServeClock,
  type ServeErrorCode,
  systemClock,
} from './server.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  defaultProverThreads,
  isLoopback,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from './start.js';
export { BearerToken, checkPrivateMode, readTokenFile } from './token.js';
export { V2ProofSource, type V2StoreSourceOptions } from './v2.js';
