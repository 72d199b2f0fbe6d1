import { commit, encodePoint, verifyRangeProof } from '@kura/confidential';
import { afterEach, describe, expect, it } from 'vitest';
import { ProofCache } from './cache.js';
import { type ProveJob, ProverPool } from './prover.js';

const roundId = new Uint8Array(32).fill(7);
const assetSetHash = new Uint8Array(32).fill(9);

/** A small path: `height` siblings × 2 assets (cheap proofs: 2·height values). */
function job(height: number, position: number, negative = false): ProveJob {
  const siblings = Array.from({ length: height }, (_, l) => ({
    values: [BigInt(1000 + l), negative && l === 1 ? (1n << 64n) + 5n : BigInt(7 * l)],
    blindings: [BigInt(12345 + l), BigInt(999 + 3 * l)],
  }));
  return { siblings, context: { roundId, assetSetHash, height, position } };
}

function commitments(j: ProveJob): Uint8Array[] {
  return j.siblings.flatMap((s) => s.values.map((v, a) => encodePoint(commit(v, s.blindings[a]!))));
}

let pool: ProverPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('ProverPool (worker threads)', () => {
  it('proves a range proof that verifies for its commitments and context, and no other position', async () => {
    pool = new ProverPool({ threads: 1, maxQueue: 4 });
    const j = job(4, 5);
    const proof = await pool.prove(j);
    expect(verifyRangeProof(commitments(j), proof, j.context)).toEqual({ ok: true });
    const other = verifyRangeProof(commitments(j), proof, { ...j.context, position: 6 });
    expect(other.ok === false && other.code).toBe('RANGE_PROOF_FORGED');
    expect(pool.proved).toBe(1);
  });

  it('refuses with BUSY when every thread is busy and the queue is full, then serves the queue', async () => {
    pool = new ProverPool({ threads: 1, maxQueue: 1 });
    const a = pool.prove(job(4, 1));
    const b = pool.prove(job(4, 2));
    await expect(pool.prove(job(4, 3))).rejects.toMatchObject({ code: 'BUSY' });
    expect(pool.running).toBe(1);
    expect(pool.queued).toBe(1);
    const [pa, pb] = await Promise.all([a, b]);
    expect(verifyRangeProof(commitments(job(4, 1)), pa, job(4, 1).context)).toEqual({ ok: true });
    expect(verifyRangeProof(commitments(job(4, 2)), pb, job(4, 2).context)).toEqual({ ok: true });
    expect(pool.queued).toBe(0);
  });

  it('rejects a job the prover refuses (a value outside [0, 2^64)) without losing the thread', async () => {
    pool = new ProverPool({ threads: 1, maxQueue: 2 });
    await expect(pool.prove(job(3, 0, true))).rejects.toMatchObject({ code: 'PROVER_FAILED' });
    const j = job(3, 1);
    expect(verifyRangeProof(commitments(j), await pool.prove(j), j.context)).toEqual({ ok: true });
  });

  it('abandons a job past its timeout (PROVE_TIMEOUT), replaces the thread and goes on', async () => {
    pool = new ProverPool({ threads: 1, maxQueue: 2, jobTimeoutMs: 1 });
    await expect(pool.prove(job(16, 3))).rejects.toMatchObject({ code: 'PROVE_TIMEOUT' });
    expect(pool.threads).toBe(1);
    await pool.close();
    await expect(pool.prove(job(2, 0))).rejects.toMatchObject({ code: 'PROVER_CLOSED' });
  });

  it('checks its options', () => {
    expect(() => new ProverPool({ threads: 0, maxQueue: 1 })).toThrow(/threads/);
    expect(() => new ProverPool({ threads: 1, maxQueue: -1 })).toThrow(/maxQueue/);
  });
});

describe('ProofCache', () => {
  const id = (n: number) => n.toString(16).padStart(64, '0');

  it('makes each id once, shares concurrent computations, and evicts the least recently used', async () => {
    const c = new ProofCache({ maxEntries: 2, scope: 'ab'.repeat(32) });
    let calls = 0;
    const make = (v: string) => async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return v;
    };
    const [x, y] = await Promise.all([
      c.getOrMake(id(1), make('one')),
      c.getOrMake(id(1), make('two')),
    ]);
    expect([x.json, y.json, calls]).toEqual(['one', 'one', 1]);
    expect([x.cached, y.cached]).toEqual([false, true]);
    await c.getOrMake(id(2), make('2'));
    c.get(id(1)); // 1 is now the most recently used
    await c.getOrMake(id(3), make('3'));
    expect(c.get(id(2))).toBeUndefined();
    expect(c.get(id(1))).toBe('one');
    expect(c.size).toBe(2);
  });

  it('does not cache a failure', async () => {
    const c = new ProofCache({ scope: 'ab'.repeat(32) });
    await expect(
      c.getOrMake(id(1), async () => {
        throw new Error('no');
      })
    ).rejects.toThrow('no');
    expect((await c.getOrMake(id(1), async () => 'ok')).json).toBe('ok');
  });

  it('keeps proofs on disk per tree (scope), mode 0600, across instances', async () => {
    const { mkdtempSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'kura-cache-'));
    const a = new ProofCache({ dir, scope: 'aa'.repeat(32) });
    a.set(id(5), '{"p":1}');
    expect(statSync(join(dir, 'aa'.repeat(32), `${id(5)}.json`)).mode & 0o777).toBe(0o600);
    expect(new ProofCache({ dir, scope: 'aa'.repeat(32), maxEntries: 0 }).get(id(5))).toBe(
      '{"p":1}'
    );
    expect(new ProofCache({ dir, scope: 'bb'.repeat(32) }).get(id(5))).toBeUndefined();
    expect(() => a.get('../x')).toThrow(/id/);
  });
});
