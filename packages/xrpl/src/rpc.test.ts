/**
 * The rippled JSON-RPC client: request shape, retries of transient failures (HTTP 503/429,
 * rippled `tooBusy`), timeouts, rippled error replies mapped to codes, and no API key in any
 * message.
 */
import { KuraError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { type FetchLike, XrplClient } from './rpc.js';

const URL_WITH_KEY = 'https://user:pw@xrpl.example/v1/abcdef0123456789abcdef?token=zzz';

function seq(replies: (() => Promise<{ ok: boolean; status: number; text(): Promise<string> }>)[]) {
  const bodies: string[] = [];
  let i = 0;
  const fetch: FetchLike = async (_u, init) => {
    bodies.push(init.body ?? '');
    return replies[Math.min(i++, replies.length - 1)]!();
  };
  return { fetch, bodies, count: () => i };
}
const json = (v: unknown) => async () => ({
  ok: true,
  status: 200,
  text: async () => JSON.stringify(v),
});
const http = (status: number) => async () => ({ ok: false, status, text: async () => '' });

async function err(p: Promise<unknown>): Promise<KuraError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KuraError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('XrplClient', () => {
  it('sends {method, params: [named]} and returns result', async () => {
    const s = seq([json({ result: { status: 'success', x: 1 } })]);
    const c = new XrplClient({ url: 'http://127.0.0.1:5005', fetch: s.fetch });
    expect(await c.call('ledger', { ledger_index: 5 })).toEqual({ status: 'success', x: 1 });
    expect(JSON.parse(s.bodies[0]!)).toEqual({ method: 'ledger', params: [{ ledger_index: 5 }] });
  });
  it('retries HTTP 503, 429 and tooBusy, then succeeds', async () => {
    const s = seq([
      http(503),
      http(429),
      json({
        result: {
          error: 'tooBusy',
          error_code: 9,
          error_message: 'The server is too busy',
          status: 'error',
        },
      }),
      json({ result: { status: 'success' } }),
    ]);
    const c = new XrplClient({
      url: 'http://127.0.0.1:5005',
      fetch: s.fetch,
      retries: 3,
      retryDelayMs: 1,
    });
    await c.call('server_state', {});
    expect(s.count()).toBe(4);
  });
  it('gives up after the retries with a code naming the endpoint without its key', async () => {
    const s = seq([http(503)]);
    const c = new XrplClient({ url: URL_WITH_KEY, fetch: s.fetch, retries: 2, retryDelayMs: 1 });
    const e = await err(c.call('ledger', {}));
    expect(e.code).toBe('XRPL_RPC_HTTP');
    expect(s.count()).toBe(3);
    expect(e.message).not.toMatch(/abcdef0123456789|zzz|pw/);
  });
  it('times out', async () => {
    const never: FetchLike = (_u, init) =>
      new Promise((_r, reject) =>
        init.signal.addEventListener('abort', () => reject(new Error('aborted')))
      );
    const c = new XrplClient({
      url: 'http://127.0.0.1:5005',
      fetch: never,
      timeoutMs: 20,
      retries: 0,
    });
    expect((await err(c.call('ledger', {}))).code).toBe('XRPL_RPC_TIMEOUT');
  });
  it('maps rippled errors: lgrNotFound, actNotFound, others; refuses replies without result', async () => {
    const c = (v: unknown) =>
      new XrplClient({ url: 'http://127.0.0.1:5005', fetch: seq([json(v)]).fetch, retries: 0 });
    const e1 = await err(
      c({
        result: {
          error: 'lgrNotFound',
          error_code: 21,
          error_message: 'ledgerNotFound',
          status: 'error',
        },
      }).call('ledger', {})
    );
    expect(e1.code).toBe('XRPL_RPC_LEDGER_UNAVAILABLE');
    const e2 = await err(
      c({
        result: {
          error: 'actNotFound',
          error_code: 19,
          error_message: 'Account not found.',
          status: 'error',
        },
      }).call('account_info', {})
    );
    expect(e2.code).toBe('XRPL_RPC_ACCOUNT_NOT_FOUND');
    const e3 = await err(
      c({ result: { error: 'invalidParams', status: 'error' } }).call('ledger', {})
    );
    expect(e3.code).toBe('XRPL_RPC_ERROR');
    expect((await err(c({ id: 1 }).call('ledger', {}))).code).toBe('XRPL_RPC_BAD_REPLY');
    expect((await err(c({ result: { status: 'pending' } }).call('ledger', {}))).code).toBe(
      'XRPL_RPC_BAD_REPLY'
    );
  });
  it('sends user info as a Basic Authorization header, never in the URL (the shared client)', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const fetch: FetchLike = async (url, init) => {
      seen.push({ url, auth: init.headers.authorization });
      return json({ result: { status: 'success' } })();
    };
    await new XrplClient({ url: URL_WITH_KEY, fetch }).call('ledger', {});
    expect(seen).toEqual([
      {
        url: 'https://xrpl.example/v1/abcdef0123456789abcdef?token=zzz',
        auth: `Basic ${btoa('user:pw')}`,
      },
    ]);
  });
  it('refuses a non-http URL', () => {
    expect(() => new XrplClient({ url: 'wss://s1.ripple.com' })).toThrow(/http/);
  });
});
