/**
 * `kura reserves btc` with `--esplora`, `--rpc` and both (cross-checked), served on loopback
 * from the recorded Esplora and Bitcoin Core replies of packages/bitcoin/test/replay/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signBip322 } from '@kura/bitcoin';
import type { FetchLike } from '@kura/codec';
import { sha256, utf8 } from '@kura/codec';
import { ownershipChallenge } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coreReplay,
  esploraReplay,
  loadScenario,
} from '../../packages/bitcoin/test/replay/replay.js';
import { runKuraAsync as runKura } from './testing.js';

const sc = loadScenario();
let dir: string;
let server: Server;
let base: string;
const f = (n: string) => join(dir, n);

/** Serve `/esplora/api/…` and `/core/` (JSON-RPC) from the recordings. */
function serve(esplora: FetchLike, core: FetchLike): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer(async (req, res) => {
      let body = '';
      for await (const c of req) body += c;
      try {
        const url = `http://replay.invalid${req.url}`;
        const init = { headers: {}, signal: new AbortController().signal };
        const r = req.url!.startsWith('/esplora/')
          ? await esplora(url.replace('/esplora', ''), { method: req.method ?? 'GET', ...init })
          : await core(url, { method: 'POST', body, ...init });
        res.writeHead(r.status, { 'content-type': 'text/plain' });
        res.end(await r.text());
      } catch (e) {
        res.writeHead(599);
        res.end(String(e));
      }
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-cli-btc-replay-'));
  server = await serve(esploraReplay(), coreReplay());
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  writeFileSync(f('round.json'), JSON.stringify(sc.round));
  writeFileSync(f('evidence.json'), JSON.stringify(sc.evidence));
  const challenge = ownershipChallenge(sc.round);
  const sk = (l: string) => sha256(utf8(`replay key ${l}`));
  writeFileSync(
    f('addresses.jsonl'),
    (['R1', 'R2'] as const)
      .map((k) => JSON.stringify({ address: sc.addresses[k], custody: 'customer-cold' }))
      .join('\n')
  );
  writeFileSync(
    f('signatures.jsonl'),
    (['R1', 'R2'] as const)
      .map((k) =>
        JSON.stringify({
          address: sc.addresses[k],
          type: 'bip322-simple',
          signature: signBip322(challenge, {
            type: k === 'R2' ? 'p2tr' : 'p2wpkh',
            secretKey: sk(k),
          }),
        })
      )
      .join('\n')
  );
});

afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kura reserves btc against recorded Esplora / Bitcoin Core replies', () => {
  it('verify --esplora, --rpc, and both cross-checked → exit 0', async () => {
    for (const src of [
      ['--esplora', `${base}/esplora/api`],
      ['--rpc', `http://user:pw@${base.slice(7)}/core`],
      ['--esplora', `${base}/esplora/api`, '--rpc', `${base}/core`],
    ]) {
      const r = await runKura([
        'reserves',
        'btc',
        'verify',
        '--evidence',
        f('evidence.json'),
        ...src,
        '--json',
        '--confirmations',
        '3',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const rep = JSON.parse(r.stdout);
      expect(rep.ok).toBe(true);
      expect(rep.source.kind).toBe(
        src.length === 4 ? 'cross-checked' : src[0] === '--rpc' ? 'core-rpc' : 'esplora'
      );
      expect(r.stdout).not.toContain('pw@');
    }
  });

  it('collect --rpc (scantxoutset) writes evidence and warns that discovery saw the tip, not H', async () => {
    const r = await runKura([
      'reserves',
      'btc',
      'collect',
      '--addresses',
      f('addresses.jsonl'),
      '--rpc',
      `${base}/core`,
      '--height',
      String(sc.height),
      '--round',
      f('round.json'),
      '--signatures',
      f('signatures.jsonl'),
      '--out',
      f('collected.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 address\(es\), 2 UTXO\(s\), 80000000 sat/);
    expect(r.stderr).toMatch(
      /warning: core-rpc discovers UTXOs in the UTXO set at the tip \(\d+\), 2 block\(s\) after H/
    );
  });

  it('more than two sources → exit 2', async () => {
    const r = await runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('evidence.json'),
      '--esplora',
      `${base}/esplora/api`,
      '--rpc',
      `${base}/core`,
      '--rpc',
      `${base}/core`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('one or two chain sources');
  });
});
