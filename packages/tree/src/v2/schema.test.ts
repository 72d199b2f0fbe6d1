/** The v2 JSON Schemas (circuits-free-spec/schemas/*-v2.schema.json) against built documents. */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildTreeV2 } from './tree.js';

const schema = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../circuits-free-spec/schemas/${name}.schema.json`, import.meta.url),
      'utf8'
    )
  );
const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const n of ['round', 'assets', 'proof', 'root', 'assets-v2', 'proof-v2', 'root-v2'])
  ajv.addSchema(schema(n));
const valid = (id: string, v: unknown): boolean => ajv.getSchema(id)!(v) as boolean;

const round = { exchange: 'x', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const assets = [
  {
    symbol: 'BTC',
    decimals: 8,
    treeDecimals: 8,
    network: 'bip122:000000000019d6689c085ae165831e93',
  },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
];
const tree = buildTreeV2(
  round,
  assets,
  [
    { uid: 'a', balances: [1n, 2n] },
    { uid: 'b', balances: [3n, 4n] },
    { uid: 'c', balances: [5n, 6n] },
  ],
  new Uint8Array(32).fill(1)
);

describe('v2 JSON Schemas', () => {
  it('are closed at every object level', () => {
    const walk = (v: unknown, path: string): void => {
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (o.type === 'object') expect(o.additionalProperties, path).toBe(false);
      for (const [k, c] of Object.entries(o)) walk(c, `${path}/${k}`);
    };
    for (const n of ['assets-v2', 'proof-v2', 'root-v2']) walk(schema(n), n);
  });

  const proof = JSON.parse(JSON.stringify(tree.proof('b')));
  const root = JSON.parse(JSON.stringify(tree.rootFile()));
  it('accept the built documents; the v1 schemas reject them', () => {
    expect(valid('urn:kura:schema:v2:proof', proof)).toBe(true);
    expect(valid('urn:kura:schema:v2:root', root)).toBe(true);
    expect(valid('urn:kura:schema:v1:proof', proof)).toBe(false);
    expect(valid('urn:kura:schema:v1:root', root)).toBe(false);
    expect(valid('urn:kura:schema:v1:assets', assets)).toBe(false);
  });
  it('are closed: a sibling amount, a missing treeDecimals or a non-canonical base64 is invalid', () => {
    const s0 = proof.siblings[0];
    expect(
      valid('urn:kura:schema:v2:proof', { ...proof, siblings: [{ ...s0, sums: ['1', '2'] }] })
    ).toBe(false);
    expect(
      valid('urn:kura:schema:v2:root', { ...root, assets: [{ symbol: 'BTC', decimals: 8 }] })
    ).toBe(false);
    const b = proof.blindings[0] as string;
    const flipped = `${b.slice(0, 42)}B=`; // trailing bits not zero
    expect(
      valid('urn:kura:schema:v2:proof', { ...proof, blindings: [flipped, proof.blindings[1]] })
    ).toBe(false);
    expect(valid('urn:kura:schema:v2:root', { ...root, userCount: '3' })).toBe(false);
  });
});
