/**
 * The ONE node client transport of Kura: every chain package (bitcoin sources, the Ethereum
 * JSON-RPC client, the rippled client, any new chain) sends its HTTP requests through
 * {@link NodeHttp}. Isomorphic: an injected `fetch` (default the global one), no `node:` import.
 *
 * - a timeout per attempt (`AbortController`);
 * - bounded retries with exponential back-off and jitter, honouring `Retry-After` in both forms
 *   (delay-seconds and HTTP-date, RFC 9110 §10.2.3), capped by `maxRetryAfterMs`;
 * - retryable: network errors, timeouts, HTTP 429 and 5xx — never another 4xx, never a reply
 *   carrying a JSON-RPC error object (the node answered; repeating the question does not help);
 * - an optional rate limit: a minimum interval between the starts of two requests;
 * - credentials in the URL's user info travel as a `Basic` Authorization header
 *   ({@link urlCredentials}) and every message names the endpoint by {@link redactUrl} only —
 *   never a fetch error's own message, which may quote the URL.
 *
 * Errors are {@link NodeError}s (a {@link SourceError}, so a {@link KuraError}) whose `code`
 * comes from the adapter's {@link NodeErrorCodes}, so each chain keeps its stable codes.
 * @module
 */
import { SourceError } from './errors.js';
import { redactUrl, urlCredentials } from './url.js';

/** What a `fetch` reply must offer (the global `Response`, undici's, or a test double). */
export interface FetchReply {
  readonly status: number;
  readonly headers?: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of the Fetch API the client uses. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }
) => Promise<FetchReply>;

/** What went wrong, independent of the adapter's code names. */
export type NodeErrorKind =
  | 'config'
  | 'timeout'
  | 'unreachable'
  | 'http'
  | 'rate-limited'
  | 'bad-reply'
  | 'rpc';

/** The stable code an adapter gives each {@link NodeErrorKind} (its callers assert them). */
export type NodeErrorCodes = Readonly<Record<NodeErrorKind, string>>;

/** The codes of the generic chain sources (bitcoin's Esplora / Core / bcoin sources). */
export const SOURCE_CODES: NodeErrorCodes = {
  config: 'SOURCE_CONFIG',
  timeout: 'SOURCE_TIMEOUT',
  unreachable: 'SOURCE_UNREACHABLE',
  http: 'SOURCE_HTTP',
  'rate-limited': 'SOURCE_HTTP',
  'bad-reply': 'SOURCE_BAD_REPLY',
  rpc: 'SOURCE_RPC',
};

/** A failed node call: which kind, the HTTP status if any, and how many attempts were made. */
export class NodeError extends SourceError {
  readonly kind: NodeErrorKind;
  readonly status: number | undefined;
  readonly attempts: number;
  constructor(
    code: string,
    kind: NodeErrorKind,
    endpoint: string,
    call: string,
    message: string,
    extra: { status?: number; attempts?: number; cause?: unknown } = {}
  ) {
    super(code, endpoint, call, message, extra.cause === undefined ? {} : { cause: extra.cause });
    this.kind = kind;
    this.status = extra.status;
    this.attempts = extra.attempts ?? 1;
  }
  /** Whether another attempt could help (network, timeout, 429, 5xx). */
  get retryable(): boolean {
    return (
      this.kind === 'timeout' ||
      this.kind === 'unreachable' ||
      this.kind === 'rate-limited' ||
      (this.kind === 'http' && this.status !== undefined && this.status >= 500)
    );
  }
}

/**
 * The checks a node client makes before its first request, and its endpoint as printed (no
 * credentials, {@link redactUrl}): `url` an absolute http(s) URL (else `codes.badUrl`), a `fetch`
 * given or a global one (else `codes.unreachable`); each a {@link SourceError} of call `connect`.
 */
export function clientEndpoint(
  url: unknown,
  fetch: unknown,
  codes: { readonly badUrl: string; readonly unreachable: string }
): string {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url))
    throw new SourceError(
      codes.badUrl,
      redactUrl(String(url)),
      'connect',
      'expected an http(s) URL'
    );
  const endpoint = redactUrl(url);
  if (!fetch && typeof globalThis.fetch !== 'function')
    throw new SourceError(codes.unreachable, endpoint, 'connect', 'no fetch available');
  return endpoint;
}

/** Options of {@link NodeHttp}. */
export interface NodeHttpOptions {
  /** The `fetch` to use (default: the global `fetch`). */
  readonly fetch?: FetchLike;
  /** Timeout of one attempt in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  readonly retries?: number;
  /** First back-off delay in ms, doubled per retry (default 250). */
  readonly backoffMs?: number;
  /** Largest back-off delay in ms (default 30 000). */
  readonly maxBackoffMs?: number;
  /** Random extra delay, as a fraction of the back-off (default 0.2: up to +20 %). */
  readonly jitter?: number;
  /** Largest wait honoured from a `Retry-After` header, in ms (default 30 000). */
  readonly maxRetryAfterMs?: number;
  /** Minimum ms between the starts of two requests (default 0: no rate limit). */
  readonly minIntervalMs?: number;
  /** Extra headers (e.g. an API key header). Never printed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The adapter's error codes (default {@link SOURCE_CODES}). */
  readonly codes?: Partial<NodeErrorCodes>;
  /** For tests: the clock and the random source. */
  readonly now?: () => number;
  readonly random?: () => number;
}

/** A reply body and its status. */
export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

/** Init of one {@link NodeHttp.request}. */
export interface NodeRequestInit {
  readonly method?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Parse a `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns the
 * wait in ms (0 for a date in the past), or `undefined` for a value that is neither.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now()
): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // IMF-fixdate (and the obsolete forms Date.parse accepts); must name a weekday and GMT
  if (!/^[A-Za-z]{3},? .*GMT$|^[A-Za-z]+, \d|^[A-Za-z]{3} [A-Za-z]{3} /.test(v)) return undefined;
  // asctime-date carries no zone and means GMT (RFC 9110 §5.6.7)
  const t = Date.parse(/GMT$/.test(v) ? v : `${v} GMT`);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** Whether a reply body holds a JSON-RPC error object (an answer, never retried). */
function isJsonRpcError(body: string): boolean {
  return /"error"\s*:\s*\{/.test(body);
}

/** A short description of a network failure: the error code or name, never the message. */
export function describeFailure(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.name : 'network error';
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One endpoint: its base URL without credentials, the auth header built from them, the policy. */
export class NodeHttp {
  /** The endpoint as shown in messages ({@link redactUrl}). */
  readonly endpoint: string;
  /** The adapter's error codes. */
  readonly codes: NodeErrorCodes;
  /** Number of HTTP requests sent (for benchmarks and tests). */
  requests = 0;
  private readonly base: string;
  private readonly auth: string | undefined;
  private readonly opts: NodeHttpOptions;
  private readonly fetchFn: FetchLike;
  private nextStart = 0;

  constructor(url: string, opts: NodeHttpOptions = {}) {
    this.codes = { ...SOURCE_CODES, ...(opts.codes ?? {}) };
    let u: URL | undefined;
    try {
      u = new URL(url);
    } catch {
      throw this.error('config', redactUrl(String(url)), 'configure', 'not a valid URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw this.error('config', redactUrl(url), 'configure', 'only http(s) URLs are supported');
    const { url: bare, authorization } = urlCredentials(url);
    this.auth = authorization;
    this.base = bare;
    this.endpoint = redactUrl(url);
    this.opts = opts;
    const f = opts.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!f) throw this.error('config', this.endpoint, 'configure', 'no fetch available');
    this.fetchFn = f;
  }

  /** A {@link NodeError} of this endpoint with the adapter's code for `kind`. */
  error(
    kind: NodeErrorKind,
    endpoint: string,
    call: string,
    message: string,
    extra: { status?: number; attempts?: number; cause?: unknown } = {}
  ): NodeError {
    return new NodeError(this.codes[kind], kind, endpoint, call, message, extra);
  }

  /** A `bad-reply` error for a reply that does not have the expected shape. */
  badReply(call: string, why: string): NodeError {
    return this.error('bad-reply', this.endpoint, call, why);
  }

  /** The URL of `path` under the base URL (`''` is the base URL itself). */
  private urlOf(path: string): string {
    if (path === '' || path === '/')
      return path === '' ? this.base : this.base.replace(/\/?$/, '/');
    return this.base.replace(/\/$/, '') + (path.startsWith('/') ? path : `/${path}`);
  }

  /**
   * Send one request with the retry policy. Returns the reply of the first attempt that is not
   * retryable — 2xx, any 4xx other than 429, or a 5xx carrying a JSON-RPC error object — whatever
   * its status; throws a {@link NodeError} when the last attempt failed transiently.
   */
  async request(call: string, path: string, init: NodeRequestInit = {}): Promise<HttpReply> {
    const retries = Math.max(0, this.opts.retries ?? 3);
    const timeout = this.opts.timeoutMs ?? 30_000;
    let last: NodeError | undefined;
    let wait = 0;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(Math.max(wait, this.backoff(attempt)));
      wait = 0;
      await this.pace();
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), timeout);
      this.requests++;
      try {
        const headers: Record<string, string> = {
          ...(this.opts.headers ?? {}),
          ...(init.headers ?? {}),
        };
        // the URL's credentials, unless the caller set an Authorization header of its own
        if (this.auth && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization'))
          headers.authorization = this.auth;
        const req: Parameters<FetchLike>[1] = {
          method: init.method ?? 'GET',
          headers,
          signal: ac.signal,
        };
        if (init.body !== undefined) req.body = init.body;
        const res = await this.fetchFn(this.urlOf(path), req);
        const body = await res.text();
        const s = res.status;
        if ((s === 429 || s >= 500) && !isJsonRpcError(body)) {
          last = this.error(
            s === 429 ? 'rate-limited' : 'http',
            this.endpoint,
            call,
            `HTTP ${s}${s === 429 ? ' Too Many Requests' : ' (server error)'}${body ? `: ${clip(body, 200)}` : ''}`,
            { status: s }
          );
          const ra = parseRetryAfter(res.headers?.get('retry-after'), this.now());
          if (ra !== undefined) wait = Math.min(ra, this.opts.maxRetryAfterMs ?? 30_000);
          continue;
        }
        return { status: s, body };
      } catch (e) {
        if (e instanceof NodeError) throw e;
        last = ac.signal.aborted
          ? this.error('timeout', this.endpoint, call, `no reply within ${timeout} ms`, {
              cause: e,
            })
          : this.error(
              'unreachable',
              this.endpoint,
              call,
              `cannot reach the endpoint (${describeFailure(e)})`,
              { cause: e }
            );
      } finally {
        clearTimeout(timer);
      }
    }
    const l = last as NodeError;
    const why = l.message.slice(`${this.endpoint} ${call}: `.length);
    const extra: { status?: number; attempts: number; cause: unknown } = {
      attempts: retries + 1,
      cause: l,
    };
    if (l.status !== undefined) extra.status = l.status;
    throw this.error(
      l.kind,
      this.endpoint,
      call,
      `${why}${retries > 0 ? ` (after ${retries + 1} attempts)` : ''}`,
      extra
    );
  }

  /**
   * A request whose reply must be 2xx: any other final status is a `http` error (401/403 with a
   * hint to check the credentials; a 5xx JSON-RPC error reply is returned, it is an answer).
   */
  async requestOk(call: string, path: string, init: NodeRequestInit = {}): Promise<HttpReply> {
    const r = await this.request(call, path, init);
    if ((r.status >= 200 && r.status < 300) || (r.status >= 500 && isJsonRpcError(r.body)))
      return r;
    const hint =
      r.status === 401 || r.status === 403
        ? ' — access denied: check the API key or credentials'
        : '';
    throw this.error('http', this.endpoint, call, `HTTP ${r.status}${hint}`, { status: r.status });
  }

  /** GET a JSON document (2xx required; not JSON → `bad-reply`). */
  async getJson(call: string, path: string): Promise<unknown> {
    return this.json(call, (await this.requestOk(call, path)).body);
  }

  /** GET a text document (2xx required). */
  async getText(call: string, path: string): Promise<string> {
    return (await this.requestOk(call, path)).body;
  }

  /** POST a JSON body and parse the JSON reply (2xx, or a 5xx JSON-RPC error reply). */
  async postJson(call: string, path: string, body: unknown): Promise<unknown> {
    const r = await this.requestOk(call, path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return this.json(call, r.body);
  }

  /**
   * Parse a reply body as JSON, or throw `bad-reply`. A node's reply is not a Kura document:
   * nothing signs or hashes its bytes, so no second parser can read them another way, and every
   * adapter checks what it takes from it (declared shapes for `eth_getProof`, proofs against a
   * root, sources cross-checked). It is read with `JSON.parse`, which takes a node's numbers
   * (Bitcoin Core's fractional BTC, difficulty) as they come and is about 7× faster than the
   * strict parser on the multi-megabyte batch replies of a reserves collection.
   */
  json(call: string, body: string): unknown {
    try {
      return JSON.parse(body);
    } catch (e) {
      throw this.error('bad-reply', this.endpoint, call, `reply is not JSON: ${clip(body, 80)}`, {
        cause: e,
      });
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private backoff(attempt: number): number {
    const base = Math.min(
      (this.opts.backoffMs ?? 250) * 2 ** (attempt - 1),
      this.opts.maxBackoffMs ?? 30_000
    );
    const jitter = Math.max(0, this.opts.jitter ?? 0.2);
    return base + Math.floor(base * jitter * (this.opts.random ?? Math.random)());
  }

  private async pace(): Promise<void> {
    const min = this.opts.minIntervalMs ?? 0;
    if (min <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + min;
    if (start > now) await sleep(start - now);
  }
}
