/**
 * The shared HTTP client: credentials moved out of the URL, retries with back-off on network
 * errors / 5xx / 429 (honouring Retry-After), timeouts, the minimum request interval, and error
 * messages that name the endpoint and the call but never the credentials.
 */

import type { FetchLike } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { EsploraSource } from './esplora.js';
import { HttpClient } from './http.js';

type Call = { url: string; headers: Record<string, string>; at: number };
function scripted(
  replies: (number | 'throw' | 'hang' | { status: number; body?: string; retryAfter?: string })[]
) {
  const calls: Call[] = [];
  let i = 0;
  const f: FetchLike = (url, init) => {
    calls.push({ url, headers: init?.headers ?? {}, at: Date.now() });
    const r = replies[Math.min(i++, replies.length - 1)]!;
    if (r === 'throw') return Promise.reject(new TypeError('fetch failed: ECONNREFUSED'));
    if (r === 'hang')
      return new Promise((_res, rej) =>
        init?.signal?.addEventListener('abort', () => rej(new Error('aborted')))
      );
    const o = typeof r === 'number' ? { status: r } : r;
    return Promise.resolve({
      status: o.status,
      headers: {
        get: (n: string) => (n.toLowerCase() === 'retry-after' ? (o.retryAfter ?? null) : null),
      },
      text: async () => o.body ?? 'ok',
    });
  };
  return { f, calls };
}

describe('HttpClient', () => {
  it('moves user:password into a Basic Authorization header and out of every message', async () => {
    const { f, calls } = scripted([200]);
    const c = new HttpClient('http://alice:s3cret@node.example:8332/', { fetch: f });
    await c.request('ping', '/x');
    expect(calls[0]!.url).toBe('http://node.example:8332/x');
    expect(calls[0]!.headers.authorization).toBe(`Basic ${btoa('alice:s3cret')}`);
    expect(c.endpoint).toBe('http://node.example:8332');
    const { f: down } = scripted(['throw']);
    const e = await new HttpClient('http://alice:s3cret@node.example:8332/', {
      fetch: down,
      retries: 1,
      backoffMs: 1,
    })
      .request('getblockhash 5', '/')
      .catch((x: Error) => x);
    expect(e).toMatchObject({
      code: 'SOURCE_UNREACHABLE',
      call: 'getblockhash 5',
      endpoint: 'http://node.example:8332',
    });
    expect(String((e as Error).message)).not.toMatch(/s3cret|alice/);
    expect((e as Error).message).toMatch(/after 2 attempts/);
  });

  it('retries 503 / network errors with doubling back-off, then succeeds', async () => {
    const { f, calls } = scripted([503, 'throw', { status: 200, body: 'done' }]);
    const r = await new HttpClient('http://h.example', { fetch: f, backoffMs: 20 }).request(
      'call',
      '/'
    );
    expect(r).toEqual({ status: 200, body: 'done' });
    expect(calls).toHaveLength(3);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(18);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(38);
  });

  it('honours Retry-After on 429 and gives up with SOURCE_HTTP after the last retry', async () => {
    const { f, calls } = scripted([{ status: 429, retryAfter: '1' }, 200]);
    await new HttpClient('http://h.example', { fetch: f, backoffMs: 1 }).request('call', '/');
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    const { f: always } = scripted([{ status: 502, body: 'bad gateway' }]);
    await expect(
      new HttpClient('http://h.example', { fetch: always, retries: 2, backoffMs: 1 }).request(
        'GET /x',
        '/x'
      )
    ).rejects.toMatchObject({
      code: 'SOURCE_HTTP',
      message: expect.stringContaining('HTTP 502'),
    });
  });

  it('does not retry a JSON-RPC error reply (HTTP 500 with an error object)', async () => {
    const { f, calls } = scripted([
      { status: 500, body: '{"result":null,"error":{"code":-5,"message":"x"}}' },
    ]);
    const r = await new HttpClient('http://h.example', { fetch: f, backoffMs: 1 }).request(
      'rpc',
      '/'
    );
    expect(r.status).toBe(500);
    expect(calls).toHaveLength(1);
  });

  it('times out a hanging request → SOURCE_TIMEOUT', async () => {
    const { f, calls } = scripted(['hang']);
    const e = await new HttpClient('http://h.example', {
      fetch: f,
      timeoutMs: 30,
      retries: 1,
      backoffMs: 1,
    })
      .request('GET /slow', '/slow')
      .catch((x: Error) => x);
    expect(e).toMatchObject({ code: 'SOURCE_TIMEOUT', call: 'GET /slow' });
    expect(calls).toHaveLength(2);
  });

  it('spaces requests by minIntervalMs (rate limit)', async () => {
    const { f, calls } = scripted([200]);
    const c = new HttpClient('http://h.example', { fetch: f, minIntervalMs: 25 });
    await Promise.all([c.request('a', '/'), c.request('b', '/'), c.request('c', '/')]);
    expect(calls[2]!.at - calls[0]!.at).toBeGreaterThanOrEqual(45);
  });

  it('rejects non-http(s) URLs', () => {
    expect(() => new HttpClient('file:///etc/passwd')).toThrow(/only http/);
    expect(() => new HttpClient('not a url')).toThrow(/not a valid URL/);
  });

  it('Esplora: a non-JSON reply where JSON is due → SOURCE_BAD_REPLY naming the call', async () => {
    const { f } = scripted([{ status: 200, body: '<html>' }]);
    const src = new EsploraSource('https://blockstream.info/api', { fetch: f, minIntervalMs: 0 });
    await expect(src.spendStatus('ab'.repeat(32), 0, 10)).rejects.toMatchObject({
      code: 'SOURCE_BAD_REPLY',
      call: `GET /tx/${'ab'.repeat(32)}/outspend/0`,
    });
  });
});
