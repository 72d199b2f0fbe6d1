/**
 * `kura reserves btc collect|verify --chain ltc|bch|doge|mona[-testnet|-regtest]`: Litecoin
 * reserves collected and verified through `--rpc` against Core-shaped JSON-RPC replies over a
 * chain on Litecoin's regtest genesis (`@kura/bitcoin/testing`), served on
 * loopback; a balance changed by one litoshi → exit 1; a node of another chain → exit 2; a bad
 * `--chain` → exit 2 naming the option, nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressOfScript, hash160, networkByName, scriptOf, signBip137 } from '@kura/bitcoin';
import { FamilyChain } from '@kura/bitcoin/testing';
import { sha256, utf8 } from '@kura/codec';
import { ownershipChallenge } from '@kura/tree';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFetch } from '../test/loopback.js';
import { runKuraAsync as runKura } from './testing.js';

const LTC = networkByName('ltc-regtest');
const round = {
  exchange: 'Kura CLI Family',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const sk = sha256(utf8('cli family ltc'));
const spk = scriptOf('p2pkh', hash160(secp256k1.getPublicKey(sk, true)));
const A = addressOfScript(spk, LTC);
const chain = new FamilyChain(LTC, 5, [{ scriptPubKey: spk, value: 250_000_000n, height: 2 }]);
// Bitcoin Cash testnet: Bitcoin testnet3's genesis, BCH's fork block answered at its height
const BCH = networkByName('bch-testnet');
const bchChain = new FamilyChain(BCH, 5, [{ scriptPubKey: spk, value: 4_000n, height: 2 }], {
  [BCH.fork!.height]: BCH.fork!.hash,
});
const B = addressOfScript(spk, BCH);
let dir: string;
let server: Server;
let bchServer: Server;
let rpc: string;
let bchRpc: string;
const f = (n: string) => join(dir, n);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-cli-btc-family-'));
  const fetch = chain.fetch();
  const bchFetch = bchChain.fetch();
  ({ server, url: rpc } = await serveFetch(() => fetch, 'u:pw@'));
  ({ server: bchServer, url: bchRpc } = await serveFetch(() => bchFetch, 'u:pw@'));
  writeFileSync(
    f('bch-addresses.jsonl'),
    `${JSON.stringify({ address: B, custody: 'customer-hot' })}\n`
  );
  writeFileSync(
    f('bch-signatures.jsonl'),
    `${JSON.stringify({
      address: B,
      type: 'bip137',
      signature: signBip137(ownershipChallenge(round), sk, 'p2pkh', BCH.messageMagic),
    })}\n`
  );
  writeFileSync(f('round.json'), JSON.stringify(round));
  writeFileSync(
    f('addresses.jsonl'),
    `${JSON.stringify({ address: A, custody: 'customer-cold' })}\n`
  );
  writeFileSync(
    f('signatures.jsonl'),
    `${JSON.stringify({
      address: A,
      type: 'bip137',
      signature: signBip137(ownershipChallenge(round), sk, 'p2pkh', LTC.messageMagic),
    })}\n`
  );
});

afterAll(() => {
  server?.close();
  bchServer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const collect = (out: string, ...extra: string[]) =>
  runKura([
    'reserves',
    'btc',
    'collect',
    '--rpc',
    rpc,
    '--height',
    '3',
    '--round',
    f('round.json'),
    '--addresses',
    f('addresses.jsonl'),
    '--signatures',
    f('signatures.jsonl'),
    '--out',
    f(out),
    ...extra,
  ]);

describe('kura reserves btc --chain (Litecoin regtest, Core-shaped replies)', () => {
  it('collect --chain ltc-regtest writes LTC evidence; verify → exit 0; one litoshi more → exit 1', async () => {
    const c = await collect('ltc.json', '--chain', 'ltc-regtest');
    expect(c.code).toBe(0);
    // only the usual note that scantxoutset sees the tip, not H
    expect(c.stderr).not.toMatch(/error/i);
    expect(c.stdout).toContain('250000000 litoshi on bip122:530827f38f93b43ed12af0b3ad25a288');
    const ev = JSON.parse(readFileSync(f('ltc.json'), 'utf8'));
    expect(ev.entries[0].balances).toEqual([{ asset: 'LTC', amount: '250000000' }]);
    const v = await runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('ltc.json'),
      '--rpc',
      rpc,
      '--chain',
      'ltc-regtest',
    ]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('customer-cold 250000000 litoshi');
    ev.entries[0].balances[0].amount = '250000001';
    writeFileSync(f('ltc-bad.json'), JSON.stringify(ev));
    const b = await runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('ltc-bad.json'),
      '--rpc',
      rpc,
      '--json',
    ]);
    expect(b.code).toBe(1);
    expect(JSON.parse(b.stdout).entries[0].result.code).toBe('E_UTXO_SUM');
  });

  it('--chain bch (or doge) against a Litecoin node → exit 2 SOURCE_CHAIN, nothing written', async () => {
    for (const c of ['bch', 'doge-regtest']) {
      const r = await collect(`x-${c}.json`, '--chain', c);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('SOURCE_CHAIN');
      expect(existsSync(f(`x-${c}.json`))).toBe(false);
    }
  });

  it('collect --chain bch-testnet writes CashAddr BCH evidence; verify --chain bch-testnet → exit 0', async () => {
    const c = await runKura([
      'reserves',
      'btc',
      'collect',
      '--chain',
      'bch-testnet',
      '--rpc',
      bchRpc,
      '--height',
      '3',
      '--round',
      f('round.json'),
      '--addresses',
      f('bch-addresses.jsonl'),
      '--signatures',
      f('bch-signatures.jsonl'),
      '--out',
      f('bch.json'),
    ]);
    expect(c.code).toBe(0);
    const ev = JSON.parse(readFileSync(f('bch.json'), 'utf8'));
    expect(ev.entries[0]).toMatchObject({
      chain: 'bip122:00000000000e38fef93ed9582a7df438',
      address: B,
      balances: [{ asset: 'BCH', amount: '4000' }],
    });
    expect(B).toMatch(/^bchtest:q/);
    const v = await runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('bch.json'),
      '--rpc',
      bchRpc,
      '--chain',
      'bch-testnet',
    ]);
    expect(v.code).toBe(0);
    // the same evidence against the Litecoin node: could not check
    const w = await runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('bch.json'),
      '--rpc',
      rpc,
    ]);
    expect(w.code).toBe(2);
  });

  it('an unknown --chain → exit 2 naming --chain', async () => {
    const r = await collect('x.json', '--chain', 'xrp');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--chain');
    expect(existsSync(f('x.json'))).toBe(false);
  });
});
