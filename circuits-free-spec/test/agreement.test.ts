/**
 * Each published JSON Schema of schemas/ and the shape its reader declares (one declaration per
 * document, in the package that reads it) AGREE on the same documents: every vector and
 * example document, and fast-check mutations of them (a member deleted, an unknown member
 * added, a value replaced by one of the wrong type, bad hex, an out-of-range integer, a
 * non-canonical amount, an array emptied or lengthened).
 *
 * Agreement, for a document the strict JSON parser accepts:
 * - the shape accepts  ⇒ the published schema and the shape's emitted schema accept;
 * - the shape refuses with a check JSON Schema can express ⇒ both schemas refuse;
 * - the published schema refuses ⇒ the shape refuses.
 * A refusal by a semantic check (NFC, unique symbols, a real date, lengths tied to the asset
 * count) is the one place the schema may accept: those checks are listed in the schema's
 * description as "not expressible here".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { attestationShape, evidenceShape, trustEntry, trustShape } from '@kura/attest';
import { findIssue, jcs, parseJsonStrict, type Shape, toJsonSchema } from '@kura/codec';
import { configShape } from '@kura/month';
import { policyInputsShape, policyShape } from '@kura/policy';
import {
  assetsShape,
  assetsV2Shape,
  proofShape,
  proofV2Shape,
  rootShape,
  rootV2Shape,
  roundShape,
} from '@kura/tree';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { committedSchema, EMITTED } from './asset-tables.js';
import {
  attestationDocuments,
  evidenceDocuments,
  publishedAttestSchemas,
} from './attest-documents.js';
import { configDocuments, publishedConfigSchema } from './config-documents.js';
import {
  policyDocuments,
  policyInputsDocuments,
  publishedPolicySchema,
} from './policy-documents.js';
import {
  index,
  type NegativeVector,
  proofOf,
  readVector,
  type TreeVector,
  treeFiles,
  rootOf as vectorRoot,
} from './vectors.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const schemaFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'));

const ajv = new Ajv2020({ strict: true, allErrors: false });
for (const n of ['round', 'assets', 'proof', 'root', 'trust', 'assets-v2', 'proof-v2', 'root-v2'])
  ajv.addSchema(schemaFile(n));
const published = (id: string) => {
  const fn = ajv.getSchema(id);
  if (!fn) throw new Error(`no schema ${id}`);
  return (v: unknown) => fn(v) as boolean;
};
/** The schema a shape emits, compiled on its own (no $ref to the published ones). */
const emitted = (shape: Shape<unknown>, id: string) =>
  new Ajv2020({ strict: true }).compile(toJsonSchema(shape, { id: `${id}:emitted` }));

const trees = treeFiles.map((f) => readVector<TreeVector>(f));
const rootOf = (v: TreeVector): Json => vectorRoot(v) as Json;
/** The v2 positive vectors (vectors/v2/positive): asset lists, every user's proof, root files. */
const V2_DIR = new URL('../vectors/v2/positive/', import.meta.url);
const treesV2 = readdirSync(V2_DIR)
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      JSON.parse(readFileSync(new URL(f, V2_DIR), 'utf8')) as {
        assets: Json;
        rootFile: Json;
        users: { proof: Json }[];
      }
  );
const negatives = index.negative
  .map((e) => readVector<NegativeVector>(e.file))
  .filter((v) => v.proof !== undefined);

/** Trust files with real keys (seeds 1…4; the keys are checked by the reader, not the shape). */
const trustFiles = (): Json[] => {
  const ed = (n: number) => ed25519.getPublicKey(new Uint8Array(32).fill(n));
  const k1 = (n: number) => secp256k1.getPublicKey(new Uint8Array(32).fill(n), true);
  return [
    {
      version: 'kura-trust/1',
      keys: [
        { ...trustEntry('ed25519', ed(1)), role: 'exchange', name: 'Example K.K.' },
        { ...trustEntry('ecdsa-secp256k1', k1(2)), role: 'auditor', name: 'Audit LLC' },
      ],
    },
    {
      version: 'kura-trust/1',
      keys: [
        {
          ...trustEntry('ecdsa-secp256k1', k1(3)),
          role: 'exchange',
          validFrom: '2026-01-01T00:00:00Z',
          validUntil: '2026-12-31T23:59:59.999Z',
        },
        { ...trustEntry('ed25519', ed(4)), role: 'auditor' },
      ],
    },
  ] as Json[];
};

interface Row {
  schema: string;
  id: string;
  shape: Shape<unknown>;
  /** Valid documents to start from (the vectors' and examples'). */
  valid: () => Json[];
  /** More documents, valid or not (negative vectors). */
  more?: () => Json[];
  /** The published schema's validator, when it needs schemas the others do not load. */
  pub?: () => (v: unknown) => boolean;
  /**
   * Also try EVERY single mutation of the first two valid documents (for documents with so many
   * members that random mutations would seldom reach each one).
   */
  exhaustive?: boolean;
  /** Paths the exhaustive mutations leave out (free JSON, or repeats of a checked item). */
  skip?: (path: readonly (string | number)[]) => boolean;
}

const rows: Row[] = [
  {
    schema: 'round',
    id: 'urn:kura:schema:v1:round',
    shape: roundShape,
    valid: () => trees.map((v) => v.round as Json),
  },
  {
    schema: 'assets',
    id: 'urn:kura:schema:v1:assets',
    shape: assetsShape,
    valid: () => trees.map((v) => v.assets as Json),
  },
  {
    schema: 'proof',
    id: 'urn:kura:schema:v1:proof',
    shape: proofShape,
    valid: () => trees.flatMap((v) => v.users.map((u) => proofOf(v, u) as Json)),
    more: () => negatives.map((v) => v.proof as Json),
  },
  {
    schema: 'root',
    id: 'urn:kura:schema:v1:root',
    shape: rootShape,
    valid: () => trees.map(rootOf),
  },
  {
    schema: 'assets-v2',
    id: 'urn:kura:schema:v2:assets',
    shape: assetsV2Shape,
    valid: () => treesV2.map((v) => v.assets),
  },
  {
    schema: 'proof-v2',
    id: 'urn:kura:schema:v2:proof',
    shape: proofV2Shape,
    valid: () => treesV2.flatMap((v) => v.users.map((u) => u.proof)),
  },
  {
    schema: 'root-v2',
    id: 'urn:kura:schema:v2:root',
    shape: rootV2Shape,
    valid: () => treesV2.map((v) => v.rootFile),
  },
  {
    schema: 'kura-config',
    id: 'urn:kura:schema:kura-config/1',
    shape: configShape,
    valid: configDocuments,
    pub: publishedConfigSchema,
    exhaustive: true,
  },
  {
    schema: 'trust',
    id: 'urn:kura:schema:v1:trust',
    shape: trustShape,
    valid: trustFiles,
  },
  // the policy engine's documents (@kura/policy shapes.ts): a policy with every member and the
  // 7 shipped ones, the example and test inputs (policy-documents.ts); exhaustive: many members
  {
    schema: 'policy',
    id: 'urn:kura:schema:kura-policy/1',
    shape: policyShape,
    valid: policyDocuments,
    pub: () => publishedPolicySchema('policy'),
    exhaustive: true,
  },
  {
    schema: 'policy-inputs',
    id: 'urn:kura:schema:kura-policy-inputs/1',
    shape: policyInputsShape,
    valid: policyInputsDocuments,
    pub: () => publishedPolicySchema('policy-inputs'),
    exhaustive: true,
  },
  // the asset tables, whose committed schemas are emitted from their shapes (asset-tables.ts)
  ...EMITTED.map(
    (t): Row => ({
      schema: t.file.replace('.schema.json', ''),
      id: t.id,
      shape: t.shape,
      valid: t.valid,
      pub: () => committedSchema(t.file),
      exhaustive: true,
    })
  ),
];

/** Attestation lists whose entries all have one shape. */
const REPEATED = new Set([
  'prices',
  'assets',
  'totals',
  'treeTotals',
  'rootBlindings',
  'terms',
  'checks',
]);
// the attestation-family documents (@kura/attest), from the repository's fixtures
// (attest-documents.ts); every single mutation of the first two of each
rows.push(
  {
    schema: 'attestation',
    id: 'urn:kura:schema:v1:attestation',
    shape: attestationShape,
    valid: attestationDocuments,
    pub: () => publishedAttestSchemas().attestation,
    exhaustive: true,
    // policy.inputs is any object; the first entry of a per-asset list, term or check stands
    // for the others (signatures and snapshots differ by alg and chain: all are mutated)
    skip: (p) =>
      (p[0] === 'policy' && p[1] === 'inputs' && p.length > 2) ||
      p.some((k, i) => typeof k === 'number' && k > 0 && REPEATED.has(String(p[i - 1]))),
  },
  {
    schema: 'evidence',
    id: 'urn:kura:schema:v1:evidence',
    shape: evidenceShape,
    valid: evidenceDocuments,
    pub: () => publishedAttestSchemas().evidence,
    exhaustive: true,
  }
);

/** Every path to a value in `doc`. */
function paths(doc: Json, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(doc)) for (let i = 0; i < doc.length; i++) paths(doc[i]!, [...at, i], out);
  else if (doc !== null && typeof doc === 'object')
    for (const [k, x] of Object.entries(doc)) paths(x, [...at, k], out);
  return out;
}

const clone = (v: Json): Json => JSON.parse(JSON.stringify(v));

function get(doc: Json, p: readonly (string | number)[]): Json {
  let v: Json = doc;
  for (const k of p) v = (v as Record<string | number, Json>)[k] as Json;
  return v;
}

/** Replacement values: wrong types, bad hex, out-of-range integers, non-canonical amounts. */
const REPLACEMENTS = (old: Json): Json[] => {
  const s = typeof old === 'string' ? old : 'ab';
  return [
    null,
    true,
    0,
    -1,
    7,
    37,
    33,
    4096,
    4294967297,
    9007199254740991,
    '',
    'x',
    '0',
    '007',
    '-1',
    '1.5',
    s.toUpperCase(),
    `0x${s}`,
    `${s}0`,
    s.slice(1),
    `${s}${s}`,
    'dense',
    'random',
    'eip155:1',
    'EIP155:1',
    '2026-02-30T00:00:00Z',
    '2026-11-30T15:00:00.5Z',
    '2026-11-30 15:00:00Z',
    'e\u0301',
    [],
    {},
    [old],
  ];
};

type Mutation =
  | { kind: 'delete'; path: number }
  | { kind: 'extra'; path: number }
  | { kind: 'replace'; path: number; with: number }
  | { kind: 'push'; path: number }
  | { kind: 'pop'; path: number };

function mutate(doc: Json, m: Mutation): Json | undefined {
  const d = clone(doc);
  const ps = paths(d);
  const p = ps[m.path % ps.length]!;
  const v = get(d, p);
  const parent = p.length ? get(d, p.slice(0, -1)) : undefined;
  const key = p[p.length - 1];
  const put = (x: Json): Json => {
    if (parent === undefined) return x;
    (parent as Record<string | number, Json>)[key!] = x;
    return d;
  };
  switch (m.kind) {
    case 'delete':
      if (parent === undefined || Array.isArray(parent)) return undefined;
      delete (parent as Record<string, Json>)[key as string];
      return d;
    case 'extra':
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
      v.zzExtra = 1;
      return d;
    case 'replace': {
      const r = REPLACEMENTS(v);
      return put(r[m.with % r.length]!);
    }
    case 'push':
      if (!Array.isArray(v) || v.length === 0) return undefined;
      v.push(clone(v[v.length - 1]!));
      return d;
    case 'pop':
      if (!Array.isArray(v)) return undefined;
      v.pop();
      return d;
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), path: fc.nat() }),
  fc.record({ kind: fc.constant('extra' as const), path: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), path: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('push' as const), path: fc.nat() }),
  fc.record({ kind: fc.constant('pop' as const), path: fc.nat() })
);

/** What disagrees on `doc`, or undefined. */
function disagreement(
  row: Row,
  pub: (v: unknown) => boolean,
  emit: (v: unknown) => boolean,
  doc: Json
): string | undefined {
  // documents are what the strict parser returns: a value it refuses never reaches a reader
  let parsed: Json;
  try {
    parsed = parseJsonStrict(JSON.stringify(doc)) as Json;
  } catch {
    return undefined;
  }
  const issue = findIssue(row.shape, parsed);
  const p = pub(parsed);
  const e = emit(parsed);
  const shape =
    issue === undefined ? 'accepts' : `refuses at ${JSON.stringify(issue.path)}: ${issue.reason}`;
  if (issue === undefined && !(p && e))
    return `shape accepts, published ${p ? 'accepts' : 'refuses'}, emitted ${e ? 'accepts' : 'refuses'}`;
  if (issue !== undefined && !issue.semantic && (p || e))
    return `shape ${shape}, published ${p ? 'accepts' : 'refuses'}, emitted ${e ? 'accepts' : 'refuses'}`;
  if (!p && issue === undefined) return `published refuses, shape accepts`;
  return undefined;
}

describe('each JSON Schema and its declared shape agree', () => {
  for (const row of rows) {
    const pub = row.pub ? row.pub() : published(row.id);
    const emit = emitted(row.shape, row.id);
    const docs = row.valid();

    it(`${row.schema}: every vector document is valid to both`, () => {
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) {
        expect(findIssue(row.shape, d)).toBe(undefined);
        expect(pub(d)).toBe(true);
        expect(emit(d)).toBe(true);
      }
    });

    if (row.more)
      it(`${row.schema}: the negative vectors get the same verdict`, () => {
        const bad: string[] = [];
        for (const d of row.more!()) {
          const why = disagreement(row, pub, emit, d);
          if (why) bad.push(`${jcs(d as never).length} bytes: ${why}`);
        }
        expect(bad).toEqual([]);
      });

    if (row.exhaustive)
      it(`${row.schema}: every single mutation of the full documents gets the same verdict`, () => {
        const bad: string[] = [];
        for (const doc of docs.slice(0, 2)) {
          const all = paths(doc);
          for (let path = 0; path < all.length; path++) {
            if (row.skip?.(all[path]!)) continue;
            const ms: Mutation[] = [
              { kind: 'delete', path },
              { kind: 'extra', path },
              { kind: 'push', path },
              { kind: 'pop', path },
              ...REPLACEMENTS(null).map((_, w): Mutation => ({ kind: 'replace', path, with: w })),
            ];
            for (const m of ms) {
              const d = mutate(doc, m);
              const why = d === undefined ? undefined : disagreement(row, pub, emit, d);
              if (why)
                bad.push(
                  `${m.kind} ${m.kind === 'replace' ? m.with : ''} at ${JSON.stringify(all[path])}: ${why}`
                );
            }
          }
        }
        expect(bad).toEqual([]);
      });

    it(`${row.schema}: mutations (missing, extra, wrong type, bad hex, range …) get the same verdict`, () => {
      let refused = 0;
      fc.assert(
        fc.property(fc.nat(docs.length - 1), mutation, (i, m) => {
          const d = mutate(docs[i]!, m);
          if (d === undefined) return;
          if (findIssue(row.shape, d) !== undefined) refused++;
          const why = disagreement(row, pub, emit, d);
          expect(why, `${JSON.stringify(m)} → ${JSON.stringify(d).slice(0, 300)}`).toBe(undefined);
        }),
        { numRuns: 600 }
      );
      // the mutations are not all harmless: many of the documents they make are refused
      expect(refused).toBeGreaterThan(120);
    });
  }

  it('string lengths count characters (code points) as JSON Schema does: a trust key name', () => {
    const pub = published('urn:kura:schema:v1:trust');
    const withName = (name: string) => {
      const t = trustFiles()[0] as { keys: Record<string, Json>[] };
      t.keys[0]!.name = name;
      return t as Json;
    };
    // 256 emoji are 512 UTF-16 units but 256 characters: valid to both; 257 are too long to both
    for (const [n, ok] of [
      [256, true],
      [257, false],
    ] as const) {
      const d = withName('\u{1F600}'.repeat(n));
      expect([n, pub(d), findIssue(trustShape, d) === undefined]).toEqual([n, ok, ok]);
    }
  });

  it('every published schema in schemas/ has its declared shape in a row above', () => {
    const published = readdirSync(new URL('../schemas/', import.meta.url))
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => f.replace('.schema.json', ''))
      .sort();
    expect([...new Set(rows.map((r) => r.schema))].sort()).toEqual(published);
  });
});
