/**
 * Faults between Kura and a REAL bcoin regtest node (issue 9): the fault-injecting proxy makes
 * the node time out, answer HTTP 429 / 500, return malformed JSON, lie (another block hash at
 * the snapshot height; one of two cross-checked sources reporting other UTXO data), and the
 * chain really reorganises between collection and verification (`invalidateblock` of the
 * snapshot block, then a longer competing chain). Each yields a clear error naming the endpoint
 * and the call (exit 2) or a specific rejection code (exit 1) — never "valid". Checked through
 * `verifyBitcoinEvidence` and through `kura reserves btc verify` exit codes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvidence, parseEvidenceBytes } from '@kura/attest';
import {
  addressOfScript,
  BcoinSource,
  CrossCheckedSource,
  networkByName,
  type SignerScript,
  signBip322,
  signerScriptPubKey,
  verifyBitcoinEvidence,
} from '@kura/bitcoin';
import { KuraError, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge, type Round } from '@kura/tree';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKuraAsync } from '../../cli/src/testing.js';
import { BcoinNode } from '../../packages/bitcoin/test/bcoin-node.js';
import { diffPath, entryMutationsOf, type Json, timedAsync } from '../adversarial/fuzz-helpers.js';
import { type Fault, type FaultProxy, on, PASS, startProxy } from './proxy.js';

const BCOIN = networkByName('regtest-bcoin');
const round: Round = {
  exchange: 'Kura Faults Exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const sk = (l: string) => sha256(utf8(`faults btc ${l}`));
const miner: SignerScript = { type: 'p2wpkh', secretKey: sk('miner') };
const miner2: SignerScript = { type: 'p2wpkh', secretKey: sk('miner2') };
const A: SignerScript = { type: 'p2wpkh', secretKey: sk('A') };
const B: SignerScript = { type: 'p2tr', secretKey: sk('B') };
const spk = signerScriptPubKey;
const addr = (s: SignerScript) => addressOfScript(spk(s), BCOIN);
const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

let node: BcoinNode;
let proxy: FaultProxy;
let proxy2: FaultProxy;
let dir: string;
let H: number;
let snapshotHash: string;
const f = (n: string) => join(dir, n);

const kura = runKuraAsync;

const verifyCli = (urls: string[], extra: string[] = []) =>
  kura([
    ...['reserves', 'btc', 'verify', '--evidence', f('ev.json'), '--round', f('round.json')],
    ...urls.flatMap((u) => ['--bcoin', u]),
    ...['--timeout', '400', '--retries', '1', '--json', ...extra],
  ]);

const evidence = () => parseEvidenceBytes(readFileSync(f('ev.json')));
const source = (url: string) => new BcoinSource(url, { timeoutMs: 400, retries: 1 });

/** verifyBitcoinEvidence: a report, or a thrown KuraError (could not check). */
async function verifyApi(
  src: ReturnType<typeof source> | CrossCheckedSource
): Promise<{ ok: boolean; text: string; code?: string }> {
  try {
    const r = await verifyBitcoinEvidence(evidence(), src, { confirmations: 1 });
    return { ok: r.ok, text: JSON.stringify(r) };
  } catch (e) {
    expect(e).toBeInstanceOf(KuraError);
    return { ok: false, text: (e as Error).message, code: (e as KuraError).code };
  }
}

/** The first proxy passes everything; the second answers `getblockhash` with block H − 1's hash. */
async function secondSourceLiesAboutBlockAtH(): Promise<void> {
  const other = await node.rpc<string>('getblockhash', [H - 1]);
  proxy.rule = PASS;
  proxy2.rule = (req) =>
    req.rpc.includes('getblockhash')
      ? { kind: 'rewrite', f: (reply) => ({ ...(reply as object), result: other }) }
      : { kind: 'pass' };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-faults-btc-'));
  node = await BcoinNode.start();
  await node.mine(BcoinNode.SEGWIT_HEIGHT, spk(miner));
  await node.send(
    [await node.coinbase(1, miner)],
    [
      { script: spk(A), value: 30_000_000n },
      { script: spk(A), value: 20_000_000n },
      { script: spk(B), value: 40_000_000n },
    ],
    miner
  );
  await node.mine(1, spk(miner));
  H = await node.height();
  snapshotHash = await node.rpc<string>('getblockhash', [H]);
  await node.mine(3, spk(miner));
  const challenge = ownershipChallenge(round);
  writeFileSync(f('round.json'), JSON.stringify(round));
  writeFileSync(
    f('addresses.jsonl'),
    jsonl([
      { address: addr(A), custody: 'customer-cold' },
      { address: addr(B), custody: 'customer-hot' },
    ])
  );
  writeFileSync(
    f('signatures.jsonl'),
    jsonl([
      { address: addr(A), type: 'bip322-simple', signature: signBip322(challenge, A) },
      { address: addr(B), type: 'bip322-simple', signature: signBip322(challenge, B) },
    ])
  );
  const c = await kura([
    ...['reserves', 'btc', 'collect', '--addresses', f('addresses.jsonl')],
    ...['--bcoin', node.authUrl, '--height', String(H), '--round', f('round.json')],
    ...['--signatures', f('signatures.jsonl'), '--out', f('ev.json')],
  ]);
  if (c.code !== 0) throw new Error(`collect failed: ${c.stderr}`);
  proxy = await startProxy(node.authUrl);
  proxy2 = await startProxy(node.authUrl);
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await proxy2?.close();
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const hostOf = (p: FaultProxy) => new URL(p.url).host;

describe('an honest node through the proxy (baseline)', () => {
  it('verifies: exit 0', async () => {
    proxy.rule = PASS;
    const base = await verifyApi(source(proxy.url));
    expect(base.ok, base.text).toBe(true);
    const r = await verifyCli([proxy.url]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    // credentials are forwarded but never printed
    expect(r.stdout + r.stderr).not.toContain(node.apiKey);
  });
});

describe('transport faults: exit 2 with a message naming the endpoint and the call', () => {
  const cases: [string, Fault, RegExp][] = [
    ['times out', { kind: 'hang' }, /SOURCE_TIMEOUT|timed out|no reply/i],
    ['answers HTTP 429', { kind: 'status', status: 429 }, /429|RATE/i],
    ['answers HTTP 500', { kind: 'status', status: 500 }, /500|SOURCE_HTTP/],
    ['returns malformed JSON', { kind: 'malformed', body: '{"result": "00' }, /JSON|BAD_REPLY/i],
  ];
  for (const [what, fault, why] of cases)
    it(`the node ${what} (getblockhash) → could not check, never valid`, async () => {
      proxy.rule = on('getblockhash', fault);
      const api = await verifyApi(source(proxy.url));
      expect(api.ok).toBe(false);
      expect(api.code, api.text).toMatch(/^SOURCE_/);
      expect(api.text).toContain(hostOf(proxy));
      expect(api.text).toContain('getblockhash');
      expect(api.text).toMatch(why);
      const r = await verifyCli([proxy.url]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(/^kura: SOURCE_[A-Z_]+: /);
      expect(r.stderr).toContain(hostOf(proxy));
      expect(r.stderr).toContain('getblockhash');
      expect(r.stdout + r.stderr).not.toContain(node.apiKey);
    });

  it('a fault on the REST transaction lookup (GET /tx/…) → could not check, naming the call', async () => {
    proxy.rule = (req) =>
      req.method === 'GET' && req.path.startsWith('/tx/')
        ? { kind: 'status', status: 500 }
        : { kind: 'pass' };
    const api = await verifyApi(source(proxy.url));
    expect(api.ok).toBe(false);
    expect(api.text).toContain('GET /tx/');
    const r = await verifyCli([proxy.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GET /tx/');
  });
});

describe('lying nodes', () => {
  it('another block hash at the snapshot height → E_REORG (exit 1), never valid', async () => {
    const other = await node.rpc<string>('getblockhash', [H - 1]);
    proxy.rule = (req) =>
      req.rpc.includes('getblockhash') &&
      JSON.stringify((req.body as { params?: unknown }).params) === JSON.stringify([H])
        ? { kind: 'rewrite', f: (reply) => ({ ...(reply as object), result: other }) }
        : { kind: 'pass' };
    const api = await verifyApi(source(proxy.url));
    expect(api.ok).toBe(false);
    expect(api.text).toMatch(/E_REORG/);
    const r = await verifyCli([proxy.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/E_REORG/);
  });

  it('two sources, one reporting another block hash at H → SOURCE_DISAGREE (exit 2)', async () => {
    await secondSourceLiesAboutBlockAtH();
    const api = await verifyApi(new CrossCheckedSource(source(proxy.url), source(proxy2.url)));
    expect(api.ok).toBe(false);
    expect(api.code).toBe('SOURCE_DISAGREE');
    const r = await verifyCli([proxy.url, proxy2.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SOURCE_DISAGREE/);
    proxy2.rule = PASS;
  });

  it('two sources, one reporting another transaction body (another UTXO value) → SOURCE_DISAGREE', async () => {
    proxy.rule = PASS;
    proxy2.rule = (req) =>
      req.method === 'GET' && req.path.startsWith('/tx/')
        ? {
            kind: 'rewrite',
            f: (reply) => {
              const t = reply as { hex?: string };
              // flip one byte inside the transaction (an output value)
              if (typeof t.hex !== 'string') return reply;
              const i = t.hex.length - 40;
              const c = t.hex[i] === '0' ? '1' : '0';
              return { ...t, hex: t.hex.slice(0, i) + c + t.hex.slice(i + 1) };
            },
          }
        : { kind: 'pass' };
    const api = await verifyApi(new CrossCheckedSource(source(proxy.url), source(proxy2.url)));
    expect(api.ok).toBe(false);
    expect(api.code).toBe('SOURCE_DISAGREE');
    expect(api.text).toContain(hostOf(proxy2));
    const r = await verifyCli([proxy.url, proxy2.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SOURCE_DISAGREE/);
    proxy2.rule = PASS;
  });
});

describe('collection through a faulty or lying node writes nothing', () => {
  const collect = (urls: string[], out: string) =>
    kura([
      ...['reserves', 'btc', 'collect', '--addresses', f('addresses.jsonl')],
      ...urls.flatMap((u) => ['--bcoin', u]),
      ...['--height', String(H), '--round', f('round.json')],
      ...[
        '--signatures',
        f('signatures.jsonl'),
        '--out',
        f(out),
        '--timeout',
        '400',
        '--retries',
        '1',
      ],
    ]);

  it('the address history lookup answers HTTP 429 → exit 2 naming the endpoint and the call; no file', async () => {
    proxy.rule = (req) =>
      req.method === 'GET' && req.path.startsWith('/tx/address/')
        ? { kind: 'status', status: 429 }
        : { kind: 'pass' };
    const r = await collect([proxy.url], 'c1.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kura: SOURCE_[A-Z_]+: /);
    expect(r.stderr).toContain(hostOf(proxy));
    expect(r.stderr).toContain('/tx/address/');
    expect(r.stderr).not.toContain(node.apiKey);
    expect(existsSync(f('c1.json'))).toBe(false);
    proxy.rule = PASS;
  });

  it('two sources, one lying about the block at H → SOURCE_DISAGREE, exit 2, no file', async () => {
    await secondSourceLiesAboutBlockAtH();
    const r = await collect([proxy.url, proxy2.url], 'c2.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SOURCE_DISAGREE/);
    expect(existsSync(f('c2.json'))).toBe(false);
    proxy2.rule = PASS;
  });
});

describe('a mutated evidence entry never verifies against the real node', () => {
  it('property: one changed value of the collected file (amounts, outpoints, proofs, signatures, snapshot) → not ok', async () => {
    proxy.rule = PASS;
    const base = JSON.parse(readFileSync(f('ev.json'), 'utf8')) as Json;
    const src = source(node.authUrl);
    // the liabilities asset list (what `--round root.json` passes): BTC of this chain
    const chain = (base as { snapshots: { chain: string }[] }).snapshots[0]!.chain;
    const assets = [{ symbol: 'BTC', decimals: 8, network: chain }];
    const baseline = await verifyBitcoinEvidence(evidence(), src, { confirmations: 1, assets });
    expect(baseline.ok).toBe(true);
    const seen = new Set<string>();
    let verified = 0;
    await fc.assert(
      fc.asyncProperty(
        // a mutated entry, not a shorter list: dropping whole entries understates reserves
        // (the attestation binds the file's hash); custody and label are declarations
        entryMutationsOf(base),
        async (m) => {
          seen.add(diffPath(base, m)!.replace(/\[\d+\]/g, '[]'));
          let ev: ReturnType<typeof parseEvidence>;
          try {
            ev = parseEvidence(m);
          } catch (e) {
            expect(e).toBeInstanceOf(KuraError);
            return;
          }
          verified++;
          try {
            const r = await timedAsync(
              verifyBitcoinEvidence(ev, src, { confirmations: 1, assets }),
              20_000
            );
            expect(
              r.ok,
              `${diffPath(base, m)}: ${JSON.stringify(r.entries.map((e) => e.status))}`
            ).toBe(false);
          } catch (e) {
            if (!(e instanceof KuraError)) throw e;
          }
        }
      ),
      { numRuns: 80 }
    );
    // most mutations parse and reach the chain checks (the rest are refused by the parser)
    expect(verified).toBeGreaterThan(30);
    expect(seen.size).toBeGreaterThan(10);
    if (process.env.KURA_FUZZ_LOG)
      process.stderr.write(`verified ${verified}; ${[...seen].join(' ')}\n`);
  }, 300_000);
});

describe('a real reorganisation between collection and verification', () => {
  it('a real reorg between collect and verify → E_REORG, exit 1', async () => {
    proxy.rule = PASS;
    expect((await verifyApi(source(node.authUrl))).ok).toBe(true);
    // invalidate the snapshot block and mine a longer competing chain from H − 1
    await node.rpc('invalidateblock', [snapshotHash]);
    expect(await node.height()).toBe(H - 1);
    await node.mine(6, spk(miner2));
    expect(await node.height()).toBe(H + 5);
    const atH = await node.rpc<string>('getblockhash', [H]);
    expect(atH).not.toBe(snapshotHash);
    const api = await verifyApi(source(node.authUrl));
    expect(api.ok).toBe(false);
    expect(api.text).toMatch(/E_REORG/);
    const r = await verifyCli([node.authUrl]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/E_REORG/);
  });
});
