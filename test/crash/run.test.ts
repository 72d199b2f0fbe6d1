/**
 * Crash safety of `kura run` (issue 9): the month on real nodes (the demo exchange: bcoin
 * regtest + anvil) killed with SIGKILL at seeded random points. After every kill: the work
 * directory's state file, tree store, attestation and publication are each absent or complete
 * (a publication that exists passes its SHA256SUMS and holds the reference attestation; a tree
 * store that exists opens and its proofs verify) — never a partial file that later verifies.
 * The final re-run resumes and produces byte-identical attestation and proof files to an
 * uninterrupted run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@kura/codec';
import { verifyProof } from '@kura/tree';
import { isTreeStore, TreeStore } from '@kura/tree/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILES } from '../../packages/demo/src/exchange.js';
import { type DemoHandle, setupDemo } from '../../packages/demo/src/pipeline.js';
import { checkSums } from '../../packages/month/src/publication.js';

const KURA = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

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

function run(cfg: string): {
  child: ChildProcess;
  done: Promise<{ code: number | null; out: string; err: string }>;
} {
  const child = spawn(process.execPath, [KURA, 'run', '--config', cfg, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { child, done: new Promise((r) => child.on('close', (code) => r({ code, out, err }))) };
}

let demo: DemoHandle;
let dir: string;
let secret: Uint8Array;
let refAttestation: Buffer;
let refProofs: string[];
let refMs: number;

const crashCfg = () => join(dir, 'kura-crash.json');
const work = () => join(dir, 'work-crash');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-crash-run-'));
  demo = await setupDemo({ dir, customers: 400 });
  secret = hexToBytes(readFileSync(join(dir, DEMO_FILES.secret), 'utf8').trim());
  const t = performance.now();
  const r = await run(demo.config).done;
  refMs = performance.now() - t;
  if (r.code !== 0) throw new Error(`kura run failed (${r.code}): ${r.err}`);
  const pub = JSON.parse(r.out).publication as string;
  refAttestation = readFileSync(join(pub, 'attestation.json'));
  refProofs = readdirSync(join(pub, 'proofs')).sort();
  const c = JSON.parse(readFileSync(demo.config, 'utf8')) as Record<string, unknown>;
  writeFileSync(crashCfg(), JSON.stringify({ ...c, workDir: 'work-crash' }, null, 2), {
    mode: 0o600,
  });
}, 300_000);
afterAll(async () => {
  await demo?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Check every output of the crashed work dir: absent, or complete and correct. */
function checkWorkDir(): string[] {
  const seen: string[] = [];
  const w = work();
  if (!existsSync(w)) return ['nothing'];
  const state = join(w, 'state.json');
  if (existsSync(state)) {
    JSON.parse(readFileSync(state, 'utf8')); // written atomically: always whole JSON
    seen.push('state');
  }
  const tree = join(w, 'tree');
  if (existsSync(tree)) {
    expect(isTreeStore(tree), 'work/tree is not a complete store').toBe(true);
    const s = TreeStore.open(tree, secret);
    try {
      const [first] = s.proofs();
      expect(verifyProof(first, { rootCommitment: s.root.rootCommitment }).ok).toBe(true);
    } finally {
      s.close();
    }
    seen.push('tree');
  }
  const att = join(w, 'attestation.json');
  if (existsSync(att)) {
    expect(readFileSync(att).equals(refAttestation), 'work attestation differs').toBe(true);
    seen.push('attestation');
  }
  const pub = join(w, 'publication');
  if (existsSync(pub)) {
    const sums = checkSums(pub);
    expect(sums.ok, `publication: ${JSON.stringify(sums)}`).toBe(true);
    expect(readFileSync(join(pub, 'attestation.json')).equals(refAttestation)).toBe(true);
    expect(readdirSync(join(pub, 'proofs')).sort()).toEqual(refProofs);
    seen.push('publication');
  }
  return seen;
}

describe('kura run killed with SIGKILL at random points', () => {
  it('leaves only complete outputs after each kill; the re-run completes with identical results', async () => {
    const log: string[] = [];
    for (const seed of [21, 22, 23, 24]) {
      const delay = 300 + rng(seed)() * refMs * 0.9;
      const r = run(crashCfg());
      await new Promise((res) => setTimeout(res, delay));
      r.child.kill('SIGKILL');
      const { code } = await r.done;
      log.push(
        `${seed}@${Math.round(delay)}ms ${code === null ? 'killed' : `exit ${code}`}: ${checkWorkDir().join(',')}`
      );
    }
    if (process.env.KURA_CRASH_LOG) process.stderr.write(`${log.join('\n')}\n`);
    const last = await run(crashCfg()).done;
    expect(last.code, last.err).toBe(0);
    expect(checkWorkDir()).toContain('publication');
    expect(readdirSync(work()).filter((e) => e.includes('.tmp'))).toEqual([]);
    expect(log.filter((l) => l.includes('killed')).length, log.join('\n')).toBeGreaterThanOrEqual(
      2
    );
    const v = spawn(process.execPath, [
      KURA,
      ...['attest', 'verify', '--attestation', join(work(), 'publication', 'attestation.json')],
      ...['--trust', join(work(), 'publication', 'trust.json'), '--require-roles', 'exchange'],
    ]);
    v.stdout.resume();
    v.stderr.resume();
    expect(await new Promise((r) => v.on('close', r))).toBe(0);
  }, 600_000);
});
