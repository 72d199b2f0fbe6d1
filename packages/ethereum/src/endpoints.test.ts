/**
 * The Ethereum side of a caller's options: one client per endpoint with the caller's options
 * (checked against a real loopback JSON-RPC server: batch size and retries take effect), and
 * the declared / accepted EIP-1271 code hashes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError, SourceError } from '@kura/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCodeHashes, rpcClients } from './endpoints.js';

let port = 0;
let requests: number[] = []; // calls per HTTP request
let failNext = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    if (failNext > 0) {
      failNext--;
      res.writeHead(503).end('busy');
      return;
    }
    const v = JSON.parse(body) as { id: number } | { id: number }[];
    const calls = Array.isArray(v) ? v : [v];
    requests.push(calls.length);
    const replies = calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: '0x1' }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(Array.isArray(v) ? replies : replies[0]));
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

describe('rpcClients', () => {
  it('makes one client per URL, in order, never printing an API key', () => {
    const cs = rpcClients([
      `http://127.0.0.1:${port}/`,
      'https://mainnet.example/v3/abcdef0123456789abcdef',
    ]);
    expect(cs.map((c) => c.endpoint)).toEqual([
      `http://127.0.0.1:${port}`,
      'https://mainnet.example/v3/***',
    ]);
    expect(rpcClients([])).toEqual([]);
  });

  it("gives every client the caller's options (batch size, retries)", async () => {
    const [c] = rpcClients([`http://127.0.0.1:${port}/`], { maxBatch: 2, retries: 0 });
    requests = [];
    const calls = Array.from({ length: 5 }, () => ({ method: 'eth_chainId', params: [] }));
    expect(await c!.batch(calls)).toEqual(['0x1', '0x1', '0x1', '0x1', '0x1']);
    expect(requests.sort()).toEqual([1, 2, 2]);
    failNext = 1;
    await expect(c!.call('eth_chainId', [])).rejects.toBeInstanceOf(SourceError);
    const [again] = rpcClients([`http://127.0.0.1:${port}/`], { retries: 1, retryDelayMs: 1 });
    failNext = 1;
    expect(await again!.call('eth_chainId', [])).toBe('0x1');
  });

  it('refuses a URL that is not http(s) (RPC_BAD_URL)', () => {
    expect(() => rpcClients(['ftp://node.example'])).toThrow(SourceError);
  });
});

describe('parseCodeHashes', () => {
  const H = `0x${'Ab'.repeat(32)}`;
  it('returns each 32-byte hash as 0x + lowercase hex, in order', () => {
    expect(parseCodeHashes([H, `0x${'00'.repeat(32)}`], '--wallet-code')).toEqual([
      `0x${'ab'.repeat(32)}`,
      `0x${'00'.repeat(32)}`,
    ]);
    expect(parseCodeHashes([], '--wallet-code')).toEqual([]);
  });

  it('refuses a short or non-hex value, naming the flag and the value', () => {
    for (const bad of [`0x${'ab'.repeat(31)}`, 'ab'.repeat(33), `0x${'zz'.repeat(32)}`]) {
      const e = (() => {
        try {
          parseCodeHashes([H, bad], '--accept-wallet-code');
        } catch (x) {
          return x;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).reason).toBe(
        `--accept-wallet-code ${bad}: expected a 32-byte code hash 0x…`
      );
      expect((e as InputError).location.field).toBe('--accept-wallet-code');
    }
  });
});
