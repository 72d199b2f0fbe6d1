/**
 * `select`: one of several object shapes, the one that applies named by a member of the object
 * (JSON Schema `if`/`then`); `json`: any value, kept; `ordered`: a checked value with each
 * closed object's members in declaration order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arr,
  findIssue,
  hex,
  json,
  literal,
  nullable,
  obj,
  ordered,
  select,
  str,
  toJsonSchema,
} from './index.js';

const ed = obj({ alg: literal('ed25519'), key: hex(32) }, { note: str() });
const k1 = obj({ alg: literal('secp256k1'), key: hex(33) }, { note: str() });
const key = select([ed, k1], (v) => (v.alg === 'secp256k1' ? 1 : 0));
const doc = obj({ keys: arr(key), extra: json('anything'), prev: nullable(hex(32)) });

describe('select', () => {
  it('checks an object against the option its member names, and reports inside it', () => {
    expect(findIssue(key, { alg: 'ed25519', key: 'ab'.repeat(32) })).toBeUndefined();
    expect(findIssue(key, { alg: 'secp256k1', key: `02${'ab'.repeat(32)}` })).toBeUndefined();
    // a 33-byte key under ed25519 is wrong for ed25519, not "no option matched"
    const i = findIssue(key, { alg: 'ed25519', key: `02${'ab'.repeat(32)}` });
    expect([i?.path, i?.reason]).toEqual([
      ['key'],
      'expected 32 bytes (64 lowercase hex characters)',
    ]);
    // an unknown alg is reported by the option it was sent to
    expect(findIssue(key, { alg: 'rsa', key: 'ab' })?.path).toEqual(['alg']);
    // not an object: the first option says so
    expect(findIssue(key, 7)?.reason).toMatch(/expected an object/);
  });

  it('emits anyOf of its options (the JSON Schema of each object form)', () => {
    const s = toJsonSchema(key, { id: 'urn:t:key' }) as {
      anyOf: { properties: { alg: unknown; key: { pattern: string } } }[];
    };
    expect(s.anyOf.map((o) => [o.properties.alg, o.properties.key.pattern])).toEqual([
      [{ const: 'ed25519' }, '^[0-9a-f]{64}$'],
      [{ const: 'secp256k1' }, '^[0-9a-f]{66}$'],
    ]);
  });

  it('property: the option chosen by the member is the only one that can accept', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ed25519', 'secp256k1', 'x'),
        fc.constantFrom(32, 33, 31),
        (alg, n) => {
          const v = { alg, key: 'ab'.repeat(n) };
          const anyAccepts = [ed, k1].some((o) => findIssue(o, v) === undefined);
          expect(findIssue(key, v) === undefined).toBe(anyAccepts);
        }
      )
    );
  });
});

describe('json', () => {
  it('accepts any value and emits a schema that does too', () => {
    const s = toJsonSchema(doc, { id: 'urn:t:doc' }) as { properties: { extra: unknown } };
    expect(s.properties.extra).toEqual({ description: 'anything' });
    for (const extra of [null, 1, 'x', [1, { a: 2 }], { deep: { er: true } }])
      expect(findIssue(doc, { keys: [], extra, prev: null })).toBeUndefined();
  });
});

describe('ordered', () => {
  it('puts closed objects in declaration order (through arrays, nullable and select)', () => {
    const v = {
      prev: 'cd'.repeat(32),
      extra: { z: 1, a: 2 },
      keys: [
        { note: 'n', key: `03${'ab'.repeat(32)}`, alg: 'secp256k1' },
        { key: 'ab'.repeat(32), alg: 'ed25519' },
      ],
    };
    expect(findIssue(doc, v)).toBeUndefined();
    const o = ordered(doc, v as never);
    expect(JSON.stringify(o)).toBe(
      JSON.stringify({
        keys: [
          { alg: 'secp256k1', key: `03${'ab'.repeat(32)}`, note: 'n' },
          { alg: 'ed25519', key: 'ab'.repeat(32) },
        ],
        extra: { z: 1, a: 2 }, // any value: kept as given
        prev: 'cd'.repeat(32),
      })
    );
    expect(o).toEqual(v);
  });

  it('keeps open objects as given', () => {
    const open = obj({ a: str() }, {}, { open: true });
    const v = { z: 1, a: 'x' };
    expect(JSON.stringify(ordered(open, v))).toBe('{"z":1,"a":"x"}');
  });
});
