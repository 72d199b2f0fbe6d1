/**
 * A small rippled JSON-RPC client: injected `fetch`, per-request timeout, retries with
 * exponential backoff for transient failures (HTTP 5xx/429, `tooBusy`, `slowDown`, network
 * errors), and rippled's error replies (`{result: {status: "error", error, error_message}}`,
 * https://xrpl.org/docs/references/http-websocket-apis/api-conventions/error-formatting)
 * mapped to {@link SourceError}s that name the endpoint (credentials removed) and the method.
 *
 * Request shape (rippled JSON-RPC): `POST {"method": m, "params": [ { …named fields } ]}`.
 * @module
 */
import { SourceError } from '@kura/codec';

/** The part of the Fetch API the client uses (tests and browsers inject their own). */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Options of {@link XrplClient}. */
export interface XrplClientOptions {
  /** rippled (or Clio) JSON-RPC URL; may hold an API key: never printed. */
  readonly url: string;
  readonly fetch?: FetchLike;
  /** Per-request timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Retries of a transient failure (default 3). */
  readonly retries?: number;
  /** First backoff delay in ms, doubled per retry (default 250). */
  readonly retryDelayMs?: number;
}

/** Stable codes of the {@link SourceError}s the client throws. */
export type XrplRpcErrorCode =
  | 'XRPL_RPC_TIMEOUT'
  | 'XRPL_RPC_UNREACHABLE'
  | 'XRPL_RPC_HTTP'
  | 'XRPL_RPC_BAD_REPLY'
  | 'XRPL_RPC_LEDGER_UNAVAILABLE'
  | 'XRPL_RPC_ACCOUNT_NOT_FOUND'
  | 'XRPL_RPC_ENTRY_NOT_FOUND'
  | 'XRPL_RPC_ERROR';

/** Scheme, host, port and path with key-like segments replaced by `***` (no user info or query). */
export function redactEndpoint(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<invalid URL>';
  }
  const path = u.pathname
    .split('/')
    .map((s) =>
      s.length >= 20 || (s.length >= 12 && /\d/.test(s) && /[a-z]/i.test(s)) ? '***' : s
    )
    .join('/');
  return `${u.protocol}//${u.host}${path === '/' ? '' : path}`;
}

class Transient extends Error {
  constructor(
    readonly code: XrplRpcErrorCode,
    message: string
  ) {
    super(message);
  }
}

const TRANSIENT = new Set([
  'tooBusy',
  'slowDown',
  'noNetwork',
  'noCurrent',
  'noClosed',
  'amendmentBlocked',
]);

/** A rippled JSON-RPC client bound to one endpoint. */
export class XrplClient {
  /** The endpoint as printed (no credentials, no API key). */
  readonly endpoint: string;
  private readonly url: string;
  private readonly fetchFn: FetchLike;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(opts: XrplClientOptions) {
    if (typeof opts.url !== 'string' || !/^https?:\/\//.test(opts.url) || !URL.canParse(opts.url))
      throw new SourceError(
        'XRPL_RPC_BAD_URL',
        redactEndpoint(String(opts.url)),
        'connect',
        'expected an http(s) URL'
      );
    this.url = opts.url;
    this.endpoint = redactEndpoint(opts.url);
    const f = opts.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!f)
      throw new SourceError('XRPL_RPC_UNREACHABLE', this.endpoint, 'connect', 'no fetch available');
    this.fetchFn = f;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.retries ?? 3;
    this.retryDelayMs = opts.retryDelayMs ?? 250;
  }

  private async once(method: string, body: string): Promise<Record<string, unknown>> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.timeoutMs);
    let text: string;
    try {
      const res = await this.fetchFn(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: ac.signal,
      });
      if (!res.ok) {
        if (res.status === 429 || res.status >= 500)
          throw new Transient('XRPL_RPC_HTTP', `HTTP ${res.status}`);
        throw new SourceError('XRPL_RPC_HTTP', this.endpoint, method, `HTTP ${res.status}`);
      }
      text = await res.text();
    } catch (e) {
      if (e instanceof Transient || e instanceof SourceError) throw e;
      if (ac.signal.aborted)
        throw new Transient('XRPL_RPC_TIMEOUT', `no reply within ${this.timeoutMs} ms`);
      // never the error's message: it may quote the URL and with it an API key
      throw new Transient('XRPL_RPC_UNREACHABLE', 'cannot reach the endpoint');
    } finally {
      clearTimeout(timer);
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new SourceError('XRPL_RPC_BAD_REPLY', this.endpoint, method, 'reply is not JSON');
    }
    const result = (v as { result?: unknown } | null)?.result;
    if (typeof result !== 'object' || result === null || Array.isArray(result))
      throw new SourceError(
        'XRPL_RPC_BAD_REPLY',
        this.endpoint,
        method,
        'reply has no result object'
      );
    const r = result as Record<string, unknown>;
    if (r.status === 'error' || r.error !== undefined) {
      const err = String(r.error ?? 'unknown');
      const msg = typeof r.error_message === 'string' ? r.error_message.slice(0, 200) : err;
      if (TRANSIENT.has(err)) throw new Transient('XRPL_RPC_ERROR', `${err}: ${msg}`);
      const code: XrplRpcErrorCode =
        err === 'lgrNotFound'
          ? 'XRPL_RPC_LEDGER_UNAVAILABLE'
          : err === 'actNotFound'
            ? 'XRPL_RPC_ACCOUNT_NOT_FOUND'
            : err === 'entryNotFound' || err === 'objectNotFound'
              ? 'XRPL_RPC_ENTRY_NOT_FOUND'
              : 'XRPL_RPC_ERROR';
      const hint =
        code === 'XRPL_RPC_LEDGER_UNAVAILABLE'
          ? ' (a full-history server is needed for an old ledger)'
          : '';
      throw new SourceError(code, this.endpoint, method, `${err}: ${msg}${hint}`);
    }
    if (r.status !== 'success')
      throw new SourceError(
        'XRPL_RPC_BAD_REPLY',
        this.endpoint,
        method,
        'result.status is not "success"'
      );
    return r;
  }

  /** Call one method with named parameters; the `result` object, or a thrown {@link SourceError}. */
  async call(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const body = JSON.stringify({ method, params: [params] });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(method, body);
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        if (attempt >= this.retries)
          throw new SourceError(
            e.code,
            this.endpoint,
            method,
            `${e.message} (after ${attempt + 1} attempts)`
          );
        await new Promise((r) => setTimeout(r, this.retryDelayMs * 2 ** attempt));
      }
    }
  }
}
