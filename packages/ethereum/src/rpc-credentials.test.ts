/**
 * An RPC URL with `user:password@` (a node behind basic auth): Node's real `fetch` refuses such
 * a URL, so the client must send the credentials as an Authorization header — tested against a
 * real loopback HTTP server with the platform's own fetch.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { RpcClient } from './rpc.js';

test('user:password@ in an RPC URL becomes a Basic Authorization header and is never printed', async () => {
  const seen: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const { id } = JSON.parse(body) as { id: number };
      if (req.headers.authorization !== `Basic ${btoa('kura:s3cr%t')}`) {
        res.writeHead(401).end('unauthorized');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result: '0x10' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const c = new RpcClient({ url: `http://kura:s3cr%25t@127.0.0.1:${port}/`, retries: 1 });
    expect(c.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(await c.call('eth_blockNumber', [])).toBe('0x10');
    expect(seen).toEqual([`Basic ${btoa('kura:s3cr%t')}`]);
    const bad = new RpcClient({ url: `http://kura:wrong@127.0.0.1:${port}/`, retries: 1 });
    const e = await bad.call('eth_blockNumber', []).then(
      () => undefined,
      (x: unknown) => x as Error
    );
    expect(e?.message).not.toContain('wrong');
  } finally {
    server.close();
  }
});
