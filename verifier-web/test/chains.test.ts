/**
 * Issue 17 in the customer's page: an attestation whose reserves include Litecoin (a Bitcoin-
 * family chain, `bip122:` of Litecoin's genesis) and the XRP Ledger (`xrpl:0`) beside Bitcoin,
 * built and signed by the real packages (tree by @kura/tree, policy evaluated by @kura/policy under
 * JP-FSA-2026 with LTC and XRP prices, attestation by @kura/attest), opened in headless Chromium:
 * the customer's LTC and XRP balances are shown to the last unit, each asset has its own coverage
 * figure, and the policy's in-kind checks cover the new assets.
 */
import type { Attestation, Evidence } from '@kura/attest';
import { addressOfScript, chainIdOfGenesis, networkByName, scriptOf } from '@kura/bitcoin';
import { bytesToHex, parseUnits } from '@kura/codec';
import {
  type Asset,
  buildTree,
  type MemoryTree,
  ownershipChallenge,
  type Round,
  roundId,
} from '@kura/tree';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jpInputs } from '../../packages/policy/test/fixtures.ts';
import { attestMonth, BTC_CHAIN, text, trustFile } from './fixtures.ts';
import { launchChromium, type StaticServer, startServer } from './harness.ts';

const LTC_NET = networkByName('ltc-mainnet');
const LTC_CHAIN = chainIdOfGenesis(LTC_NET.genesis);
const XRPL_CHAIN = 'xrpl:0';
const ASSETS: Asset[] = [
  { symbol: 'BTC', decimals: 8, network: BTC_CHAIN },
  { symbol: 'LTC', decimals: 8, network: LTC_CHAIN },
  { symbol: 'XRP', decimals: 6, network: XRPL_CHAIN },
];
const u = (s: string, i: number): bigint => parseUnits(s, ASSETS[i]!.decimals);
/** Whole units: liabilities and reserves by custody class; prices in JPY (illustrative). */
const BOOK = [
  { l: '50000', cold: '48700', hot: '1300', own: '2600', price: '15000000' },
  { l: '120000', cold: '116400', hot: '3600', own: '3600', price: '15000' },
  { l: '90000000', cold: '87300000', hot: '2700000', own: '2700000', price: '350' },
];
const ALICE = {
  uid: 'alice@example.com',
  balances: [u('0.5', 0), u('12.34567891', 1), u('1234.000001', 2)],
};
const DAY = 86_400_000;
const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function users(): { uid: string; balances: bigint[] }[] {
  const rest = BOOK.map((b, i) => u(b.l, i) - ALICE.balances[i]!);
  return [ALICE, { uid: 'omnibus', balances: rest }];
}

/** The reserves evidence: placeholders for proofs (the page checks what the attestation binds). */
function evidence(round: Round): Evidence {
  const challenge = ownershipChallenge(round);
  const t = Date.parse(round.snapshotTime);
  const utxoEntry = (
    chain: string,
    address: string,
    asset: string,
    custody: string,
    value: bigint,
    b: string,
    height: number
  ) => ({
    chain,
    address,
    custody,
    balances: [{ asset, amount: value.toString() }],
    ownership: { type: 'bip322-simple', signature: 'placeholder', challenge },
    utxos: [
      {
        txid: b.repeat(32),
        vout: 0,
        value: value.toString(),
        scriptPubKey: `0014${b.repeat(20)}`,
        height,
        blockHash: 'ab'.repeat(32),
      },
    ],
  });
  const ltcAddr = (b: string) =>
    addressOfScript(scriptOf('p2wpkh', Uint8Array.from(Buffer.from(b.repeat(20), 'hex'))), LTC_NET);
  const xrp = (address: string, custody: string, value: bigint) => ({
    chain: XRPL_CHAIN,
    address,
    custody,
    balances: [{ asset: 'XRP', amount: value.toString() }],
    ownership: { type: 'xrpl-tx', signature: 'placeholder', challenge, key: 'master' },
  });
  const custody = ['customer-cold', 'customer-hot', 'exchange-own'] as const;
  const part = (i: number, c: number) => u([BOOK[i]!.cold, BOOK[i]!.hot, BOOK[i]!.own][c]!, i);
  return {
    version: 'kura-evidence/1',
    round,
    roundId: bytesToHex(roundId(round)),
    snapshots: [
      { chain: BTC_CHAIN, height: 840_000, blockHash: 'cd'.repeat(32), time: iso(t + 120_000) },
      { chain: LTC_CHAIN, height: 2_800_010, blockHash: 'ce'.repeat(32), time: iso(t + 60_000) },
      { chain: XRPL_CHAIN, height: 95_000_123, blockHash: 'cf'.repeat(32), time: iso(t + 3_000) },
    ],
    entries: [
      ...custody.map((c, k) =>
        utxoEntry(
          BTC_CHAIN,
          `bc1q${'x'.repeat(k + 10)}`,
          'BTC',
          c,
          part(0, k),
          `0${k + 1}`,
          839_990
        )
      ),
      ...custody.map((c, k) =>
        utxoEntry(LTC_CHAIN, ltcAddr(`1${k + 1}`), 'LTC', c, part(1, k), `1${k + 1}`, 2_800_000)
      ),
      xrp('rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', 'customer-cold', part(2, 0)),
      xrp('rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe', 'customer-hot', part(2, 1)),
      xrp('rrrrrrrrrrrrrrrrrrrrBZbvji', 'exchange-own', part(2, 2)),
    ],
  } as unknown as Evidence;
}

function month(now: number): { round: Round; tree: MemoryTree; attestation: Attestation } {
  const snap = now - 2 * DAY;
  const round: Round = {
    exchange: 'example-exchange',
    period: iso(snap).slice(0, 7),
    snapshotTime: iso(snap),
  };
  const tree = buildTree({
    round,
    assets: ASSETS,
    masterSecret: new Uint8Array(32).fill(0x5c),
    users: users(),
  });
  const root = tree.rootFile();
  const attestation = attestMonth({
    root,
    evidence: evidence(round),
    inputs: JSON.stringify(
      jpInputs({
        round: { exchange: round.exchange, period: round.period },
        reserveFund: [{ class: 'cash-jpy-trust', amount: '6000000000', currency: 'JPY' }],
        prices: ASSETS.map((a, i) => ({
          asset: a.symbol,
          price: BOOK[i]!.price,
          currency: 'JPY',
          source: 'reference close',
          time: round.snapshotTime,
        })),
      })
    ),
    scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
    exchange: { name: 'Example Exchange K.K.' },
    previous: null,
    issuedMs: snap + DAY,
  });
  return { round, tree, attestation };
}

let server: StaticServer;
let browser: Browser;
let m: ReturnType<typeof month>;
const contexts: BrowserContext[] = [];
const ATT = '/por/chains/attestation.json';
const TRUST = '/por/chains/trust.json';

beforeAll(async () => {
  m = month(Date.now());
  server = await startServer();
  server.publish(ATT, text(m.attestation));
  server.publish(TRUST, text(trustFile()));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

async function open(lang: 'en' | 'ja'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const q = new URLSearchParams({ attestation: ATT, trust: TRUST, lang });
  await page.goto(`${server.origin}/kura-verifier.html?${q}`);
  await page.waitForSelector('html[data-ready="true"]');
  const before = Number(await page.evaluate(() => document.documentElement.dataset.runs ?? '0'));
  await page.setInputFiles('#file-proof', {
    name: 'proof.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text(m.tree.proof(ALICE.uid))),
  });
  await page.waitForFunction(
    (n) => Number(document.documentElement.dataset.runs ?? '0') > n,
    before
  );
  expect(errors).toEqual([]);
  return page;
}

describe('an attestation with Litecoin and XRP Ledger reserves', () => {
  test('the policy inputs cover LTC and XRP: in-kind checks per asset, all passed', () => {
    const checks = (m.attestation.policy as unknown as { checks: { id: string; pass: boolean }[] })
      .checks;
    for (const a of ['BTC', 'LTC', 'XRP'])
      expect(checks.find((c) => c.id === `inKind:${a}`)?.pass, a).toBe(true);
    expect(m.attestation.reserves.snapshots.map((s) => s.chain)).toEqual([
      BTC_CHAIN,
      LTC_CHAIN,
      XRPL_CHAIN,
    ]);
  });

  for (const lang of ['en', 'ja'] as const)
    test(`the page verifies the proof and shows every LTC and XRP unit and their coverage (${lang})`, async () => {
      const page = await open(lang);
      const states = await page.$$eval('[data-check]', (els) =>
        Object.fromEntries(
          els.map((e) => [
            e.getAttribute('data-check'),
            `${e.getAttribute('data-state')}${e.hasAttribute('data-code') ? ` ${e.getAttribute('data-code')}` : ''}`,
          ])
        )
      );
      expect(states).toEqual({
        leaf: 'pass',
        path: 'pass',
        root: 'pass',
        exchangeSig: 'pass',
        auditorSig: 'pass',
        document: 'pass',
        coverage: 'pass',
        previous: 'na',
      });
      expect(await page.getAttribute('[data-verdict]', 'data-verdict')).toBe('pass');
      const shown = await page.$$eval('.balances tr[data-asset]', (rows) =>
        Object.fromEntries(
          rows.map((r) => [
            r.getAttribute('data-asset'),
            r.querySelector('.bal-amount')?.textContent,
          ])
        )
      );
      expect(shown).toEqual({ BTC: '0.5', LTC: '12.34567891', XRP: '1,234.000001' });
      for (const a of ['BTC', 'LTC', 'XRP']) {
        const fig = await page.$(`figure.asset-cov[data-asset="${a}"]`);
        expect(fig, a).not.toBeNull();
        expect(await fig!.getAttribute('class')).toContain('cov-pass');
      }
      // the reserves of each new asset, exact, in its figure (cold + hot + own)
      const ltcFig = (await page.textContent('figure.asset-cov[data-asset="LTC"]')) ?? '';
      expect(ltcFig).toContain('123,600');
      const xrpFig = (await page.textContent('figure.asset-cov[data-asset="XRP"]')) ?? '';
      expect(xrpFig).toContain('92,700,000');
    });
});
