/**
 * `kura serve`'s HTTP service (node:http): the exchange's backend fetches one customer's
 * inclusion proof by uid.
 *
 * ```
 * GET  /v1/proof?uid=<percent-encoded uid>     Authorization: Bearer <token>
 * POST /v1/proof   {"uid": "<uid>"}            Authorization: Bearer <token>, application/json
 * GET  /healthz                                no authentication; public round data only
 * ```
 * A proof is answered `200` with the `kura-proof/1` JSON, or the `kura-proof/2` JSON for a v2
 * tree (made on demand by worker threads and cached, see `./v2.ts`). Every error is JSON
 * `{"error": {"code": "<CODE>", "message": "…"}}` with a stable code (see {@link ERRORS}).
 *
 * Order of the checks of a request: URL length (414) → draining (503) → route (404) → method
 * (405) → rate limit per client (429, `Retry-After`; before authentication, so token guessing is
 * throttled too) → bearer token (401, constant time) → request body: media type (415), size
 * (413, from `Content-Length` before reading, else counted while reading), strict JSON (400) →
 * uid (400) → lookup (404 `UID_NOT_FOUND`).
 *
 * Logs (structured, through `log`) never contain a uid, a balance, the query string, the token
 * or the secret: an access line holds time, client address, method, path, status, code and
 * duration.
 *
 * Shutdown ({@link ProofServer.shutdown}): stop accepting connections, close idle keep-alive
 * connections, let requests in flight finish (their replies carry `Connection: close`; new
 * requests on open connections get 503 `SHUTTING_DOWN`), force-close what is left after the
 * grace period, then close the tree store.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonParseError, KuraError, parseJsonBytes, utf8 } from '@kura/codec';
import { checkUid, type InclusionProof, type RootFile } from '@kura/tree';
import { RateLimiter, type RateLimitOptions } from './ratelimit.js';
import { BearerToken } from './token.js';

/** Longest uid accepted, in UTF-8 bytes (the tree builder's limit). */
export const MAX_UID_BYTES = 1024;

/** The error codes of the API and their HTTP status. */
export const ERRORS = {
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  MISSING_UID: 400,
  BAD_UID: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  UID_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SHUTTING_DOWN: 503,
  BUSY: 503,
} as const;
/** An API error code. */
export type ServeErrorCode = keyof typeof ERRORS;

/**
 * Where proofs come from: a `TreeStore` of `@kura/tree/node` (v1), or a {@link V2ProofSource}
 * (v2: range proofs made by worker threads, cached).
 */
export interface ProofSource {
  readonly root: Pick<RootFile, 'round' | 'rootCommitment'>;
  /** The protocol of the tree (default 1); named in `/healthz` when it is not 1. */
  readonly protocol?: number;
  /**
   * The proof of `uid` (an object, or its JSON text); throws or rejects with a KuraError
   * `UID_NOT_FOUND` when the uid is not in the tree, `BUSY` when no prover can take it now.
   */
  proof(uid: string): InclusionProof | string | Promise<object | string>;
  close(): void | Promise<void>;
}

/** Seconds a client is told to wait (`Retry-After`) when the provers are busy. */
export const BUSY_RETRY_AFTER_S = 5;

/** A structured log line (never carries uids, balances, tokens or secrets). */
export type LogLine = Record<string, string | number | boolean>;

/**
 * Where the server reads the time: `now` (wall clock, ms since the epoch) stamps log lines and
 * measures uptime; `monotonic` (ms, never going back) refills the rate-limit buckets and times
 * requests. Injected in tests.
 */
export interface ServeClock {
  now(): number;
  monotonic(): number;
}

/** The system's clocks (`Date.now`, `performance.now`). */
export const systemClock: ServeClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** Options of {@link createProofServer}. */
export interface ProofServerOptions {
  readonly store: ProofSource;
  /** The bearer token (or a {@link BearerToken} the caller may rotate). */
  readonly token: string | BearerToken;
  /** Largest request body in bytes (default 4096). */
  readonly maxBodyBytes?: number;
  /** Longest request target (path and query) in bytes (default 8192). */
  readonly maxUrlBytes?: number;
  /**
   * Per-client rate limit of requests WITHOUT a valid bearer token (token guessing, strays);
   * `null` disables it (default 20/s, burst 40).
   */
  readonly rateLimit?: RateLimitOptions | null;
  /**
   * Per-client rate limit of requests WITH the valid bearer token — the exchange's own backend;
   * `null` (the default) exempts them, so the backend is never throttled by the guard against
   * guessers.
   */
  readonly trustedRateLimit?: RateLimitOptions | null;
  /** Time allowed to receive a whole request, ms (default 10 000). */
  readonly requestTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this many ms (default 5 000). */
  readonly keepAliveTimeoutMs?: number;
  /** Log one line per request (default: only errors of the server itself). */
  readonly accessLog?: boolean;
  /** Where log lines go (default: nowhere — a library does not print; `kura serve` writes JSON on stderr). */
  readonly log?: (line: LogLine) => void;
  /** The clocks (default {@link systemClock}). */
  readonly clock?: ServeClock;
}

/** A running proof server. */
export interface ProofServer {
  readonly server: Server;
  /** Start listening; resolves with the bound address. */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Graceful shutdown (see the module doc); resolves when everything is closed. */
  shutdown(graceMs?: number): Promise<void>;
  /** True once {@link shutdown} was called. */
  readonly draining: boolean;
  /** Requests being handled right now. */
  readonly inFlight: number;
}

class HttpError extends Error {
  readonly code: ServeErrorCode;
  readonly headers: Record<string, string>;
  constructor(code: ServeErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.headers = headers;
  }
}

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

const ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/v1/proof': ['GET', 'POST'],
  '/healthz': ['GET', 'HEAD'],
};

/** Default limit of requests without a valid token, per client address. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 40 };

function defaultLog(_line: LogLine): void {}

/** Create (not yet listening) the proof server. */
export function createProofServer(opts: ProofServerOptions): ProofServer {
  const store = opts.store;
  const token = typeof opts.token === 'string' ? new BearerToken(opts.token) : opts.token;
  const maxBody = opts.maxBodyBytes ?? 4096;
  const maxUrl = opts.maxUrlBytes ?? 8192;
  const limiter =
    opts.rateLimit === null ? null : new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const trustedLimiter = opts.trustedRateLimit ? new RateLimiter(opts.trustedRateLimit) : null;
  const log = opts.log ?? defaultLog;
  const clock = opts.clock ?? systemClock;
  const time = (): string => new Date(clock.now()).toISOString();
  const started = clock.now();
  const health = JSON.stringify({
    status: 'ok',
    service: 'kura-serve/1',
    round: store.root.round,
    rootCommitment: store.root.rootCommitment,
    ...(store.protocol !== undefined && store.protocol !== 1 ? { protocol: store.protocol } : {}),
  });
  let draining = false;
  let inFlight = 0;

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {}
  ): void => {
    if (res.headersSent) return;
    const h: Record<string, string | number> = {
      ...COMMON_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...headers,
    };
    if (draining) h.connection = 'close';
    res.writeHead(status, h);
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  const sendError = (res: ServerResponse, e: HttpError): void =>
    send(
      res,
      ERRORS[e.code],
      JSON.stringify({ error: { code: e.code, message: e.message } }),
      e.headers
    );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const target = req.url ?? '/';
    if (Buffer.byteLength(target) > maxUrl)
      throw new HttpError('URI_TOO_LONG', `the request target is longer than ${maxUrl} bytes`);
    if (draining) throw new HttpError('SHUTTING_DOWN', 'the server is shutting down');
    let url: URL;
    try {
      url = new URL(target, 'http://localhost');
    } catch {
      throw new HttpError('BAD_REQUEST', 'malformed request target');
    }
    const methods = ROUTES[url.pathname];
    if (!methods) throw new HttpError('NOT_FOUND', 'no such endpoint');
    const method = req.method ?? 'GET';
    if (!methods.includes(method))
      throw new HttpError('METHOD_NOT_ALLOWED', `use ${methods.join(' or ')}`, {
        allow: methods.join(', '),
      });
    if (url.pathname === '/healthz') {
      if ([...url.searchParams.keys()].length > 0)
        throw new HttpError('BAD_REQUEST', '/healthz takes no parameters');
      send(res, 200, health);
      return 'OK';
    }
    // the token is checked first (constant time) only to pick the bucket: a request without it
    // takes from the strict bucket before it learns anything, so guessing is throttled; the
    // backend holding the token is limited only by `trustedRateLimit` (off by default)
    const authorized = token.check(req.headers.authorization);
    const bucket = authorized ? trustedLimiter : limiter;
    if (bucket) {
      const d = bucket.take(req.socket.remoteAddress ?? 'unknown', clock.monotonic());
      if (!d.ok)
        throw new HttpError('RATE_LIMITED', `too many requests; retry in ${d.retryAfterS} s`, {
          'retry-after': String(d.retryAfterS),
        });
    }
    if (!authorized)
      throw new HttpError('UNAUTHORIZED', 'a valid bearer token is required', {
        'www-authenticate': 'Bearer realm="kura", error="invalid_token"',
      });
    const uid = method === 'GET' ? uidFromQuery(url) : await uidFromBody(req, maxBody);
    checkUidValue(uid);
    let proof: object | string;
    try {
      proof = await store.proof(uid);
    } catch (e) {
      if (e instanceof KuraError && e.code === 'UID_NOT_FOUND')
        throw new HttpError('UID_NOT_FOUND', 'no customer with this uid in the tree');
      if (e instanceof KuraError && (e.code === 'BUSY' || e.code === 'PROVE_TIMEOUT'))
        throw new HttpError('BUSY', 'every prover is busy; retry later', {
          'retry-after': String(BUSY_RETRY_AFTER_S),
        });
      throw e;
    }
    send(res, 200, typeof proof === 'string' ? proof : JSON.stringify(proof));
    return 'OK';
  }

  const server = createServer(
    {
      requestTimeout: opts.requestTimeoutMs ?? 10_000,
      headersTimeout: Math.min(opts.requestTimeoutMs ?? 10_000, 10_000),
      keepAliveTimeout: opts.keepAliveTimeoutMs ?? 5_000,
      maxHeaderSize: 16 * 1024,
    },
    (req, res) => {
      const t0 = clock.monotonic();
      inFlight++;
      let code = 'OK';
      handle(req, res)
        .catch((e: unknown) => {
          if (e instanceof HttpError) {
            code = e.code;
            // the body of a refused request is not read: close so it is not parsed as a request
            if (req.readableEnded === false && req.method === 'POST')
              e.headers.connection = 'close';
            sendError(res, e);
          } else {
            code = 'INTERNAL';
            log({
              time: time(),
              level: 'error',
              msg: 'request failed',
              // the class and code only: a message may quote a uid
              error: e instanceof KuraError ? e.code : e instanceof Error ? e.name : 'unknown',
            });
            sendError(res, new HttpError('INTERNAL', 'internal error'));
          }
        })
        .finally(() => {
          inFlight--;
          if (opts.accessLog)
            log({
              time: time(),
              client: req.socket.remoteAddress ?? '',
              method: req.method ?? '',
              path: pathOnly(req.url),
              status: res.statusCode,
              code,
              ms: Math.round((clock.monotonic() - t0) * 1000) / 1000,
            });
          if (draining) maybeDone();
        });
    }
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const [status, code]: [number, ServeErrorCode] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT']
          : [400, 'BAD_REQUEST'];
    const body = JSON.stringify({ error: { code, message: 'malformed or incomplete request' } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `cache-control: no-store\r\nconnection: close\r\n\r\n${body}`
    );
  });

  let closed: Promise<void> | undefined;
  let resolveDone: (() => void) | undefined;
  function maybeDone(): void {
    if (inFlight === 0) server.closeIdleConnections();
  }

  return {
    server,
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    shutdown(graceMs = 10_000) {
      if (closed) return closed;
      draining = true;
      closed = new Promise<void>((resolve) => {
        resolveDone = resolve;
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          Promise.resolve()
            .then(() => store.close())
            .catch(() => undefined)
            .finally(() => {
              log({
                time: time(),
                level: 'info',
                msg: 'stopped',
                uptimeS: Math.round((clock.now() - started) / 1000),
              });
              resolveDone?.();
            });
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

function pathOnly(target: string | undefined): string {
  const t = target ?? '/';
  const q = t.indexOf('?');
  const p = q < 0 ? t : t.slice(0, q);
  return p.length > 64 ? `${p.slice(0, 64)}…` : p;
}

function uidFromQuery(url: URL): string {
  const keys = [...url.searchParams.keys()];
  if (keys.some((k) => k !== 'uid'))
    throw new HttpError('BAD_REQUEST', 'the only query parameter is uid');
  const uids = url.searchParams.getAll('uid');
  if (uids.length === 0) throw new HttpError('MISSING_UID', 'give ?uid=<percent-encoded uid>');
  if (uids.length > 1) throw new HttpError('BAD_REQUEST', 'give uid once');
  return uids[0]!;
}

async function uidFromBody(req: IncomingMessage, maxBody: number): Promise<string> {
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/.test(ct))
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/json');
  const len = req.headers['content-length'];
  if (len !== undefined && Number(len) > maxBody)
    throw new HttpError('PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBody} bytes`);
  const body = await readBody(req, maxBody);
  let v: unknown;
  try {
    v = parseJsonBytes(body);
  } catch (e) {
    if (e instanceof JsonParseError || e instanceof KuraError)
      throw new HttpError('BAD_JSON', `the body is not valid JSON: ${e.message}`);
    throw e;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new HttpError('BAD_REQUEST', 'expected a JSON object {"uid": "<uid>"}');
  const keys = Object.keys(v);
  if (keys.some((k) => k !== 'uid'))
    throw new HttpError('BAD_REQUEST', 'the only member of the body is "uid"');
  if (!('uid' in v)) throw new HttpError('MISSING_UID', 'expected {"uid": "<uid>"}');
  const uid = (v as { uid: unknown }).uid;
  if (typeof uid !== 'string') throw new HttpError('BAD_UID', 'uid must be a string');
  return uid;
}

function readBody(req: IncomingMessage, maxBody: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      n += c.length;
      if (n > maxBody) {
        done = true;
        req.pause();
        reject(
          new HttpError('PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBody} bytes`)
        );
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    const aborted = () => {
      if (done) return;
      done = true;
      reject(new HttpError('BAD_REQUEST', 'the request was aborted'));
    };
    req.on('error', aborted);
    req.on('close', aborted);
  });
}

function checkUidValue(uid: string): void {
  try {
    checkUid(uid);
  } catch (e) {
    throw new HttpError('BAD_UID', (e as Error).message);
  }
  if (utf8(uid).length > MAX_UID_BYTES)
    throw new HttpError('BAD_UID', `uid is longer than ${MAX_UID_BYTES} UTF-8 bytes`);
}
