/**
 * `kura run` with the Bitcoin family and the XRP Ledger, as a process: a `bitcoin` list with a
 * Litecoin source (Core-shaped JSON-RPC over a chain on Litecoin's regtest genesis,
 * `@kura/bitcoin/testing`, served on 127.0.0.1) and an `xrpl` section (recorded rippled replies,
 * signatures by the `xrpl` library). The month attests LTC and XRP; per chain, a signature over
 * last month's challenge, an address of another network and (XRPL) a submittable blob stop the
 * run with their code and nothing attested (an ownership failure is the verdict
 * `OWNERSHIP_INVALID`, exit 1, on every chain; an address of another network is bad input, exit
 * 2); a chain that is not its asset's network and a list item without its chain name the field.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addressOfScript,
  chainIdOfNetwork,
  hash160,
  networkByName,
  scriptOf,
  signBip137,
} from '@kura/bitcoin';
import { FamilyChain } from '@kura/bitcoin/testing';
import { type FetchLike, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge } from '@kura/tree';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthPolicyInputs } from '../../../packages/month/test/policy-inputs.js';
import { rippled, world } from '../../../packages/xrpl/test/rippled.js';
import { ED, LAST_MONTH, ROUND, S1, signTx, txFor } from '../../../packages/xrpl/test/sign.js';
import { serveFetch } from '../../test/loopback.js';
import { writeExchangeKeyFiles } from '../../test/month-files.js';
import { runKuraAsync } from '../testing.js';

const LTC = networkByName('ltc-regtest');
const LTC_CHAIN = chainIdOfNetwork(LTC);
const sk = sha256(utf8('run family ltc'));
const spk = scriptOf('p2wpkh', hash160(secp256k1.getPublicKey(sk, true)));
const LTC_ADDR = addressOfScript(spk, LTC);
const snapS = Date.parse(ROUND.snapshotTime) / 1000;
const ltcChain = new FamilyChain(
  LTC,
  8,
  [{ scriptPubKey: spk, value: 2_000_000_000_000n, height: 2 }],
  {},
  { time: snapS - 60 - 3 * 150 }
);
const w = world({
  [ED.classicAddress]: { Balance: '125000000000' },
  // the exchange's own XRP: with the LTC it covers the JP-FSA-2026 liability reserve
  [S1.classicAddress]: { Balance: '6000000000000' },
});
w.closeTime = snapS - 946_684_800;

let dir: string;
const servers: Server[] = [];
let ltcUrl: string;
let xrpUrl: string;
const p = (f: string) => join(dir, f);
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const line = (v: unknown) => `${JSON.stringify(v)}\n`;

async function serve(fetch: FetchLike, auth: string): Promise<string> {
  const { server, url } = await serveFetch(() => fetch, auth);
  servers.push(server);
  return url;
}

const ltcSig = (round = ROUND) =>
  line({
    address: LTC_ADDR,
    type: 'bip137',
    signature: signBip137(ownershipChallenge(round), sk, 'p2wpkh', LTC.messageMagic),
  });
const xrpSigs = (edBlob = signTx(ED, txFor(ED.classicAddress))) =>
  line({ address: ED.classicAddress, type: 'xrpl-tx', signature: edBlob }) +
  line({
    address: S1.classicAddress,
    type: 'xrpl-tx',
    signature: signTx(S1, txFor(S1.classicAddress)),
  });

/** A config of this test (`name` picks its work dir and input files); `bitcoin` replaced if given. */
function config(name: string, o: { bitcoin?: unknown } = {}): string {
  const file = p(`${name}.json`);
  writeFileSync(
    file,
    json({
      version: 'kura-config/1',
      round: ROUND,
      assets: [
        { symbol: 'LTC', decimals: 8, network: LTC_CHAIN },
        { symbol: 'XRP', decimals: 6, network: 'xrpl:0' },
      ],
      exchange: { name: ROUND.exchange },
      keys: { masterSecret: 'secret.hex', exchange: 'exchange.key' },
      trust: 'trust.json',
      workDir: `work-${name}`,
      liabilities: { file: 'customers.csv', format: 'csv' },
      tree: { placement: 'dense' },
      bitcoin: o.bitcoin ?? [
        {
          chain: 'ltc-regtest',
          sources: { rpc: [ltcUrl] },
          height: 3,
          confirmations: 6,
          addresses: `${name}-ltc-addresses.jsonl`,
          signatures: `${name}-ltc-signatures.jsonl`,
        },
      ],
      xrpl: {
        rpc: [xrpUrl],
        ledger: w.ledgerIndex,
        addresses: 'xrp-addresses.jsonl',
        signatures: `${name}-xrp-signatures.jsonl`,
      },
      policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
      scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
      attestation: { issuedAt: '2026-12-01T00:00:00Z', validDays: 35 },
    })
  );
  return file;
}

/** Write one variant's input files. */
function variant(
  name: string,
  o: { ltcAddresses?: string; ltcSignatures?: string; xrpSignatures?: string } = {}
): string {
  writeFileSync(
    p(`${name}-ltc-addresses.jsonl`),
    o.ltcAddresses ?? line({ address: LTC_ADDR, custody: 'customer-cold' })
  );
  writeFileSync(p(`${name}-ltc-signatures.jsonl`), o.ltcSignatures ?? ltcSig());
  writeFileSync(p(`${name}-xrp-signatures.jsonl`), o.xrpSignatures ?? xrpSigs());
  return config(name);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-run-family-'));
  ltcUrl = await serve(ltcChain.fetch(), 'u:pw@');
  xrpUrl = await serve(rippled(w).fetch, '');
  writeExchangeKeyFiles(dir, '5b'.repeat(32));
  writeFileSync(p('customers.csv'), 'uid,LTC,XRP\nalice,12000.5,100000\nbob,0.00000001,20000.5\n');
  writeFileSync(
    p('xrp-addresses.jsonl'),
    line({ address: ED.classicAddress, custody: 'customer-cold' }) +
      line({ address: S1.classicAddress, custody: 'exchange-own' })
  );
  writeFileSync(
    p('inputs.json'),
    json(monthPolicyInputs(ROUND, { LTC: '15000', XRP: '350' }, 't'))
  );
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (cfg: string) => runKuraAsync(['run', '--config', cfg, '--json']);

describe('kura run with a bitcoin list (Litecoin) and an xrpl section', () => {
  it('collects LTC on the Litecoin source and XRP at the validated ledger; both are attested', async () => {
    const r = await run(variant('ok'));
    expect(r.stderr).not.toMatch(/kura: [A-Z_]+:/);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { steps: { id: string; status: string }[] };
    expect(s.steps.map((x) => x.id)).toEqual(expect.arrayContaining(['ltc', 'xrp']));
    expect(existsSync(p('work-ok/evidence/ltc.json'))).toBe(true);
    const ev = JSON.parse(readFileSync(p('work-ok/publication/evidence.json'), 'utf8'));
    expect(ev.snapshots.map((x: { chain: string }) => x.chain).sort()).toEqual(
      [LTC_CHAIN, 'xrpl:0'].sort()
    );
    const att = JSON.parse(readFileSync(p('work-ok/publication/attestation.json'), 'utf8'));
    const total = (a: string) =>
      att.reserves.assets.find((x: { asset: string }) => x.asset === a)?.total;
    expect(total('LTC')).toBe('2000000000000');
    expect(total('XRP')).toBe(String(124_999_000_000n + 5_999_999_000_000n));
  });

  it("LTC: a signature over last month's challenge → E_SIGNATURE, exit 1 (OWNERSHIP_INVALID, a verdict), nothing attested", async () => {
    const r = await run(variant('old-ltc', { ltcSignatures: ltcSig(LAST_MONTH) }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${LTC_ADDR}: E_SIGNATURE`));
    expect(existsSync(p('work-old-ltc/attestation.json'))).toBe(false);
  });

  it("LTC: the same key's Litecoin mainnet address in the regtest address list → exit 2 naming file, line and E_NETWORK", async () => {
    const main = addressOfScript(spk, networkByName('ltc-mainnet'));
    const r = await run(
      variant('main-ltc', { ltcAddresses: line({ address: main, custody: 'customer-cold' }) })
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/main-ltc-ltc-addresses\.jsonl:1: field "address": E_NETWORK/);
    expect(existsSync(p('work-main-ltc/attestation.json'))).toBe(false);
  });

  // an XRPL ownership failure is a verdict against the data (OWNERSHIP_INVALID, exit 1)
  it("XRPL: a blob over last month's challenge → XRPL_CHALLENGE, exit 1, nothing attested", async () => {
    const r = await run(
      variant('old-xrp', {
        xrpSignatures: xrpSigs(signTx(ED, txFor(ED.classicAddress, LAST_MONTH))),
      })
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/OWNERSHIP_INVALID: .*XRPL_CHALLENGE/);
    expect(existsSync(p('work-old-xrp/attestation.json'))).toBe(false);
  });

  it('XRPL: a submittable blob (a real Sequence) → XRPL_SUBMITTABLE_SEQUENCE, exit 1', async () => {
    const live = signTx(ED, { ...txFor(ED.classicAddress), Sequence: 81_000_000 });
    const r = await run(variant('live-xrp', { xrpSignatures: xrpSigs(live) }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/OWNERSHIP_INVALID: .*XRPL_SUBMITTABLE_SEQUENCE/);
    expect(existsSync(p('work-live-xrp/attestation.json'))).toBe(false);
  });

  it("a chain that is not its asset's network (doge-regtest for LTC) → exit 2 naming $.bitcoin[0].chain", async () => {
    variant('bch');
    const r = await run(
      config('bch', {
        bitcoin: [
          {
            chain: 'doge-regtest',
            asset: 'LTC',
            sources: { rpc: [ltcUrl] },
            height: 3,
            addresses: 'bch-ltc-addresses.jsonl',
            signatures: 'bch-ltc-signatures.jsonl',
          },
        ],
      })
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.bitcoin\[0\]\.chain.*is not the network of asset LTC/);
  });

  it('a bitcoin list item without its chain → exit 2 naming $.bitcoin[0].chain', async () => {
    variant('nochain');
    const r = await run(
      config('nochain', {
        bitcoin: [
          {
            sources: { rpc: [ltcUrl] },
            height: 3,
            asset: 'LTC',
            addresses: 'nochain-ltc-addresses.jsonl',
            signatures: 'nochain-ltc-signatures.jsonl',
          },
        ],
      })
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.bitcoin\[0\]\.chain/);
  });
});
