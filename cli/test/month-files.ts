/**
 * Test helper: the files of a `kura run` month written into a directory — the key files every
 * configuration names (the master secret `secret.hex`, the exchange's signing key `exchange.key`,
 * a fresh Ed25519 key file, and `trust.json` pinning it for role "exchange"), and the inputs and
 * `kura.json` of an XRP-only month, and the recorded ledger that month reads.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePrivateKey, makeKeyFile, publicKeyOf, trustEntry } from '@kura/attest';
import { monthPolicyInputs } from '../../packages/month/test/policy-inputs.js';
import { world } from '../../packages/xrpl/test/rippled.js';
import { ED, K1, REG, ROUND, S1, xrplOwnershipFiles } from '../../packages/xrpl/test/sign.js';

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Write `secret.hex` (`secretHex`, mode 0600), `exchange.key` (mode 0600) and `trust.json`. */
export function writeExchangeKeyFiles(dir: string, secretHex: string): void {
  writeFileSync(join(dir, 'secret.hex'), `${secretHex}\n`, { mode: 0o600 });
  const priv = generatePrivateKey('ed25519');
  writeFileSync(join(dir, 'exchange.key'), json(makeKeyFile('ed25519', priv)), { mode: 0o600 });
  writeFileSync(
    join(dir, 'trust.json'),
    json({
      version: 'kura-trust/1',
      keys: [trustEntry('ed25519', publicKeyOf('ed25519', priv), { role: 'exchange', name: 'X' })],
    })
  );
}

/**
 * The files of an XRP-only month against the recorded ledger at `rpc` (`ledger`): the customers
 * (`customersCsv`), the XRPL ownership files of the test accounts, the policy inputs (XRP at
 * ¥350) and `kura.json` (protocol 2 with `treeDecimals` 3 when `protocol` is 2).
 */
export function writeXrplMonthFiles(
  dir: string,
  o: { rpc: string; ledger: number; customersCsv: string; protocol?: 2 }
): void {
  const p = (f: string) => join(dir, f);
  writeFileSync(p('customers.csv'), o.customersCsv);
  const own = xrplOwnershipFiles();
  writeFileSync(p('xrp-addresses.jsonl'), own.addresses);
  writeFileSync(p('xrp-signatures.jsonl'), own.signatures);
  writeFileSync(p('inputs.json'), json(monthPolicyInputs(ROUND, { XRP: '350' })));
  const v2 = o.protocol === 2;
  writeFileSync(
    p('kura.json'),
    json({
      version: 'kura-config/1',
      ...(v2 ? { protocol: 2 } : {}),
      round: ROUND,
      assets: [
        { symbol: 'XRP', decimals: 6, ...(v2 ? { treeDecimals: 3 } : {}), network: 'xrpl:0' },
      ],
      exchange: { name: ROUND.exchange },
      keys: { masterSecret: 'secret.hex', exchange: 'exchange.key' },
      trust: 'trust.json',
      workDir: 'work',
      liabilities: { file: 'customers.csv', format: 'csv' },
      tree: { placement: 'dense' },
      xrpl: {
        rpc: [o.rpc],
        ledger: o.ledger,
        addresses: 'xrp-addresses.jsonl',
        signatures: 'xrp-signatures.jsonl',
      },
      policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
      scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
      attestation: { issuedAt: '2026-12-01T00:00:00Z', validDays: 35 },
    })
  );
}

/**
 * The recorded XRP Ledger of an XRP-only month: the test accounts (Ed25519 master with three
 * owned objects, secp256k1 with a regular key and master disabled, and the exchange's own XRP
 * that covers the JP-FSA-2026 liability reserve — ¥2bn floor at ¥350/XRP), closed at the round's
 * snapshot time (the attestation allows at most a day between them). Serve it with
 * `rippled(w).fetch`.
 */
export function xrplMonthWorld(): ReturnType<typeof world> {
  const w = world({
    [ED.classicAddress]: { Balance: '125000000000', OwnerCount: 3 },
    [K1.classicAddress]: {
      Balance: '1000000000',
      Flags: 0x00100000,
      RegularKey: REG.classicAddress,
    },
    [S1.classicAddress]: { Balance: '6000000000000' },
  });
  w.closeTime = Date.parse(ROUND.snapshotTime) / 1000 - 946_684_800;
  return w;
}
