/**
 * The one node client (NodeHttp + JsonRpcClient) against a real HTTP server on 127.0.0.1:
 * Retry-After in both forms (RFC 9110 §10.2.3), no retry on 400, timeouts, JSON-RPC 2.0 batch id
 * matching (§6), redaction of credentials and key-like path segments in every error message, and
 * user info sent as a Basic Authorization header.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEndpoint, NodeError, NodeHttp, parseRetryAfter } from './http.js';
import { JsonRpcClient, readJsonRpcBatch, readJsonRpcReply } from './jsonrpc.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server;
let base = '';
let handler: Handler = (_q, _b, res) => res.end('ok');
const seen: { at: number; url: string; auth: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ at: Date.now(), url: req.url ?? '', auth: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function script(...steps: Handler[]): void {
  seen.length = 0;
  let i = 0;
  handler = (q, b, res) => steps[Math.min(i++, steps.length - 1)]!(q, b, res);
}
const status =
  (s: number, headers: Record<string, string> = {}, body = ''): Handler =>
  (_q, _b, res) => {
    res.writeHead(s, headers);
    res.end(body);
  };
const KEY = 'k3yAbCdEf0123456789xyz';
const SECRET = 'pa55w0rd';
const caught = (p: Promise<unknown>): Promise<NodeError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: NodeError) => e
  );

describe('NodeHttp against a local server', () => {
  it('sends user info as a Basic Authorization header and never prints it or the key', async () => {
    script(status(200, {}, 'hi'));
    const url = `http://alice:${SECRET}@${base.slice(7)}/v3/${KEY}`;
    const c = new NodeHttp(url, { retries: 0 });
    expect(await c.getText('ping', '')).toBe('hi');
    expect(seen[0]!.auth).toBe(`Basic ${btoa(`alice:${SECRET}`)}`);
    expect(seen[0]!.url).toBe(`/v3/${KEY}`);
    expect(c.endpoint).toBe(`${base}/v3/***`);
    // every kind of failure: HTTP 4xx, 5xx, 429, bad JSON, timeout, unreachable
    const failures: NodeError[] = [];
    for (const h of [status(404), status(503), status(429), status(200, {}, '<html>')]) {
      script(h);
      failures.push(
        await caught(new NodeHttp(url, { retries: 1, backoffMs: 1 }).getJson('GET /x', '/x'))
      );
    }
    script(() => {});
    failures.push(
      await caught(new NodeHttp(url, { retries: 0, timeoutMs: 50 }).getText('slow', ''))
    );
    failures.push(
      await caught(
        new NodeHttp(`http://alice:${SECRET}@127.0.0.1:1/v3/${KEY}`, { retries: 0 }).getText(
          'x',
          ''
        )
      )
    );
    expect(failures.map((e) => e.code)).toEqual([
      'SOURCE_HTTP',
      'SOURCE_HTTP',
      'SOURCE_HTTP',
      'SOURCE_BAD_REPLY',
      'SOURCE_TIMEOUT',
      'SOURCE_UNREACHABLE',
    ]);
    for (const e of failures) {
      expect(e).toBeInstanceOf(NodeError);
      expect(e.message).not.toContain(SECRET);
      expect(e.message).not.toContain('alice');
      expect(e.message).not.toContain(KEY);
      expect(e.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\/\*\*\* /);
      expect(JSON.stringify({ ...e, cause: String(e.cause) })).not.toContain(SECRET);
    }
  });

  it('honours Retry-After in delay-seconds', async () => {
    script(status(429, { 'retry-after': '1' }), status(200, {}, 'done'));
    const c = new NodeHttp(base, { backoffMs: 1 });
    expect(await c.getText('call', '/')).toBe('done');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    // HTTP-dates have 1 s resolution: 2 s ahead waits more than 1 s
    const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString();
    script(status(503, { 'retry-after': when }), status(200, {}, 'done'));
    const c = new NodeHttp(base, { backoffMs: 1 });
    expect(await c.getText('call', '/')).toBe('done');
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('caps Retry-After by maxRetryAfterMs', async () => {
    script(status(429, { 'retry-after': '3600' }), status(200, {}, 'done'));
    const t = Date.now();
    expect(await new NodeHttp(base, { backoffMs: 1, maxRetryAfterMs: 50 }).getText('c', '/')).toBe(
      'done'
    );
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('never retries a 400 (nor 401/403/404)', async () => {
    for (const s of [400, 401, 403, 404]) {
      script(status(s), status(200));
      const e = await caught(new NodeHttp(base, { backoffMs: 1 }).getText('GET /q', '/q'));
      expect(e).toMatchObject({ code: 'SOURCE_HTTP', kind: 'http', status: s, attempts: 1 });
      expect(e.retryable).toBe(false);
      expect(seen).toHaveLength(1);
    }
  });

  it('retries 5xx and 429 a bounded number of times, then names the attempts', async () => {
    script(status(502, {}, 'bad gateway'));
    const e = await caught(
      new NodeHttp(base, { retries: 2, backoffMs: 1 }).getText('GET /x', '/x')
    );
    expect(seen).toHaveLength(3);
    expect(e).toMatchObject({ code: 'SOURCE_HTTP', status: 502, attempts: 3 });
    expect(e.message).toMatch(
      /GET \/x: HTTP 502 \(server error\): bad gateway \(after 3 attempts\)$/
    );
  });

  it('never retries a JSON-RPC error reply, even with HTTP 500', async () => {
    script(status(500, {}, '{"jsonrpc":"2.0","id":1,"error":{"code":-5,"message":"no"}}'));
    const rpc = new JsonRpcClient(new NodeHttp(base, { backoffMs: 1 }));
    expect(await rpc.callSettled('getblock', ['x'])).toEqual({
      ok: false,
      error: { code: -5, message: 'no' },
    });
    expect(seen).toHaveLength(1);
  });

  it('times out a hanging attempt and retries it', async () => {
    script(() => {});
    const e = await caught(
      new NodeHttp(base, { timeoutMs: 40, retries: 1, backoffMs: 1 }).getText('GET /slow', '/slow')
    );
    expect(e).toMatchObject({ code: 'SOURCE_TIMEOUT', kind: 'timeout', call: 'GET /slow' });
    expect(e.message).toMatch(/no reply within 40 ms \(after 2 attempts\)/);
    expect(seen).toHaveLength(2);
  });

  it('spaces requests by minIntervalMs (rate limit)', async () => {
    script(status(200));
    const c = new NodeHttp(base, { minIntervalMs: 40 });
    await Promise.all([c.getText('a', '/'), c.getText('b', '/'), c.getText('c', '/')]);
    expect(seen[2]!.at - seen[0]!.at).toBeGreaterThanOrEqual(75);
  });

  it('uses the adapter codes', async () => {
    script(status(429));
    const e = await caught(
      new NodeHttp(base, { retries: 0, codes: { 'rate-limited': 'X_LIMITED' } }).getText('c', '/')
    );
    expect(e.code).toBe('X_LIMITED');
    expect(() => new NodeHttp('ftp://h', { codes: { config: 'X_URL' } })).toThrow(
      expect.objectContaining({ code: 'X_URL' })
    );
  });
});

describe('JSON-RPC 2.0 over NodeHttp', () => {
  const echo: Handler = (_q, b, res) => {
    const req = JSON.parse(b) as { id: number } | { id: number }[];
    const one = (r: { id: number }) => ({ jsonrpc: '2.0', id: r.id, result: r.id * 10 });
    res.end(JSON.stringify(Array.isArray(req) ? req.map(one).reverse() : one(req)));
  };

  it('matches batch replies by id whatever their order', async () => {
    script(echo);
    const rpc = new JsonRpcClient(new NodeHttp(base));
    const out = await rpc.batch([
      { method: 'a', params: [] },
      { method: 'b', params: [] },
    ]);
    expect(out).toEqual([
      { ok: true, result: 10 },
      { ok: true, result: 20 },
    ]);
    expect(await rpc.call('c', [])).toBe(30);
  });

  it('rejects a batch reply with a foreign or repeated id', async () => {
    script((_q, b, res) => {
      const req = JSON.parse(b) as { id: number }[];
      res.end(JSON.stringify(req.map((r) => ({ jsonrpc: '2.0', id: r.id + 100, result: 1 }))));
    });
    const rpc = new JsonRpcClient(new NodeHttp(base));
    const e = await caught(rpc.batch([{ method: 'a', params: [] }]));
    expect(e).toMatchObject({ code: 'SOURCE_BAD_REPLY', kind: 'bad-reply' });
    expect(e.message).toMatch(/id that was not asked/);
    expect(
      readJsonRpcBatch(
        [
          { id: 1, result: 1 },
          { id: 1, result: 2 },
        ],
        [1, 2]
      )
    ).toEqual({
      ok: false,
      bad: 'batch reply answers id 1 twice',
    });
    expect(readJsonRpcBatch([{ id: 1, result: 1 }], [1, 2])).toMatchObject({
      ok: true,
      outcomes: [{ ok: true }, { ok: false, bad: 'the batch reply lacks this call' }],
    });
  });

  it('a single reply must answer the id sent, with exactly one of result and error', () => {
    expect(readJsonRpcReply({ id: 2, result: 1 }, 1)).toMatchObject({ ok: false });
    expect(readJsonRpcReply({ id: 1 }, 1)).toMatchObject({ bad: /neither/ });
    expect(
      readJsonRpcReply({ id: 1, result: 1, error: { code: 1, message: 'x' } }, 1)
    ).toMatchObject({ bad: /both/ });
    expect(readJsonRpcReply({ id: 1, error: { code: 'x', message: 'x' } }, 1)).toMatchObject({
      bad: /malformed error/,
    });
    expect(readJsonRpcReply([], 1)).toMatchObject({ ok: false });
  });
});

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  it('reads delay-seconds and HTTP-dates, and nothing else', () => {
    const now = Date.parse('Sun, 06 Dec 2026 05:00:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 05:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 04:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Sunday, 06-Dec-26 05:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun Dec  6 05:00:10 2026', now)).toBe(10_000);
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('clientEndpoint (the checks of every node client before its first request)', () => {
  const codes = { badUrl: 'X_BAD_URL', unreachable: 'X_UNREACHABLE' };
  const fetchStub = async () => ({
    status: 200,
    headers: { get: () => null },
    text: async () => '',
  });

  it('returns the endpoint without credentials', () => {
    expect(clientEndpoint('https://user:secret@node.example/rpc', fetchStub, codes)).toBe(
      'https://node.example/rpc'
    );
    expect(clientEndpoint('http://127.0.0.1:8545', undefined, codes)).toBe('http://127.0.0.1:8545');
  });

  it.each([
    ['a relative path', '/rpc'],
    ['another scheme', 'ws://127.0.0.1:8545'],
    ['not a URL', 'http://'],
    ['not a string', 42],
  ])('%s → the bad-URL code, call connect, the URL redacted', (_, url) => {
    try {
      clientEndpoint(url, fetchStub, codes);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'X_BAD_URL', call: 'connect' });
      expect((e as Error).message).toMatch(/expected an http\(s\) URL/);
    }
  });

  it('a URL with credentials is refused without printing them', () => {
    expect(() => clientEndpoint('ftp://user:secret@node.example', fetchStub, codes)).toThrow(
      expect.objectContaining({ code: 'X_BAD_URL', message: expect.not.stringContaining('secret') })
    );
  });

  it('no fetch given and none global → the unreachable code', () => {
    const saved = globalThis.fetch;
    // @ts-expect-error: a runtime without fetch
    globalThis.fetch = undefined;
    try {
      expect(() => clientEndpoint('http://127.0.0.1:1', undefined, codes)).toThrow(
        expect.objectContaining({
          code: 'X_UNREACHABLE',
          message: expect.stringMatching(/no fetch/),
        })
      );
    } finally {
      globalThis.fetch = saved;
    }
  });
});
