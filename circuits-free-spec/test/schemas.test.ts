/**
 * The JSON Schemas (draft 2020-12) of schemas/ against the vectors: every honest document is
 * valid; every negative vector whose defect a schema can express is invalid; every negative
 * vector whose code is not BAD_ENCODING is schema-valid (its defect is semantic).
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  index,
  type NegativeVector,
  proofOf,
  readVector,
  rootOf,
  type TreeVector,
  treeFiles,
} from './vectors.js';

const schema = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'));

const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addSchema(schema('round'));
ajv.addSchema(schema('assets'));
ajv.addSchema(schema('proof'));
ajv.addSchema(schema('root'));
const validate = (id: string, v: unknown): boolean => {
  const fn = ajv.getSchema(`urn:kura:schema:v1:${id}`);
  if (!fn) throw new Error(`no schema ${id}`);
  return fn(v) as boolean;
};

/** BAD_ENCODING defects that JSON Schema cannot express (vector lengths, NFC, uniqueness). */
const NOT_SCHEMA_EXPRESSIBLE = new Set([
  'round-not-nfc',
  'round-time-feb-30',
  'assets-duplicate-symbol',
  'balances-count-short',
  'sibling-sums-count-long',
]);

describe('JSON Schemas', () => {
  it('are closed at every object level', () => {
    const walk = (s: unknown, path: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.type === 'object') expect(o.additionalProperties, path).toBe(false);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    for (const n of ['round', 'assets', 'proof', 'root']) walk(schema(n), n);
  });

  for (const file of treeFiles) {
    const v = readVector<TreeVector>(file);
    it(`${file}: round, assets, every proof and the root file are valid`, () => {
      expect(validate('round', v.round)).toBe(true);
      expect(validate('assets', v.assets)).toBe(true);
      for (const u of v.users) expect(validate('proof', proofOf(v, u)), u.uid).toBe(true);
      const root = rootOf(v);
      expect(validate('root', root)).toBe(true);
      expect(validate('root', { ...root, userCount: 5 })).toBe(false);
      expect(validate('root', { ...root, placement: 'random' })).toBe(false);
      expect(validate('root', { ...root, totals: [...v.rootSums.slice(1), '-1'] })).toBe(false);
    });
  }

  for (const e of index.negative) {
    const v = readVector<NegativeVector>(e.file);
    if (v.proof === undefined) continue; // raw-text vectors are below the schema level
    const expressible = v.expect.code === 'BAD_ENCODING' && !NOT_SCHEMA_EXPRESSIBLE.has(v.name);
    it(`${e.file}: schema ${expressible ? 'rejects' : 'accepts'}`, () => {
      expect(validate('proof', v.proof)).toBe(!expressible);
    });
  }

  it('the amount pattern is exactly ^(0|[1-9][0-9]*)$', () => {
    const amount = (s: unknown) =>
      validate('root', {
        ...readVector<TreeVector>('positive/dense-2users-1asset-h1.json').rootFile,
        totals: [s],
      });
    for (const ok of ['0', '1', '10', '79228162514264337593543950335'])
      expect(amount(ok), ok).toBe(true);
    for (const bad of ['01', '-0', '-1', '1e3', ' 1', '1 ', '0x10', '+1', '1.0', '', '１', 15])
      expect(amount(bad), String(bad)).toBe(false);
  });
});
