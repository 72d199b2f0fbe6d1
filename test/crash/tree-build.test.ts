/**
 * Crash safety of `kura tree build` (issue 9): the real CLI process is killed with SIGKILL at
 * seeded random points (and at the riskiest one: after root.json is written into the temporary
 * directory, before the rename). After every kill the output directory holds either the
 * previous complete store or nothing — never a partial store, never a root.json whose proofs
 * fail — and a re-run gives the identical root.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@kura/codec';
import { parseAssets, parseRound, verifyProof } from '@kura/tree';
import { isTreeStore, TreeStore } from '@kura/tree/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const KURA = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const USERS = 80_000;
const SECRET_HEX = '5e'.repeat(32);
const round = parseRound({
  exchange: 'crash-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
});
const assets = parseAssets([
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 18 },
]);

let dir: string;
const p = (f: string) => join(dir, f);

/** A tiny seeded PRNG (mulberry32) so kill points are reproducible from the seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeUsers(file: string, variant: number): void {
  const lines = ['uid,BTC,ETH'];
  for (let i = 0; i < USERS; i++)
    lines.push(
      `u${i},${(i * 7 + variant) % 100000}.${i % 10},${i % 1000}.000000000000000${i % 10}`
    );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function build(input: string, out: string): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      KURA,
      ...[
        'tree',
        'build',
        '--input',
        input,
        '--assets',
        p('assets.json'),
        '--round',
        p('round.json'),
      ],
      ...['--secret', p('secret.hex'), '--out', out, '--json', '--workers', '1'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  child.stdout!.resume();
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return {
    child,
    done: new Promise((r) =>
      child.on('close', (code) => {
        if (code !== 0 && code !== null)
          process.stderr.write(`kura tree build exit ${code}: ${err}\n`);
        r(code);
      })
    ),
  };
}

/** The state of an output directory after a kill. */
function stateOf(out: string): 'none' | string {
  if (!existsSync(out)) return 'none';
  // whatever is there must be a complete store: it opens, and proofs from it verify
  expect(isTreeStore(out), `${out} exists but is not a tree store`).toBe(true);
  const store = TreeStore.open(out, hexToBytes(SECRET_HEX));
  try {
    const rc = store.root.rootCommitment;
    for (const uid of ['u0', `u${USERS - 1}`, `u${USERS >> 1}`]) {
      const r = verifyProof(store.proof(uid), { rootCommitment: rc, round, assets });
      expect(r.ok, `proof of ${uid} from ${out}`).toBe(true);
    }
    const rootJson = JSON.parse(readFileSync(join(out, 'root.json'), 'utf8'));
    expect(rootJson.rootCommitment).toBe(rc);
    return rc;
  } finally {
    store.close();
  }
}

/** Leftover temporary directories of builds into `out`. */
const temps = (out: string) =>
  readdirSync(dirname(out)).filter((e) => e.startsWith(`.${out.split('/').pop()}.tmp-`));

let R1: string;
let R2: string;
let fullMs: number;
/** A kill point inside a build: 150 ms (past start-up) to 70% of a complete build. */
const killAt = (seed: number): number => 150 + rng(seed)() * Math.max(0, 0.7 * fullMs - 150);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-crash-tree-'));
  writeFileSync(p('round.json'), JSON.stringify(round));
  writeFileSync(p('assets.json'), JSON.stringify(assets));
  writeFileSync(p('secret.hex'), `${SECRET_HEX}\n`, { mode: 0o600 });
  writeUsers(p('v1.csv'), 1);
  writeUsers(p('v2.csv'), 2);
  // reference roots of complete builds (and the duration of one build)
  const t = performance.now();
  expect(await build(p('v1.csv'), p('ref1')).done).toBe(0);
  const t1 = performance.now();
  expect(await build(p('v2.csv'), p('ref2')).done).toBe(0);
  // the shorter of the two builds (the first one runs on a cold cache and is often slower)
  fullMs = Math.min(t1 - t, performance.now() - t1);
  R1 = stateOf(p('ref1'));
  R2 = stateOf(p('ref2'));
  expect(R1).not.toBe(R2);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kura tree build killed with SIGKILL', () => {
  it('at random points with no previous output: none, or the complete store; the re-run gives the same root', async () => {
    const seen: string[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const out = p(`fresh-${seed}`);
      const delay = killAt(seed);
      const b = build(p('v2.csv'), out);
      await new Promise((r) => setTimeout(r, delay));
      b.child.kill('SIGKILL');
      const code = await b.done;
      const st = stateOf(out);
      seen.push(
        `${seed}:${Math.round(delay)}ms:${code === null ? 'killed' : `exit ${code}`}:${st === 'none' ? 'none' : 'complete'}`
      );
      if (st !== 'none') expect(st).toBe(R2);
      // re-run: starts over cleanly, removes the killed build's temporary directory, same root
      expect(await build(p('v2.csv'), out).done).toBe(0);
      expect(stateOf(out)).toBe(R2);
      expect(temps(out)).toEqual([]);
    }
    // the kills really happened mid-build (not all after the end)
    expect(seen.filter((s) => s.includes('killed')).length, seen.join(' ')).toBeGreaterThanOrEqual(
      3
    );
  }, 600_000);

  it('at random points over a previous store: the previous store, or none, or the new one — never a mixture', async () => {
    const out = p('replace');
    expect(await build(p('v1.csv'), out).done).toBe(0);
    expect(stateOf(out)).toBe(R1);
    const outcomes: string[] = [];
    for (const seed of [11, 12, 13]) {
      const before = stateOf(out);
      const delay = killAt(seed);
      const b = build(p(seed % 2 ? 'v2.csv' : 'v1.csv'), out);
      await new Promise((r) => setTimeout(r, delay));
      b.child.kill('SIGKILL');
      await b.done;
      const after = stateOf(out);
      outcomes.push(after === 'none' ? 'none' : after === before ? 'previous' : 'new');
      expect([before, R1, R2, 'none']).toContain(after);
      if (after === 'none') {
        // the rename window: the previous store sits in a temporary directory; a re-run restores
        // a complete store
        expect(await build(p('v1.csv'), out).done).toBe(0);
      }
    }
    expect(await build(p('v2.csv'), out).done).toBe(0);
    expect(stateOf(out)).toBe(R2);
    expect(temps(out)).toEqual([]);
    expect(outcomes.length).toBe(3);
  }, 600_000);

  it('after root.json is written into the temporary directory, before the rename: previous store kept', async () => {
    const out = p('window');
    expect(await build(p('v1.csv'), out).done).toBe(0);
    const b = build(p('v2.csv'), out);
    // poll for the temporary directory's root.json and kill at once
    let killed = false;
    const deadline = Date.now() + 120_000;
    while (!killed && Date.now() < deadline && b.child.exitCode === null) {
      for (const t of temps(out))
        if (
          existsSync(join(dirname(out), t, 'root.json')) ||
          existsSync(join(dirname(out), t, 'store.json'))
        ) {
          b.child.kill('SIGKILL');
          killed = true;
          break;
        }
      await new Promise((r) => setTimeout(r, 2));
    }
    await b.done;
    const st = stateOf(out);
    // either the kill landed before the swap (previous), inside it (none) or it was too late (new)
    expect([R1, 'none', R2]).toContain(st);
    if (killed && st === R1) {
      // the temporary directory holds a complete-looking root.json of the new tree: it must not
      // be taken for the output — it is not in `out`, and a re-run replaces it
      expect(temps(out).length).toBeGreaterThan(0);
    }
    expect(await build(p('v2.csv'), out).done).toBe(0);
    expect(stateOf(out)).toBe(R2);
  }, 300_000);

  it('leftover temporary directories never hold a store under the output name', () => {
    for (const e of readdirSync(dir)) {
      if (!e.includes('.tmp-')) continue;
      // leftovers are hidden siblings; nothing named like an output holds a partial store
      expect(e.startsWith('.')).toBe(true);
    }
  });
});
