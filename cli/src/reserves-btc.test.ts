/**
 * `kura reserves challenge` and `kura reserves btc collect | verify` as real processes against a
 * real bcoin regtest node: exit codes 0 / 1 / 2, nothing written on failure, errors naming file,
 * line and field, endpoints named without credentials.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ecc from '@bitcoinerlab/secp256k1';
import {
  addressOfScript,
  descriptorChecksum,
  networkByName,
  type SignerScript,
  signBip137,
  signBip322,
  signerScriptPubKey,
  toBitcoinJs,
} from '@kura/bitcoin';
import { concatBytes, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge, type Round } from '@kura/tree';
import { BIP32Factory } from 'bip32';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BcoinNode } from '../../packages/bitcoin/test/bcoin-node.js';
import { runKura } from './testing.js';

const BCOIN = networkByName('regtest-bcoin');
const sk = (l: string) => sha256(utf8(`cli btc ${l}`));
const round: Round = {
  exchange: 'Kura CLI Exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const challenge = ownershipChallenge(round);
const push = (b: Uint8Array) => Uint8Array.of(b.length, ...b);
const miner: SignerScript = { type: 'p2wpkh', secretKey: sk('miner') };
const A: SignerScript = { type: 'p2wpkh', secretKey: sk('A') };
const B: SignerScript = { type: 'p2tr', secretKey: sk('B') };
const mk = [sk('c1'), sk('c2'), sk('c3')];
const C: SignerScript = {
  type: 'p2wsh',
  witnessScript: concatBytes(
    Uint8Array.of(0x52),
    ...mk.map((k) => push(ecc.pointFromScalar(k, true)!)),
    Uint8Array.of(0x53, 0xae)
  ),
  secretKeys: [mk[0]!, mk[1]!],
};
const D: SignerScript = { type: 'p2pkh', secretKey: sk('D') };
const wallet = BIP32Factory(ecc).fromSeed(sha256(utf8('cli wallet')), toBitcoinJs(BCOIN));
const descBody = `wpkh(${wallet.neutered().toBase58()}/0/*)`;
const descriptor = `${descBody}#${descriptorChecksum(descBody)}`;
const W2: SignerScript = { type: 'p2wpkh', secretKey: wallet.derive(0).derive(2).privateKey! };
const spk = signerScriptPubKey;
const addr = (s: SignerScript) => addressOfScript(spk(s), BCOIN);
const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

let node: BcoinNode;
let dir: string;
let H: number;
const f = (n: string) => join(dir, n);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-cli-btc-'));
  node = await BcoinNode.start();
  await node.mine(BcoinNode.SEGWIT_HEIGHT, spk(miner));
  const fund = await node.send(
    [await node.coinbase(1, miner)],
    [A, A, B, C, D, W2].map((s, i) => ({ script: spk(s), value: BigInt((i + 1) * 10_000_000) })),
    miner
  );
  await node.mine(1, spk(miner));
  H = await node.height();
  await node.send([{ txid: fund.txid, vout: 1, value: 20_000_000n, signer: A }], [], miner);
  await node.mine(3, spk(miner)); // A's second output spent after H; 4 confirmations on H
  writeFileSync(f('round.json'), JSON.stringify(round));
  writeFileSync(
    f('addresses.jsonl'),
    jsonl([
      { address: addr(A), custody: 'customer-cold', label: 'cold A' },
      { address: addr(B), custody: 'customer-cold' },
      { address: addr(C), custody: 'customer-cold', label: 'vault 2-of-3' },
      { address: addr(D), custody: 'exchange-own' },
    ])
  );
  writeFileSync(
    f('descriptors.jsonl'),
    jsonl([{ descriptor, range: [0, 9], custody: 'customer-hot', label: 'hot wallet' }])
  );
  writeFileSync(
    f('signatures.jsonl'),
    jsonl([
      { address: addr(A), type: 'bip322-simple', signature: signBip322(challenge, A) },
      { address: addr(B), type: 'bip322-simple', signature: signBip322(challenge, B) },
      {
        address: addr(C),
        type: 'bip322-full',
        signature: signBip322(challenge, C, { format: 'full' }),
      },
      { address: addr(D), type: 'bip137', signature: signBip137(challenge, sk('D')) },
      { address: addr(W2), type: 'bip322-simple', signature: signBip322(challenge, W2) },
    ])
  );
}, 60_000);

afterAll(async () => {
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const collectArgs = (out: string, extra: string[] = []) => [
  'reserves',
  'btc',
  'collect',
  '--addresses',
  f('addresses.jsonl'),
  '--descriptors',
  f('descriptors.jsonl'),
  '--bcoin',
  node.authUrl,
  '--height',
  String(H),
  '--round',
  f('round.json'),
  '--signatures',
  f('signatures.jsonl'),
  '--out',
  out,
  ...extra,
];

describe('kura reserves challenge', () => {
  it('prints exactly the challenge bytes (no trailing newline on a pipe)', () => {
    const r = runKura(['reserves', 'challenge', '--round', f('round.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(challenge);
    const j = runKura(['reserves', 'challenge', '--round', f('round.json'), '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ challenge, round });
  });
  it('a bad round file → exit 2 naming the file', () => {
    writeFileSync(f('bad-round.json'), JSON.stringify({ ...round, snapshotTime: 'yesterday' }));
    const r = runKura(['reserves', 'challenge', '--round', f('bad-round.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-round.json');
  });
});

describe('kura reserves btc collect | verify (bcoin)', () => {
  it('collect writes verified evidence; verify exits 0', () => {
    const out = f('evidence.json');
    const c = runKura([...collectArgs(out), '--json']);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const summary = JSON.parse(c.stdout);
    expect(summary).toMatchObject({
      ok: true,
      height: H,
      entries: 5,
      utxos: 6,
      total: '210000000',
    });
    const ev = JSON.parse(readFileSync(out, 'utf8'));
    expect(ev.entries.map((e: { custody: string }) => e.custody)).toEqual([
      'customer-cold',
      'customer-cold',
      'customer-cold',
      'exchange-own',
      'customer-hot',
    ]);
    const v = runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      out,
      '--bcoin',
      node.authUrl,
      '--confirmations',
      '4',
      '--round',
      f('round.json'),
    ]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('result: valid (5 valid, 0 invalid, 0 skipped)');
    expect(v.stdout).toContain(
      'totals (valid entries): customer-cold 100000000 sat, exchange-own 50000000 sat, customer-hot 60000000 sat'
    );
    expect(v.stdout).not.toContain(node.apiKey);
  });

  it('verify: too few confirmations or a tampered amount → exit 1 with the code', () => {
    const out = f('evidence.json');
    const c = runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      out,
      '--bcoin',
      node.authUrl,
      '--confirmations',
      '5',
      '--json',
    ]);
    expect(c.code).toBe(1);
    expect(JSON.parse(c.stdout).snapshot).toMatchObject({ ok: false, code: 'E_CONFIRMATIONS' });
    const ev = JSON.parse(readFileSync(out, 'utf8'));
    ev.entries[0].utxos[0].value = String(BigInt(ev.entries[0].utxos[0].value) + 1n);
    ev.entries[0].balances[0].amount = String(BigInt(ev.entries[0].balances[0].amount) + 1n);
    writeFileSync(f('tampered.json'), JSON.stringify(ev));
    const t = runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('tampered.json'),
      '--bcoin',
      node.authUrl,
      '--json',
    ]);
    expect(t.code).toBe(1);
    expect(JSON.parse(t.stdout).entries[0].result).toMatchObject({
      ok: false,
      code: 'E_UTXO_VALUE',
    });
  });

  it('verify: evidence for another round → exit 1 E_ROUND', () => {
    writeFileSync(f('round2.json'), JSON.stringify({ ...round, period: '2026-12' }));
    const r = runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('evidence.json'),
      '--bcoin',
      node.authUrl,
      '--round',
      f('round2.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('E_ROUND');
  });

  it('collect: a missing signature or one over another round → exit 1, nothing written', () => {
    const sigs = readFileSync(f('signatures.jsonl'), 'utf8').split('\n').filter(Boolean);
    writeFileSync(f('sigs-missing.jsonl'), `${sigs.slice(1).join('\n')}\n`);
    const out = f('never.json');
    const r = runKura(
      collectArgs(out).map((a) => (a === f('signatures.jsonl') ? f('sigs-missing.jsonl') : a))
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`E_OWNERSHIP_MISSING: ${addr(A)}`);
    expect(existsSync(out)).toBe(false);
    const old = ownershipChallenge({ ...round, period: '2026-10' });
    writeFileSync(
      f('sigs-old.jsonl'),
      `${[JSON.stringify({ address: addr(A), type: 'bip322-simple', signature: signBip322(old, A) }), ...sigs.slice(1)].join('\n')}\n`
    );
    const o2 = runKura(
      collectArgs(out).map((a) => (a === f('signatures.jsonl') ? f('sigs-old.jsonl') : a))
    );
    expect(o2.code).toBe(1);
    expect(o2.stderr).toContain('E_SIGNATURE');
    expect(existsSync(out)).toBe(false);
  });

  it('collect keeps going past a bad ownership signature: every failure with its address and code, exit 1, nothing written', () => {
    const sigs = readFileSync(f('signatures.jsonl'), 'utf8').split('\n').filter(Boolean);
    const old = ownershipChallenge({ ...round, period: '2026-10' });
    // A: no signature; B: a signature over another round; D: B's signature
    const lines = [
      JSON.stringify({ address: addr(B), type: 'bip322-simple', signature: signBip322(old, B) }),
      sigs[2]!,
      JSON.stringify({ ...JSON.parse(sigs[3]!), signature: JSON.parse(sigs[1]!).signature }),
      sigs[4]!,
    ];
    writeFileSync(f('sigs-three.jsonl'), `${lines.join('\n')}\n`);
    const out = f('never3.json');
    const r = runKura(
      collectArgs(out).map((a) => (a === f('signatures.jsonl') ? f('sigs-three.jsonl') : a))
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`kura: ${addr(A)}: E_OWNERSHIP_MISSING: `);
    expect(r.stderr).toMatch(new RegExp(`kura: ${addr(B)}: E_SIGNATURE`));
    expect(r.stderr).toMatch(new RegExp(`kura: ${addr(D)}: E_`));
    expect(r.stderr).toMatch(/3 problem\(s\); .*never3\.json not written/);
    expect(existsSync(out)).toBe(false);
    const j = runKura(
      collectArgs(out, ['--json']).map((a) =>
        a === f('signatures.jsonl') ? f('sigs-three.jsonl') : a
      )
    );
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).problems.map((p: { address: string }) => p.address)).toEqual(
      expect.arrayContaining([addr(A), addr(B), addr(D)])
    );
    expect(existsSync(out)).toBe(false);
  });

  it('collect: a bad input line → exit 2 naming file, line and field', () => {
    writeFileSync(
      f('bad-addresses.jsonl'),
      jsonl([
        { address: addr(A), custody: 'customer-cold' },
        { address: addr(B), custody: 'cold' },
      ])
    );
    const r = runKura(
      collectArgs(f('x.json')).map((a) =>
        a === f('addresses.jsonl') ? f('bad-addresses.jsonl') : a
      )
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bad-addresses\.jsonl:2: field "custody": expected one of customer-cold/
    );
    writeFileSync(
      f('net.jsonl'),
      jsonl([{ address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', custody: 'customer-cold' }])
    );
    const n = runKura(
      collectArgs(f('x.json')).map((a) => (a === f('addresses.jsonl') ? f('net.jsonl') : a))
    );
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/net\.jsonl:1: field "address": E_NETWORK/);
  });

  it('an unreachable source → exit 2 naming the endpoint and the call, never the key', () => {
    const r = runKura([
      'reserves',
      'btc',
      'verify',
      '--evidence',
      f('evidence.json'),
      '--bcoin',
      'http://x:topsecretkey@127.0.0.1:9/',
      '--retries',
      '0',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SOURCE_UNREACHABLE: http:\/\/127\.0\.0\.1:9 getblockhash/);
    expect(r.stderr).not.toContain('topsecretkey');
  });
});
