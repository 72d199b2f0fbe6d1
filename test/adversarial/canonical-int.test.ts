/**
 * SPEC.md §3.8 canonical integers (issue 12) across every strict reader: `-0` is refused — as
 * text by the one strict JSON parser (`JSON_NUMBER`), and as an already-parsed value (what
 * `JSON.parse` yields for `-0`) by each reader's integer check, never read as 0. Readers: the
 * tree's proof/round/asset list, the attestation's and the evidence file's fields, the policy
 * file and policy inputs, the run configuration and the Ethereum asset table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAttestation, parseEvidence } from '@kura/attest';
import { JsonParseError } from '@kura/codec';
import { parseAssetTable } from '@kura/ethereum';
import { parseInputs, parsePolicy } from '@kura/policy';
import { parseAssets } from '@kura/tree';
import { afterAll, describe, expect, it } from 'vitest';
import { evidence, signed } from '../../packages/attest/test/fixtures.js';
import { parseConfig, readConfig } from '../../packages/month/src/config.js';
import { jpInputs, shipped } from '../../packages/policy/test/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-canonical-int-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'READ';
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).name;
  }
};
const lenient = <T>(text: string): T => JSON.parse(text) as T;

describe('"-0" in every kura-* reader (SPEC §3.8)', () => {
  it('policy file ("reportingDecimals": -0) and policy inputs ("cancellationNoticeDays": -0): JSON_NUMBER', () => {
    const policy = new TextDecoder().decode(shipped('JP-FSA-2026'));
    expect(policy).toContain('"reportingDecimals": 0');
    expect(codeOf(() => parsePolicy(policy, 'JP-FSA-2026.json'))).toBe('READ');
    const bad = policy.replace('"reportingDecimals": 0', '"reportingDecimals": -0');
    expect(codeOf(() => parsePolicy(bad, 'JP-FSA-2026.json'))).toBe('JSON_NUMBER');
    const inputs = JSON.stringify(jpInputs(), null, 2);
    expect(inputs).toContain('"cancellationNoticeDays": 90');
    const badInputs = inputs.replace('"year": 2023', '"year": -0');
    expect(codeOf(() => parseInputs(badInputs, 'inputs.json', 0))).toBe('JSON_NUMBER');
  });

  it('attestation and evidence: JSON_NUMBER as text, SCHEMA as a parsed -0', () => {
    const att = lenient<{ liabilities: { height: number } }>(JSON.stringify(signed()));
    att.liabilities.height = -0;
    expect(codeOf(() => parseAttestation(att))).toBe('SCHEMA');
    const ev = lenient<{ entries: { utxos?: { vout: number }[] }[] }>(JSON.stringify(evidence()));
    expect(codeOf(() => parseEvidence(ev))).toBe('READ');
    ev.entries[0]!.utxos![0]!.vout = -0;
    expect(codeOf(() => parseEvidence(ev))).toBe('SCHEMA');
  });

  it('asset list ("decimals": -0): BAD_ENCODING; Ethereum asset table: an InputError naming the field', () => {
    expect(codeOf(() => parseAssets([{ symbol: 'BTC', decimals: -0 }], ['assets']))).toBe(
      'BAD_ENCODING'
    );
    const table = {
      version: 'kura-eth-assets/1',
      networks: { 'eip155:1': [{ symbol: 'ETH', native: true, decimals: 18 }] },
    };
    expect(codeOf(() => parseAssetTable(table, 'eth-assets.json'))).toBe('READ');
    table.networks['eip155:1'][0]!.decimals = -0;
    let message = '';
    try {
      parseAssetTable(table, 'eth-assets.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('eth-assets.json');
    expect(message).toContain('decimals');
  });

  it('run configuration: JSON_NUMBER in the file, an InputError for a parsed -0 (tree.workers)', () => {
    const file = join(dir, 'kura.json');
    writeFileSync(file, '{\n  "version": "kura-config/1",\n  "tree": { "height": -0 }\n}\n');
    expect(codeOf(() => readConfig(file))).toBe('JSON_NUMBER');
    try {
      readConfig(file);
    } catch (e) {
      expect(e).toBeInstanceOf(JsonParseError);
      expect((e as JsonParseError).path).toBe('$.tree.height');
    }
    const cfg = {
      version: 'kura-config/1',
      round: { exchange: 'X', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
      assets: [{ symbol: 'BTC', decimals: 8 }],
      exchange: { name: 'X' },
      keys: { masterSecret: 'secret.hex', exchange: 'exchange.key' },
      trust: 'trust.json',
      liabilities: {
        postgres: {
          url: 'postgres://127.0.0.1/ledger',
          query: 'SELECT uid, asset, amount FROM b',
          form: 'long',
        },
      },
      policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
      scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
    };
    const messageFor = (workers: number): string => {
      try {
        parseConfig({ ...cfg, tree: { workers } }, file);
        return 'READ';
      } catch (e) {
        return (e as Error).message;
      }
    };
    // 0 is a valid worker count: the reader gets past it (and stops at a later field)
    expect(messageFor(0)).not.toContain('$.tree.workers');
    expect(messageFor(-0)).toContain('$.tree.workers');
    expect(messageFor(-0)).toContain('kura.json');
  });
});
