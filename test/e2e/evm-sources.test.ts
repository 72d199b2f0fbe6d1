/**
 * `kura run` with the `ethereum` section as a list of EVM chain sources (issue 17), on the demo
 * exchange's real nodes (bcoin regtest, anvil; customers from CSV): the source names its network,
 * the month collects it as its own step and evidence part, and the attestation is produced; a
 * source naming another chain than its node serves stops the month with `CHAIN_MISMATCH`
 * (exit 2) before any attestation is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressOfScript, DEFAULT_BEACON_TIME_SKEW_S, networkByName } from '@kura/bitcoin';
import type { Round } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTC_CONFIRMATIONS, DEMO_FILES } from '../../packages/demo/src/exchange.js';
import { type DemoHandle, setupDemo } from '../../packages/demo/src/pipeline.js';
import { type Anvil, devWallet, startAnvil } from '../../packages/ethereum/test/anvil.js';
import { signFor } from '../../packages/ethereum/test/scenario.js';
import { kura } from './helpers/kura.js';

let demo: DemoHandle;
let dir: string;
let chain: string;
let polygon: Anvil | undefined;

/** The demo config with `ethereum` as a one-item list naming `network`, in its own work dir. */
function listConfig(name: string, network: string): string {
  const cfg = JSON.parse(readFileSync(demo.config, 'utf8')) as Record<string, unknown>;
  cfg.ethereum = [{ network, ...(cfg.ethereum as Record<string, unknown>) }];
  cfg.workDir = `work-${name}`;
  delete cfg.publication;
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(cfg, null, 2)}\n`);
  return file;
}

describe('kura run: a list of EVM chain sources', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kura-e2e-evm-'));
    demo = await setupDemo({ dir, customers: 300 });
    chain = `eip155:${demo.anvil.chainId}`;
  }, 600_000);
  afterAll(async () => {
    await polygon?.stop();
    await demo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each listed chain is its own step and evidence part; the month is attested', async () => {
    const r = await kura(['run', '--config', listConfig('list', chain), '--json']);
    expect(r.stderr).not.toMatch(/CHAIN_MISMATCH/);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { steps: { id: string; status: string }[] };
    expect(s.steps.map((x) => x.id)).toContain(`eth-${chain}`);
    const part = join(dir, 'work-list', 'evidence', `eth-${chain.replace(':', '-')}.json`);
    const ev = JSON.parse(readFileSync(part, 'utf8')) as { entries: { chain: string }[] };
    expect(ev.entries.length).toBeGreaterThan(0);
    expect(ev.entries.every((e) => e.chain === chain)).toBe(true);
    expect(existsSync(join(dir, 'work-list', 'attestation.json'))).toBe(true);
  }, 600_000);

  it('a source naming another chain than its node serves: exit 2, CHAIN_MISMATCH, no attestation', async () => {
    const r = await kura(['run', '--config', listConfig('wrong', 'eip155:137'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(
      new RegExp(
        `CHAIN_MISMATCH: the endpoint serves ${chain} \\(eth_chainId\\), the evidence is for eip155:137`
      )
    );
    expect(existsSync(join(dir, 'work-wrong', 'attestation.json'))).toBe(false);
  }, 600_000);

  it('two EVM chains (the demo chain and Polygon PoS, anvil --chain-id 137) in one month, re-verified by kura audit with one --eth-rpc per chain', async () => {
    const cfg = JSON.parse(readFileSync(demo.config, 'utf8')) as Record<string, unknown>;
    const round = cfg.round as Round;
    const walletCodes =
      ((cfg.ethereum as Record<string, unknown>).walletCodeHashes as string[] | undefined) ?? [];
    polygon = await startAnvil({ chainId: 137 });
    const A = devWallet(1).address;
    await polygon.send({ from: A, to: devWallet(2).address, value: 1n });
    const snap = await polygon.head();
    await polygon.mine(3);
    const f = (n: string) => join(dir, n);
    writeFileSync(
      f('pol-addresses.jsonl'),
      `${JSON.stringify({ address: A, custody: 'customer-cold' })}\n`
    );
    const sig = await signFor('eip191', 1, A, 137, round);
    writeFileSync(
      f('pol-signatures.jsonl'),
      `${JSON.stringify({ address: A, type: 'eip191', signature: sig })}\n`
    );
    const polAssets = {
      version: 'kura-eth-assets/1',
      networks: { 'eip155:137': [{ symbol: 'POL', native: true, decimals: 18 }] },
    };
    writeFileSync(f('pol-assets.json'), JSON.stringify(polAssets));
    // liabilities: the demo's customers plus a POL column (100 POL owed to the first customer)
    const csv = readFileSync(f(DEMO_FILES.customers), 'utf8').trimEnd().split('\n');
    writeFileSync(
      f('customers-pol.csv'),
      `${csv.map((l, i) => `${l},${i === 0 ? 'POL' : i === 1 ? '100' : '0'}`).join('\n')}\n`
    );
    const inputs = JSON.parse(readFileSync(f(DEMO_FILES.policyInputs), 'utf8')) as {
      prices: Record<string, string>[];
    };
    inputs.prices.push({ ...inputs.prices[0]!, asset: 'POL', price: '80' });
    writeFileSync(f('policy-inputs-pol.json'), JSON.stringify(inputs, null, 2));
    cfg.assets = [
      ...(cfg.assets as unknown[]),
      { symbol: 'POL', decimals: 18, network: 'eip155:137' },
    ];
    cfg.liabilities = { file: 'customers-pol.csv', format: 'csv' };
    (cfg.policy as Record<string, unknown>).inputs = 'policy-inputs-pol.json';
    delete (cfg.attestation as Record<string, unknown>).issuedAt;
    cfg.ethereum = [
      { network: chain, ...(cfg.ethereum as Record<string, unknown>) },
      {
        network: 'eip155:137',
        rpc: [polygon.url],
        block: snap.hash,
        confirmations: 3,
        assetTable: 'pol-assets.json',
        addresses: 'pol-addresses.jsonl',
        signatures: 'pol-signatures.jsonl',
      },
    ];
    cfg.workDir = 'work-two';
    delete cfg.publication;
    writeFileSync(f('two.json'), `${JSON.stringify(cfg, null, 2)}\n`);
    const r = await kura(['run', '--config', f('two.json'), '--json']);
    expect(r.stderr).not.toMatch(/CHAIN_MISMATCH|OWNERSHIP|STATE_PROOF/);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { publication: string; steps: { id: string }[] };
    expect(s.steps.map((x) => x.id)).toEqual(
      expect.arrayContaining([`eth-${chain}`, 'eth-eip155:137'])
    );
    const pub = s.publication;
    const ev = JSON.parse(readFileSync(join(pub, 'evidence.json'), 'utf8')) as {
      snapshots: { chain: string }[];
      entries: { chain: string; balances: { asset: string; amount: string }[] }[];
    };
    expect(ev.snapshots.map((x) => x.chain)).toEqual(expect.arrayContaining([chain, 'eip155:137']));
    const pol = ev.entries.filter((e) => e.chain === 'eip155:137');
    expect(pol.map((e) => e.balances[0]!.asset)).toEqual(['POL']);
    const att = JSON.parse(readFileSync(join(pub, 'attestation.json'), 'utf8')) as {
      issuedAt: string;
      reserves: { assets: { asset: string; total: string }[] };
    };
    expect(att.reserves.assets.find((a) => a.asset === 'POL')?.total).toBe(
      pol[0]!.balances[0]!.amount
    );

    // the auditor: one --eth-rpc per EVM chain, an asset table of both chains
    const demoAssets = JSON.parse(
      readFileSync(f(DEMO_FILES.ethAssets), 'utf8')
    ) as typeof polAssets;
    writeFileSync(
      f('audit-assets.json'),
      JSON.stringify({ ...demoAssets, networks: { ...demoAssets.networks, ...polAssets.networks } })
    );
    // a beacon block after issuedAt (as the demo auditor does)
    const to = addressOfScript(
      Uint8Array.of(0, 20, ...new Uint8Array(20).fill(0x6b)),
      networkByName('regtest-bcoin')
    );
    const at = Math.floor(Date.parse(att.issuedAt) / 1000) + DEFAULT_BEACON_TIME_SKEW_S + 60;
    await demo.bcoin.rpc('setmocktime', [at]);
    try {
      await demo.bcoin.rpc('generatetoaddress', [1, to]);
    } finally {
      await demo.bcoin.rpc('setmocktime', [Math.floor(Date.now() / 1000)]);
    }
    const beacon = await demo.bcoin.rpc<number>('getblockcount');
    const audit = (ethRpcs: string[], out: string) =>
      kura([
        'audit',
        ...['--publication', pub, '--secret', demo.keys.masterSecret],
        ...['--liabilities', f('customers-pol.csv')],
        ...['--btc-bcoin', demo.bcoin.authUrl, '--btc-confirmations', String(BTC_CONFIRMATIONS)],
        ...['--btc-rpc', demo.replays.ltc.url, '--xrp-rpc', demo.replays.xrpl.url],
        ...ethRpcs.flatMap((u) => ['--eth-rpc', u]),
        ...['--eth-assets', f('audit-assets.json'), '--eth-confirmations', '3'],
        // the demo's contract wallet is not a Safe: the auditor accepts its code by hash
        ...walletCodes.flatMap((c) => ['--accept-wallet-code', c]),
        ...['--key', demo.keys.auditor, '--trust', f(DEMO_FILES.trust)],
        ...['--beacon-min-height', String(beacon)],
        ...['--out', f(out), '--json'],
      ]);
    const both = await audit([demo.anvil.url, polygon.url], 'audit-two');
    expect(both.stderr.slice(-2000)).toBe('');
    expect(both.code).toBe(0); // passed and counter-signed
    expect(existsSync(f('audit-two/attestation.json'))).toBe(true);
    const report = JSON.parse(readFileSync(f('audit-two/audit-report.json'), 'utf8')) as {
      checks: { id: string; status: string; problems: string[]; errors: string[] }[];
    };
    const reserves = report.checks.find((c) => c.id === 'reserves')!;
    expect(reserves.problems).toEqual([]);
    expect(reserves.errors).toEqual([]);
    expect(reserves.status).toBe('pass');
    // without an endpoint for Polygon its entries could not be checked: not a pass
    const one = await audit([demo.anvil.url], 'audit-one');
    expect(one.code).not.toBe(0);
    const r1 = JSON.parse(readFileSync(f('audit-one/audit-report.json'), 'utf8')) as typeof report;
    expect(r1.checks.find((c) => c.id === 'reserves')!.errors.join('\n')).toMatch(
      /snapshot eip155:137 not checked: NO_ENDPOINT/
    );
  }, 600_000);
});
