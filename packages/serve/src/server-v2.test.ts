/**
 * `kura serve` for a protocol v2 tree store over real HTTP (issue 18): proofs made on demand by
 * worker threads (`TreeStoreV2.proof` of a store built by `buildTreeStoreV2`, whose root is the
 * in-memory reference's), verified, cached by proof file id (one computation per customer, the same
 * bytes every time), BUSY when the provers and the queue are full, the same token and rate
 * limits as v1, and a proof holds no sibling amount.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, formatUnits } from '@kura/codec';
import { buildTreeV2, type CustomerV2, type RootFileV2, verifyProofDocumentV2 } from '@kura/tree';
import { buildTreeStoreV2 } from '@kura/tree/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProofCache } from './cache.js';
import { ProverPool } from './prover.js';
import { createProofServer, type ProofServer } from './server.js';
import { V2ProofSource } from './v2.js';

const round = {
  exchange: 'Serve V2 Exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const assets = [
  { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
];
const SECRET = new Uint8Array(32).fill(9);
const TOKEN = 'tok_v2_9f3c2a7b1e5d4c8a0b6f2e1d3c5a7b9e';
const customers: CustomerV2[] = Array.from({ length: 12 }, (_, i) => ({
  uid: i === 11 ? 'zoë' : `user-${i}`,
  balances: [BigInt(1_000_000 + 7919 * i), BigInt(i) * 10n ** 15n + 1n],
}));
const tree = buildTreeV2(round, assets, customers, SECRET);
const auth = { authorization: `Bearer ${TOKEN}` };
const dirs: string[] = [];
/** The v2 tree store of `customers` (what `kura serve` opens) and its root file. */
let storeDir: string;
let root: RootFileV2;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kura-serve-v2-store-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'customers.csv'),
    `uid,BTC,ETH\n${customers
      .map(
        (c) => `${c.uid},${c.balances.map((b, a) => formatUnits(b, assets[a]!.decimals)).join(',')}`
      )
      .join('\n')}\n`
  );
  storeDir = join(dir, 'tree');
  const r = await buildTreeStoreV2({
    input: join(dir, 'customers.csv'),
    round,
    assets,
    masterSecret: SECRET,
    out: storeDir,
    workers: 0,
  });
  root = r.root;
});

let srv: ProofServer | undefined;
afterEach(async () => {
  await srv?.shutdown(1000);
  srv = undefined;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(
  o: { threads?: number; maxQueue?: number; dir?: string; rate?: boolean } = {}
) {
  const pool = new ProverPool({ threads: o.threads ?? 1, maxQueue: o.maxQueue ?? 8 });
  const cache = new ProofCache({ scope: root.rootCommitment, ...(o.dir ? { dir: o.dir } : {}) });
  const source = V2ProofSource.fromStore({ dir: storeDir, secret: SECRET, pool, cache });
  srv = createProofServer({
    store: source,
    token: TOKEN,
    rateLimit: o.rate ? { perSecond: 1, burst: 1 } : null,
    log: () => undefined,
  });
  const a = await srv.listen(0, '127.0.0.1');
  return { base: `http://127.0.0.1:${a.port}`, pool, cache, source };
}

const get = (base: string, uid: string, headers: Record<string, string> = auth) =>
  fetch(`${base}/v1/proof?uid=${encodeURIComponent(uid)}`, { headers });

describe('kura serve, protocol v2', () => {
  it('serves a kura-proof/2 that verifies against the root, with no sibling amount; cached after', async () => {
    const { base, pool, cache } = await start();
    const r = await get(base, 'user-3');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const text = await r.text();
    const doc = JSON.parse(text);
    expect(doc.version).toBe('kura-proof/2');
    expect(verifyProofDocumentV2(doc, root)).toMatchObject({ ok: true, uid: 'user-3' });
    expect(verifyProofDocumentV2(doc, root.rootCommitment).ok).toBe(true);
    for (const s of doc.siblings) expect(Object.keys(s).sort()).toEqual(['commitments', 'hash']);
    // no other customer's balance appears anywhere in the proof
    for (const c of customers.filter((c) => c.uid !== 'user-3'))
      for (const b of c.balances.filter((b) => b > 100n)) expect(text).not.toContain(String(b));
    // the same bytes again, from the cache (no second proof)
    const again = await (await get(base, 'user-3')).text();
    expect(again).toBe(text);
    expect(pool.proved).toBe(1);
    expect(cache.hits).toBe(1);
    // NFC: the decomposed spelling is the same customer
    const z = await get(base, 'zoe\u0308');
    expect(z.status).toBe(200);
    expect(JSON.parse(await z.text()).uid).toBe('zoë');
  });

  it('concurrent requests for one customer share one proof; a full prover answers 503 BUSY', async () => {
    const { base, pool } = await start({ threads: 1, maxQueue: 0 });
    const [a, b, c] = await Promise.all([
      get(base, 'user-1'),
      get(base, 'user-1'),
      get(base, 'user-2'),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(await a.text()).toBe(await b.text());
    expect(c.status).toBe(503);
    expect(c.headers.get('retry-after')).toBe('5');
    expect((await c.json()).error.code).toBe('BUSY');
    expect(pool.proved).toBe(1);
    // free again: user-2 is served
    expect((await get(base, 'user-2')).status).toBe(200);
  });

  it('token, unknown uid, health naming protocol 2, and the rate limit as in v1', async () => {
    const { base } = await start({ rate: true });
    const h = await fetch(`${base}/healthz`);
    expect(await h.json()).toEqual({
      status: 'ok',
      service: 'kura-serve/1',
      round,
      rootCommitment: root.rootCommitment,
      protocol: 2,
    });
    const u = await get(base, 'user-1', {});
    expect(u.status).toBe(401);
    expect((await u.json()).error.code).toBe('UNAUTHORIZED');
    const limited = await get(base, 'user-1', {
      authorization: 'Bearer wrong-token-wrong-token-wrong!!',
    });
    expect(limited.status).toBe(429);
    const n = await get(base, 'nobody');
    expect(n.status).toBe(404);
    expect((await n.json()).error.code).toBe('UID_NOT_FOUND');
  });

  it('keeps proofs on disk across restarts (same bytes, no new proof)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kura-serve-v2-'));
    dirs.push(dir);
    const first = await start({ dir });
    const text = await (await get(first.base, 'user-5')).text();
    await srv!.shutdown(1000);
    expect(readdirSync(join(dir, root.rootCommitment))).toEqual([
      `${first.source.proofFileId('user-5')}.json`,
    ]);
    const second = await start({ dir });
    expect(await (await get(second.base, 'user-5')).text()).toBe(text);
    expect(second.pool.proved).toBe(0);
    expect(bytesToHex(tree.rootCommitment)).toBe(root.rootCommitment);
  });
});
