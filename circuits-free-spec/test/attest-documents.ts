/**
 * Valid `kura-attestation/1` and `kura-evidence/1` documents for the schema agreement test
 * (agreement.test.ts), taken from what the repository's tests make: @kura/attest's fixtures
 * (packages/attest/test/fixtures.ts: the unsigned and signed statement; consistent.ts: the one
 * embedding a real JP-FSA-2026 evaluation), the web
 * verifier's months (verifier-web/test/fixtures.ts: three chained v1 months and a protocol-v2
 * month), the evidence of those fixtures, the Bitcoin collector's recorded replay
 * (packages/bitcoin/test/replay/scenario.json) and an XRP Ledger evidence file in the shape
 * `@kura/xrpl` writes (packages/xrpl/src/collect.test.ts). Also the published schemas'
 * validators, with the schemas they refer to.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { consistentUnsigned, fullEvidence } from '../../packages/attest/test/consistent.ts';
import { evidence, signBoth, signed, unsigned } from '../../packages/attest/test/fixtures.ts';
import { months, monthV2 } from '../../verifier-web/test/fixtures.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const schemaFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'));

/** attestation.schema.json and evidence.schema.json with the schemas they refer to. */
export function publishedAttestSchemas(): {
  attestation: (v: unknown) => boolean;
  evidence: (v: unknown) => boolean;
} {
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  for (const n of ['round', 'assets', 'assets-v2', 'evidence', 'attestation'])
    ajv.addSchema(schemaFile(n));
  const get = (id: string) => {
    const fn = ajv.getSchema(id);
    if (!fn) throw new Error(`no schema ${id}`);
    return (v: unknown) => fn(v) as boolean;
  };
  return {
    attestation: get('urn:kura:schema:v1:attestation'),
    evidence: get('urn:kura:schema:v1:evidence'),
  };
}

const json = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json;
const NOW = Date.parse('2026-12-05T12:00:00Z');

/** Attestations: v1 unsigned and signed, chained, with optional members; a v2 one. */
export function attestationDocuments(): Json[] {
  const first = signBoth(consistentUnsigned());
  // every optional member present once
  const full = json(signed()) as { [k: string]: Json };
  full.exchange = {
    id: (full.exchange as { id: string }).id,
    name: 'Example Exchange K.K.',
    url: 'https://example.com',
    registration: 'Kanto Local Finance Bureau No. 00099',
    lei: '5493001KJTIIGC8Y1R12',
  };
  full.auditor = { name: 'Audit LLC', url: 'https://audit.example' };
  (full.liabilities as { [k: string]: Json }).userCount = '120000';
  full.scope = {
    included: [{ kind: 'product', id: 'spot', description: 'Spot accounts' }],
    excluded: [{ kind: 'fiat', id: 'jpy' }],
    notes: 'Margin positions are not customer assets.',
  };
  const v2 = json(monthV2(NOW).attestation) as { policy: { inputs: Json } };
  // its policy.inputs (any object to both) emptied, so the mutations reach what is declared
  const v2Lean = json({ ...v2, policy: { ...v2.policy, inputs: {} } });
  // the first two get every single mutation: every optional member, and protocol v2
  return [
    full,
    v2Lean,
    v2 as Json,
    json(first),
    json(unsigned()),
    ...months(NOW).map((m) => json(m.attestation)),
  ];
}

/** Evidence files: Bitcoin + Ethereum fixtures, a recorded Bitcoin collection, an XRPL file. */
export function evidenceDocuments(): Json[] {
  const replay = JSON.parse(
    readFileSync(
      new URL('../../packages/bitcoin/test/replay/scenario.json', import.meta.url),
      'utf8'
    )
  ) as { evidence: Json };
  const base = json(evidence()) as { [k: string]: Json };
  const entries = base.entries as { [k: string]: Json }[];
  const own = entries[0]!.ownership as Json;
  // every optional member present once: label, scriptPubKey, merkleProof, stateProof
  entries[0]!.label = 'cold wallet 1';
  entries[0]!.scriptPubKey = (entries[0]!.utxos as { scriptPubKey: string }[])[0]!
    .scriptPubKey as Json;
  (entries[0]!.utxos as { [k: string]: Json }[])[0]!.merkleProof = '00'.repeat(80);
  entries[2]!.stateProof = { accountProof: ['0xf90211'], storageProof: [] };
  const xrpl = json(evidence()) as { [k: string]: Json };
  xrpl.snapshots = [
    {
      chain: 'xrpl:0',
      height: 93_000_000,
      blockHash: 'ab'.repeat(32),
      time: '2026-11-30T15:00:01Z',
    },
  ];
  xrpl.entries = [
    {
      chain: 'xrpl:0',
      address: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
      custody: 'customer-cold',
      balances: [
        { asset: 'XRP', amount: '100000000' },
        {
          asset: 'USDX',
          amount: '1234567890',
          currency: 'USD',
          issuer: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
        },
      ],
      ownership: { ...(own as { [k: string]: Json }), type: 'xrpl-tx' },
      ledgerState: { balance: '100000000', reserve: '1000000', lines: [] },
    },
  ];
  // the first two get every single mutation: every optional member, and the XRP Ledger
  return [base, xrpl, json(evidence()), json(fullEvidence()), replay.evidence];
}
