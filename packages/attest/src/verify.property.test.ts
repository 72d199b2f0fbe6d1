/**
 * Property tests (fast-check): a mutated signed attestation never verifies, and the parsers and
 * the verifier never crash on arbitrary input (they throw KuraErrors / return a failure).
 */
import { canonicalize, KuraError, parseJsonStrict } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_BYTES, NOW, rootJson, signed, text, trust } from '../test/fixtures.js';
import { parseAttestation } from './attestation.js';
import { parseEvidence } from './evidence.js';
import { parseTrust } from './trust.js';
import { verifyAttestation } from './verify.js';

const doc = signed();
const canonical = canonicalize(doc);
const opts = { trust: trust(), now: NOW, root: rootJson(), evidence: EVIDENCE_BYTES };
expect(verifyAttestation(text(doc), opts).ok).toBe(true);

type Path = (string | number)[];
function leaves(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) leaves(x, [...path, i], out);
  } else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  else out.push(path);
  return out;
}
const PATHS = leaves(doc);

function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as Record<string | number, unknown>;
  let cur = copy;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

const jsonLeaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.stringMatching(/^(0|[1-9][0-9]{0,20})$/),
  fc.stringMatching(/^[0-9a-f]{64}$/)
);

describe('verifyAttestation properties', () => {
  it('changing any one value of a signed attestation (statement or signatures) never verifies', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), jsonLeaf, (path, value) => {
        const mutated = setAt(doc, path, value);
        fc.pre(canonicalize(mutated) !== canonical);
        const r = verifyAttestation(JSON.stringify(mutated), opts);
        return r.ok === false;
      }),
      { numRuns: 200 }
    );
  });

  it('a string value edited by one character never verifies', () => {
    const strPaths = PATHS.filter((p) => {
      let cur: unknown = doc;
      for (const k of p) cur = (cur as Record<string | number, unknown>)[k];
      return typeof cur === 'string';
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...strPaths),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (path, at, ch) => {
          let cur: unknown = doc;
          for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
          const s = cur as string;
          const i = at % (s.length + 1);
          const mutated = setAt(doc, path, s.slice(0, i) + ch + s.slice(i + 1));
          fc.pre(canonicalize(mutated) !== canonical);
          return verifyAttestation(JSON.stringify(mutated), opts).ok === false;
        }
      ),
      { numRuns: 150 }
    );
  });

  it('flipping any byte of the canonical file never verifies (unless it parses to the same document)', () => {
    const bytes = new TextEncoder().encode(canonical);
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const m = bytes.slice();
        m[i] = m[i]! ^ x;
        let same = false;
        try {
          same = canonicalize(parseJsonStrict(new TextDecoder().decode(m))) === canonical;
        } catch {}
        fc.pre(!same);
        return verifyAttestation(m, opts).ok === false;
      }),
      { numRuns: 300 }
    );
  });
});

describe('parsers never crash', () => {
  it('verifyAttestation returns a failure for arbitrary bytes and text, never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 }), fc.json()),
        (input) => {
          const r = verifyAttestation(input, opts);
          return r.ok === false && typeof r.code === 'string' && typeof r.message === 'string';
        }
      ),
      { numRuns: 500 }
    );
  });

  it('parseAttestation / parseEvidence / parseTrust throw only KuraErrors on arbitrary JSON', () => {
    const only = (f: (v: unknown) => unknown) => (v: unknown) => {
      try {
        f(v);
      } catch (e) {
        if (!(e instanceof KuraError)) throw e;
      }
    };
    const shaped = fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      // near-misses: the real document with one member replaced by junk
      fc.tuple(fc.constantFrom(...PATHS), fc.anything()).map(([p, v]) => setAt(doc, p, v))
    );
    fc.assert(fc.property(shaped, only(parseAttestation)), { numRuns: 500 });
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.anything()), only(parseEvidence)), {
      numRuns: 300,
    });
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.anything()), only(parseTrust)), {
      numRuns: 300,
    });
  });
});
