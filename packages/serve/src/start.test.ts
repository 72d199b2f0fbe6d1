/**
 * `startServer` — the proof service as one library call, over real v1 and v2 tree stores on a
 * random loopback port: proofs that verify, the injected clock (log times, uptime and the
 * rate-limit refill follow it, not the wall), token rotation (a bad file keeps the old token),
 * graceful then forced stop, a port already in use (`LISTEN_FAILED`), a v2 tree refusing a
 * secret it cannot hand to its prover threads, and nothing printed: log lines and notices reach
 * only the callbacks.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, KuraError } from '@kura/codec';
import { type Asset, type Round, verifyProof } from '@kura/tree';
import { buildTreeStore, buildTreeStoreV2 } from '@kura/tree/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LogLine, ServeClock } from './server.js';
import { isLoopback, type RunningServer, startServer } from './start.js';

const round: Round = {
  exchange: 'Start Test Exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const assets: Asset[] = [{ symbol: 'BTC', decimals: 8 }];
const SECRET = new Uint8Array(32).fill(5);
const TOKEN = 'tok_start_0123456789abcdef0123456789';
const TOKEN2 = 'tok_rotated_abcdefghijklmnopqrstuvwxyz';

let dir: string;
let rootCommitment: string;
const f = (n: string) => join(dir, n);

/** A clock that moves only when told to. */
function fakeClock(start = Date.parse('2026-12-01T00:00:00Z')) {
  const t = { wall: start, mono: 1_000 };
  const clock: ServeClock = { now: () => t.wall, monotonic: () => t.mono };
  return {
    clock,
    advance(ms: number) {
      t.wall += ms;
      t.mono += ms;
    },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-serve-start-'));
  writeFileSync(
    f('users.csv'),
    `uid,BTC\n${Array.from({ length: 9 }, (_, i) => `u-${i},0.0000${i + 1}`).join('\n')}\n`
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
  await buildTreeStoreV2({
    input: f('users.csv'),
    round,
    assets: [{ symbol: 'BTC', decimals: 8, treeDecimals: 8 }],
    masterSecret: SECRET,
    out: f('tree-v2'),
    workers: 0,
  });
  writeFileSync(f('token'), `${TOKEN}\n`, { mode: 0o600 });
});

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop('test end', 1000);
  running = undefined;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const get = (base: string, uid: string, token?: string) =>
  fetch(`${base}/v1/proof?uid=${encodeURIComponent(uid)}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

describe('startServer', () => {
  test('serves v1 proofs that verify; rotates the token; stops gracefully, then by force', async () => {
    const logs: LogLine[] = [];
    const notices: string[] = [];
    const { clock, advance } = fakeClock();
    running = await startServer({
      tree: f('tree'),
      secret: SECRET,
      tokenFile: f('token'),
      port: 0,
      accessLog: true,
      log: (l) => logs.push(l),
      notice: (m) => notices.push(m),
      clock,
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.url).toBe(`http://127.0.0.1:${running.address.port}`);
    expect(running).toMatchObject({ protocol: 1, round, rootCommitment, provers: undefined });
    const r = await get(running.url, 'u-3', TOKEN);
    expect(r.status).toBe(200);
    expect(verifyProof(await r.json(), { rootCommitment }).ok).toBe(true);

    // rotation: a bad new file keeps the old token; a good one replaces it
    writeFileSync(f('token'), 'short\n', { mode: 0o600 });
    expect(running.reloadToken('SIGHUP')).toBe(false);
    expect((await get(running.url, 'u-3', TOKEN)).status).toBe(200);
    writeFileSync(f('token'), `${TOKEN2}\n`, { mode: 0o600 });
    expect(running.reloadToken('SIGHUP')).toBe(true);
    expect((await get(running.url, 'u-3', TOKEN)).status).toBe(401);
    expect((await get(running.url, 'u-3', TOKEN2)).status).toBe(200);
    writeFileSync(f('token'), `${TOKEN}\n`, { mode: 0o600 });

    advance(61_000);
    const stopped = running.stop('SIGTERM', 1000);
    const again = running.stop('SIGINT', 1000);
    await stopped;
    await again;
    running = undefined;
    const msgs = logs.map((l) => l.msg).filter((m) => m !== undefined);
    expect(msgs).toEqual([
      expect.stringMatching(/^SIGHUP: token not reloaded, the old one stays valid: .*token:1: /),
      'SIGHUP: token reloaded',
      'SIGTERM: shutting down',
      'SIGINT again: forcing close',
      'stopped',
    ]);
    // every line is stamped by the injected clock; uptime is the clock's, not the wall's
    expect(logs.find((l) => l.msg === 'stopped')).toMatchObject({
      time: '2026-12-01T00:01:01.000Z',
      uptimeS: 61,
    });
    expect(logs.filter((l) => l.path === '/v1/proof').map((l) => l.status)).toEqual([
      200, 200, 401, 200,
    ]);
    for (const l of logs) expect(JSON.stringify(l)).not.toMatch(/u-3|tok_/);
    expect(notices).toEqual([]);
  });

  test('the rate limit refills on the injected monotonic clock', async () => {
    const { clock, advance } = fakeClock();
    running = await startServer({
      tree: f('tree'),
      secret: SECRET,
      tokenFile: f('token'),
      port: 0,
      rateLimit: { perSecond: 1, burst: 1 },
      clock,
    });
    expect((await get(running.url, 'u-1')).status).toBe(401);
    const limited = await get(running.url, 'u-1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    // real time passing does not refill the bucket; the injected clock does
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get(running.url, 'u-1')).status).toBe(429);
    advance(1000);
    expect((await get(running.url, 'u-1')).status).toBe(401);
  });

  test('a port in use is LISTEN_FAILED naming the address', async () => {
    running = await startServer({
      tree: f('tree'),
      secret: SECRET,
      tokenFile: f('token'),
      port: 0,
    });
    const port = running.address.port;
    const e = await startServer({
      tree: f('tree'),
      secret: SECRET,
      tokenFile: f('token'),
      port,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KuraError);
    expect(e).toMatchObject({
      code: 'LISTEN_FAILED',
      message: `cannot listen on 127.0.0.1:${port} (EADDRINUSE)`,
    });
  });

  test('bad token files and a wrong secret are InputErrors naming the file; nothing listens', async () => {
    writeFileSync(f('token-open'), `${TOKEN}\n`);
    chmodSync(f('token-open'), 0o644);
    await expect(
      startServer({ tree: f('tree'), secret: SECRET, tokenFile: f('token-open'), port: 0 })
    ).rejects.toThrow(/token-open.*readable by other users/);
    writeFileSync(f('token-secret'), `${Buffer.from(SECRET).toString('hex')}\n`, { mode: 0o600 });
    await expect(
      startServer({ tree: f('tree'), secret: SECRET, tokenFile: f('token-secret'), port: 0 })
    ).rejects.toThrow(/holds the master secret/);
    await expect(
      startServer({
        tree: f('tree'),
        secret: new Uint8Array(32).fill(6),
        tokenFile: f('token'),
        port: 0,
      })
    ).rejects.toThrow(/WRONG_SECRET|master secret/);
  });

  test('a v2 store: prover threads named in a notice, protocol 2 in health; a secret handle is refused', async () => {
    const notices: string[] = [];
    running = await startServer({
      tree: f('tree-v2'),
      secret: SECRET,
      tokenFile: f('token'),
      port: 0,
      provers: 1,
      notice: (m) => notices.push(m),
    });
    expect(notices).toEqual(['protocol 2 tree; 1 prover thread(s)']);
    expect(running).toMatchObject({ protocol: 2, provers: 1, round });
    const h = await (await fetch(`${running.url}/healthz`)).json();
    expect(h).toMatchObject({ protocol: 2, rootCommitment: running.rootCommitment });
    const handle = { hmacSha256: () => new Uint8Array(32) };
    const e = await startServer({
      tree: f('tree-v2'),
      secret: handle,
      tokenFile: f('token'),
      port: 0,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toMatch(
      /prover threads, which need the master secret as a file/
    );
  });

  test('isLoopback: only loopback names and addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1'])
      expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.com', '127.0.0.1.nip.io'])
      expect(isLoopback(h)).toBe(false);
  });
});
