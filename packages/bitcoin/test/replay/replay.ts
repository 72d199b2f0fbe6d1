/**
 * Replays the recorded service replies of this folder as an injected `fetch`. A request with
 * no recording fails the test loudly — except the documented "not found" replies of Esplora
 * (`404 Transaction not found`) and Bitcoin Core (RPC error −5 for an unknown txid, −8 for a
 * height above the tip).
 */
import { readFileSync } from 'node:fs';
import type { FetchLike } from '@kura/codec';

interface Recording {
  request: { method: string; path: string; body?: { method: string; params: unknown[] } };
  reply: { status: number; body: string; contentType: string };
}
interface Fixture {
  baseUrl: string;
  recordings: Recording[];
}

export function loadFixture(name: 'esplora-regtest.json' | 'core-regtest.json'): Fixture {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as Fixture;
}

export function loadScenario(): {
  round: { exchange: string; period: string; snapshotTime: string };
  height: number;
  tip: number;
  outpoints: Record<'r1a' | 'r1b' | 'r2a' | 'r3a' | 'r4a', string>;
  addresses: Record<'R1' | 'R2' | 'R3' | 'R4', string>;
  evidence: unknown;
} {
  return JSON.parse(readFileSync(new URL('scenario.json', import.meta.url), 'utf8'));
}

/** Options: `edit` may replace a recorded reply body (to build a lying source). */
export interface ReplayOptions {
  readonly edit?: (key: string, body: string) => string;
  /** Every request key, in order (for assertions). */
  readonly log?: string[];
}

const reply = (status: number, body: string, contentType = 'application/json') => ({
  status,
  headers: { get: (n: string) => (n.toLowerCase() === 'content-type' ? contentType : null) },
  text: async () => body,
});

/** A `fetch` answering Esplora paths from `esplora-regtest.json`. */
export function esploraReplay(opts: ReplayOptions = {}): FetchLike {
  const fx = loadFixture('esplora-regtest.json');
  const byPath = new Map(fx.recordings.map((r) => [r.request.path, r.reply]));
  return async (url) => {
    const path = new URL(url).pathname.replace(/^\/api/, '');
    opts.log?.push(path);
    const r = byPath.get(path);
    if (r) return reply(r.status, opts.edit ? opts.edit(path, r.body) : r.body, r.contentType);
    if (/^\/tx\/[0-9a-f]{64}\/(hex|status|merkleblock-proof)$/.test(path))
      return reply(404, 'Transaction not found', 'text/plain');
    throw new Error(`esplora replay: no recording for GET ${path}`);
  };
}

/** A `fetch` answering Bitcoin Core JSON-RPC calls from `core-regtest.json`. */
export function coreReplay(opts: ReplayOptions = {}): FetchLike {
  const fx = loadFixture('core-regtest.json');
  const byCall = new Map(
    fx.recordings.map((r) => [
      JSON.stringify([r.request.body!.method, r.request.body!.params]),
      r.reply,
    ])
  );
  return async (_url, init) => {
    const req = JSON.parse(String(init?.body)) as {
      method: string;
      params: unknown[];
      id: unknown;
    };
    const key = JSON.stringify([req.method, req.params]);
    opts.log?.push(key);
    const r = byCall.get(key);
    const id = JSON.stringify(req.id);
    if (r) {
      const body = opts.edit ? opts.edit(key, r.body) : r.body;
      return reply(r.status, body.replace('"ID"', id));
    }
    if (req.method === 'getblockhash')
      return reply(
        500,
        `{"result":null,"error":{"code":-8,"message":"Block height out of range"},"id":${id}}`
      );
    if (req.method === 'getrawtransaction')
      return reply(
        500,
        `{"result":null,"error":{"code":-5,"message":"No such mempool or blockchain transaction. Use gettransaction for wallet transactions."},"id":${id}}`
      );
    throw new Error(`core replay: no recording for ${key}`);
  };
}
