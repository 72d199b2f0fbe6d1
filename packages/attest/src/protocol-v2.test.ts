/**
 * The attestation names its protocol and carries the v2 root (SPEC.md §16.14): a v2 root file
 * gives `liabilities.protocol: 2`, the v2 root commitment, tree totals and root blindings, and
 * base-unit totals; verifyAttestation checks both protocols; v1 statements are unchanged.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes, sha256 } from '@kura/codec';
import { type AssetV2, makeRootFileV2, type RootFileV2 } from '@kura/tree';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  ASSETS,
  clone,
  EVIDENCE_BYTES,
  evidence,
  NOW,
  policy,
  ROOT_HASH,
  ROUND,
  rootJson,
  SCOPE,
  signBoth,
  signed,
  text,
  trust,
  unsigned,
} from '../test/fixtures.js';
import type { Attestation } from './attestation.js';
import { parseAttestation } from './attestation.js';
import { createAttestation } from './create.js';
import { checkStatementNumbers, verifyAttestation } from './verify.js';

const ASSETS_V2: AssetV2[] = ASSETS.map((a) => ({
  ...a,
  treeDecimals: a.symbol === 'ETH' ? 9 : a.decimals,
}));
/** 1.6 BTC, 4 ETH (4·10^9 gwei tree units), 900 USDC. */
const TREE_TOTALS = [160000000n, 4000000000n, 900000000n];

function rootV2(totals = TREE_TOTALS): RootFileV2 {
  return makeRootFileV2({
    round: ROUND,
    assets: ASSETS_V2,
    placement: 'dense',
    height: 20,
    rootHash: hexToBytes(ROOT_HASH),
    totals,
    rootBlindings: [11n, 22n, 33n],
  });
}
const createV2 = (): Attestation =>
  createAttestation({
    root: rootV2(),
    evidence: evidence(),
    evidenceSha256: bytesToHex(sha256(EVIDENCE_BYTES)),
    policy: policy(),
    scope: SCOPE,
    exchange: { name: 'Example Exchange K.K.', url: 'https://example.com' },
    auditor: { name: 'Audit LLC' },
    issuedAt: '2026-12-05T00:00:00Z',
    expiresAt: '2027-01-09T00:00:00Z',
    valueDecimals: 0,
  });

describe('attestation of a protocol v2 tree', () => {
  it('names protocol 2 and carries the v2 root commitment, tree totals and root blindings', () => {
    const a = createV2();
    const r = rootV2();
    expect(a.liabilities).toMatchObject({
      protocol: 2,
      rootCommitment: r.rootCommitment,
      assetSetHash: r.assetSetHash,
      treeTotals: r.totals,
      rootBlindings: r.rootBlindings,
      totals: ['160000000', '4000000000000000000', '900000000'],
    });
    // coverage is computed from the base-unit totals, exactly as for v1
    expect(a.coverage).toEqual(unsigned().coverage);
    expect(parseAttestation(JSON.parse(text(a)))).toEqual(a);
  });

  it('verifies signed, with its kura-root/2 file; a v1 statement has no protocol member', () => {
    const doc = text(signBoth(createV2()));
    const root = `${JSON.stringify(rootV2())}\n`;
    expect(verifyAttestation(doc, { trust: trust(), now: NOW, root })).toMatchObject({
      ok: true,
      checked: { root: true },
    });
    expect('protocol' in signed().liabilities).toBe(false);
    expect(
      verifyAttestation(text(signed()), { trust: trust(), now: NOW, root: rootJson() })
    ).toMatchObject({ ok: true });
  });

  it('a v1 root file for a v2 attestation (and the reverse) is ROOT_MISMATCH', () => {
    const v2 = text(signBoth(createV2()));
    expect(verifyAttestation(v2, { trust: trust(), now: NOW, root: rootJson() })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
    const root = JSON.stringify(rootV2());
    expect(verifyAttestation(text(signed()), { trust: trust(), now: NOW, root })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
    const other = JSON.stringify(rootV2([160000001n, 4000000000n, 900000000n]));
    expect(verifyAttestation(v2, { trust: trust(), now: NOW, root: other })).toMatchObject({
      ok: false,
      code: 'ROOT_TOTALS_MISMATCH',
    });
  });

  it('totals that do not follow from the tree totals, or a changed blinding: ROOT_COMMITMENT_MISMATCH', () => {
    const a = clone(createV2());
    a.liabilities.totals = ['160000000', '3999999999000000000', '900000000'];
    expect(checkStatementNumbers(a as Attestation)).toMatchObject({
      ok: false,
      code: 'ROOT_COMMITMENT_MISMATCH',
    });
    const b = clone(createV2());
    (b.liabilities.rootBlindings as string[])[0] = rootV2().rootBlindings[1]!;
    expect(checkStatementNumbers(b as Attestation)).toMatchObject({
      ok: false,
      code: 'ROOT_COMMITMENT_MISMATCH',
    });
    expect(checkStatementNumbers(createV2())).toEqual({ ok: true });
  });

  it('parses strictly: protocol other than 2, v2 members without protocol, a non-canonical blinding', () => {
    const base = JSON.parse(text(createV2()));
    const bad = (f: (l: Record<string, unknown>) => void) => {
      const c = structuredClone(base);
      f(c.liabilities);
      return () => parseAttestation(c);
    };
    expect(bad((l) => (l.protocol = 1))).toThrow(/protocol/);
    expect(bad((l) => delete l.protocol)).toThrow(/treeTotals|treeDecimals/);
    expect(bad((l) => delete l.rootBlindings)).toThrow(/rootBlindings/);
    expect(bad((l) => ((l.rootBlindings as string[])[0] = `${'/'.repeat(43)}=`))).toThrow(
      /rootBlindings\[0\]/
    );
    const v1 = JSON.parse(text(unsigned()));
    v1.liabilities.treeTotals = ['1', '1', '1'];
    expect(() => parseAttestation(v1)).toThrow(/treeTotals/);
  });
});

describe('attestation.schema.json with protocol 2', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  for (const n of ['round', 'assets', 'assets-v2', 'evidence', 'trust', 'attestation'])
    ajv.addSchema(
      JSON.parse(
        readFileSync(
          new URL(`../../../circuits-free-spec/schemas/${n}.schema.json`, import.meta.url),
          'utf8'
        )
      )
    );
  const valid = (v: unknown) =>
    ajv.getSchema('urn:kura:schema:v1:attestation')!(JSON.parse(JSON.stringify(v))) as boolean;
  it('accepts v1 and v2 statements; refuses the v2 members without protocol 2 and a v1 list in v2', () => {
    const v2 = signBoth(createV2());
    expect(valid(v2)).toBe(true);
    expect(valid(signed())).toBe(true);
    const noProto = clone(v2) as unknown as { liabilities: Record<string, unknown> };
    delete noProto.liabilities.protocol;
    expect(valid(noProto)).toBe(false);
    const v1List = clone(v2) as unknown as { liabilities: Record<string, unknown> };
    v1List.liabilities.assets = ASSETS;
    expect(valid(v1List)).toBe(false);
    const v1Proto = clone(signed()) as unknown as { liabilities: Record<string, unknown> };
    v1Proto.liabilities.protocol = 2;
    expect(valid(v1Proto)).toBe(false);
  });
});
