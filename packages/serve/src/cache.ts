/**
 * The proof cache of `kura serve` for v2: a v2 proof costs seconds (its range proof) and carries
 * fresh prover randomness, so each customer's proof is made once and then served from the cache,
 * keyed by its proof file id (the keyed id of SPEC.md §10.2: nobody without the master secret
 * can derive it from a uid).
 *
 * - Memory: the `maxEntries` most recently used proofs (the JSON text).
 * - Disk (optional `dir`): `<dir>/<scope>/<id>.json`, mode 0600 in a 0700 directory, written
 *   atomically; `scope` is the hex root commitment of the tree, so a proof of another round or
 *   of a rebuilt tree is never served. Survives restarts; a customer gets the same bytes every time.
 * - {@link ProofCache.getOrMake}: concurrent requests for one id share one computation.
 * @module
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@kura/codec/node';

/** Options of {@link ProofCache}. */
export interface ProofCacheOptions {
  /** Proofs kept in memory (≥ 0; default 10 000 ≈ 80 MB for height-20 proofs). */
  readonly maxEntries?: number;
  /** A private directory for proofs on disk. */
  readonly dir?: string;
  /** The tree this cache is for (hex root commitment): the disk subdirectory. */
  readonly scope: string;
}

const ID = /^[0-9a-f]{64}$/;

/** Memory LRU plus optional disk cache of proof JSON by proof file id. */
export class ProofCache {
  private readonly mem = new Map<string, string>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly max: number;
  private readonly dir: string | undefined;
  /** Answers from memory or disk, and proofs made. */
  hits = 0;
  made = 0;

  constructor(opts: ProofCacheOptions) {
    const max = opts.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 0)
      throw new RangeError(`"maxEntries" expected an integer ≥ 0, got ${max}`);
    if (!/^[0-9a-f]{16,128}$/.test(opts.scope))
      throw new RangeError('"scope" expected the hex root commitment');
    this.max = max;
    if (opts.dir !== undefined) {
      this.dir = join(opts.dir, opts.scope);
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    }
  }

  /** Proofs in memory. */
  get size(): number {
    return this.mem.size;
  }

  /** The cached proof JSON of `id`, if any (memory, then disk). */
  get(id: string): string | undefined {
    checkId(id);
    const m = this.mem.get(id);
    if (m !== undefined) {
      this.mem.delete(id);
      this.mem.set(id, m);
      return m;
    }
    if (this.dir === undefined) return undefined;
    const f = join(this.dir, `${id}.json`);
    if (!existsSync(f)) return undefined;
    const text = readFileSync(f, 'utf8');
    this.remember(id, text);
    return text;
  }

  /** Store the proof JSON of `id`. */
  set(id: string, json: string): void {
    checkId(id);
    this.remember(id, json);
    if (this.dir !== undefined)
      writeFileAtomic(join(this.dir, `${id}.json`), Buffer.from(json), { mode: 0o600 });
  }

  /**
   * The proof JSON of `id`: cached, or made once by `make` (concurrent callers for one id wait
   * for the same computation; a failure is not cached).
   */
  async getOrMake(
    id: string,
    make: () => Promise<string>
  ): Promise<{ json: string; cached: boolean }> {
    const c = this.get(id);
    if (c !== undefined) {
      this.hits++;
      return { json: c, cached: true };
    }
    let p = this.inflight.get(id);
    if (p === undefined) {
      p = make().then((json) => {
        this.made++;
        this.set(id, json);
        return json;
      });
      this.inflight.set(id, p);
      const clear = () => this.inflight.delete(id);
      p.then(clear, clear);
      return { json: await p, cached: false };
    }
    this.hits++;
    return { json: await p, cached: true };
  }

  private remember(id: string, json: string): void {
    if (this.max === 0) return;
    this.mem.delete(id);
    this.mem.set(id, json);
    while (this.mem.size > this.max) {
      const oldest = this.mem.keys().next().value as string;
      this.mem.delete(oldest);
    }
  }
}

function checkId(id: string): void {
  if (!ID.test(id)) throw new RangeError('"id" expected a 64-hex proof file id');
}
