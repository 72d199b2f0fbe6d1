/**
 * `kura reserves eth collect | verify | typed-data` as real processes (runKura) against a real
 * anvil: the collect → verify flow, exit codes 0 / 1 / 2, --json, refusals that write nothing,
 * and no API key in any message.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownershipDigest712 } from '@kura/ethereum';
import { makeRootFile } from '@kura/tree';
import { getAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../../packages/ethereum/test/anvil.js';
import { codeHashOf, groundSignature } from '../../packages/ethereum/test/safe.js';
import { buildScenario, ROUND, type Scenario } from '../../packages/ethereum/test/scenario.js';
import { runKura } from './testing.js';

let anvil: Anvil;
let sc: Scenario;
let dir: string;
const p = (f: string) => join(dir, f);

beforeAll(async () => {
  anvil = await startAnvil();
  sc = await buildScenario(anvil);
  dir = mkdtempSync(join(tmpdir(), 'kura-eth-'));
  writeFileSync(p('round.json'), JSON.stringify(ROUND));
  writeFileSync(p('addresses.jsonl'), sc.addressesJsonl);
  writeFileSync(p('signatures.jsonl'), sc.signaturesJsonl);
  writeFileSync(p('assets.json'), JSON.stringify(sc.assetTable, null, 2));
  const root = makeRootFile({
    round: ROUND,
    assets: [
      { symbol: 'ETH', decimals: 18 },
      { symbol: 'USDC', decimals: 6 },
      { symbol: 'USDT', decimals: 6 },
    ],
    placement: 'dense',
    height: 1,
    rootHash: new Uint8Array(32).fill(1),
    totals: [1n, 2n, 3n],
  });
  writeFileSync(p('root.json'), JSON.stringify(root, null, 2));
});
afterAll(async () => {
  await anvil?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const collect = (out: string, extra: string[] = [], over: Record<string, string> = {}) =>
  runKura([
    'reserves',
    'eth',
    'collect',
    '--addresses',
    over.addresses ?? p('addresses.jsonl'),
    '--rpc',
    over.rpc ?? anvil.url,
    '--block',
    over.block ?? String(sc.snapshot.number),
    '--round',
    over.round ?? p('round.json'),
    '--signatures',
    over.signatures ?? p('signatures.jsonl'),
    '--assets',
    p('assets.json'),
    '--out',
    p(out),
    '--confirmations',
    '3',
    // the scenario's contract wallet is not a Safe: the exchange declares its code
    ...(over.walletCode === '' ? [] : ['--wallet-code', over.walletCode ?? sc.walletCodeHash]),
    ...extra,
  ]);
const verify = (file: string, extra: string[] = [], accept: string[] = [sc.walletCodeHash]) =>
  runKura([
    'reserves',
    'eth',
    'verify',
    '--evidence',
    p(file),
    '--rpc',
    anvil.url,
    '--assets',
    p('assets.json'),
    '--confirmations',
    '3',
    ...accept.flatMap((h) => ['--accept-wallet-code', h]),
    ...extra,
  ]);

describe('collect → verify', () => {
  test('collect writes the evidence (exit 0); the balances are those at the snapshot', () => {
    const r = collect('ev.json', ['--rpc', anvil.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /wrote .*ev\.json: 3 address\(es\) on eip155:31337 at block \d+ 0x[0-9a-f]{64}/
    );
    const ev = JSON.parse(readFileSync(p('ev.json'), 'utf8'));
    expect(ev.version).toBe('kura-evidence/1');
    expect(
      ev.entries.map((e: { balances: { amount: string }[] }) => e.balances.map((b) => b.amount))
    ).toEqual(sc.atSnapshot.map((x) => x.map(String)));
  });
  test('--json summary; root.json as --round checks the liabilities asset list', () => {
    const r = collect('ev2.json', ['--json', '--no-multicall', '--proof-batch', '2'], {
      round: p('root.json'),
      block: sc.snapshot.hash,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      chain: 'eip155:31337',
      height: sc.snapshot.number,
      blockHash: sc.snapshot.hash,
      entries: 3,
      balancesVia: 'rpc-batch',
      notStateProven: [],
    });
    expect(readFileSync(p('ev2.json'), 'utf8')).toBe(readFileSync(p('ev.json'), 'utf8'));
  });
  test('verify: exit 0 and one line per entry; --json report', () => {
    const r = verify('ev.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/entries\[0\] eip155:31337 0x[0-9a-fA-F]{40}: valid/);
    expect(r.stdout).toMatch(/result: valid \(3 valid, 0 invalid, 0 unchecked\)/);
    expect(r.stdout).toMatch(/^state proofs: required$/m);
    expect(r.stdout).toContain(`contract wallet: code ${sc.walletCodeHash} accepted explicitly`);
    const j = verify('ev.json', ['--json']);
    expect(j.code).toBe(0);
    const report = JSON.parse(j.stdout);
    expect(report.status).toBe('valid');
    expect(report.entries.map((e: { status: string }) => e.status)).toEqual([
      'valid',
      'valid',
      'valid',
    ]);
  });
  test('verify: a tampered amount → exit 1 naming the entry and the code', () => {
    const ev = JSON.parse(readFileSync(p('ev.json'), 'utf8'));
    ev.entries[2].balances[0].amount = '1';
    writeFileSync(p('bad.json'), JSON.stringify(ev));
    const r = verify('bad.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entries\[2\] .*: invalid BALANCE_MISMATCH/);
    expect(JSON.parse(verify('bad.json', ['--json']).stdout).entries[2].code).toBe(
      'BALANCE_MISMATCH'
    );
  });
  test('verify --finalized: exit 2 (NOT_FINALIZED) until the block is finalized', () => {
    const r = verify('ev.json', ['--finalized']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/NOT_FINALIZED/);
  });
  test('verify: the endpoint is down → exit 2', () => {
    const r = runKura([
      'reserves',
      'eth',
      'verify',
      '--evidence',
      p('ev.json'),
      '--rpc',
      'http://127.0.0.1:9',
      '--retries',
      '0',
      '--confirmations',
      '3',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/unchecked/);
  });
  test('verify: another kind of file or not JSON → exit 2 (could not check), named', () => {
    writeFileSync(p('x.json'), JSON.stringify({ version: 'kura-root/1' }));
    const x = verify('x.json');
    expect(x.code).toBe(2);
    expect(x.stderr).toContain('this is a kura-root/1 document');
    writeFileSync(p('y.json'), '{');
    const r = verify('y.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/y\.json:1/);
  });
});

describe('state proofs by default, contract wallets by code (issue 12)', () => {
  test('an entry without a state proof → exit 1 NOT_STATE_PROVEN; --allow-unproven accepts it and says so', () => {
    const ev = JSON.parse(readFileSync(p('ev.json'), 'utf8'));
    delete ev.entries[1].stateProof; // (entry 0 carries the token contracts' shared proofs)
    writeFileSync(p('unproven.json'), JSON.stringify(ev));
    const r = verify('unproven.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entries\[1\] .*: invalid NOT_STATE_PROVEN/);
    const ok = verify('unproven.json', ['--allow-unproven']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^state proofs: NOT required \(--allow-unproven\)/m);
    expect(ok.stdout).toMatch(/warning NOT_STATE_PROVEN/);
    expect(
      JSON.parse(verify('unproven.json', ['--allow-unproven', '--json']).stdout)
    ).toMatchObject({ status: 'valid', allowUnproven: true });
  });
  test('a contract wallet the auditor has not accepted → exit 1 EIP1271_UNTRUSTED_CODE', () => {
    const r = verify('ev.json', [], []);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entries\[2\] .*: invalid EIP1271_UNTRUSTED_CODE/);
  });
  test('the forgeable wallet (magic value for ~1 in 256 pairs): declared by the exchange, ground signature, not counted', async () => {
    const grind = getAddress(await anvil.deploy('GrindWallet', [], devWallet(0).address));
    await anvil.send({ from: devWallet(0).address, to: grind, value: 7000n * 10n ** 18n });
    const head = await anvil.head();
    await anvil.mine(3);
    const sig = groundSignature(ownershipDigest712(ROUND, 31337, grind));
    writeFileSync(
      p('g-addr.jsonl'),
      `${JSON.stringify({ address: grind, custody: 'customer-cold' })}\n`
    );
    writeFileSync(
      p('g-sig.jsonl'),
      `${JSON.stringify({ address: grind, type: 'eip1271', signature: sig })}\n`
    );
    const code = codeHashOf(await anvil.rpc('eth_getCode', [grind, 'latest']));
    const over = {
      addresses: p('g-addr.jsonl'),
      signatures: p('g-sig.jsonl'),
      block: String(head.number),
    };
    // undeclared: the collection refuses it
    const no = collect('g.json', [], { ...over, walletCode: '' });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain(`kura: ${grind}: EIP1271_UNTRUSTED_CODE: `);
    // declared by the exchange: its own isValidSignature accepts the ground signature…
    const c = collect('g.json', [], { ...over, walletCode: code });
    expect(c.code).toBe(0);
    // …but an auditor who has not accepted that code does not count it
    const r = verify('g.json', [], []);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: invalid EIP1271_UNTRUSTED_CODE/);
  });
});

describe('refusals write nothing', () => {
  test('a bad address line: exit 2 naming file, line and field', () => {
    writeFileSync(
      p('bad-addr.jsonl'),
      `${sc.addressesJsonl}{"address":"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","custody":"customer-cold"}\n`
    );
    const r = collect('no1.json', [], { addresses: p('bad-addr.jsonl') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bad-addr\.jsonl:4: field "address": mixed-case address .* wrong EIP-55 checksum/
    );
    expect(existsSync(p('no1.json'))).toBe(false);
  });
  test('every ownership failure in one run, with its address and code: exit 1', () => {
    // reserve 0: no signature; reserve 1: another key's signature; the wallet: code not declared
    const lines = sc.signaturesJsonl.trim().split('\n');
    writeFileSync(
      p('sigs2.jsonl'),
      `${[lines[1]!.replace(sc.signatures[1]!, sc.signatures[0]!), lines[2]].join('\n')}\n`
    );
    const r = collect('no2.json', [], { signatures: p('sigs2.jsonl'), walletCode: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`kura: ${sc.reserves[0]}: OWNERSHIP_MISSING: `);
    expect(r.stderr).toContain(`kura: ${sc.reserves[1]}: SIGNER_MISMATCH: `);
    expect(r.stderr).toContain(`kura: ${sc.reserves[2]}: EIP1271_UNTRUSTED_CODE: `);
    expect(r.stderr).toMatch(/3 ownership problem\(s\); .*no2\.json not written/);
    expect(existsSync(p('no2.json'))).toBe(false);
    const j = collect('no2.json', ['--json'], { signatures: p('sigs2.jsonl'), walletCode: '' });
    expect(j.code).toBe(1);
    expect(
      JSON.parse(j.stdout).problems.map((x: { address: string; code: string }) => [
        x.address,
        x.code,
      ])
    ).toEqual([
      [sc.reserves[0], 'OWNERSHIP_MISSING'],
      [sc.reserves[1], 'SIGNER_MISMATCH'],
      [sc.reserves[2], 'EIP1271_UNTRUSTED_CODE'],
    ]);
    expect(existsSync(p('no2.json'))).toBe(false);
  });
  test('too few confirmations: exit 2, TOO_FEW_CONFIRMATIONS', () => {
    const r = collect('no3.json', ['--confirmations', '100000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TOO_FEW_CONFIRMATIONS/);
    expect(existsSync(p('no3.json'))).toBe(false);
  });
  test('--network: a node on another chain is refused (exit 2, CHAIN_MISMATCH); a bad id names --network', () => {
    const r = collect('no5.json', ['--network', 'eip155:137']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CHAIN_MISMATCH: the endpoint serves eip155:31337 \(eth_chainId\), the evidence is for eip155:137/
    );
    expect(existsSync(p('no5.json'))).toBe(false);
    const bad = collect('no6.json', ['--network', 'eip155:0x89']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--network/);
    expect(existsSync(p('no6.json'))).toBe(false);
    const ok = collect('net.json', ['--network', 'eip155:31337']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(p('net.json'), 'utf8')).snapshots[0].chain).toBe('eip155:31337');
  });
  test('an API key in the RPC URL is never printed', () => {
    const r = collect('no4.json', ['--retries', '0'], {
      rpc: 'http://alice:hunter2@127.0.0.1:9/v3/0123456789abcdef0123456789abcdef?key=XYZSECRET',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/RPC_UNREACHABLE/);
    for (const s of ['hunter2', 'alice', '0123456789abcdef', 'XYZSECRET'])
      expect(r.stderr + r.stdout).not.toContain(s);
  });
});

test('typed-data prints the eth_signTypedData_v4 payload and the personal_sign text', () => {
  const r = runKura([
    'reserves',
    'eth',
    'typed-data',
    '--round',
    p('round.json'),
    '--chain-id',
    '1',
    '--address',
    sc.reserves[0]!.toLowerCase(),
  ]);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j.typedData.domain).toEqual({ name: 'Kura Proof of Reserves', version: '1', chainId: 1 });
  expect(j.typedData.primaryType).toBe('ReserveOwnership');
  expect(j.typedData.message.account).toBe(sc.reserves[0]);
  expect(j.personalSignText).toMatch(
    /^kura proof of reserves v1\nexchange: Kura Test Exchange\nperiod: 2026-11\nround: [0-9a-f]{64}$/
  );
  expect(
    runKura([
      'reserves',
      'eth',
      'typed-data',
      '--round',
      p('round.json'),
      '--chain-id',
      '1',
      '--address',
      '0x12',
    ]).code
  ).toBe(2);
});
