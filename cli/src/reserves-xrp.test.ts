/**
 * `kura reserves xrp collect | verify | tx` as real processes against recorded rippled replies
 * served on 127.0.0.1 (no rippled runs here; packages/xrpl/test/rippled.ts): collect → verify,
 * exit codes 0 / 1 / 2, refusals that write nothing, and no API key in any message.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rippled, type World, world } from '../../packages/xrpl/test/rippled.js';
import { ED, K1, LAST_MONTH, REG, ROUND, signTx, txFor } from '../../packages/xrpl/test/sign.js';
import { serveFetch } from '../test/loopback.js';
import { runKura, runKuraAsync } from './testing.js';

let dir: string;
let server: Server;
let url: string;
let current: World;
const p = (f: string) => join(dir, f);

function ledger(): World {
  return world({
    [ED.classicAddress]: { Balance: '125000000000', OwnerCount: 3 },
    [K1.classicAddress]: {
      Balance: '2000000',
      OwnerCount: 0,
      Flags: 0x00100000,
      RegularKey: REG.classicAddress,
    },
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-xrp-'));
  current = ledger();
  ({ server, url } = await serveFetch(() => rippled(current).fetch));
  url = `${url}secretkey0123456789abcdef`;
  writeFileSync(p('round.json'), JSON.stringify(ROUND));
  writeFileSync(
    p('addresses.jsonl'),
    `{"address":"${ED.classicAddress}","custody":"customer-cold","label":"cold 1"}\n{"address":"${K1.classicAddress}","custody":"customer-hot"}\n`
  );
  const sigs = (edBlob: string) =>
    `{"address":"${ED.classicAddress}","type":"xrpl-tx","signature":"${edBlob}"}\n` +
    `{"address":"${K1.classicAddress}","type":"xrpl-tx","signature":"${signTx(REG, { ...txFor(K1.classicAddress), SigningPubKey: REG.publicKey })}"}\n`;
  writeFileSync(p('signatures.jsonl'), sigs(signTx(ED, txFor(ED.classicAddress))));
  writeFileSync(p('old-signatures.jsonl'), sigs(signTx(ED, txFor(ED.classicAddress, LAST_MONTH))));
  writeFileSync(
    p('submittable.jsonl'),
    sigs(signTx(ED, { ...txFor(ED.classicAddress), Sequence: 81_000_000, Fee: '12' }))
  );
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const collect = (out: string, over: Record<string, string> = {}, extra: string[] = []) =>
  runKuraAsync([
    'reserves',
    'xrp',
    'collect',
    '--addresses',
    p('addresses.jsonl'),
    '--rpc',
    url,
    '--ledger',
    over.ledger ?? String(current.ledgerIndex),
    '--round',
    p('round.json'),
    '--signatures',
    over.signatures ?? p('signatures.jsonl'),
    '--out',
    out,
    '--retries',
    '0',
    ...extra,
  ]);

describe('kura reserves xrp', () => {
  test('collect writes evidence; verify exits 0; one drop more exits 1', async () => {
    current = ledger();
    const r = await collect(p('ev.json'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 account\(s\) on xrpl:0 at validated ledger 95000123/);
    expect(r.stdout).not.toMatch(/secretkey/);
    const ev = JSON.parse(readFileSync(p('ev.json'), 'utf8'));
    expect(ev.entries[0].balances).toEqual([{ asset: 'XRP', amount: '124998400000' }]);
    const v = await runKuraAsync([
      'reserves',
      'xrp',
      'verify',
      '--evidence',
      p('ev.json'),
      '--rpc',
      url,
      '--json',
    ]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).status).toBe('valid');
    ev.entries[1].balances[0].amount = String(BigInt(ev.entries[1].balances[0].amount) + 1n);
    writeFileSync(p('ev1.json'), JSON.stringify(ev));
    const v1 = await runKuraAsync([
      'reserves',
      'xrp',
      'verify',
      '--evidence',
      p('ev1.json'),
      '--rpc',
      url,
    ]);
    expect(v1.code).toBe(1);
    expect(v1.stdout).toMatch(/entries\[1\] xrpl:0 .*: invalid XRPL_BALANCE_MISMATCH/);
  });

  test("last month's proof, a submittable blob: exit 1 (a verdict, as for btc and eth); a non-validated ledger: exit 2; nothing written", async () => {
    current = ledger();
    for (const [over, re] of [
      [{ signatures: p('old-signatures.jsonl') }, /OWNERSHIP_INVALID: .*XRPL_CHALLENGE/],
      [{ signatures: p('submittable.jsonl') }, /OWNERSHIP_INVALID: .*XRPL_SUBMITTABLE_SEQUENCE/],
    ] as const) {
      const r = await collect(p('no.json'), over);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(re);
      expect(existsSync(p('no.json'))).toBe(false);
    }
    current = { ...ledger(), validated: false };
    const r = await collect(p('no.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/XRPL_LEDGER_NOT_VALIDATED/);
    expect(r.stderr).not.toMatch(/secretkey/);
    expect(existsSync(p('no.json'))).toBe(false);
  });

  test('verify with an unreachable endpoint exits 2; bad arguments exit 2 naming the field', async () => {
    current = ledger();
    await collect(p('ev2.json'));
    const v = await runKuraAsync([
      'reserves',
      'xrp',
      'verify',
      '--evidence',
      p('ev2.json'),
      '--rpc',
      'http://127.0.0.1:1/',
      '--retries',
      '0',
    ]);
    expect(v.code).toBe(2);
    const bad = runKura([
      'reserves',
      'xrp',
      'tx',
      '--round',
      p('round.json'),
      '--address',
      'rNotAnAddress',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/field "--address": XRPL_ADDRESS/);
    const chain = runKura([
      'reserves',
      'xrp',
      'tx',
      '--round',
      p('round.json'),
      '--address',
      ED.classicAddress,
      '--chain',
      'eip155:1',
    ]);
    expect(chain.code).toBe(2);
    expect(chain.stderr).toMatch(/--chain/);
  });

  test('--assets: a field the table gets wrong is exit 2 naming the file, line, column and path; nothing written', async () => {
    writeFileSync(
      p('xa.json'),
      JSON.stringify(
        { version: 'kura-xrpl-assets/1', networks: { 'xrpl:0': [{ symbol: 'XRP', decimals: 8 }] } },
        null,
        2
      )
    );
    const r = await collect(p('xa-ev.json'), {}, ['--assets', p('xa.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'xa.json:7:9: field "$.networks["xrpl:0"][0].decimals": XRP has 6 decimals (drops)'
    );
    expect(existsSync(p('xa-ev.json'))).toBe(false);
  });

  test('tx prints the transaction to sign, with the challenge in its memo', () => {
    const r = runKura([
      'reserves',
      'xrp',
      'tx',
      '--round',
      p('round.json'),
      '--address',
      ED.classicAddress,
    ]);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.transaction).toMatchObject({
      TransactionType: 'AccountSet',
      Sequence: 0,
      Fee: '0',
      LastLedgerSequence: 1,
    });
    expect(Buffer.from(o.transaction.Memos[0].Memo.MemoData, 'hex').toString('utf8')).toBe(
      o.challenge
    );
  });
});
