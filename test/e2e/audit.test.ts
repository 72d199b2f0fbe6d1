/**
 * `kura audit` end to end against real nodes: one month of the demo exchange (bcoin regtest,
 * anvil, the customers in a throw-away PostgreSQL) run by `kura run`, audited from the
 * liabilities in PostgreSQL with the auditor's view of both chains — it passes and
 * counter-signs, and the sample is reproduced here from the documented beacon derivation with
 * node:crypto alone. Then copies of the publication are corrupted, one attack each, and the
 * audit must fail (exit 1) naming the problem and must NOT counter-sign:
 * - an edited liabilities total;
 * - a customer removed from the tree (the liabilities export has a customer the tree lacks);
 * - a reserve address swapped for one the exchange does not control — the attestation
 *   re-assembled and re-signed by the exchange, so only the auditor's nodes can tell;
 * - an evidence file from another round;
 * - the default beacon (snapshot height + 6), mined before the attestation was issued
 *   (`BEACON_NOT_AFTER_ISSUE`);
 * - the auditor's Bitcoin node on another chain with the same genesis
 *   (`BEACON_SNAPSHOT_MISMATCH`).
 * The passing audits use a beacon block mined (bcoin mock time) more than the allowed 2-hour
 * time-stamp skew after issuedAt, given with `--beacon-min-height`.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAttestationBytes, toChecksumAddress, verifyAttestation } from '@kura/attest';
import { addressOfScript, networkByName } from '@kura/bitcoin';
import { bytesToHex } from '@kura/codec';
import { ownershipDigest712 } from '@kura/ethereum';
import { ownershipChallenge, type Round, roundId } from '@kura/tree';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_QUERY, PG_TABLE } from '../../packages/demo/src/customers.js';
import { DEMO_FILES } from '../../packages/demo/src/exchange.js';
import { BcoinDemoNode } from '../../packages/demo/src/nodes.js';
import { type DemoHandle, setupDemo } from '../../packages/demo/src/pipeline.js';
import { compileContracts } from '../../packages/ethereum/test/contracts.js';
import { codeHashOf, groundSignature } from '../../packages/ethereum/test/safe.js';
import { readConfig } from '../../packages/month/src/config.js';
import { PUBLICATION, writeSums } from '../../packages/month/src/publication.js';
import { startPostgres, type TestPostgres } from '../setup/postgres.js';
import { kura, type Run } from './helpers/kura.js';

const CUSTOMERS = 2000;

let db: TestPostgres;
let demo: DemoHandle;
let dir: string;
let pub: string;
/** A beacon height whose block is stamped more than 2 h after issuedAt (set in beforeAll). */
let beaconMin: number;
const f = (name: string) => join(dir, name);
/** A bcoin regtest address to mine to (P2WPKH of a fixed hash). */
const MINE_TO = addressOfScript(
  Uint8Array.of(0, 20, ...new Uint8Array(20).fill(7)),
  networkByName('regtest-bcoin')
);

/**
 * `kura audit` of `publication` with the auditor's inputs; the report directory is `out`. The
 * beacon is the post-issuance block unless `beacon: 'default'`; `btc` replaces the auditor's
 * Bitcoin node; `acceptWallet: false` leaves the demo's contract wallet unaccepted.
 */
function audit(
  publication: string,
  out: string,
  extra: string[] = [],
  o: { beacon?: 'default'; btc?: string; acceptWallet?: boolean } = {}
): Promise<Run> {
  // the demo's contract wallet is not a Safe: the auditor reviews the code hash the exchange
  // declares (kura run config ethereum.walletCodeHashes) and accepts it explicitly
  const accept =
    o.acceptWallet !== false
      ? (readConfig(demo.config).ethereum ?? [])
          .flatMap((e) => e.walletCodeHashes)
          .flatMap((h) => ['--accept-wallet-code', h])
      : [];
  return kura([
    'audit',
    ...['--publication', publication, '--secret', f(DEMO_FILES.secret)],
    ...['--liabilities', db.url, '--query', PG_QUERY, '--form', 'wide'],
    ...['--btc-bcoin', o.btc ?? demo.bcoin.authUrl, '--eth-rpc', demo.anvil.url],
    // the demo's Litecoin and XRP Ledger endpoints (one --btc-rpc per Bitcoin-family chain)
    ...['--btc-rpc', demo.replays.ltc.url, '--xrp-rpc', demo.replays.xrpl.url],
    ...(o.beacon === 'default' ? [] : ['--beacon-min-height', String(beaconMin)]),
    ...['--eth-assets', f(DEMO_FILES.ethAssets), '--eth-confirmations', '12'],
    ...['--key', f(DEMO_FILES.auditorKey), '--trust', f(DEMO_FILES.trust), '--out', out],
    '--workers',
    '0',
    ...accept,
    ...extra,
  ]);
}

/** A copy of the publication to corrupt. */
function copyPublication(name: string): string {
  const to = f(`pub-${name}`);
  cpSync(pub, to, { recursive: true });
  return to;
}

const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const writeJson = (p: string, v: unknown) => writeFileSync(p, `${JSON.stringify(v, null, 2)}\n`);

/** The audit's checks before the sample, all passed (as {@link checkStatuses} lists them). */
const CHECKS_BEFORE_SAMPLE_PASS = [
  'publication:pass',
  'attestation:pass',
  'chain:pass',
  'liabilities:pass',
  'reserves:pass',
  'policy:pass',
];

/** The audit report's checks as `id:status`, in order. */
const checkStatuses = (report: { checks: { id: string; status: string }[] }): string[] =>
  report.checks.map((c) => `${c.id}:${c.status}`);

/** Failed audits: exit 1, no counter-signed attestation, the report says fail. */
function expectRefused(r: Run, out: string): void {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stdout).toMatch(/RESULT: FAIL — \d+ problem\(s\); NOT counter-signed/);
  expect(existsSync(join(out, 'attestation.json'))).toBe(false);
  const report = readJson(join(out, 'audit-report.json'));
  expect(report.result).toBe('fail');
  expect(report.counterSigned).toBe(false);
  expect(readFileSync(join(out, 'audit-report.html'), 'utf8')).toContain('NOT counter-signed');
}

/** Sign publication `p`'s attestation again with the exchange's own key; new sums. */
async function signAsExchange(p: string): Promise<void> {
  const sign = await kura([
    'attest',
    'sign',
    ...['--attestation', join(p, PUBLICATION.attestation), '--key', f(DEMO_FILES.exchangeKey)],
    ...['--role', 'exchange'],
  ]);
  expect(sign.code, sign.stderr).toBe(0);
  writeSums(p);
}

/**
 * The exchange re-issues attestation `a` (its policy evaluation edited) in publication `p`: the
 * old signatures dropped, the evaluation written beside it, signed again by the exchange.
 */
async function resignPolicy(
  p: string,
  a: { signatures: unknown[]; policy: unknown }
): Promise<void> {
  a.signatures = [];
  writeJson(join(p, PUBLICATION.attestation), a);
  writeJson(join(p, PUBLICATION.policyEvaluation), a.policy);
  await signAsExchange(p);
}

const TH = (tag: string, ...parts: Buffer[]) => {
  const t = createHash('sha256').update(tag).digest();
  return createHash('sha256')
    .update(Buffer.concat([t, t, ...parts]))
    .digest();
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

describe('kura audit of a real month (bcoin, anvil, PostgreSQL)', () => {
  beforeAll(async () => {
    db = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), 'kura-e2e-audit-'));
    demo = await setupDemo({ dir, customers: CUSTOMERS, postgres: db.url });
    const run = await kura(['run', '--config', demo.config, '--json']);
    if (run.code !== 0) throw new Error(`kura run failed (${run.code}): ${run.stderr}`);
    pub = (JSON.parse(run.stdout) as { publication: string }).publication;
    // the auditor's beacon: a block mined after the publication, stamped > issuedAt + 2 h
    const issued = readJson(join(pub, PUBLICATION.attestation)).issuedAt as string;
    await demo.bcoin.rpc('setmocktime', [Math.floor(Date.parse(issued) / 1000) + 7200 + 60]);
    await demo.bcoin.rpc('generatetoaddress', [1, MINE_TO]);
    await demo.bcoin.rpc('setmocktime', [Math.floor(Date.now() / 1000)]);
    beaconMin = await demo.bcoin.rpc<number>('getblockcount');
  });
  afterAll(async () => {
    await demo?.stop();
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes, counter-signs, and draws a sample anyone can reproduce from the beacon', async () => {
    const out = f('audit-ok');
    const r = await audit(pub, out, ['--json']);
    const report = JSON.parse(r.stdout);
    const failed = report.checks
      .filter((c: { status: string }) => c.status !== 'pass')
      .map((c: { id: string; summary: string }) => `${c.id}: ${c.summary}`);
    expect(failed, r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.result).toBe('pass');
    expect(report.counterSigned).toBe(true);
    expect(checkStatuses(report)).toEqual([
      ...CHECKS_BEFORE_SAMPLE_PASS,
      'sample:pass',
      'counter-signature:pass',
    ]);
    // the counter-signed attestation verifies with both roles pinned
    const signed = readFileSync(join(out, 'attestation.json'));
    const v = verifyAttestation(signed, {
      trust: readFileSync(f(DEMO_FILES.trust)),
      requiredRoles: ['exchange', 'auditor'],
    });
    expect(v.ok, JSON.stringify(v)).toBe(true);
    // the statement is unchanged
    const original = parseAttestationBytes(readFileSync(join(pub, PUBLICATION.attestation)));
    const att = parseAttestationBytes(signed);
    const { signatures: _a, ...s1 } = original;
    const { signatures: _b, ...s2 } = att;
    expect(s2).toEqual(s1);

    // reproduce the sample: beacon = Bitcoin block at max(snapshot height + 6, min height)
    const sample = readJson(join(out, 'sample.json'));
    const snap = att.reserves.snapshots.find((s) => s.chain.startsWith('bip122:'))!;
    expect(beaconMin).toBeGreaterThan(snap.height + 6);
    expect(sample.beacon.height).toBe(beaconMin);
    const beaconHash = await demo.bcoin.rpc<string>('getblockhash', [beaconMin]);
    expect(sample.beacon.blockHash).toBe(beaconHash);
    // the record states the beacon's time and the rule it met
    expect(sample.beacon.issuedAt).toBe(att.issuedAt);
    expect(sample.beacon.skewSeconds).toBe(7200);
    expect(Date.parse(sample.beacon.time)).toBeGreaterThan(Date.parse(att.issuedAt) + 7200_000);
    const seed = TH(
      'kura/v1/audit/seed',
      Buffer.from(att.roundId, 'hex'),
      Buffer.from(att.liabilities.rootCommitment, 'hex'),
      u32(beaconMin),
      Buffer.from(beaconHash, 'hex')
    );
    expect(sample.seed).toBe(seed.toString('hex'));
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const uids = (await c.query<{ uid: string }>(`SELECT uid FROM ${PG_TABLE}`)).rows.map(
      (x) => x.uid
    );
    await c.end();
    const sorted = uids
      .map((uid) => ({ uid, h: TH('kura/v1/uid', Buffer.from(uid.normalize('NFC'), 'utf8')) }))
      .sort((a, b) => Buffer.compare(a.h, b.h));
    const N = BigInt(sorted.length);
    const limit = (1n << 256n) - ((1n << 256n) % N);
    const drawn: string[] = [];
    const seen = new Set<number>();
    for (let j = 0; drawn.length < 60; j++) {
      const x = BigInt(`0x${TH('kura/v1/audit/draw', seed, u32(j)).toString('hex')}`);
      if (x >= limit) continue;
      const i = Number(x % N);
      if (seen.has(i)) continue;
      seen.add(i);
      drawn.push(sorted[i]!.uid);
    }
    expect(sample.draws.map((d: { uid: string }) => d.uid)).toEqual(drawn);
    expect(sample.population).toBe(CUSTOMERS);
    // each sampled proof is the customer's published proof; the letters' CSV lists them
    for (const d of sample.draws) expect(d.published).toBe('identical');
    const csv = readFileSync(join(out, 'confirmations.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('draw,uid,BTC,ETH,USDC,LTC,XRP');
    expect(csv).toHaveLength(61);
    const html = readFileSync(join(out, 'audit-report.html'), 'utf8');
    expect(html).toContain('PASSED');
    expect(html).toContain(beaconHash);
    expect(html).not.toMatch(/<script|src=|href="http/);
    // no credential or secret in the report or the output
    const secret = readFileSync(f(DEMO_FILES.secret), 'utf8').trim();
    for (const text of [
      html,
      readFileSync(join(out, 'audit-report.json'), 'utf8'),
      r.stdout,
      r.stderr,
    ]) {
      expect(text).not.toContain(demo.bcoin.apiKey);
      expect(text).not.toContain(secret);
    }
  });

  it('an edited liabilities total: fails naming the total, not counter-signed', async () => {
    const p = copyPublication('total');
    const a = readJson(join(p, PUBLICATION.attestation));
    const before = BigInt(a.liabilities.totals[0]);
    a.liabilities.totals[0] = String(before - 100_000_000n); // one BTC less owed to customers
    writeJson(join(p, PUBLICATION.attestation), a);
    writeSums(p);
    const out = f('audit-total');
    const r = await audit(p, out);
    expectRefused(r, out);
    expect(r.stdout).toMatch(
      /liabilities total BTC: the attestation states [0-9.]+, the liabilities export sums to [0-9.]+ \(\+1 BTC\)/
    );
    expect(r.stdout).toMatch(/attestation +FAILED: verifyAttestation: SIGNATURE_INVALID/);
  });

  it('a customer removed from the tree: the export has a customer the tree lacks', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(
      `INSERT INTO ${PG_TABLE} (uid, "BTC", "ETH", "USDC", "LTC", "XRP") VALUES ($1, 0.5, 0, 0, 0, 0)`,
      ['left-out-customer']
    );
    try {
      const out = f('audit-removed');
      const r = await audit(pub, out);
      expectRefused(r, out);
      expect(r.stdout).toContain(
        '1 customer(s) of the liabilities export are missing from the published tree (no proof file): "left-out-customer"'
      );
      expect(r.stdout).toMatch(/liabilities total BTC: .* \(\+0\.5 BTC\)/);
      // the exchange's own documents are internally consistent: only the recomputation catches it
      expect(r.stdout).toMatch(/PASS +attestation/);
    } finally {
      await c.query(`DELETE FROM ${PG_TABLE} WHERE uid = $1`, ['left-out-customer']);
      await c.end();
    }
  });

  it('a reserve address swapped for one the exchange does not control, re-signed by the exchange', async () => {
    const p = copyPublication('swap');
    const ev = readJson(join(p, PUBLICATION.evidence));
    const i = ev.entries.findIndex((e: { chain: string }) => e.chain.startsWith('eip155:'));
    // a rich address the exchange holds no key to (an anvil dev account)
    const [, , , stranger] = await demo.anvil.rpc<string[]>('eth_accounts');
    const swapped = toChecksumAddress(stranger!);
    const was = ev.entries[i].address;
    ev.entries[i].address = swapped;
    writeJson(join(p, PUBLICATION.evidence), ev);
    await reassemble(p);
    const out = f('audit-swap');
    const r = await audit(p, out);
    expectRefused(r, out);
    // the exchange's signature and numbers are fine: only the auditor's nodes tell
    expect(r.stdout).toMatch(/PASS +attestation/);
    expect(r.stdout).toContain(
      `entries[${i}] ${swapped} (${ev.entries[i].custody}) is not a reserve of this exchange on the auditor's node`
    );
    expect(r.stdout).not.toContain(was);
  });

  it('an evidence file from another round: fails naming the round, not counter-signed', async () => {
    const p = copyPublication('round');
    const ev = readJson(join(p, PUBLICATION.evidence));
    const other: Round = { ...ev.round, period: '2026-10', snapshotTime: '2026-10-31T15:00:00Z' };
    const otherChallenge = ownershipChallenge(other);
    ev.round = other;
    ev.roundId = bytesToHex(roundId(other));
    for (const e of ev.entries) e.ownership.challenge = otherChallenge;
    writeJson(join(p, PUBLICATION.evidence), ev);
    writeSums(p);
    const out = f('audit-round');
    const r = await audit(p, out);
    expectRefused(r, out);
    expect(r.stdout).toMatch(
      /evidence\.json is from another round: period "2026-10", snapshot 2026-10-31T15:00:00Z/
    );
    expect(r.stdout).toContain(
      `the ownership proof signs another round's challenge (period "2026-10"), not this round's`
    );
    expect(r.stdout).toMatch(/verifyAttestation: EVIDENCE_HASH_MISMATCH/);
  });

  it('a policy term understated and re-signed: only the recomputation catches it', async () => {
    const p = copyPublication('policy');
    const a = readJson(join(p, PUBLICATION.attestation));
    // the average trading volume: the component it feeds applies the policy's tiers, so the
    // document alone cannot tell (a derivable term is refused by the attestation check itself,
    // issue 12: below)
    const t = a.policy.terms.find(
      (x: { id: string; unit: string; value: string }) =>
        x.unit === 'JPY' && x.value !== '0' && x.id.startsWith('volumeAverage:')
    );
    const was = t.value;
    t.value = '1';
    await resignPolicy(p, a);
    const out = f('audit-policy');
    const r = await audit(p, out);
    expectRefused(r, out);
    expect(r.stdout).toMatch(/PASS +attestation/);
    expect(r.stdout).toContain(
      `policy term ${t.id}: the attestation states 1 JPY, recomputed ${was} JPY`
    );
  });

  it('S12-c2: the default beacon (snapshot + 6) was mined before issuedAt → BEACON_NOT_AFTER_ISSUE, not counter-signed', async () => {
    const out = f('audit-early-beacon');
    const r = await audit(pub, out, [], { beacon: 'default' });
    expectRefused(r, out);
    expect(r.stdout).toMatch(
      /sample +FAILED: BEACON_NOT_AFTER_ISSUE: the beacon block \d+ is stamped/
    );
    const report = readJson(join(out, 'audit-report.json'));
    const statuses = checkStatuses(report);
    // everything else passes: only the beacon rule refuses
    expect(statuses).toEqual([...CHECKS_BEFORE_SAMPLE_PASS, 'sample:fail']);
  });

  it("S12-c3: the auditor's Bitcoin node on another chain (same genesis) → BEACON_SNAPSHOT_MISMATCH, not counter-signed", async () => {
    const other = await BcoinDemoNode.start();
    try {
      await other.rpc('generatetoaddress', [beaconMin + 5, MINE_TO]);
      const out = f('audit-other-chain');
      const r = await audit(pub, out, [], { btc: other.authUrl });
      expectRefused(r, out);
      const report = readJson(join(out, 'audit-report.json'));
      const sample = report.checks.find((c: { id: string }) => c.id === 'sample');
      expect(sample.status).toBe('fail');
      expect(sample.problems[0]).toMatch(/^BEACON_SNAPSHOT_MISMATCH: /);
    } finally {
      await other.stop();
    }
  });

  it('a derivable policy term understated and re-signed: the attestation check refuses it (issue 12)', async () => {
    const p = copyPublication('policy-derived');
    const a = readJson(join(p, PUBLICATION.attestation));
    const t = a.policy.terms.find((x: { id: string }) => x.id === 'liabilitiesValue');
    t.value = '1';
    await resignPolicy(p, a);
    const out = f('audit-policy-derived');
    const r = await audit(p, out);
    expectRefused(r, out);
    expect(r.stdout).toMatch(/attestation +FAILED: verifyAttestation: POLICY_TERM_MISMATCH/);
  });

  it('contract wallets by code, state proofs by default (issue 12): refused unless the auditor says otherwise', async () => {
    // an auditor who has not accepted the demo wallet's code: the entry is not counted
    const out = f('audit-untrusted');
    const r = await audit(pub, out, [], { acceptWallet: false });
    expectRefused(r, out);
    expect(r.stdout).toMatch(
      /is not a reserve of this exchange on the auditor's node: EIP1271_UNTRUSTED_CODE/
    );
    // an entry re-published without its state proof (and re-signed): NOT_STATE_PROVEN…
    const p = copyPublication('unproven');
    const ev = readJson(join(p, PUBLICATION.evidence));
    const i = ev.entries.findLastIndex(
      (e: { chain: string; ownership: { type: string } }) =>
        e.chain.startsWith('eip155:') && e.ownership.type !== 'eip1271'
    );
    delete ev.entries[i].stateProof;
    writeJson(join(p, PUBLICATION.evidence), ev);
    await reassemble(p);
    const o2 = f('audit-unproven');
    const r2 = await audit(p, o2);
    expectRefused(r2, o2);
    expect(r2.stdout).toMatch(new RegExp(`entries\\[${i}\\] .*NOT_STATE_PROVEN`));
    // …unless the auditor explicitly accepts unproven entries, which the report states
    const o3 = f('audit-unproven-allowed');
    const r3 = await audit(p, o3, ['--allow-unproven', '--json']);
    expect(r3.code, r3.stdout.slice(0, 3000)).toBe(0);
    const rep = JSON.parse(r3.stdout);
    expect(rep.parameters.allowUnproven).toBe(true);
    expect(JSON.stringify(rep.checks)).toContain('NOT required (--allow-unproven)');
    expect(readFileSync(join(o3, 'audit-report.html'), 'utf8')).toContain('--allow-unproven');
  });

  it('a forgeable EIP-1271 wallet with a ground signature, re-collected and re-signed by the exchange: not counted (issue 12)', async () => {
    // the exchange adds a wallet that returns the magic value for ~1 in 256 (hash, signature)
    // pairs, funds it, grinds a "signature" it accepts, declares its code, re-collects the
    // Ethereum evidence at a new block and re-signs the month
    const node = demo.anvil;
    const [from] = await node.rpc<string[]>('eth_accounts');
    const waitReceipt = async (hash: string) => {
      for (let i = 0; i < 500; i++) {
        const r = await node.rpc<{ contractAddress?: string } | null>('eth_getTransactionReceipt', [
          hash,
        ]);
        if (r) return r;
        await new Promise((res) => setTimeout(res, 10));
      }
      throw new Error('no receipt');
    };
    const deployed = await waitReceipt(
      await node.rpc<string>('eth_sendTransaction', [
        { from, data: compileContracts().GrindWallet!.bytecode },
      ])
    );
    const grind = toChecksumAddress(deployed.contractAddress!);
    await waitReceipt(
      await node.rpc<string>('eth_sendTransaction', [
        { from, to: grind, value: `0x${(1000n * 10n ** 18n).toString(16)}` },
      ])
    );
    const block = Number(await node.rpc<string>('eth_blockNumber'));
    await node.rpc('anvil_mine', ['0x10']);
    const p = copyPublication('grind');
    const ev = readJson(join(p, PUBLICATION.evidence));
    const chainId = Number(await node.rpc<string>('eth_chainId'));
    const digest = ownershipDigest712(ev.round, chainId, grind);
    const sig = groundSignature(digest);
    const grindCode = codeHashOf(await node.rpc<string>('eth_getCode', [grind, 'latest']));
    const declared = (readConfig(demo.config).ethereum ?? []).flatMap((e) => e.walletCodeHashes);
    writeFileSync(
      f('grind-addresses.jsonl'),
      `${readFileSync(f(DEMO_FILES.ethAddresses), 'utf8').trimEnd()}\n${JSON.stringify({ address: grind, custody: 'customer-cold', label: 'forgeable wallet' })}\n`
    );
    writeFileSync(
      f('grind-signatures.jsonl'),
      `${readFileSync(f(DEMO_FILES.ethSignatures), 'utf8').trimEnd()}\n${JSON.stringify({ address: grind, type: 'eip1271', signature: sig })}\n`
    );
    const c = await kura([
      ...['reserves', 'eth', 'collect', '--addresses', f('grind-addresses.jsonl')],
      ...['--rpc', node.url, '--block', String(block), '--round', join(p, PUBLICATION.root)],
      ...['--signatures', f('grind-signatures.jsonl'), '--assets', f(DEMO_FILES.ethAssets)],
      ...['--out', f('grind-eth.json'), '--confirmations', '12'],
      ...[...declared, grindCode].flatMap((h) => ['--wallet-code', h]),
    ]);
    expect(c.code, c.stderr).toBe(0); // the wallet's own isValidSignature accepts the ground signature
    const eth = readJson(f('grind-eth.json'));
    const isEth = (x: { chain: string }) => x.chain.startsWith('eip155:');
    ev.snapshots = [...ev.snapshots.filter((x: { chain: string }) => !isEth(x)), ...eth.snapshots];
    ev.entries = [...ev.entries.filter((x: { chain: string }) => !isEth(x)), ...eth.entries];
    writeJson(join(p, PUBLICATION.evidence), ev);
    await reassemble(p);
    const out = f('audit-grind');
    const r = await audit(p, out);
    expectRefused(r, out);
    const k = ev.entries.findIndex((x: { address: string }) => x.address === grind);
    expect(r.stdout).toContain(
      `entries[${k}] ${grind} (customer-cold) is not a reserve of this exchange on the auditor's node: EIP1271_UNTRUSTED_CODE`
    );
  });

  async function reassemble(p: string): Promise<void> {
    const att = readJson(join(p, PUBLICATION.attestation));
    const policyFile = join(p, 'policy', `${att.policy.id}.json`);
    const evalFile = join(p, PUBLICATION.policyEvaluation);
    const pol = await kura([
      'policy',
      'check',
      ...['--policy', policyFile, '--inputs', join(p, PUBLICATION.policyInputs)],
      ...['--liabilities', join(p, PUBLICATION.root), '--reserves', join(p, PUBLICATION.evidence)],
      ...['--out', evalFile],
    ]);
    expect(pol.code, pol.stderr).toBe(0);
    writeJson(f('scope.json'), att.scope);
    const days = Math.round((Date.parse(att.expiresAt) - Date.parse(att.issuedAt)) / 86_400_000);
    const created = await kura([
      'attest',
      'create',
      ...['--root', join(p, PUBLICATION.root), '--evidence', join(p, PUBLICATION.evidence)],
      ...['--policy-result', evalFile, '--scope', f('scope.json')],
      ...['--exchange-name', att.exchange.name, '--exchange-url', att.exchange.url],
      ...['--exchange-registration', att.exchange.registration],
      ...['--auditor-name', att.auditor.name, '--auditor-url', att.auditor.url],
      ...['--issued-at', att.issuedAt, '--valid-days', String(days)],
      ...['--value-decimals', String(att.coverage.overall.valueDecimals)],
      // the exchange replaces its own signed attestation on purpose
      ...['--out', join(p, PUBLICATION.attestation), '--force'],
    ]);
    expect(created.code, created.stderr).toBe(0);
    await signAsExchange(p);
  }
});
