/**
 * Test helper: a recorded node (a `FetchLike` of the packages' test helpers — rippled's replies,
 * a Bitcoin-family chain's) served over HTTP on 127.0.0.1, so that the `kura` process the tests
 * spawn reaches it like a real node. Every request body goes to the fetch; its status and body
 * come back as they are.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike } from '@kura/codec';

/** A loopback server and its base URL (`http://[auth]127.0.0.1:<port>/`). */
export interface Loopback {
  readonly server: Server;
  readonly url: string;
}

/**
 * Serve on 127.0.0.1 (a free port) the fetch that `fetchOf` gives for each request (so a test
 * may swap the recorded world between cases); `auth` (`user:pw@`) is put into the URL.
 */
export function serveFetch(fetchOf: () => FetchLike, auth = ''): Promise<Loopback> {
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    const r = await fetchOf()('http://x.invalid/', {
      method: 'POST',
      headers: {},
      body,
      signal: new AbortController().signal,
    });
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(await r.text());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://${auth}127.0.0.1:${(server.address() as AddressInfo).port}/`,
      })
    )
  );
}
