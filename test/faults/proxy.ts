/**
 * A fault-injecting HTTP proxy (node:http on 127.0.0.1, random port) in front of a real node.
 * Each request is matched against the current rule: pass it through, hang (time out), answer
 * HTTP 429 / 500, answer malformed JSON, or pass it through and rewrite the JSON reply (lie).
 * Requests are JSON-RPC (single or batch: the proxy names every method) or REST (`GET /path`).
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What one request looks like to a rule. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** JSON-RPC methods in the body (empty for REST). */
  readonly rpc: readonly string[];
  readonly body: unknown;
}

/** What the proxy does with a request. */
export type Fault =
  | { readonly kind: 'pass' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'status'; readonly status: number; readonly body?: string }
  | { readonly kind: 'malformed'; readonly body?: string }
  | {
      readonly kind: 'rewrite';
      /** Rewrite the upstream JSON reply (gets the parsed request body too). */
      readonly f: (reply: unknown, req: SeenRequest) => unknown;
    };

export type Rule = (req: SeenRequest) => Fault;

export const PASS: Rule = () => ({ kind: 'pass' });

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>` (+ the upstream's user:password if given). */
  readonly url: string;
  /** Replace the rule (takes effect for the next request). */
  rule: Rule;
  /** Every request seen, in order. */
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/**
 * Start a proxy to `upstream` (`http://[user:pass@]host:port`). The proxy forwards the
 * Authorization header it receives; `url` carries the upstream's credentials so clients that
 * take credentials from the URL keep working.
 */
export async function startProxy(upstream: string, rule: Rule = PASS): Promise<FaultProxy> {
  const up = new URL(upstream);
  // fetch refuses URLs with credentials: the client's Authorization header is forwarded instead
  const upBase = new URL(up.origin);
  const hanging = new Set<ServerResponse>();
  const seen: SeenRequest[] = [];
  const state = { rule };
  const server: Server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const calls = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
      const rpc = calls
        .map((c) => (c as { method?: unknown }).method)
        .filter((m): m is string => typeof m === 'string');
      const s: SeenRequest = { method: req.method ?? 'GET', path: req.url ?? '/', rpc, body };
      seen.push(s);
      const fault = state.rule(s);
      if (fault.kind === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return; // never answer
      }
      if (fault.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'text/plain', 'retry-after': '0' });
        res.end(fault.body ?? `injected HTTP ${fault.status}`);
        return;
      }
      if (fault.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(fault.body ?? '{"jsonrpc":"2.0","id":1,"result":"0x1"');
        return;
      }
      const target = new URL(req.url ?? '/', upBase);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      const r = await fetch(target, {
        method: req.method,
        headers,
        ...(raw.length && req.method !== 'GET' ? { body: new Uint8Array(raw) } : {}),
      });
      let out = Buffer.from(await r.arrayBuffer());
      if (fault.kind === 'rewrite') {
        const j = JSON.parse(out.toString('utf8'));
        out = Buffer.from(JSON.stringify(fault.f(j, s)));
      }
      res.writeHead(r.status, {
        'content-type': r.headers.get('content-type') ?? 'application/json',
      });
      res.end(out);
    } catch (e) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error: ${(e as Error).message}`);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const u = new URL(`http://127.0.0.1:${port}`);
  u.username = up.username;
  u.password = up.password;
  return {
    url: u.toString().replace(/\/$/, ''),
    get rule() {
      return state.rule;
    },
    set rule(r: Rule) {
      state.rule = r;
    },
    seen,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A rule that applies `fault` to requests naming `rpcMethod` (or whose path matches) only. */
export function on(match: string | RegExp, fault: Fault): Rule {
  return (req) => {
    const hit =
      typeof match === 'string'
        ? req.rpc.includes(match) || req.path.startsWith(match)
        : req.rpc.some((m) => match.test(m)) || match.test(`${req.method} ${req.path}`);
    return hit ? fault : { kind: 'pass' };
  };
}

/**
 * Rewrite the `result` of every JSON-RPC reply (single or batch) to `method` (and, if given,
 * only of calls whose params satisfy `when`).
 */
export function rewriteResult(
  method: string,
  f: (result: unknown) => unknown,
  when: (params: unknown) => boolean = () => true
): Fault {
  return {
    kind: 'rewrite',
    f: (reply, req) => {
      const calls = (Array.isArray(req.body) ? req.body : [req.body]) as {
        id: unknown;
        method: string;
        params?: unknown;
      }[];
      const ids = new Set(
        calls.filter((c) => c.method === method && when(c.params)).map((c) => JSON.stringify(c.id))
      );
      const fix = (r: { id: unknown; result?: unknown }) =>
        ids.has(JSON.stringify(r.id)) && 'result' in r ? { ...r, result: f(r.result) } : r;
      return Array.isArray(reply)
        ? reply.map(fix)
        : fix(reply as { id: unknown; result?: unknown });
    },
  };
}
