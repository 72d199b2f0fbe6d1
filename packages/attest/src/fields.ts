/**
 * What the attestation-family documents (attestation, evidence, trust file, key file) share on
 * top of `@kura/codec`'s declared shapes: their error codes and the field shapes codec's
 * combinators do not give. Every document is read through its shape (`attestationShape`,
 * `evidenceShape`, `trustShape`, `keyFileShape`) with codec's `validate` / `readJson`, so a
 * defect is one `DocumentError` naming the file, line, column and JSON path, with a code of
 * {@link ATTEST_DOCUMENT_CODES}:
 * - `JSON_NUMBER` — an amount given as a JSON number (amounts are decimal strings, attack E1-b);
 * - `NON_CANONICAL_ENCODING` — the right kind of value written in a non-canonical way (upper-case
 *   or `0x`-prefixed hex, `"007"`, `"+5"`, a string not in Unicode NFC …): JCS does not normalise,
 *   so two spellings of one value would sign differently;
 * - `SCHEMA` — anything else that does not meet the schema.
 * @module
 */
import {
  type DocumentCodes,
  DocumentError,
  type IssueKind,
  parseJsonPath,
  type ReadOptions,
  type Shape,
  ShapeIssue,
  validate,
} from '@kura/codec';

/**
 * The error codes of the attestation-family documents (attestation, evidence, trust file):
 * `SCHEMA`, `JSON_NUMBER` for an amount given as a JSON number, `NON_CANONICAL_ENCODING` for a
 * second spelling (upper-case hex, `"007"`, a string not in NFC).
 */
export const ATTEST_DOCUMENT_CODES: DocumentCodes = {
  schema: 'SCHEMA',
  number: 'JSON_NUMBER',
  noncanonical: 'NON_CANONICAL_ENCODING',
};

/** Codes of an attestation-family document error (see {@link ATTEST_DOCUMENT_CODES}). */
export type SchemaCode = 'SCHEMA' | 'JSON_NUMBER' | 'NON_CANONICAL_ENCODING';

/**
 * The error an attestation-family reader throws: codec's one {@link DocumentError} (code one of
 * {@link SchemaCode}; `field` is the JSON path). The name is kept for existing callers.
 */
export const SchemaError = DocumentError;
/** See {@link SchemaError}. */
export type SchemaError = DocumentError;

/**
 * Check `v` against `shape` with the attestation-family codes; `at` is where `v` sits in its
 * document (keys from the root, or a JSON path such as `$.policy`). Throws a DocumentError.
 */
export function check<T>(
  shape: Shape<T>,
  v: unknown,
  at: readonly (string | number)[] | string = [],
  opts: Omit<ReadOptions, 'at' | 'codes'> = {}
): T {
  const keys = typeof at === 'string' ? (parseJsonPath(at) ?? [at]) : at;
  return validate(shape, v, { ...opts, codes: ATTEST_DOCUMENT_CODES, at: keys });
}

/**
 * A string field whose format codec's combinators do not give: `ok` is the one accepted
 * spelling (what the JSON Schema states); a string that fails it is `noncanonical` when `loose`
 * says it is a second spelling of an acceptable value, else `schema` with `expected`.
 */
export function spelling(
  ok: RegExp,
  loose: (v: string) => boolean,
  expected: string,
  noncanonical: string
): Shape<string> {
  return {
    check(v) {
      if (typeof v === 'string' && ok.test(v)) return v;
      const kind: IssueKind = typeof v === 'string' && loose(v) ? 'noncanonical' : 'schema';
      throw new ShapeIssue(kind, kind === 'schema' ? expected : noncanonical);
    },
    def: { t: 'str', min: 1, pattern: ok },
  };
}

/** Hex in a second spelling: upper-case digits or a `0x` prefix (even length, not plain lowercase). */
export function isLooseHex(v: string): boolean {
  return !/^[0-9a-f]*$/.test(v) && /^(0[xX])?([0-9a-fA-F]{2})+$/.test(v);
}
