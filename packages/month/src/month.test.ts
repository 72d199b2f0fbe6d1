/**
 * The month as a library, the way an exchange's own scheduler calls it: the config held in memory
 * with its paths under an injected root directory, an injected clock, injected keys and an
 * injected XRP Ledger source (recorded rippled replies in rippled's exact shapes,
 * packages/xrpl/test/rippled.ts, with ownership signatures made by the `xrpl` library), step
 * reports and progress through callbacks. Then the same month step by step, each step function
 * called on its own, gives byte-identical outputs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generatePrivateKey,
  parseAttestationBytes,
  publicKeyOf,
  trustEntry,
  verifyAttestation,
} from '@kura/attest';
import { XrplClient } from '@kura/xrpl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rippled, world } from '../../xrpl/test/rippled.js';
import { ED, K1, REG, ROUND, S1, signTx, txFor } from '../../xrpl/test/sign.js';
import { parseConfig, type RunConfig } from './config.js';
import {
  attestMonth,
  buildTree,
  closeMonth,
  collectLiabilities,
  collectReserves,
  evaluateMonthPolicy,
  exportMonthProofs,
  type MonthSources,
  mergeReserves,
  openMonth,
  publishMonth,
  type RunMonthOptions,
  runMonth,
  summarizeMonth,
} from './month.js';
import { checkSums, PUBLICATION, WORKDIR } from './publication.js';
import type { StepReport } from './state.js';

let root: string;
const w = world({
  [ED.classicAddress]: { Balance: '125000000000', OwnerCount: 3 },
  [K1.classicAddress]: { Balance: '1000000000', Flags: 0x00100000, RegularKey: REG.classicAddress },
  // the exchange's own XRP: covers the JP-FSA-2026 liability reserve (¥2bn floor at ¥350/XRP)
  [S1.classicAddress]: { Balance: '6000000000000' },
});
w.closeTime = Date.parse(ROUND.snapshotTime) / 1000 - 946_684_800;
const p = (f: string) => join(root, f);
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
/** The injected clock: a fixed instant one day after the snapshot (no issuedAt in the config). */
const NOW = Date.parse('2026-12-01T09:30:00Z');
const priv = generatePrivateKey('ed25519');
const keys: RunMonthOptions['keys'] = {
  masterSecret: new Uint8Array(32).fill(0x5a),
  exchange: {
    alg: 'ed25519',
    publicKey: publicKeyOf('ed25519', priv),
    signer: { alg: 'ed25519', privateKey: priv },
    inToken: false,
  },
};
/** Every rippled request the injected source answered (the config's URL is never dialled). */
let calls = 0;
const sources: MonthSources = {
  xrpl: () => [
    new XrplClient({
      url: 'http://rippled.invalid/',
      fetch: (url, init) => {
        calls++;
        return rippled(w).fetch(url, init);
      },
      retries: 0,
    }),
  ],
};

/** The config as a scheduler holds it: no file, relative paths under `dir`. */
function config(dir: string, work: string): RunConfig {
  return parseConfig(
    {
      version: 'kura-config/1',
      round: ROUND,
      assets: [{ symbol: 'XRP', decimals: 6, network: 'xrpl:0' }],
      exchange: { name: ROUND.exchange },
      // never read: the keys are injected
      keys: { masterSecret: 'no-such-secret.hex', exchange: 'no-such-exchange.key' },
      trust: 'trust.json',
      workDir: work,
      liabilities: { file: 'customers.csv', format: 'csv' },
      tree: { placement: 'dense' },
      xrpl: {
        rpc: ['http://127.0.0.1:9/never-dialled'],
        ledger: w.ledgerIndex,
        addresses: 'xrp-addresses.jsonl',
        signatures: 'xrp-signatures.jsonl',
      },
      policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
      scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
      attestation: { validDays: 35 },
    },
    '(scheduler config)',
    '',
    { root: dir }
  );
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kura-month-lib-'));
  writeFileSync(
    p('trust.json'),
    json({
      version: 'kura-trust/1',
      keys: [trustEntry('ed25519', publicKeyOf('ed25519', priv), { role: 'exchange', name: 'X' })],
    })
  );
  writeFileSync(p('customers.csv'), 'uid,XRP\nalice,100000\nbob,20000.5\ncarol,0.000001\n');
  writeFileSync(
    p('xrp-addresses.jsonl'),
    `{"address":"${ED.classicAddress}","custody":"customer-cold"}\n{"address":"${K1.classicAddress}","custody":"customer-hot"}\n` +
      `{"address":"${S1.classicAddress}","custody":"exchange-own"}\n`
  );
  writeFileSync(
    p('xrp-signatures.jsonl'),
    `{"address":"${ED.classicAddress}","type":"xrpl-tx","signature":"${signTx(ED, txFor(ED.classicAddress))}"}\n` +
      `{"address":"${K1.classicAddress}","type":"xrpl-tx","signature":"${signTx(REG, { ...txFor(K1.classicAddress), SigningPubKey: REG.publicKey })}"}\n` +
      `{"address":"${S1.classicAddress}","type":"xrpl-tx","signature":"${signTx(S1, txFor(S1.classicAddress))}"}\n`
  );
  const snap = Date.parse(ROUND.snapshotTime);
  writeFileSync(
    p('inputs.json'),
    json({
      format: 'kura-policy-inputs/1',
      reportingCurrency: 'JPY',
      round: { exchange: ROUND.exchange, period: ROUND.period },
      licenceClasses: ['crypto-exchange'],
      tradingVolumes: [3, 2, 1].map((back) => ({
        year: 2026 - back,
        basis: 'spot-notional',
        amount: '1500000000000',
        currency: 'JPY',
      })),
      incidents: [],
      averageCustomerAssets: { value: '60000000000', currency: 'JPY', lookbackYears: 3 },
      insurance: [],
      reserveFund: [{ class: 'cash-jpy-trust', amount: '3000000000', currency: 'JPY' }],
      ownFunds: { amount: '5000000000', currency: 'JPY' },
      securityEvidence: [
        {
          type: 'key-management-attestation',
          date: new Date(snap - 90 * 86_400_000).toISOString().slice(0, 10),
          reference: 'test',
        },
      ],
      prices: [
        {
          asset: 'XRP',
          price: '350',
          currency: 'JPY',
          source: 'test fixed rate',
          time: ROUND.snapshotTime,
        },
      ],
    })
  );
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('runMonth as a library', () => {
  it('injected root, clock, keys and source; steps and progress reported through callbacks', async () => {
    const cfg = config(root, 'work');
    expect(cfg.workDir).toBe(p('work'));
    expect(cfg.publication).toBe(p('work/publication'));
    const steps: StepReport[] = [];
    const bars: string[] = [];
    const s = await runMonth(cfg, {
      now: NOW,
      keys,
      sources,
      onStep: (r) => steps.push(r),
      progress: (label) => {
        bars.push(label);
        return { update() {}, finish() {} };
      },
    });
    expect(calls).toBeGreaterThan(0);
    expect(steps.map((r) => `${r.id}:${r.status}`)).toEqual([
      'tree:done',
      'xrp:done',
      'evidence:done',
      'policy:done',
      'attestation:done',
      'proofs:done',
      'publish:done',
    ]);
    expect(s.steps).toEqual(steps);
    expect(bars).toEqual(['tree', 'xrp accounts', 'proofs']);
    // the clock: issuedAt and the state file's time stamps
    const bytes = readFileSync(p(`work/publication/${PUBLICATION.attestation}`));
    const att = parseAttestationBytes(bytes);
    expect(att.issuedAt).toBe('2026-12-01T09:30:00Z');
    const state = JSON.parse(readFileSync(p(`work/${WORKDIR.state}`), 'utf8'));
    for (const id of ['tree', 'xrp', 'publish'])
      expect(state.steps[id].finishedAt).toBe('2026-12-01T09:30:00.000Z');
    // the result is a real month: verified signature, covered, intact publication
    const v = verifyAttestation(bytes, {
      trust: readFileSync(p('trust.json')),
      requiredRoles: ['exchange'],
      now: NOW,
    });
    expect(v).toMatchObject({ ok: true });
    expect(s).toMatchObject({ users: 3, proofs: 3, pass: true, workDir: p('work') });
    expect(checkSums(p('work/publication'))).toMatchObject({ ok: true });
    expect(existsSync(p('no-such-secret.hex'))).toBe(false);

    // a second run with the same inputs skips every step
    const again: string[] = [];
    await runMonth(cfg, {
      now: NOW + 3_600_000,
      keys,
      sources,
      onStep: (r) => again.push(r.status),
    });
    expect(again).toEqual(Array(7).fill('skipped'));
  });

  it('each step on its own, in order, gives the same bytes as runMonth', async () => {
    const full = readFileSync(p(`work/publication/${PUBLICATION.attestation}`));
    const cfg = config(root, 'work-by-step');
    const ctx = openMonth(cfg, { now: () => NOW, keys, sources });
    try {
      const liabilities = await collectLiabilities(ctx);
      expect(liabilities).toEqual({ file: p('customers.csv'), format: 'csv' });
      const tree = await buildTree(ctx, liabilities);
      expect(tree.users).toBe(3);
      const parts = await collectReserves(ctx);
      expect(parts).toEqual([WORKDIR.xrpEvidence]);
      const evidence = await mergeReserves(ctx, parts, tree);
      const policy = await evaluateMonthPolicy(ctx, tree, evidence);
      expect(policy.policyId).toBe('JP-FSA-2026');
      const attestation = await attestMonth(ctx, tree, evidence, policy);
      expect(Buffer.from(attestation.attestationBytes).equals(full)).toBe(true);
      const proofs = await exportMonthProofs(ctx, tree);
      await publishMonth(ctx, tree, evidence, policy, attestation, proofs);
      const s = summarizeMonth(ctx, tree, policy, proofs);
      expect(s.pass).toBe(true);
      expect(s.steps.map((r) => r.id)).toEqual([
        'tree',
        'xrp',
        'evidence',
        'policy',
        'attestation',
        'proofs',
        'publish',
      ]);
    } finally {
      closeMonth(ctx);
    }
    for (const f of [PUBLICATION.evidence, PUBLICATION.root, PUBLICATION.attestation])
      expect(readFileSync(p(`work-by-step/publication/${f}`))).toEqual(
        readFileSync(p(`work/publication/${f}`))
      );
    // closeMonth released the lock: the directory can be opened again
    closeMonth(openMonth(cfg, { keys, sources }));
  });
});
