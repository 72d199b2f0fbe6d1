/**
 * A recorded-reply endpoint on 127.0.0.1 for the demo's chains no node of which runs here: it
 * serves one `fetch`-shaped handler (`@kura/xrpl/testing`'s rippled, `@kura/bitcoin/testing`'s
 * Core-shaped family chain) over HTTP, so `kura run` and the `kura audit` process reach it by URL
 * exactly as they would reach rippled or litecoind. Requests must carry the endpoint's basic-auth
 * credentials (random per demo, in the URL) like a real node's RPC port.
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike } from '@kura/codec';

/** The handler: a JSON-RPC request body in, a reply status and text out. */
export type ReplayHandler = (body: string) => Promise<{ status: number; text: string }>;

/** Adapt a test double `fetch` (of any Kura package) to a {@link ReplayHandler}. */
export function fromFetch(fetch: FetchLike): ReplayHandler {
  return async (body) => {
    const r = await fetch('http://replay.invalid/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: new AbortController().signal,
    });
    return { status: r.status, text: await r.text() };
  };
}

/** A running replay endpoint. */
export class ReplayServer {
  /** The URL with its credentials (what the config and the auditor are given). */
  readonly url: string;
  /** Requests answered (for the demo's log). */
  requests = 0;
  readonly #server: Server;
  #closed: Promise<void> | undefined;

  private constructor(server: Server, url: string) {
    this.#server = server;
    this.url = url;
  }

  /** Start serving `handler` on a free 127.0.0.1 port; `name` is the basic-auth user. */
  static async start(name: string, handler: ReplayHandler): Promise<ReplayServer> {
    const password = randomBytes(12).toString('hex');
    const expected = Buffer.from(`Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`);
    let self: ReplayServer | undefined;
    const server = createServer((req, res) => {
      const auth = Buffer.from(req.headers.authorization ?? '');
      if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="jsonrpc"' });
        res.end();
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405);
        res.end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (self) self.requests++;
        handler(Buffer.concat(chunks).toString('utf8')).then(
          (r) => {
            res.writeHead(r.status, { 'content-type': 'application/json' });
            res.end(r.text);
          },
          (e: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(e instanceof Error ? e.message : String(e));
          }
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // serving never keeps the process alive on its own (the demo stops it with its nodes)
    server.unref();
    const port = (server.address() as AddressInfo).port;
    self = new ReplayServer(server, `http://${name}:${password}@127.0.0.1:${port}`);
    return self;
  }

  /** Stop serving (idempotent). */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }
}
