/**
 * An XRP-only month for library tests of `@kura/month` and `@kura/audit/node`: its input files
 * under a root directory, its config held in memory (paths under that root), injected keys and an
 * injected XRP Ledger source — recorded rippled replies in rippled's exact shapes
 * (packages/xrpl/test/rippled.ts, no rippled runs here) with ownership signatures made by the
 * `xrpl` library (packages/xrpl/test/sign.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePrivateKey, publicKeyOf, trustEntry } from '@kura/attest';
import { XrplClient } from '@kura/xrpl';
import { rippled, world } from '../../xrpl/test/rippled.js';
import { ED, K1, REG, ROUND, S1, xrplOwnershipFiles } from '../../xrpl/test/sign.js';
import { parseConfig, type RunConfig } from '../src/config.js';
import type { MonthSources, RunMonthOptions } from '../src/month.js';
import { monthPolicyInputs } from './policy-inputs.js';

export { ROUND };

/** A fixed instant one day after the snapshot, for an injected clock. */
export const NOW: number = Date.parse('2026-12-01T09:30:00Z');

/** The exchange's Ed25519 key (fresh per test run) and the 32-byte master secret. */
export const exchangePrivateKey: Uint8Array = generatePrivateKey('ed25519');
export const masterSecret: Uint8Array = new Uint8Array(32).fill(0x5a);
export const keys: NonNullable<RunMonthOptions['keys']> = {
  masterSecret,
  exchange: {
    alg: 'ed25519',
    publicKey: publicKeyOf('ed25519', exchangePrivateKey),
    signer: { alg: 'ed25519', privateKey: exchangePrivateKey },
    inToken: false,
  },
};

/** The ledger: 125,000 XRP cold, 1,000 XRP hot (regular key), 6,000,000 XRP the exchange's own. */
export const ledger: ReturnType<typeof world> = world({
  [ED.classicAddress]: { Balance: '125000000000', OwnerCount: 3 },
  [K1.classicAddress]: { Balance: '1000000000', Flags: 0x00100000, RegularKey: REG.classicAddress },
  // the exchange's own XRP: covers the JP-FSA-2026 liability reserve (¥2bn floor at ¥350/XRP)
  [S1.classicAddress]: { Balance: '6000000000000' },
});
ledger.closeTime = Date.parse(ROUND.snapshotTime) / 1000 - 946_684_800;

/** Requests the injected rippled answered (the config's URL is never dialled). */
export const rippledCalls = { count: 0 };

/** An XRPL client answering from {@link ledger}. */
export function xrplClient(): XrplClient {
  return new XrplClient({
    url: 'http://rippled.invalid/',
    fetch: (url, init) => {
      rippledCalls.count++;
      return rippled(ledger).fetch(url, init);
    },
    retries: 0,
  });
}

/** The month's injected sources. */
export const sources: MonthSources = { xrpl: () => [xrplClient()] };

/** The customers' balances (the liabilities export). */
export const CUSTOMERS = 'uid,XRP\nalice,100000\nbob,20000.5\ncarol,0.000001\n';

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Write the month's input files into `root`. */
export function writeInputs(root: string): void {
  const p = (f: string) => join(root, f);
  writeFileSync(
    p('trust.json'),
    json({
      version: 'kura-trust/1',
      keys: [
        trustEntry('ed25519', publicKeyOf('ed25519', exchangePrivateKey), {
          role: 'exchange',
          name: 'X',
        }),
      ],
    })
  );
  writeFileSync(p('customers.csv'), CUSTOMERS);
  const own = xrplOwnershipFiles();
  writeFileSync(p('xrp-addresses.jsonl'), own.addresses);
  writeFileSync(p('xrp-signatures.jsonl'), own.signatures);
  writeFileSync(p('inputs.json'), json(monthPolicyInputs(ROUND, { XRP: '350' })));
}

/** The config as a scheduler holds it: no file; relative paths (and `work`) under `root`. */
export function monthConfig(root: string, work: string): RunConfig {
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
        ledger: ledger.ledgerIndex,
        addresses: 'xrp-addresses.jsonl',
        signatures: 'xrp-signatures.jsonl',
      },
      policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
      scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
      attestation: { validDays: 35 },
    },
    '(scheduler config)',
    '',
    { root }
  );
}
