/**
 * The HTTP client every chain source shares: an injected `fetch`, a timeout per attempt,
 * retries with exponential back-off on transient failures (network errors, timeouts, HTTP 429
 * and 5xx, honouring `Retry-After`), a minimum interval between requests (rate limit), and
 * credentials moved from the URL into an `Authorization` header. Errors are
 * {@link SourceError}s naming the endpoint (credentials stripped) and the call.
 * @module
 */
import { redactUrl, SourceError, urlCredentials } from '@kura/codec';

/** A `fetch`-compatible function (the global one, undici's, or a test double). */
export type FetchLike = (
  input: string,
  init?: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  }
) => Promise<{
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** Options every source accepts. */
export interface HttpOptions {
  /** The `fetch` to use (default: the global `fetch`). */
  readonly fetch?: FetchLike;
  /** Timeout of one attempt in ms (default 15 000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  readonly retries?: number;
  /** First back-off delay in ms, doubled per retry (default 250). */
  readonly backoffMs?: number;
  /** Minimum ms between the starts of two requests (default 0; public Esplora: 100). */
  readonly minIntervalMs?: number;
  /** Largest wait honoured from a `Retry-After` header, in ms (default 30 000). */
  readonly maxRetryAfterMs?: number;
  /** Extra headers (e.g. an API key header). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A reply body and status. */
export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One endpoint: base URL without credentials, plus the auth header built from them. */
export class HttpClient {
  /** The endpoint as shown in messages (no credentials, no query). */
  readonly endpoint: string;
  private readonly base: string;
  private readonly auth: string | undefined;
  private readonly opts: HttpOptions;
  private readonly fetchFn: FetchLike;
  private nextStart = 0;

  constructor(url: string, opts: HttpOptions = {}) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new SourceError('SOURCE_CONFIG', redactUrl(url), 'configure', 'not a valid URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new SourceError(
        'SOURCE_CONFIG',
        redactUrl(url),
        'configure',
        'only http(s) URLs are supported'
      );
    const { url: bare, authorization } = urlCredentials(url);
    this.auth = authorization;
    this.base = bare.replace(/\/$/, '');
    this.endpoint = redactUrl(url);
    this.opts = opts;
    const f = opts.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!f)
      throw new SourceError('SOURCE_CONFIG', this.endpoint, 'configure', 'no fetch available');
    this.fetchFn = f;
  }

  /**
   * Send one request (with retries). `call` names the operation in errors, `path` is appended
   * to the base URL. Returns the final reply whatever its status, except that 429 / 5xx after
   * the last retry throw `SOURCE_HTTP`.
   */
  async request(
    call: string,
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {}
  ): Promise<HttpReply> {
    const retries = this.opts.retries ?? 3;
    const timeout = this.opts.timeoutMs ?? 15_000;
    let delay = this.opts.backoffMs ?? 250;
    let lastError: SourceError | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        await sleep(delay);
        delay *= 2;
      }
      await this.pace();
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), timeout);
      try {
        const headers: Record<string, string> = {
          ...(this.opts.headers ?? {}),
          ...(init.headers ?? {}),
        };
        if (this.auth) headers.authorization = this.auth;
        const reqInit: {
          method: string;
          headers: Record<string, string>;
          signal: AbortSignal;
          body?: string;
        } = {
          method: init.method ?? 'GET',
          headers,
          signal: ctrl.signal,
        };
        if (init.body !== undefined) reqInit.body = init.body;
        const res = await this.fetchFn(this.base + path, reqInit);
        const body = await res.text();
        if (res.status === 429 || res.status >= 500) {
          lastError = new SourceError(
            'SOURCE_HTTP',
            this.endpoint,
            call,
            `HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ''}`
          );
          // JSON-RPC servers answer RPC errors with HTTP 500 and a JSON body: no retry
          if (res.status === 500 && /"error"\s*:\s*\{/.test(body))
            return { status: res.status, body };
          const ra = res.headers.get('retry-after');
          if (ra && /^\d+$/.test(ra))
            delay = Math.max(
              delay,
              Math.min(Number(ra) * 1000, this.opts.maxRetryAfterMs ?? 30_000)
            );
          continue;
        }
        return { status: res.status, body };
      } catch (e) {
        const aborted = ctrl.signal.aborted;
        lastError = new SourceError(
          aborted ? 'SOURCE_TIMEOUT' : 'SOURCE_UNREACHABLE',
          this.endpoint,
          call,
          aborted ? `no reply within ${timeout} ms` : `request failed: ${(e as Error).message}`,
          { cause: e }
        );
      } finally {
        clearTimeout(timer);
      }
    }
    throw new SourceError(
      lastError?.code ?? 'SOURCE_UNREACHABLE',
      this.endpoint,
      call,
      `${lastError ? lastError.message.replace(`${this.endpoint} ${call}: `, '') : 'failed'} (after ${retries + 1} attempts)`,
      { cause: lastError }
    );
  }

  private async pace(): Promise<void> {
    const min = this.opts.minIntervalMs ?? 0;
    if (min <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + min;
    if (start > now) await sleep(start - now);
  }

  /** A {@link SourceError} for a reply that does not have the expected shape. */
  badReply(call: string, why: string): SourceError {
    return new SourceError('SOURCE_BAD_REPLY', this.endpoint, call, why);
  }
}

/** Parse JSON from a reply, or throw `SOURCE_BAD_REPLY`. */
export function parseReplyJson(client: HttpClient, call: string, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw client.badReply(call, `reply is not JSON: ${body.slice(0, 120)}`);
  }
}
