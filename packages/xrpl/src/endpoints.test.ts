/**
 * One rippled client per endpoint with the caller's options, checked against a real loopback
 * JSON-RPC server answering in rippled's shape (`tooBusy` is rippled's own overload reply).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SourceError } from '@kura/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xrplClients } from './endpoints.js';

let port = 0;
let busy = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (busy > 0) {
      busy--;
      res.end(JSON.stringify({ result: { status: 'error', error: 'tooBusy' } }));
    } else
      res.end(JSON.stringify({ result: { status: 'success', info: { build_version: '2.3.0' } } }));
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

describe('xrplClients', () => {
  it('makes one client per URL, in order, never printing an API key', () => {
    const cs = xrplClients([
      `http://127.0.0.1:${port}/`,
      'https://xrpl.example/key/abcdef0123456789abcdef',
    ]);
    expect(cs.map((c) => c.endpoint)).toEqual([
      `http://127.0.0.1:${port}`,
      'https://xrpl.example/key/***',
    ]);
    expect(xrplClients([])).toEqual([]);
  });

  it("gives every client the caller's retries", async () => {
    const [once] = xrplClients([`http://127.0.0.1:${port}/`], { retries: 0 });
    busy = 1;
    const e = await once!.call('server_info', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).message).toContain('tooBusy');
    const [patient] = xrplClients([`http://127.0.0.1:${port}/`], { retries: 2, retryDelayMs: 1 });
    busy = 2;
    expect(await patient!.call('server_info', {})).toMatchObject({ status: 'success' });
  });

  it('refuses a URL that is not http(s) (XRPL_RPC_BAD_URL)', () => {
    expect(() => xrplClients(['wss://xrpl.example'])).toThrow(SourceError);
  });
});
