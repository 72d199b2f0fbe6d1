/**
 * `anyOf`: a member given in one of several forms (one object or a list of them; a number or a
 * string). It accepts what any option accepts, reports the defect inside the option of the
 * value's JSON type, and emits JSON Schema `anyOf`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyOf, arr, findIssue, int, obj, str, toJsonSchema, validate } from './index.js';

const source = obj({ url: str({ pattern: /^https?:\/\/\S+$/, expected: 'expected a URL' }) });
const sources = anyOf([source, arr(source, { min: 1 })], 'expected a source or a list of them');
const block = anyOf(
  [int(0), str({ pattern: /^0x[0-9a-f]{64}$/, expected: 'expected a block number or hash' })],
  'expected a block number or hash'
);
const doc = obj({ sources, block });

describe('anyOf', () => {
  it('accepts each form', () => {
    expect(findIssue(doc, { sources: { url: 'http://a' }, block: 7 })).toBeUndefined();
    expect(
      findIssue(doc, { sources: [{ url: 'http://a' }], block: `0x${'ab'.repeat(32)}` })
    ).toBeUndefined();
  });

  it('reports the defect inside the option of the value’s JSON type, at its path', () => {
    const inObject = findIssue(doc, { sources: { url: 'ftp://a' }, block: 1 });
    expect(inObject?.path).toEqual(['sources', 'url']);
    expect(inObject?.reason).toBe('expected a URL');
    const inList = findIssue(doc, { sources: [{ url: 'http://a' }, {}], block: 1 });
    expect(inList?.path).toEqual(['sources', 1]);
    expect(inList?.reason).toMatch(/missing required field "url"/);
    const emptyList = findIssue(doc, { sources: [], block: 1 });
    expect(emptyList?.path).toEqual(['sources']);
    expect(emptyList?.reason).toMatch(/1 … any number of items/);
    const badString = findIssue(doc, { sources: { url: 'http://a' }, block: 'latest' });
    expect(badString?.reason).toBe('expected a block number or hash');
    const negative = findIssue(doc, { sources: { url: 'http://a' }, block: -1 });
    expect(negative?.reason).toMatch(/integer 0 …/);
  });

  it('a value of no option’s type: the anyOf’s own message, as a DocumentError', () => {
    expect(findIssue(doc, { sources: 'http://a', block: 1 })?.reason).toBe(
      'expected a source or a list of them'
    );
    expect(() => validate(doc, { sources: { url: 'http://a' }, block: true })).toThrow(
      /field "\$\.block": expected a block number or hash/
    );
  });

  it('emits JSON Schema anyOf of the options', () => {
    const s = toJsonSchema(block, { id: 'urn:test:block' });
    expect(s.anyOf).toEqual([
      { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      { type: 'string', minLength: 1, pattern: '^0x[0-9a-f]{64}$' },
    ]);
  });

  it('accepts exactly what one of its options accepts (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom('0x', `0x${'ab'.repeat(32)}`, 'latest', ''),
      fc.boolean(),
      fc.constant(null)
    );
    fc.assert(
      fc.property(value, (v) => {
        const any = findIssue(block, v) === undefined;
        const some = [int(0), str({ pattern: /^0x[0-9a-f]{64}$/ })].some(
          (o) => findIssue(o, v) === undefined
        );
        expect(any).toBe(some);
      })
    );
  });
});
