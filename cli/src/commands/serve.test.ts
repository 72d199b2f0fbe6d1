/**
 * `kura serve` as a real process (cli/dist/main.js) on a random loopback port: start-up line,
 * proofs over HTTP, refusals of unsafe token and secret files (exit 2, nothing listening),
 * SIGHUP token rotation, SIGTERM graceful shutdown (exit 0), and a stderr that never shows a
 * uid, the token or the secret.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@kura/codec';
import { type Asset, type Round, verifyProof } from '@kura/tree';
import { buildTreeStore } from '@kura/tree/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KURA_BIN, runKura } from '../testing.js';

const round: Round = {
  exchange: 'Serve CLI',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const assets: Asset[] = [{ symbol: 'BTC', decimals: 8 }];
const SECRET = new Uint8Array(32).fill(9);
const TOKEN = 'a'.repeat(20) + 'Z9-_.~b'.repeat(3);
const TOKEN2 = 'rotated-token-0123456789abcdefghij';

let dir: string;
let rootCommitment: string;
const f = (n: string) => join(dir, n);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-serve-cli-'));
  writeFileSync(
    f('users.csv'),
    `uid,BTC\n${Array.from({ length: 30 }, (_, i) => `cust-${i},0.${String(i + 1).padStart(8, '0')}`).join('\n')}\n`
  );
  const r = await buildTreeStore({
    input: f('users.csv'),
    round,
    assets,
    masterSecret: SECRET,
    out: f('tree'),
    workers: 0,
  });
  rootCommitment = r.root.rootCommitment;
  writeFileSync(f('secret'), `${bytesToHex(SECRET)}\n`, { mode: 0o600 });
  writeFileSync(f('token'), `${TOKEN}\n`, { mode: 0o600 });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  proc: ChildProcess;
  base: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** `kura serve` arguments on a free port. */
const serveArgs = (token = f('token'), secret = f('secret')) => [
  'serve',
  ...['--tree', f('tree'), '--secret', secret, '--token-file', token, '--port', '0'],
];

async function start(extra: string[] = []): Promise<Running> {
  const proc = spawn(process.execPath, [KURA_BIN, ...serveArgs(), '--access-log', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  const exit = new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
  const base = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no start line: ${err}`)), 20_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    proc.on('exit', () => reject(new Error(`exited: ${err}`)));
  });
  expect(out).toContain(`rootCommitment ${rootCommitment}`);
  return { proc, base, stderr: () => err, exit };
}

const get = (base: string, uid: string, token = TOKEN) =>
  fetch(`${base}/v1/proof?uid=${encodeURIComponent(uid)}`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe('kura serve', () => {
  test('serves proofs; SIGHUP rotates the token; SIGTERM exits 0; stderr free of secrets', async () => {
    const s = await start();
    try {
      const r = await get(s.base, 'cust-4');
      expect(r.status).toBe(200);
      expect(verifyProof(await r.json(), { rootCommitment }).ok).toBe(true);
      expect((await get(s.base, 'cust-4', TOKEN2)).status).toBe(401);
      // rotation
      writeFileSync(f('token'), `${TOKEN2}\n`, { mode: 0o600 });
      s.proc.kill('SIGHUP');
      for (let i = 0; i < 100 && !s.stderr().includes('token reloaded'); i++)
        await new Promise((res) => setTimeout(res, 20));
      expect((await get(s.base, 'cust-4', TOKEN2)).status).toBe(200);
      expect((await get(s.base, 'cust-4', TOKEN)).status).toBe(401);
    } finally {
      writeFileSync(f('token'), `${TOKEN}\n`, { mode: 0o600 });
      s.proc.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
    const err = s.stderr();
    expect(err).toContain('SIGTERM: shutting down');
    expect(err).toContain('"msg":"stopped"');
    expect(err).toContain('"path":"/v1/proof"');
    expect(err).not.toContain('cust-4');
    expect(err).not.toContain(TOKEN);
    expect(err).not.toContain(TOKEN2);
    expect(err).not.toContain(bytesToHex(SECRET));
  });

  test('SIGINT also shuts down cleanly', async () => {
    const s = await start(['--rate-limit', '0']);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    s.proc.kill('SIGINT');
    expect(await s.exit).toBe(0);
  });

  test('refuses a token file readable by others, the secret as token, a short token', () => {
    const args = (token: string) => serveArgs(token);
    writeFileSync(f('token-open'), `${TOKEN}\n`);
    chmodSync(f('token-open'), 0o644);
    let r = runKura(args(f('token-open')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/token-open.*readable by other users \(mode 0644\); run chmod 600/);
    writeFileSync(f('token-secret'), `${bytesToHex(SECRET)}\n`, { mode: 0o600 });
    r = runKura(args(f('token-secret')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds the master secret/);
    writeFileSync(f('token-short'), 'short\n', { mode: 0o600 });
    r = runKura(args(f('token-short')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/token-short:1: .*32 … 4096 printable ASCII/);
    expect(r.stderr).not.toContain(TOKEN);
  });

  test('refuses a wrong master secret and a secret file readable by others', () => {
    writeFileSync(f('secret-wrong'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    let r = runKura(serveArgs(f('token'), f('secret-wrong')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WRONG_SECRET/);
    writeFileSync(f('secret-open'), `${bytesToHex(SECRET)}\n`);
    chmodSync(f('secret-open'), 0o640);
    r = runKura(serveArgs(f('token'), f('secret-open')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/master secret file is readable by other users/);
    r = runKura([...serveArgs(), '--rate-limit', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rate-limit/);
  });
});
