/**
 * The published JSON Schemas (circuits-free-spec/schemas/{attestation,evidence,trust}.schema.json,
 * draft 2020-12) accept what this package writes and refuse what its strict parsers refuse where a
 * schema can express it.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { clone, evidence, signed, trust, unsigned } from '../test/fixtures.js';

const load = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(
      new URL(`../../../circuits-free-spec/schemas/${name}.schema.json`, import.meta.url),
      'utf8'
    )
  ) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const n of ['round', 'assets', 'assets-v2', 'evidence', 'trust', 'attestation'])
  ajv.addSchema(load(n));
const valid = (id: string, v: unknown): boolean => {
  const fn = ajv.getSchema(`urn:kura:schema:v1:${id}`);
  if (!fn) throw new Error(`schema ${id} missing`);
  return fn(JSON.parse(JSON.stringify(v))) as boolean;
};

describe('attestation.schema.json', () => {
  it('accepts a signed and an unsigned attestation', () => {
    expect(valid('attestation', signed())).toBe(true);
    expect(valid('attestation', unsigned())).toBe(true);
  });
  it('refuses a missing scope, an amount as a number, upper-case hex, an extra member', () => {
    const { scope: _s, ...noScope } = signed();
    expect(valid('attestation', noScope)).toBe(false);
    const num = clone(signed()) as unknown as { liabilities: { totals: unknown[] } };
    num.liabilities.totals[0] = 160000000;
    expect(valid('attestation', num)).toBe(false);
    const up = clone(signed());
    up.signatures[0]!.signature = up.signatures[0]!.signature.toUpperCase();
    expect(valid('attestation', up)).toBe(false);
    expect(valid('attestation', { ...signed(), solvent: true })).toBe(false);
    const unc = clone(signed());
    unc.signatures[1]!.publicKey = `04${'ab'.repeat(64)}`;
    expect(valid('attestation', unc)).toBe(false);
  });
});

describe('evidence.schema.json', () => {
  it('accepts the fixture and refuses a Bitcoin entry without UTXOs or with a contract', () => {
    expect(valid('evidence', evidence())).toBe(true);
    const noUtxo = clone(evidence());
    delete noUtxo.entries[0]!.utxos;
    expect(valid('evidence', noUtxo)).toBe(false);
    const contract = clone(evidence());
    contract.entries[0]!.balances[0]!.contract = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
    expect(valid('evidence', contract)).toBe(false);
    const utxoOnEvm = clone(evidence());
    utxoOnEvm.entries[2]!.utxos = [];
    expect(valid('evidence', utxoOnEvm)).toBe(false);
    const custody = clone(evidence()) as unknown as { entries: { custody: string }[] };
    custody.entries[0]!.custody = 'cold';
    expect(valid('evidence', custody)).toBe(false);
  });
});

describe('trust.schema.json', () => {
  it('accepts the fixture and refuses an uncompressed secp256k1 key or an unknown role', () => {
    expect(valid('trust', trust())).toBe(true);
    const t = clone(trust());
    t.keys[1]!.publicKey = `04${'ab'.repeat(64)}`;
    expect(valid('trust', t)).toBe(false);
    const r = clone(trust()) as unknown as { keys: { role: string }[] };
    r.keys[0]!.role = 'regulator';
    expect(valid('trust', r)).toBe(false);
  });
});
