/**
 * The rippled JSON-RPC client, a thin adapter on Kura's one node client (`NodeHttp` of
 * `@kura/codec`: injected `fetch`, per-attempt timeout, retries with back-off, jitter and
 * `Retry-After` on network errors / 429 / 5xx, credentials from the URL as an Authorization header,
 * the one redaction rule). Here: the `XRPL_RPC_*` codes, a retry of rippled's own overload replies
 * (`tooBusy`, `slowDown`, …), and rippled's error replies (`{result: {status: "error", error, error_message}}`,
 * https://xrpl.org/docs/references/http-websocket-apis/api-conventions/error-formatting)
 * mapped to {@link SourceError}s that name the endpoint (credentials removed) and the method.
 *
 * Request shape (rippled JSON-RPC): `POST {"method": m, "params": [ { …named fields } ]}`.
 * @module
 */
import {
  clientEndpoint,
  type FetchLike,
  type NodeErrorCodes,
  NodeHttp,
  redactUrl,
  SourceError,
} from '@kura/codec';

/** The one `fetch` shape of Kura's node clients (`@kura/codec`), named here for this package's users. */
export type { FetchLike };

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

/** A URL fit to print: the one rule of every chain, `redactUrl` of `@kura/codec`. */
export const redactEndpoint: (url: string) => string = redactUrl;

const XRPL_CODES: NodeErrorCodes = {
  config: 'XRPL_RPC_BAD_URL',
  timeout: 'XRPL_RPC_TIMEOUT',
  unreachable: 'XRPL_RPC_UNREACHABLE',
  http: 'XRPL_RPC_HTTP',
  'rate-limited': 'XRPL_RPC_HTTP',
  'bad-reply': 'XRPL_RPC_BAD_REPLY',
  rpc: 'XRPL_RPC_ERROR',
};

/** A rippled overload reply: asked again after a back-off. */
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
  private readonly node: NodeHttp;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(opts: XrplClientOptions) {
    this.endpoint = clientEndpoint(opts.url, opts.fetch, {
      badUrl: 'XRPL_RPC_BAD_URL',
      unreachable: 'XRPL_RPC_UNREACHABLE',
    });
    this.retries = opts.retries ?? 3;
    this.retryDelayMs = opts.retryDelayMs ?? 250;
    this.node = new NodeHttp(opts.url, {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      timeoutMs: opts.timeoutMs ?? 30_000,
      retries: this.retries,
      backoffMs: this.retryDelayMs,
      codes: XRPL_CODES,
    });
  }

  /** One request (the transport retries network errors, 429 and 5xx); rippled-level checks. */
  private async once(method: string, body: string): Promise<Record<string, unknown>> {
    const reply = await this.node.requestOk(method, '', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    const v = this.node.json(method, reply.body);
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
        // rippled's own overload replies (tooBusy, slowDown, …): the same question again later
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
