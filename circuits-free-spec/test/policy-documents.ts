/**
 * Valid `kura-policy/1` and `kura-policy-inputs/1` documents for the schema agreement test
 * (agreement.test.ts): every policy shipped with @kura/policy (packages/policy/policies/), the
 * example inputs of cli/examples/, the policy engine's reference inputs
 * (packages/policy/test/fixtures.ts `jpInputs`, with prices filled in by `caseFiles`), the test
 * months' inputs (packages/month/test/policy-inputs.ts `monthPolicyInputs`), and one inputs
 * document that uses every optional member. Also the published schemas' validators.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { monthPolicyInputs } from '../../packages/month/test/policy-inputs.js';
import { caseFiles, JP_ASSETS, jpInputs } from '../../packages/policy/test/fixtures.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const schemaFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'));

/**
 * The published schema `name` (policy, policy-inputs), compiled on its own, not in Ajv's strict
 * mode (as packages/policy/src/schema.test.ts): a parameter's `{ "$ref": "#/$defs/param",
 * "properties": { "value": … } }` narrows a `$ref`'d object without restating its type, and the
 * provenance's `if`/`then` requires `reason` in a subschema that does not declare it.
 */
export function publishedPolicySchema(name: string): (v: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  const fn = ajv.compile(schemaFile(name));
  return (v) => fn(v) as boolean;
}

const POLICIES = new URL('../../packages/policy/policies/', import.meta.url);

/**
 * A policy with every member: JP-FSA-2026 (volume tiers, custody rates, incident bands with a
 * largest-loss floor, security factors of both kinds, bounds, insurance, capital) plus `$schema`,
 * a fixed component, a class's overhead fraction and every insurance-eligibility member.
 */
function fullPolicy(): Json {
  const p = JSON.parse(readFileSync(new URL('JP-FSA-2026.json', POLICIES), 'utf8'));
  const assumed = { kind: 'assumption', source: 'agreement test', reason: 'every member' };
  p.$schema = 'https://kura.example/schemas/policy.schema.json';
  p.liabilityReserve.components.push({
    id: 'floor',
    label: 'Fixed floor',
    labelJa: '固定額',
    type: 'fixed',
    amount: { value: '1000000', provenance: assumed, note: 'a note' },
  });
  p.liabilityReserve.insurance.eligibility.value.authorisedInsurer = true;
  for (const c of Object.values(p.capital.classes) as { overheadFraction?: Json }[])
    c.overheadFraction = { value: '0.25', provenance: assumed };
  return p as Json;
}

/** A policy with every member first, then the shipped policies (7), in file-name order. */
export function policyDocuments(): Json[] {
  const shipped = readdirSync(POLICIES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, POLICIES), 'utf8')) as Json);
  if (shipped.length !== 7) throw new Error(`expected 7 shipped policies, found ${shipped.length}`);
  return [fullPolicy(), ...shipped];
}

/** Inputs documents: the full one first (the exhaustive mutations start from the first two). */
export function policyInputsDocuments(): Json[] {
  const full = JSON.parse(caseFiles(JP_ASSETS, jpInputs()).inputs) as { [k: string]: Json };
  full.$schema = 'https://kura.example/schemas/policy-inputs.schema.json';
  full.incidents = [
    { date: '2026-02-10', loss: '900000000', currency: 'JPY', description: 'hot wallet key' },
  ];
  full.averageCustomerAssets = {
    value: '750000000000',
    currency: 'JPY',
    lookbackYears: 3,
    basis: 'monthly average of customer balances',
  };
  full.reserveFund = [
    { class: 'cash-jpy-trust', amount: '3000000000', currency: 'JPY', description: 'trust' },
  ];
  full.fixedOverheads = {
    amount: '1200000000',
    currency: 'JPY',
    period: 'FY2025',
    basis: 'audited accounts',
  };
  full.ownFunds = { amount: '5000000000', currency: 'JPY', description: 'paid-in capital' };
  full.securityEvidence = [
    { type: 'key-management-attestation', date: '2026-06-01', reference: 'r', issuer: 'Audit' },
  ];
  const example = JSON.parse(
    readFileSync(new URL('../../cli/examples/policy-inputs.json', import.meta.url), 'utf8')
  ) as Json;
  const month = monthPolicyInputs(
    { exchange: 'Example K.K.', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
    { BTC: '15000000', XRP: '350' }
  ) as Json;
  return [full, example, JSON.parse(caseFiles(JP_ASSETS, jpInputs()).inputs) as Json, month];
}
