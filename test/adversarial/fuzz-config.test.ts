/**
 * Fuzzing `kura run`'s configuration reader (`kura-config/1`): structurally and byte-mutated
 * configs are read or refused with an InputError naming the config file — never another
 * exception, never a hang — and no message ever echoes the credentials the config carries
 * (database password, RPC user:password, API keys in URLs).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8Raw } from '@kura/codec';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../packages/month/src/config.js';
import { byteMutationsOf, type Json, mutationsOf, throwsOnlyKuraError } from './fuzz-helpers.js';

const PG_PASSWORD = 'Pg-Passw0rd-Do-Not-Print';
const RPC_PASSWORD = 'Rpc-Passw0rd-Do-Not-Print';
const API_KEY = 'k3y0f4n4p1pr0v1d3rd0n0tpr1nt';

const good: Json = {
  version: 'kura-config/1',
  round: { exchange: 'Example K.K.', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
  assets: [
    { symbol: 'BTC', decimals: 8, network: 'bip122:000000000019d6689c085ae165831e93' },
    { symbol: 'ETH', decimals: 18, network: 'eip155:1' },
  ],
  exchange: { name: 'Example K.K.', url: 'https://example.com' },
  keys: { masterSecret: 'secret.hex', exchange: 'exchange.key' },
  trust: 'trust.json',
  workDir: 'work',
  liabilities: {
    postgres: {
      url: `postgres://kura:${PG_PASSWORD}@127.0.0.1:5432/ledger`,
      query: 'SELECT uid, asset, amount FROM b',
      form: 'long',
    },
  },
  tree: { placement: 'sparse', height: 24 },
  bitcoin: {
    sources: { rpc: [`http://user:${RPC_PASSWORD}@127.0.0.1:8332`] },
    height: 840000,
    confirmations: 6,
    addresses: 'btc-addresses.jsonl',
    signatures: 'btc-signatures.jsonl',
  },
  ethereum: {
    rpc: [`https://mainnet.example-rpc.io/v3/${API_KEY}`],
    block: 21000000,
    assetTable: 'eth-assets.json',
    addresses: 'eth-addresses.jsonl',
    signatures: 'eth-signatures.jsonl',
  },
  policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
  scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
  attestation: { issuedAt: '2026-12-01T00:00:00Z', validDays: 35, discloseUserCount: true },
};

const dir = mkdtempSync(join(tmpdir(), 'kura-fuzz-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'kura.json');

describe('kura-config/1 reader', () => {
  it('the base config reads', () => {
    writeFileSync(file, JSON.stringify(good, null, 2));
    expect(readConfig(file).round.period).toBe('2026-11');
  });

  it('mutated configs: read or an InputError naming the file; credentials never in a message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mutationsOf(good).map((m) => utf8Raw(JSON.stringify(m, null, 2))),
          byteMutationsOf(utf8Raw(JSON.stringify(good, null, 2)))
        ),
        (b) => {
          writeFileSync(file, b);
          let msg = '';
          try {
            const r = throwsOnlyKuraError(() => readConfig(file));
            if (!r.threw) return;
            readConfig(file);
          } catch (e) {
            msg = `${(e as Error).message} ${JSON.stringify(e)}`;
          }
          expect(msg).toContain('kura.json');
          for (const s of [PG_PASSWORD, RPC_PASSWORD, API_KEY])
            expect(msg.includes(s), `credential in: ${msg.slice(0, 300)}`).toBe(false);
        }
      ),
      { numRuns: 300 }
    );
  });
});
