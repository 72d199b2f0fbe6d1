/**
 * Per-client rate limiting for `kura serve`: one token bucket per client key (the peer's IP
 * address). A bucket holds at most `burst` tokens and refills at `perSecond` tokens per second;
 * each request takes one. An empty bucket answers with the seconds until the next token
 * (the `Retry-After` of the 429 reply).
 *
 * Memory is bounded: buckets that have refilled completely are dropped (they are
 * indistinguishable from a new one), and when more than `maxClients` keys are tracked the
 * full ones are pruned first, then the oldest.
 * @module
 */

/** Rate limit settings. */
export interface RateLimitOptions {
  /** Sustained requests per second per client (> 0). */
  readonly perSecond: number;
  /** Requests a client may make at once after being idle (≥ 1). */
  readonly burst: number;
  /** Most client keys tracked at once (default 10,000). */
  readonly maxClients?: number;
}

/** The verdict for one request. */
export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterS: number };

interface Bucket {
  tokens: number;
  last: number;
}

/** Token buckets by client key. */
export class RateLimiter {
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxClients: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(opts: RateLimitOptions) {
    if (!(opts.perSecond > 0) || !Number.isFinite(opts.perSecond))
      throw new RangeError('perSecond: expected a positive number');
    if (!Number.isInteger(opts.burst) || opts.burst < 1)
      throw new RangeError('burst: expected an integer ≥ 1');
    this.perMs = opts.perSecond / 1000;
    this.burst = opts.burst;
    this.maxClients = opts.maxClients ?? 10_000;
  }

  /** Take one token for `key` at time `now` (ms). */
  take(key: string, now: number = performance.now()): RateDecision {
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= this.maxClients) this.prune(now);
      b = { tokens: this.burst, last: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + (now - b.last) * this.perMs);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  /** Number of client keys tracked (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + (now - b.last) * this.perMs >= this.burst) this.buckets.delete(k);
    // still full of active clients: drop the least recently seen half (Map keeps insertion
    // order; refreshed keys are not moved, so this is approximate — it only bounds memory)
    if (this.buckets.size >= this.maxClients) {
      let drop = Math.ceil(this.buckets.size / 2);
      for (const k of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(k);
      }
    }
  }
}
