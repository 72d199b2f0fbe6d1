/**
 * The JSON-RPC client: retries, timeouts, HTTP and JSON-RPC error mapping, batches, and no
 * credentials or API keys in any message. Uses an injected fetch (and one real closed port).
 */
import { SourceError } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import { type FetchLike, mapRpcError, RpcClient, redactEndpoint } from './rpc.js';

const SECRET_URL =
  'https://alice:hunter2@mainnet.example.io/v3/0123456789abcdef0123456789abcdef?apikey=XYZSECRET';
type Req = { id: number; method: string; params: unknown[] };

/** A fake endpoint: `answer` gets each parsed request body and returns [status, body]. */
function fake(answer: (body: Req | Req[], n: number) => [number, unknown] | 'hang' | 'throw') {
  let n = 0;
  const f: FetchLike = (_url, init) => {
    const r = answer(JSON.parse(init.body ?? '') as Req | Req[], n++);
    if (r === 'throw')
      return Promise.reject(
        Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })
      );
    if (r === 'hang')
      return new Promise((_res, rej) =>
        init.signal.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError')))
      );
    const [status, body] = r;
    return Promise.resolve({
      ok: status >= 200 && status < 300,
      status,
      text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
    });
  };
  return { f, calls: () => n };
}
const ok = (id: number, result: unknown) => ({ jsonrpc: '2.0', id, result });
const err = (id: number, code: number, message: string) => ({
  jsonrpc: '2.0',
  id,
  error: { code, message },
});
const client = (f: FetchLike, extra: Partial<ConstructorParameters<typeof RpcClient>[0]> = {}) =>
  new RpcClient({
    url: SECRET_URL,
    fetch: f,
    retries: 2,
    retryDelayMs: 1,
    timeoutMs: 100,
    ...extra,
  });

async function failure(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    const msg = (e as Error).message;
    for (const secret of ['hunter2', 'alice', '0123456789abcdef', 'XYZSECRET'])
      expect(msg).not.toContain(secret);
    expect(msg).toContain('https://mainnet.example.io/v3/***');
    return e as SourceError;
  }
  throw new Error('expected a failure');
}

describe('redaction', () => {
  test('user info, query, and key-like path segments are removed', () => {
    expect(redactEndpoint(SECRET_URL)).toBe('https://mainnet.example.io/v3/***');
    expect(redactEndpoint('https://eth-mainnet.g.alchemy.com/v2/AbCdEfGh12345678')).toBe(
      'https://eth-mainnet.g.alchemy.com/v2/***'
    );
    expect(redactEndpoint('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545');
    expect(redactEndpoint('http://node.local:8545/rpc')).toBe('http://node.local:8545/rpc');
    expect(redactEndpoint('not a url')).toBe('<invalid URL>');
  });
  test('a bad URL is refused without echoing it', () => {
    expect(() => new RpcClient({ url: 'ftp://user:pw@host/x' })).toThrow(
      /expected an http\(s\) URL/
    );
    try {
      new RpcClient({ url: 'ftp://user:pw@host/x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('pw');
    }
  });
});

describe('retries and timeouts', () => {
  test('HTTP 503 twice, then an answer: retried', async () => {
    const s = fake((b, n) => (n < 2 ? [503, 'busy'] : [200, ok((b as Req).id, '0x1')]));
    const c = client(s.f);
    expect(await c.call('eth_chainId', [])).toBe('0x1');
    expect(s.calls()).toBe(3);
  });
  test('no reply → RPC_TIMEOUT after retries + 1 attempts, naming the endpoint and the call', async () => {
    const s = fake(() => 'hang');
    const e = await failure(client(s.f).call('eth_blockNumber', []));
    expect(e.code).toBe('RPC_TIMEOUT');
    expect(e.message).toMatch(/eth_blockNumber: no reply within 100 ms \(after 3 attempts\)/);
    expect(s.calls()).toBe(3);
  });
  test('HTTP 429 → retried, then RPC_RATE_LIMITED', async () => {
    const s = fake(() => [429, 'slow down']);
    expect((await failure(client(s.f).call('eth_call', []))).code).toBe('RPC_RATE_LIMITED');
    expect(s.calls()).toBe(3);
  });
  test('JSON-RPC -32005 (limit exceeded) is retried too', async () => {
    const s = fake((b, n) => [
      200,
      n === 0 ? err((b as Req).id, -32005, 'limit exceeded') : ok((b as Req).id, '0x2'),
    ]);
    expect(await client(s.f).call('eth_call', [])).toBe('0x2');
  });
  test('a network error → retried, then RPC_UNREACHABLE', async () => {
    const s = fake(() => 'throw');
    const e = await failure(client(s.f).call('eth_chainId', []));
    expect(e.code).toBe('RPC_UNREACHABLE');
    expect(e.message).toContain('ECONNRESET');
    expect(s.calls()).toBe(3);
  });
  test('a real closed port → RPC_UNREACHABLE', async () => {
    const c = new RpcClient({ url: 'http://127.0.0.1:9', retries: 0 });
    await expect(c.call('eth_chainId', [])).rejects.toMatchObject({ code: 'RPC_UNREACHABLE' });
  });
  test('HTTP 401 → RPC_HTTP with a hint, not retried', async () => {
    const s = fake(() => [401, 'no']);
    const e = await failure(client(s.f).call('eth_chainId', []));
    expect(e.code).toBe('RPC_HTTP');
    expect(e.message).toMatch(/HTTP 401 — access denied: check the API key/);
    expect(s.calls()).toBe(1);
  });
});

describe('JSON-RPC errors mapped to clear codes', () => {
  const cases: [number, string, string][] = [
    [-32601, 'the method eth_getProof does not exist/is not available', 'RPC_METHOD_UNSUPPORTED'],
    [-32602, 'invalid argument 0', 'RPC_INVALID_PARAMS'],
    [-32000, 'missing trie node 1234 (path )', 'RPC_STATE_UNAVAILABLE'],
    [-32000, 'header not found', 'RPC_STATE_UNAVAILABLE'],
    [-32001, 'resource not found', 'RPC_STATE_UNAVAILABLE'],
    [3, 'execution reverted', 'RPC_REVERTED'],
    [-32000, 'execution reverted: nope', 'RPC_REVERTED'],
    [-32700, 'parse error', 'RPC_BAD_REPLY'],
    [-32099, 'something else', 'RPC_ERROR'],
  ];
  for (const [code, message, want] of cases)
    test(`${code} "${message}" → ${want}`, async () => {
      expect(mapRpcError({ code, message }).code).toBe(want);
      const s = fake((b) => [200, err((b as Req).id, code, message)]);
      const e = await failure(client(s.f, { retries: 0 }).call('eth_getProof', []));
      expect(e.code).toBe(want);
      expect(e.message).toContain('eth_getProof');
      expect(e.message).toContain(`[JSON-RPC ${code}]`);
    });
  test('a reply that is not JSON, or not for this request → RPC_BAD_REPLY', async () => {
    expect(
      (await failure(client(fake(() => [200, '<html>']).f).call('eth_chainId', []))).code
    ).toBe('RPC_BAD_REPLY');
    expect(
      (await failure(client(fake(() => [200, ok(999, '0x1')]).f).call('eth_chainId', []))).code
    ).toBe('RPC_BAD_REPLY');
    expect(
      (
        await failure(
          client(fake((b) => [200, { jsonrpc: '2.0', id: (b as Req).id }]).f).call(
            'eth_chainId',
            []
          )
        )
      ).code
    ).toBe('RPC_BAD_REPLY');
  });
});

describe('batches', () => {
  test('split by maxBatch, replies matched by id whatever their order', async () => {
    const s = fake((b) => [200, (b as Req[]).map((r) => ok(r.id, r.params[0])).reverse()]);
    const c = client(s.f, { maxBatch: 100 });
    const calls = Array.from({ length: 250 }, (_, i) => ({ method: 'echo', params: [i] }));
    expect(await c.batch(calls)).toEqual(calls.map((_, i) => i));
    expect(s.calls()).toBe(3);
  });
  test('per-call errors stay per call; a missing reply is RPC_BAD_REPLY', async () => {
    const s = fake((b) => [
      200,
      (b as Req[]).flatMap((r, i): unknown[] =>
        i === 1 ? [err(r.id, 3, 'execution reverted')] : i === 2 ? [] : [ok(r.id, 'x')]
      ),
    ]);
    const out = await client(s.f).batchSettled(
      [1, 2, 3, 4].map((i) => ({ method: 'm', params: [i] }))
    );
    expect(out.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
      'ok',
      'RPC_REVERTED',
      'RPC_BAD_REPLY',
      'ok',
    ]);
  });
  test('a batch reply answering a foreign id or one id twice is trusted for no call', async () => {
    for (const lie of [
      (rs: Req[]) => rs.map((r) => ok(r.id + 1000, 'x')),
      (rs: Req[]) => [...rs.map((r) => ok(r.id, 'x')), ok(rs[0]!.id, 'y')],
    ]) {
      const s = fake((b) => [200, lie(b as Req[])]);
      const out = await client(s.f).batchSettled([1, 2].map((i) => ({ method: 'm', params: [i] })));
      expect(out.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
        'RPC_BAD_REPLY',
        'RPC_BAD_REPLY',
      ]);
    }
  });
  test('a single reply with both result and error is RPC_BAD_REPLY', async () => {
    const s = fake((b) => [200, { ...ok((b as Req).id, '0x1'), error: { code: 1, message: 'x' } }]);
    expect((await failure(client(s.f).call('eth_chainId', []))).code).toBe('RPC_BAD_REPLY');
  });
  test('an endpoint that refuses batches is asked one call at a time', async () => {
    const s = fake((b) =>
      Array.isArray(b) ? [200, err(0, -32600, 'batch not supported')] : [200, ok(b.id, b.params[0])]
    );
    const c = client(s.f);
    expect(await c.batch([1, 2, 3].map((i) => ({ method: 'm', params: [i] })))).toEqual([1, 2, 3]);
    expect(await c.batch([4, 5].map((i) => ({ method: 'm', params: [i] })))).toEqual([4, 5]);
    expect(s.calls()).toBe(1 + 3 + 2);
  });
  test('a transiently failing call inside a batch is retried alone', async () => {
    const s = fake((b, n) => {
      if (Array.isArray(b))
        return [
          200,
          b.map((r, i) => (i === 0 && n === 0 ? err(r.id, -32005, 'rate limit') : ok(r.id, 'y'))),
        ];
      return [200, ok(b.id, 'retried')];
    });
    expect(await client(s.f).batch([1, 2].map((i) => ({ method: 'm', params: [i] })))).toEqual([
      'retried',
      'y',
    ]);
  });
});
