/**
 * The Ethereum JSON-RPC 2.0 client, a thin adapter on Kura's one node client (`NodeHttp` and the
 * JSON-RPC 2.0 readers of `@kura/codec`: timeouts, retries with back-off, jitter and
 * `Retry-After`, credentials, redaction, strict reply shapes and batch id matching). Here: the
 * `RPC_*` codes, Ethereum's JSON-RPC error meanings ({@link mapRpcError}, with a retry of the
 * node's rate-limit / internal errors), and batches split, run a few at a time, and replaced by
 * single calls when the endpoint refuses batches.
 * @module
 */
import {
  clientEndpoint,
  type FetchLike,
  jsonRpcRequest,
  type NodeErrorCodes,
  NodeHttp,
  readJsonRpcBatch,
  readJsonRpcReply,
  redactUrl,
  SourceError,
} from '@kura/codec';

/** The one `fetch` shape of Kura's node clients (`@kura/codec`), named here for this package's users. */
export type { FetchLike };

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

const RPC_CODES: NodeErrorCodes = {
  config: 'RPC_BAD_URL',
  timeout: 'RPC_TIMEOUT',
  unreachable: 'RPC_UNREACHABLE',
  http: 'RPC_HTTP',
  'rate-limited': 'RPC_RATE_LIMITED',
  'bad-reply': 'RPC_BAD_REPLY',
  rpc: 'RPC_ERROR',
};

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
  private readonly node: NodeHttp;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private batchRefused = false;
  private nextId = 1;

  constructor(opts: RpcOptions) {
    this.endpoint = clientEndpoint(opts.url, opts.fetch, {
      badUrl: 'RPC_BAD_URL',
      unreachable: 'RPC_UNREACHABLE',
    });
    this.retries = opts.retries ?? 3;
    this.retryDelayMs = opts.retryDelayMs ?? 250;
    this.maxBatch = Math.max(1, opts.maxBatch ?? 100);
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.node = new NodeHttp(opts.url, {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      timeoutMs: opts.timeoutMs ?? 30_000,
      retries: this.retries,
      backoffMs: this.retryDelayMs,
      ...(opts.headers ? { headers: opts.headers } : {}),
      codes: RPC_CODES,
    });
  }

  /** Number of HTTP requests sent (for benchmarks). */
  get requests(): number {
    return this.node.requests;
  }
  set requests(n: number) {
    this.node.requests = n;
  }

  /** POST one JSON-RPC body (with the transport's retries) and parse the JSON reply. */
  private async post(body: unknown, call: string): Promise<unknown> {
    const r = await this.node.requestOk(call, '', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return this.node.json(call, r.body);
  }

  /** Call one method; throws {@link SourceError} on any failure. */
  async call(method: string, params: readonly unknown[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const id = this.nextId++;
      const r = readJsonRpcReply(await this.post(jsonRpcRequest(id, method, params), method), id);
      if (r.ok) return r.result;
      if ('bad' in r) throw this.node.badReply(method, r.bad);
      const m = mapRpcError(r.error);
      if (m.retry && attempt < this.retries) {
        await sleep(this.retryDelayMs * 2 ** attempt);
        continue;
      }
      throw new SourceError(m.code, this.endpoint, method, m.message);
    }
  }

  /** One batch request of at most `maxBatch` calls; per-call outcomes. */
  private async batchOnce(calls: readonly RpcCall[]): Promise<RpcSettled[]> {
    const label = `batch of ${calls.length} × ${[...new Set(calls.map((c) => c.method))].join('/')}`;
    if (this.batchRefused || calls.length === 1) return this.singles(calls);
    const ids = calls.map(() => this.nextId++);
    const reply = await this.post(
      calls.map((c, i) => jsonRpcRequest(ids[i]!, c.method, c.params)),
      label
    );
    if (!Array.isArray(reply)) {
      // an endpoint without batch support answers with one error object: fall back to singles
      this.batchRefused = true;
      return this.singles(calls);
    }
    const bad = (method: string, why: string): RpcSettled => ({
      ok: false,
      error: this.node.badReply(method, why),
    });
    const read = readJsonRpcBatch(reply, ids);
    // a reply answering a foreign id or one id twice is not trusted for any call
    if (!read.ok) return calls.map((c) => bad(c.method, read.bad));
    const out: RpcSettled[] = [];
    const retry: number[] = [];
    read.outcomes.forEach((r, i) => {
      const method = calls[i]!.method;
      if (r.ok) out.push({ ok: true, result: r.result });
      else if ('bad' in r) out.push(bad(method, r.bad));
      else {
        const m = mapRpcError(r.error);
        if (m.retry) retry.push(i);
        out.push({ ok: false, error: new SourceError(m.code, this.endpoint, method, m.message) });
      }
    });
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
