/**
 * The bitcoin sources' view of Kura's one node client ({@link NodeHttp} of `@kura/codec`):
 * timeouts, retries with back-off and jitter on network errors / 429 / 5xx honouring
 * `Retry-After`, a minimum request interval, credentials from the URL as an Authorization header,
 * and `SourceError`s (`SOURCE_*`) naming the redacted endpoint and the call.
 * @module
 */
import {
  type FetchLike,
  isCanonicalInt,
  isObject,
  type NodeError,
  NodeHttp,
  SOURCE_CODES,
  SourceError,
} from '@kura/codec';
import type { UtxoRef } from './types.js';

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

  /** The reader of the replies to `call`: every shape error is `SOURCE_BAD_REPLY` naming it. */
  reply(call: string): Reply {
    return new Reply(this, call);
  }

  /** `SOURCE_AUTH` for a 401 / 403 reply (the node refused the credentials). */
  checkAuth(call: string, status: number): void {
    if (status === 401 || status === 403)
      throw new SourceError(
        'SOURCE_AUTH',
        this.endpoint,
        call,
        `HTTP ${status}: authentication rejected`
      );
  }

  /**
   * GET `path`: the body of a 200 reply, `undefined` on 404, `SOURCE_HTTP` (with the start of
   * the body) on any other status — after `SOURCE_AUTH` on 401 / 403 when `auth` is set.
   */
  async get(call: string, path: string, auth = false): Promise<string | undefined> {
    const r = await this.request(call, path);
    if (r.status === 404) return undefined;
    if (auth) this.checkAuth(call, r.status);
    if (r.status !== 200)
      throw new SourceError(
        'SOURCE_HTTP',
        this.endpoint,
        call,
        `HTTP ${r.status}: ${r.body.slice(0, 200)}`
      );
    return r.body;
  }
}

const HASH_RE = /^[0-9a-f]{64}$/;
const HEX_RE = /^([0-9a-f]{2})*$/;

/** Reads the reply of one call; each check names the field in its `SOURCE_BAD_REPLY`. */
export class Reply {
  constructor(
    private readonly http: HttpClient,
    readonly call: string
  ) {}

  /** A `SOURCE_BAD_REPLY` for this call. */
  bad(why: string): NodeError {
    return this.http.badReply(this.call, why);
  }

  /** Parse JSON from the reply body. */
  json(body: string): unknown {
    return this.http.json(this.call, body);
  }

  /** Require a plain object (`why` is the message otherwise). */
  record(v: unknown, why: string): Record<string, unknown> {
    if (!isObject(v)) throw this.bad(why);
    return v;
  }

  /** Require a 64-hex hash. */
  hash(v: unknown, what: string): string {
    if (typeof v !== 'string' || !HASH_RE.test(v)) throw this.bad(`${what} is not a 64-hex hash`);
    return v;
  }

  /** Require lowercase hex bytes (surrounding white space ignored). */
  hex(v: unknown, what: string): Uint8Array {
    if (typeof v !== 'string' || !HEX_RE.test(v.trim())) throw this.bad(`${what} is not hex`);
    const s = v.trim();
    const out = new Uint8Array(s.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
    return out;
  }

  /** Require a non-negative safe integer. */
  int(v: unknown, what: string): number {
    if (!isCanonicalInt(v) || v < 0) throw this.bad(`${what} is not a non-negative integer`);
    return v;
  }

  /** An unspent output `{txid, vout}` of an entry, confirmed at `height` (named `heightField`). */
  utxo(u: Record<string, unknown>, height: unknown, heightField: string): UtxoRef {
    return {
      txid: this.hash(u.txid, 'txid'),
      vout: this.int(u.vout, 'vout'),
      height: this.int(height, heightField),
    };
  }
}
