/**
 * The v2 JSON Schemas (schemas/proof-v2, root-v2, assets-v2; SPEC.md §16.12) against the v2
 * vectors: every honest proof and root file is valid; every BAD_ENCODING vector whose defect a
 * schema can express is invalid; every vector whose code is not BAD_ENCODING is schema-valid
 * (its defect is below what a schema sees: a point, a scalar, a proof, a sum).
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { index, readVector } from './vectors.js';

// biome-ignore lint/suspicious/noExplicitAny: vector JSON
type Json = any;
const v2: Json = (index as Json).v2;
const schema = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'));

const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const n of ['round', 'assets-v2', 'proof-v2', 'root-v2']) ajv.addSchema(schema(n));
const validate = (id: string, v: unknown): boolean => {
  const fn = ajv.getSchema(id);
  if (!fn) throw new Error(`no schema ${id}`);
  return fn(v) as boolean;
};

/**
 * BAD_ENCODING defects a JSON Schema cannot express. (A 31-byte value in 44 characters and
 * non-zero base64 padding bits ARE expressible: the schema's b64x32 pattern refuses both, as
 * SPEC §16.12 does.)
 */
const NOT_SCHEMA_EXPRESSIBLE = new Set([
  'encoding-tree-decimals-above-decimals', // compares two members
  'json-duplicate-height', // below the JSON data model (proofText)
]);
/** Expressible but not (yet) in schemas/proof-v2.schema.json (none left). */
const SCHEMA_GAPS = new Set<string>([]);

describe('v2 JSON Schemas against the v2 vectors', () => {
  for (const e of v2.positive) {
    const v = readVector<Json>(e.file);
    it(`${e.file}: assets, every customer's proof and the root file are valid`, () => {
      expect(validate('urn:kura:schema:v2:assets', v.assets)).toBe(true);
      for (const u of v.users)
        expect(validate('urn:kura:schema:v2:proof', u.proof), u.uid).toBe(true);
      expect(validate('urn:kura:schema:v2:root', v.rootFile)).toBe(true);
    });
  }
  it('every BAD_ENCODING vector a schema can express is invalid; every other negative is valid', () => {
    let invalid = 0;
    for (const e of v2.negative) {
      const v = readVector<Json>(e.file);
      if (v.proof === undefined) continue;
      const ok = validate('urn:kura:schema:v2:proof', v.proof);
      if (v.expect.code !== 'BAD_ENCODING') expect(ok, e.file).toBe(true);
      else if (SCHEMA_GAPS.has(v.name))
        expect(ok, `${e.file}: schema gap fixed? remove it`).toBe(true);
      else if (!NOT_SCHEMA_EXPRESSIBLE.has(v.name)) {
        expect(ok, e.file).toBe(false);
        invalid++;
      }
    }
    expect(invalid).toBeGreaterThan(8);
  });
  it('the schema agrees with SPEC §16.12 where the library deviates: a 31-byte commitment is invalid', () => {
    const v = readVector<Json>('v2/negative/encoding-commitment-31-bytes.json');
    expect(validate('urn:kura:schema:v2:proof', v.proof)).toBe(false);
  });
  it('the build-negative asset lists with a treeDecimals defect a schema can see are invalid', () => {
    const v = readVector<Json>('v2/negative-build/tree-decimals-missing.json');
    expect(validate('urn:kura:schema:v2:assets', v.assets)).toBe(false);
  });
});
