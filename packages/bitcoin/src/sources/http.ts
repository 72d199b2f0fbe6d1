/**
 * The bitcoin sources' view of Kura's one node client ({@link NodeHttp} of `@kura/codec`):
 * timeouts, retries with back-off and jitter on network errors / 429 / 5xx honouring
 * `Retry-After`, a minimum request interval, credentials from the URL as an Authorization header,
 * and `SourceError`s (`SOURCE_*`) naming the redacted endpoint and the call.
 * @module
 */
import { type FetchLike, type NodeError, NodeHttp, SOURCE_CODES } from '@kura/codec';

/** The one `fetch` shape of Kura's node clients (`@kura/codec`), named here for this package's users. */
export type { FetchLike };

/** Options every source accepts. */
export interface HttpOptions {
  /** The `fetch` to use (default: the global `fetch`; `@kura/codec`'s one `FetchLike`). */
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

/** One endpoint of a bitcoin source (a {@link NodeHttp} with the `SOURCE_*` codes). */
export class HttpClient {
  /** The endpoint as shown in messages (no credentials, no query). */
  readonly endpoint: string;
  private readonly node: NodeHttp;

  constructor(url: string, opts: HttpOptions = {}) {
    this.node = new NodeHttp(url, { timeoutMs: 15_000, ...opts, codes: SOURCE_CODES });
    this.endpoint = this.node.endpoint;
  }

  /**
   * Send one request (with retries). `call` names the operation in errors, `path` is appended
   * to the base URL. Returns the final reply whatever its status (a 4xx, or a 5xx carrying a
   * JSON-RPC error object), except that 429 / 5xx after the last retry throw `SOURCE_HTTP`.
   */
  request(
    call: string,
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {}
  ): Promise<HttpReply> {
    return this.node.request(call, path, init);
  }

  /** A `SourceError` for a reply that does not have the expected shape. */
  badReply(call: string, why: string): NodeError {
    return this.node.badReply(call, why);
  }

  /** Parse JSON from a reply body, or throw `SOURCE_BAD_REPLY`. */
  json(call: string, body: string): unknown {
    return this.node.json(call, body);
  }
}

/** Parse JSON from a reply, or throw `SOURCE_BAD_REPLY`. */
export function parseReplyJson(client: HttpClient, call: string, body: string): unknown {
  return client.json(call, body);
}
