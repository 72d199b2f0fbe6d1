/**
 * The JSON Schemas (circuits-free-spec/schemas/policy.schema.json, policy-inputs.schema.json,
 * JSON Schema 2020-12, checked with Ajv) agree with the engine's own reader: every shipped policy
 * and the test inputs validate under both; the bad files the engine refuses for a per-field reason
 * are refused by the schema too. (Cross-field rules — bounds min ≤ max, increasing tiers,
 * contiguous bands — are beyond JSON Schema and checked by the engine only.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { caseFiles, JP_ASSETS, type Json, jpInputs } from '../test/fixtures.js';
import { parseInputs, parsePolicy } from './index.js';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as new (
  o: object
) => {
  compile(s: object): ((d: unknown) => boolean) & { errors?: unknown };
};
const schemaDir = new URL('../../../circuits-free-spec/schemas/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validPolicy = ajv.compile(load('policy.schema.json'));
const validInputs = ajv.compile(load('policy-inputs.schema.json'));
const policiesDir = new URL('../policies/', import.meta.url);
const shippedFiles = readdirSync(policiesDir).filter((f) => f.endsWith('.json'));

describe('policy.schema.json', () => {
  it.each(shippedFiles)('%s validates under the schema and the engine', (f) => {
    const text = readFileSync(new URL(f, policiesDir), 'utf8');
    const ok = validPolicy(JSON.parse(text));
    expect(validPolicy.errors ?? null).toBeNull();
    expect(ok).toBe(true);
    expect(parsePolicy(text, f).policy.id).toBe(JSON.parse(text).id);
  });

  const jp = (): Json => JSON.parse(readFileSync(new URL('JP-FSA-2026.json', policiesDir), 'utf8'));
  const bad: [string, (p: Json) => void][] = [
    ['unknown field', (p) => (p.custody.coldStorage.extra = 1)],
    ['negative rate', (p) => (p.liabilityReserve.components[0].tiers.value[0].rate = '-0.0003')],
    ['missing provenance', (p) => delete p.custody.coldStorage.minRatio.provenance],
    ['assumption without reason', (p) => delete p.liabilityReserve.combine.provenance.reason],
    ['fraction above 1', (p) => (p.custody.coldStorage.minRatio.value = '1.01')],
    ['rate as a JSON number', (p) => (p.custody.hotWalletBacking.ratio.value = 1)],
    ['unknown component type', (p) => (p.liabilityReserve.components[1].type = 'bonus')],
  ];
  it.each(bad)('%s: refused by the schema and the engine', (_name, mutate) => {
    const p = jp();
    mutate(p);
    expect(validPolicy(p)).toBe(false);
    expect(() => parsePolicy(JSON.stringify(p), 'p.json')).toThrow();
  });
});

describe('policy-inputs.schema.json', () => {
  const inputs = (): Json => JSON.parse(caseFiles(JP_ASSETS, jpInputs()).inputs);
  it('the reference inputs validate under the schema and the engine', () => {
    const i = inputs();
    expect(validInputs(i)).toBe(true);
    expect(parseInputs(JSON.stringify(i), 'i.json', 0).inputs.prices).toHaveLength(3);
  });
  const bad: [string, (i: Json) => void][] = [
    ['unknown field', (i) => (i.extra = true)],
    ['negative amount', (i) => (i.reserveFund[0].amount = '-1')],
    ['price as a JSON number', (i) => (i.prices[0].price = 100)],
    ['declared on-chain excess', (i) => (i.reserveFund[0].class = 'onchain-excess')],
    ['missing currency', (i) => delete i.ownFunds.currency],
  ];
  it.each(bad)('%s: refused by the schema and the engine', (_name, mutate) => {
    const i = inputs();
    mutate(i);
    expect(validInputs(i)).toBe(false);
    expect(() => parseInputs(JSON.stringify(i), 'i.json', 0)).toThrow();
  });
});
