/**
 * The proof server in-process on a random loopback port, over a real tree store built by
 * `buildTreeStore`: every route, status and error code, the bearer token, the size, URL and
 * rate limits, graceful shutdown with a request in flight, and logs free of uids and tokens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type ClientRequest, type RequestOptions, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Asset, type Round, verifyProof } from '@kura/tree';
import { buildTreeStore, TreeStore } from '@kura/tree/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RateLimiter } from './ratelimit.js';
import { createProofServer, type LogLine, type ProofServer } from './server.js';
import { BearerToken } from './token.js';

const round: Round = {
  exchange: 'Serve Test Exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const assets: Asset[] = [
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 18 },
];
const SECRET = new Uint8Array(32).fill(7);
const TOKEN = 'tok_9f3c2a7b1e5d4c8a0b6f2e1d3c5a7b9e';
const UIDS = [...Array.from({ length: 40 }, (_, i) => `user-${i}`), 'zoë', 'a+b c/ü?&=#'];

let dir: string;
let store: TreeStore;
let srv: ProofServer;
let base: string;
const logs: LogLine[] = [];

async function startServer(
  over: Partial<Parameters<typeof createProofServer>[0]> = {}
): Promise<{ srv: ProofServer; base: string; store: TreeStore }> {
  const st = TreeStore.open(join(dir, 'tree'), SECRET);
  const s = createProofServer({
    store: st,
    token: TOKEN,
    accessLog: true,
    log: (l) => logs.push(l),
    ...over,
  });
  const a = await s.listen(0, '127.0.0.1');
  return { srv: s, base: `http://127.0.0.1:${a.port}`, store: st };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-serve-'));
  const lines = UIDS.map((uid, i) =>
    JSON.stringify({ uid, balances: { BTC: `0.${String(i + 1).padStart(8, '0')}`, ETH: `${i}` } })
  );
  writeFileSync(join(dir, 'users.jsonl'), `${lines.join('\n')}\n`);
  await buildTreeStore({
    input: join(dir, 'users.jsonl'),
    round,
    assets,
    masterSecret: SECRET,
    out: join(dir, 'tree'),
    workers: 0,
  });
  ({ srv, base, store } = await startServer());
});
afterAll(async () => {
  await srv?.shutdown(1000);
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${TOKEN}` };
const getProof = (uid: string, headers: Record<string, string> = auth) =>
  fetch(`${base}/v1/proof?uid=${encodeURIComponent(uid)}`, { headers });
const postProof = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1/proof`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', ...headers },
    body,
  });

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request through node:http (fresh connection), for what fetch cannot do: a chosen local
 * address, chunked or paused bodies. `write` sends the body; it gets a function to end it later.
 */
function raw(
  url: string,
  opts: RequestOptions,
  write: (req: ClientRequest) => void = (req) => req.end()
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, ...opts });
    req.on('response', (res) => {
      let b = '';
      res.on('data', (d) => {
        b += d;
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: b }));
    });
    req.on('error', reject);
    write(req);
  });
}

async function errorOf(r: Response): Promise<string> {
  expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const j = (await r.json()) as { error: { code: string; message: string } };
  expect(typeof j.error.message).toBe('string');
  return j.error.code;
}

describe('proofs', () => {
  test('GET /v1/proof?uid= answers the proof, which verifies against the root', async () => {
    const r = await getProof('user-7');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const proof = await r.json();
    expect(proof).toEqual(store.proof('user-7'));
    const v = verifyProof(proof, { rootCommitment: store.root.rootCommitment, round, assets });
    expect(v.ok).toBe(true);
    expect((proof as { balances: string[] }).balances).toEqual(['8', '7000000000000000000']);
  });
  test('POST /v1/proof {"uid"} answers the same proof', async () => {
    const r = await postProof(JSON.stringify({ uid: 'user-7' }));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual(store.proof('user-7'));
  });
  test('uids with reserved URL characters and non-ASCII letters, GET and POST', async () => {
    for (const uid of ['a+b c/ü?&=#', 'zoë']) {
      const g = await getProof(uid);
      expect(g.status).toBe(200);
      expect(((await g.json()) as { uid: string }).uid).toBe(uid);
      const p = await postProof(JSON.stringify({ uid }), {
        'content-type': 'application/json; charset=utf-8',
      });
      expect(p.status).toBe(200);
    }
    // the decomposed spelling of "zoë" is the same customer (uids are NFC-normalised)
    const d = await getProof('zoe\u0308');
    expect(d.status).toBe(200);
  });
  test('an unknown uid is 404 UID_NOT_FOUND', async () => {
    const r = await getProof('nobody');
    expect(r.status).toBe(404);
    expect(await errorOf(r)).toBe('UID_NOT_FOUND');
  });
});

describe('authentication', () => {
  test.each([
    ['no header', {}],
    ['wrong token', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, 20)}` }],
    ['the token plus a character', { authorization: `Bearer ${TOKEN}x` }],
    ['another scheme', { authorization: `Basic ${btoa(`x:${TOKEN}`)}` }],
    ['no scheme', { authorization: TOKEN }],
    ['two spaces', { authorization: `Bearer  ${TOKEN}` }],
  ])('%s → 401 UNAUTHORIZED with WWW-Authenticate', async (_n, headers) => {
    const r = await getProof('user-1', headers as Record<string, string>);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="kura"/);
    expect(await errorOf(r)).toBe('UNAUTHORIZED');
  });
  test('the scheme is case-insensitive (RFC 9110)', async () => {
    const r = await getProof('user-1', { authorization: `bearer ${TOKEN}` });
    expect(r.status).toBe(200);
  });
  test('an unauthenticated POST is refused before its body is read', async () => {
    const r = await postProof(JSON.stringify({ uid: 'user-1' }), { authorization: 'Bearer nope' });
    expect(r.status).toBe(401);
  });
  test('BearerToken.set rotates the token', () => {
    const t = new BearerToken(TOKEN);
    expect(t.check(`Bearer ${TOKEN}`)).toBe(true);
    t.set(`${TOKEN}2`);
    expect(t.check(`Bearer ${TOKEN}`)).toBe(false);
    expect(t.check(`Bearer ${TOKEN}2`)).toBe(true);
    expect(t.check(undefined)).toBe(false);
    expect(t.check('Bearer ')).toBe(false);
  });
});

describe('routes and request errors', () => {
  test('GET /healthz needs no token and shows only public round data', async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(JSON.parse(text)).toEqual({
      status: 'ok',
      service: 'kura-serve/1',
      round,
      rootCommitment: store.root.rootCommitment,
    });
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('users');
    expect(text).not.toContain(Buffer.from(SECRET).toString('hex'));
    const h = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(h.status).toBe(200);
  });
  test('unknown path → 404 NOT_FOUND; wrong method → 405 with Allow', async () => {
    const a = await fetch(`${base}/v1/proofs?uid=x`, { headers: auth });
    expect(a.status).toBe(404);
    expect(await errorOf(a)).toBe('NOT_FOUND');
    const b = await fetch(`${base}/v1/proof?uid=x`, { method: 'DELETE', headers: auth });
    expect(b.status).toBe(405);
    expect(b.headers.get('allow')).toBe('GET, POST');
    expect(await errorOf(b)).toBe('METHOD_NOT_ALLOWED');
    const c = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(c.status).toBe(405);
    expect(c.headers.get('allow')).toBe('GET, HEAD');
  });
  test.each([
    ['missing uid', '/v1/proof', 'MISSING_UID'],
    ['empty uid', '/v1/proof?uid=', 'BAD_UID'],
    ['uid twice', '/v1/proof?uid=a&uid=b', 'BAD_REQUEST'],
    ['other parameter', '/v1/proof?uid=a&x=1', 'BAD_REQUEST'],
    ['lone surrogate', '/v1/proof?uid=%ED%A0%80', 'UID_NOT_FOUND'],
  ])('GET: %s → %s', async (_n, path, code) => {
    const r = await fetch(`${base}${path}`, { headers: auth });
    expect(await errorOf(r)).toBe(code);
  });
  test('a uid over 1024 UTF-8 bytes → 400 BAD_UID', async () => {
    const r = await getProof('é'.repeat(513));
    expect(r.status).toBe(400);
    expect(await errorOf(r)).toBe('BAD_UID');
  });
  test.each([
    ['not JSON', '{uid: "a"}', 'BAD_JSON'],
    ['duplicate key', '{"uid":"a","uid":"user-1"}', 'BAD_JSON'],
    ['a number', '{"uid": 5}', 'BAD_UID'],
    ['an array', '["user-1"]', 'BAD_REQUEST'],
    ['an extra member', '{"uid":"user-1","all":true}', 'BAD_REQUEST'],
    ['no uid', '{}', 'MISSING_UID'],
    ['empty body', '', 'BAD_JSON'],
    ['__proto__ key', '{"__proto__":{},"uid":"user-1"}', 'BAD_JSON'],
  ])('POST: %s → %s', async (_n, body, code) => {
    const r = await postProof(body);
    expect(r.status).toBe(400);
    expect(await errorOf(r)).toBe(code);
  });
  test('POST with another media type → 415', async () => {
    const r = await postProof('uid=user-1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(415);
    expect(await errorOf(r)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
  test('a body over the limit → 413, by Content-Length and when streamed without one', async () => {
    const big = JSON.stringify({ uid: 'x'.repeat(5000) });
    const r = await postProof(big);
    expect(r.status).toBe(413);
    expect(await errorOf(r)).toBe('PAYLOAD_TOO_LARGE');
    // chunked: no Content-Length, so the server counts while reading
    const status = await raw(
      `${base}/v1/proof`,
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      (req) => {
        req.write('{"uid":"');
        for (let i = 0; i < 10; i++) req.write('y'.repeat(1000));
        req.end('"}');
      }
    );
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    // the server is still fine
    expect((await getProof('user-2')).status).toBe(200);
  });
  test('a request target over the limit → 414 URI_TOO_LONG', async () => {
    const r = await fetch(`${base}/v1/proof?uid=${'x'.repeat(9000)}`, { headers: auth });
    expect(r.status).toBe(414);
    expect(await errorOf(r)).toBe('URI_TOO_LONG');
  });
  test('malformed HTTP → 400 JSON, oversized headers → 431', async () => {
    const raw = async (text: string) => {
      const { connect } = await import('node:net');
      const port = Number(new URL(base).port);
      return new Promise<string>((resolve) => {
        const s = connect(port, '127.0.0.1', () => s.write(text));
        let b = '';
        s.on('data', (d) => {
          b += d;
        });
        s.on('close', () => resolve(b));
      });
    };
    const bad = await raw('GARBAGE\r\n\r\n');
    expect(bad).toMatch(/^HTTP\/1\.1 400 /);
    expect(bad).toContain('"BAD_REQUEST"');
    const huge = await raw(
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('"HEADERS_TOO_LARGE"');
  });
});

describe('rate limit', () => {
  test('per client: the (burst+1)-th request → 429 with Retry-After; other clients unaffected', async () => {
    const s = await startServer({
      rateLimit: { perSecond: 0.5, burst: 2 },
      trustedRateLimit: { perSecond: 0.5, burst: 2 },
    });
    try {
      const get = async (localAddress: string, headers: Record<string, string> = auth) => {
        const r = await raw(`${s.base}/v1/proof?uid=user-3`, { headers, localAddress });
        return { ...r, retry: r.headers['retry-after'] as string | undefined };
      };
      // unauthenticated requests have their own strict bucket: token guessing is throttled
      const wrong = { authorization: 'Bearer wrong' };
      expect((await get('127.0.0.1', wrong)).status).toBe(401);
      expect((await get('127.0.0.1', wrong)).status).toBe(401);
      expect((await get('127.0.0.1', wrong)).status).toBe(429);
      // the token holder's bucket (here limited on purpose) is separate
      expect((await get('127.0.0.1')).status).toBe(200);
      expect((await get('127.0.0.1')).status).toBe(200);
      const limited = await get('127.0.0.1');
      expect(limited.status).toBe(429);
      expect(JSON.parse(limited.body).error.code).toBe('RATE_LIMITED');
      expect(Number(limited.retry)).toBeGreaterThanOrEqual(1);
      expect(Number(limited.retry)).toBeLessThanOrEqual(2);
      // another client address (127.0.0.2 is loopback too) has its own bucket
      expect((await get('127.0.0.2')).status).toBe(200);
      // health checks are not limited
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    } finally {
      await s.srv.shutdown(1000);
    }
  });
  test('by default the backend holding the token is never throttled; guessers are', async () => {
    const s = await startServer({ rateLimit: { perSecond: 0.5, burst: 3 } });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 200 }, () =>
          raw(`${s.base}/v1/proof?uid=user-3`, { headers: auth }).then((r) => r.status)
        )
      );
      expect(statuses.every((x) => x === 200)).toBe(true);
      const bad = [];
      for (let i = 0; i < 4; i++)
        bad.push(
          (await raw(`${s.base}/v1/proof?uid=user-3`, { headers: { authorization: 'Bearer x' } }))
            .status
        );
      expect(bad).toEqual([401, 401, 401, 429]);
    } finally {
      await s.srv.shutdown(1000);
    }
  });
  test('RateLimiter refills at the configured rate and bounds its memory', () => {
    const rl = new RateLimiter({ perSecond: 10, burst: 2, maxClients: 4 });
    expect(rl.take('a', 0).ok).toBe(true);
    expect(rl.take('a', 0).ok).toBe(true);
    const d = rl.take('a', 0);
    expect(d).toEqual({ ok: false, retryAfterS: 1 });
    expect(rl.take('a', 99).ok).toBe(false);
    expect(rl.take('a', 200).ok).toBe(true);
    for (const k of ['b', 'c', 'd', 'e', 'f', 'g']) rl.take(k, 10_000);
    expect(rl.size).toBeLessThanOrEqual(4);
    expect(() => new RateLimiter({ perSecond: 0, burst: 1 })).toThrow(/perSecond/);
  });
});

describe('graceful shutdown', () => {
  test('stops accepting, finishes the request in flight, closes the store', async () => {
    const s = await startServer();
    let closedStore = false;
    const realClose = s.store.close.bind(s.store);
    s.store.close = () => {
      closedStore = true;
      realClose();
    };
    const port = Number(new URL(s.base).port);
    // a POST whose body arrives after shutdown has begun
    const body = JSON.stringify({ uid: 'user-5' });
    let finish: () => void = () => undefined;
    const inflight = raw(
      `${s.base}/v1/proof`,
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'content-length': body.length },
      },
      (req) => {
        req.write(body.slice(0, 5));
        finish = () => req.end(body.slice(5));
      }
    );
    for (let i = 0; i < 500 && s.srv.inFlight === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(s.srv.inFlight).toBe(1);
    const stopped = s.srv.shutdown(5000);
    expect(s.srv.draining).toBe(true);
    // no new connections
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    finish();
    const r = await inflight;
    expect(r.status).toBe(200);
    expect(r.headers.connection).toBe('close');
    expect(JSON.parse(r.body).uid).toBe('user-5');
    await stopped;
    expect(closedStore).toBe(true);
    expect(logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
  test('requests still hanging after the grace period are cut off', async () => {
    const s = await startServer();
    const hanging = new Promise<string>((resolve) => {
      const req = request(`${s.base}/v1/proof`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'content-length': 100 },
      });
      req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
      req.on('response', (res) => resolve(String(res.statusCode)));
      req.write('{"uid":');
    });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await s.srv.shutdown(300);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await hanging).toMatch(/ECONNRESET|socket hang up|400/);
  });
});

describe('a tree of several build segments', () => {
  test('17,000 customers (more than one 2^14-leaf segment): proofs by uid verify', async () => {
    const lines = Array.from({ length: 17_000 }, (_, i) =>
      JSON.stringify({ uid: `m${i}`, balances: { BTC: String(i % 7), ETH: '1' } })
    );
    writeFileSync(join(dir, 'many.jsonl'), `${lines.join('\n')}\n`);
    const built = await buildTreeStore({
      input: join(dir, 'many.jsonl'),
      round,
      assets,
      masterSecret: SECRET,
      out: join(dir, 'many'),
    });
    const st = TreeStore.open(join(dir, 'many'), SECRET);
    const s = createProofServer({ store: st, token: TOKEN, log: () => undefined });
    const a = await s.listen(0, '127.0.0.1');
    try {
      for (const i of [0, 1, 8191, 16383, 16384, 16999]) {
        const r = await fetch(`http://127.0.0.1:${a.port}/v1/proof?uid=m${i}`, { headers: auth });
        expect(r.status).toBe(200);
        const v = verifyProof(await r.json(), { rootCommitment: built.root.rootCommitment });
        expect(v.ok).toBe(true);
      }
    } finally {
      await s.shutdown(1000);
    }
  });
});

describe('logs', () => {
  test('access lines carry path and status, never a uid, the query, the token or balances', () => {
    expect(logs.length).toBeGreaterThan(20);
    const text = logs.map((l) => JSON.stringify(l)).join('\n');
    expect(text).toContain('"path":"/v1/proof"');
    expect(text).toContain('"code":"UID_NOT_FOUND"');
    for (const uid of ['user-7', 'zo', 'nobody', 'user-1']) expect(text).not.toContain(uid);
    expect(text).not.toContain(TOKEN.slice(4, 24));
    expect(text).not.toContain('uid=');
    expect(text).not.toContain('balances');
  });
});
