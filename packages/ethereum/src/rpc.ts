/**
 * A small Ethereum JSON-RPC 2.0 client: injected `fetch`, per-request timeout, retries with
 * exponential backoff for transient failures, batch requests (split, run a few at a time, and
 * replaced by single calls when the endpoint refuses batches), and JSON-RPC errors mapped to
 * {@link SourceError}s that name the endpoint (credentials and API keys removed) and the call.
 * @module
 */
import { redactUrl, SourceError, urlCredentials } from '@kura/codec';

/** The part of the Fetch API the client uses (so tests and browsers can inject their own). */
export type FetchLike = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
  }
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Options of {@link RpcClient}. */
export interface RpcOptions {
  /** Endpoint URL (may hold an API key: it is never printed). */
  readonly url: string;
  /** The fetch implementation (default `globalThis.fetch`). */
  readonly fetch?: FetchLike;
  /** Per-HTTP-request timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Retries of a transient failure (default 3). */
  readonly retries?: number;
  /** First backoff delay in ms, doubled per retry (default 250). */
  readonly retryDelayMs?: number;
  /** Largest number of calls in one batch request (default 100). */
  readonly maxBatch?: number;
  /** Batch requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Extra HTTP headers (e.g. an authorization header). Never printed. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One call of a batch. */
export interface RpcCall {
  readonly method: string;
  readonly params: readonly unknown[];
}

/** The outcome of one call of {@link RpcClient.batchSettled}. */
export type RpcSettled = { ok: true; result: unknown } | { ok: false; error: SourceError };

/** Stable codes of the {@link SourceError}s the client throws. */
export type RpcErrorCode =
  | 'RPC_TIMEOUT'
  | 'RPC_UNREACHABLE'
  | 'RPC_HTTP'
  | 'RPC_RATE_LIMITED'
  | 'RPC_BAD_REPLY'
  | 'RPC_METHOD_UNSUPPORTED'
  | 'RPC_INVALID_PARAMS'
  | 'RPC_STATE_UNAVAILABLE'
  | 'RPC_REVERTED'
  | 'RPC_ERROR';

/**
 * A URL fit to print — the one rule of every chain, {@link redactUrl} of `@kura/codec`: user
 * info, query and fragment dropped, key-like path segments replaced by `***`.
 */
export const redactEndpoint: (url: string) => string = redactUrl;

const STATE_HINTS =
  /missing trie node|header not found|state.*not available|pruned|historical state|unknown block|block not found|state histories/i;

class Transient extends Error {
  constructor(
    readonly sourceCode: RpcErrorCode,
    message: string,
    readonly original?: unknown
  ) {
    super(message);
  }
}

function clip(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Map a JSON-RPC error object to a code and a clear message. */
export function mapRpcError(err: unknown): { code: RpcErrorCode; message: string; retry: boolean } {
  const o = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const code = typeof o.code === 'number' ? o.code : undefined;
  const msg = typeof o.message === 'string' ? clip(o.message) : 'no message';
  const data = typeof o.data === 'string' ? ` (data ${clip(o.data, 140)})` : '';
  const tag = code === undefined ? '' : ` [JSON-RPC ${code}]`;
  if (code === -32601)
    return {
      code: 'RPC_METHOD_UNSUPPORTED',
      message: `the endpoint does not offer this method${tag}: ${msg}`,
      retry: false,
    };
  if (code === -32602)
    return {
      code: 'RPC_INVALID_PARAMS',
      message: `invalid parameters${tag}: ${msg}`,
      retry: false,
    };
  if (code === 3 || /execution reverted|revert/i.test(msg))
    return {
      code: 'RPC_REVERTED',
      message: `the call reverted${tag}: ${msg}${data}`,
      retry: false,
    };
  if (code === -32005 || code === 429 || /rate limit|too many requests|limit exceeded/i.test(msg))
    return { code: 'RPC_RATE_LIMITED', message: `rate limited${tag}: ${msg}`, retry: true };
  if (code === -32001 || STATE_HINTS.test(msg))
    return {
      code: 'RPC_STATE_UNAVAILABLE',
      message:
        `the node does not have this block or its state${tag}: ${msg} ` +
        '(for an old snapshot block an archive node is needed)',
      retry: false,
    };
  if (code === -32700 || code === -32600)
    return {
      code: 'RPC_BAD_REPLY',
      message: `the endpoint refused the request${tag}: ${msg}`,
      retry: false,
    };
  return {
    code: 'RPC_ERROR',
    message: `the node answered with an error${tag}: ${msg}${data}`,
    retry: code === -32603,
  };
}

/** A JSON-RPC client bound to one endpoint. */
export class RpcClient {
  /** The endpoint as printed in messages (no credentials, no API key). */
  readonly endpoint: string;
  private readonly url: string;
  private readonly fetchFn: FetchLike;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly headers: Record<string, string>;
  private batchRefused = false;
  private nextId = 1;
  /** Number of HTTP requests sent (for benchmarks). */
  requests = 0;

  constructor(opts: RpcOptions) {
    if (typeof opts.url !== 'string' || !/^https?:\/\//.test(opts.url) || !URL.canParse(opts.url))
      throw new SourceError(
        'RPC_BAD_URL',
        redactEndpoint(String(opts.url)),
        'connect',
        'expected an http(s) URL'
      );
    // fetch refuses user:password@ in a URL: it travels as a Basic Authorization header
    const { url, authorization } = urlCredentials(opts.url);
    this.url = url;
    this.endpoint = redactEndpoint(opts.url);
    const f = opts.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!f)
      throw new SourceError('RPC_UNREACHABLE', this.endpoint, 'connect', 'no fetch available');
    this.fetchFn = f;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.retries ?? 3;
    this.retryDelayMs = opts.retryDelayMs ?? 250;
    this.maxBatch = Math.max(1, opts.maxBatch ?? 100);
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.headers = {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
      ...(opts.headers ?? {}),
    };
  }

  /** One HTTP POST with a timeout; transient failures are thrown as {@link Transient}. */
  private async post(body: string, call: string): Promise<unknown> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.timeoutMs);
    this.requests++;
    let text: string;
    try {
      const res = await this.fetchFn(this.url, {
        method: 'POST',
        headers: this.headers,
        body,
        signal: ac.signal,
      });
      if (!res.ok) {
        const s = res.status;
        if (s === 429) throw new Transient('RPC_RATE_LIMITED', 'HTTP 429 Too Many Requests');
        if (s >= 500) throw new Transient('RPC_HTTP', `HTTP ${s} (server error)`);
        const hint =
          s === 401 || s === 403 ? ' — access denied: check the API key or credentials' : '';
        throw new SourceError('RPC_HTTP', this.endpoint, call, `HTTP ${s}${hint}`);
      }
      text = await res.text();
    } catch (e) {
      if (e instanceof Transient || e instanceof SourceError) throw e;
      if (ac.signal.aborted)
        throw new Transient('RPC_TIMEOUT', `no reply within ${this.timeoutMs} ms`, e);
      throw new Transient('RPC_UNREACHABLE', `cannot reach the endpoint (${describe(e)})`, e);
    } finally {
      clearTimeout(timer);
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new SourceError(
        'RPC_BAD_REPLY',
        this.endpoint,
        call,
        `reply is not JSON: ${clip(text, 80)}`,
        { cause: e }
      );
    }
  }

  /** POST with retries of transient failures. */
  private async postRetrying(body: string, call: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.post(body, call);
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        if (attempt >= this.retries)
          throw new SourceError(
            e.sourceCode,
            this.endpoint,
            call,
            `${e.message}${this.retries > 0 ? ` (after ${this.retries + 1} attempts)` : ''}`,
            { cause: e.original }
          );
        await sleep(this.retryDelayMs * 2 ** attempt);
      }
    }
  }

  /** Call one method; throws {@link SourceError} on any failure. */
  async call(method: string, params: readonly unknown[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const id = this.nextId++;
      const reply = await this.postRetrying(
        JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        method
      );
      const o = reply as Record<string, unknown> | null;
      if (typeof o !== 'object' || o === null || Array.isArray(o) || o.id !== id)
        throw new SourceError(
          'RPC_BAD_REPLY',
          this.endpoint,
          method,
          'not a JSON-RPC reply to this request'
        );
      if (o.error !== undefined) {
        const m = mapRpcError(o.error);
        if (m.retry && attempt < this.retries) {
          await sleep(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new SourceError(m.code, this.endpoint, method, m.message);
      }
      if (!('result' in o))
        throw new SourceError(
          'RPC_BAD_REPLY',
          this.endpoint,
          method,
          'reply has neither result nor error'
        );
      return o.result;
    }
  }

  /** One batch request of at most `maxBatch` calls; per-call outcomes. */
  private async batchOnce(calls: readonly RpcCall[]): Promise<RpcSettled[]> {
    const label = `batch of ${calls.length} × ${[...new Set(calls.map((c) => c.method))].join('/')}`;
    if (this.batchRefused || calls.length === 1) return this.singles(calls);
    const base = this.nextId;
    this.nextId += calls.length;
    const body = JSON.stringify(
      calls.map((c, i) => ({ jsonrpc: '2.0', id: base + i, method: c.method, params: c.params }))
    );
    const reply = await this.postRetrying(body, label);
    if (!Array.isArray(reply)) {
      // an endpoint without batch support answers with one error object: fall back to singles
      this.batchRefused = true;
      return this.singles(calls);
    }
    const byId = new Map<number, Record<string, unknown>>();
    for (const r of reply)
      if (typeof r === 'object' && r !== null && typeof (r as { id?: unknown }).id === 'number')
        byId.set((r as { id: number }).id, r as Record<string, unknown>);
    const out: RpcSettled[] = [];
    const retry: number[] = [];
    for (let i = 0; i < calls.length; i++) {
      const r = byId.get(base + i);
      const method = calls[i]!.method;
      const bad = (why: string): RpcSettled => ({
        ok: false,
        error: new SourceError('RPC_BAD_REPLY', this.endpoint, method, why),
      });
      if (!r) out.push(bad('the batch reply lacks this call'));
      else if (r.error !== undefined) {
        const m = mapRpcError(r.error);
        if (m.retry) retry.push(i);
        out.push({ ok: false, error: new SourceError(m.code, this.endpoint, method, m.message) });
      } else if (!('result' in r)) out.push(bad('reply has neither result nor error'));
      else out.push({ ok: true, result: r.result });
    }
    if (retry.length > 0) {
      const again = await this.singles(retry.map((i) => calls[i]!));
      retry.forEach((i, k) => {
        out[i] = again[k]!;
      });
    }
    return out;
  }

  private async singles(calls: readonly RpcCall[]): Promise<RpcSettled[]> {
    return pool(calls, this.concurrency, async (c) => {
      try {
        return { ok: true, result: await this.call(c.method, c.params) } as const;
      } catch (e) {
        if (e instanceof SourceError) return { ok: false, error: e } as const;
        throw e;
      }
    });
  }

  /**
   * Run many calls as batch requests (`maxBatch` per request — or fewer when `opts.maxBatch` says
   * so, for expensive calls — and `concurrency` in flight) and return each call's outcome in
   * order. Throws only when a whole request fails (endpoint down).
   */
  async batchSettled(
    calls: readonly RpcCall[],
    opts: { maxBatch?: number } = {}
  ): Promise<RpcSettled[]> {
    const per = Math.max(1, Math.min(opts.maxBatch ?? this.maxBatch, this.maxBatch));
    const chunks: RpcCall[][] = [];
    for (let i = 0; i < calls.length; i += per) chunks.push(calls.slice(i, i + per));
    const parts = await pool(chunks, this.concurrency, (c) => this.batchOnce(c));
    return parts.flat();
  }

  /** Like {@link batchSettled} but throws the first failed call's {@link SourceError}. */
  async batch(calls: readonly RpcCall[], opts: { maxBatch?: number } = {}): Promise<unknown[]> {
    const settled = await this.batchSettled(calls, opts);
    return settled.map((s) => {
      if (!s.ok) throw s.error;
      return s.result;
    });
  }
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  // never the error's message: fetch errors may quote the URL, and with it an API key
  return e instanceof Error ? e.name : 'network error';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Map `items` through `fn` with at most `n` promises pending; results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  n: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
