/**
 * @kura/codec/node — versioned Kura documents on disk, for every reader of them (the CLI, the month
 * and audit workflows): a document given where another kind is expected is named by its
 * `version` field, and a truncated or empty file is "could not check" ({@link InputError}),
 * never a verdict against the data.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from './document.js';
import { InputError, KuraError } from './errors.js';
import type { JsonValue } from './jcs.js';
import { JsonParseError } from './json.js';
import { readFileOrThrow } from './node.js';

/** What a command expects of a document file: its `version` value(s) and a human name. */
export interface ExpectedDocument {
  readonly versions: readonly string[];
  readonly what: string;
}

/** The JSON errors that mean "this file cannot be read as JSON at all" (truncated, not text). */
const UNREADABLE_JSON = new Set(['JSON_SYNTAX', 'JSON_UTF8']);

/**
 * Read a versioned Kura JSON document for checking. A file that is missing, unreadable, empty,
 * truncated or not JSON, or whose `version` names another kind of Kura document, is an
 * {@link InputError} (exit 2: could not check) — never a verdict against the data. A document
 * that is JSON but breaks the strict profile (duplicate member, lone surrogate, …) is returned
 * as `invalid` (BAD_ENCODING): that is a verdict against whoever produced it; so is one of the
 * expected kind that the verifier then refuses (unknown version, no version, not an object).
 */
export function readKuraDocument(
  file: string,
  expected: ExpectedDocument
): { value: unknown } | { invalid: { ok: false; code: 'BAD_ENCODING'; message: string } } {
  const bytes = readFileOrThrow(file);
  try {
    return { value: readJson(bytes, ofKind(file, expected), { file }) };
  } catch (e) {
    if (!(e instanceof JsonParseError)) throw e;
    if (!UNREADABLE_JSON.has(e.code))
      return { invalid: { ok: false, code: 'BAD_ENCODING', message: e.message } };
    throw new InputError(
      `cannot check: ${bytes.length === 0 ? 'empty file' : 'truncated or not JSON'} (expected ${expected.what}): ${e.message}`,
      { file },
      { cause: e }
    );
  }
}

/** A {@link readJson} step that refuses another kind of Kura document ({@link checkVersion}). */
function ofKind(file: string, expected: ExpectedDocument): (v: JsonValue) => JsonValue {
  return (v) => {
    checkVersion(v, file, expected);
    return v;
  };
}

/** The documents commands take, by option. */
export const DOCUMENTS = {
  root: { versions: ['kura-root/1', 'kura-root/2'], what: 'a tree root file (root.json)' },
  evidence: { versions: ['kura-evidence/1'], what: 'a reserves evidence file' },
  attestation: { versions: ['kura-attestation/1'], what: 'an attestation' },
  trust: { versions: ['kura-trust/1'], what: 'a trust file' },
  policyInputs: { versions: ['kura-policy-inputs/1'], what: 'policy inputs' },
  policy: { versions: ['kura-policy/1'], what: 'a policy file' },
  store: { versions: ['kura-store/1', 'kura-store/2'], what: "a tree store's store.json" },
  ethAssets: { versions: ['kura-eth-assets/1'], what: 'an Ethereum asset table' },
  xrpAssets: { versions: ['kura-xrpl-assets/1'], what: 'an XRPL asset table' },
  /** `kura tree build --round`: a bare round object, which has no `version`. */
  bareRound: { versions: [], what: 'a round file (round.json: exchange, period, snapshotTime)' },
  assets: { versions: [], what: 'an asset list (assets.json)' },
  key: { versions: ['kura-key/1'], what: 'a private key file (kura keys gen)' },
  /** `--round`: a bare round object (no `version`) or a tree root file. */
  round: {
    versions: ['kura-root/1', 'kura-root/2'],
    what: 'a round file (round.json, or the root.json of kura tree build)',
  },
} as const satisfies Record<string, ExpectedDocument>;

/**
 * A directory option (`--publication`, `--tree`): `dir` must be a directory holding each of
 * `files` (relative path → the document expected there). A path that is not a directory, a
 * missing file, or a file that is empty, truncated or another kind of Kura document is an
 * {@link InputError} (exit 2: the caller gave the wrong directory) naming the directory or the
 * file and, for another kind, its `version`. A file of the expected kind that breaks the strict
 * profile is left to the command's own checks (for `kura audit` that is a verdict).
 */
export function expectDirectory(
  dir: string,
  what: string,
  files: Readonly<Record<string, ExpectedDocument>>
): void {
  if (!existsSync(dir)) throw new InputError(`no such directory, expected ${what}`, { file: dir });
  if (!statSync(dir).isDirectory())
    throw new InputError(`not a directory, expected ${what}`, { file: dir });
  for (const [rel, expected] of Object.entries(files)) {
    const file = join(dir, rel);
    if (!existsSync(file)) throw new InputError(`no ${rel}: not ${what}`, { file: dir });
    try {
      readKuraDocument(file, expected);
    } catch (e) {
      if (e instanceof InputError && e.location.field === 'version')
        throw new InputError(`${e.reason}: not ${what}`, e.location, { cause: e });
      throw e;
    }
  }
}

/**
 * Before a command's own parser reads `file`: if it is JSON and another kind of Kura document,
 * refuse it naming what it is (exit 2). Anything else is left to the parser and its messages.
 */
export function expectDocument(file: string, expected: ExpectedDocument): void {
  const bytes = readFileOrThrow(file);
  try {
    readJson(bytes, ofKind(file, expected), { file, allowFractions: true });
  } catch (e) {
    if (!(e instanceof JsonParseError)) throw e;
  }
}

/**
 * Refuse a JSON value that is another kind of Kura document — its `version` names another kind
 * (`kura-root/1` given where a `kura-proof/1` is expected) — naming what it is. A document of
 * the expected kind in an unknown version, or without a `version`, is left to the verifier: that
 * is an invalid document (a verdict), not a wrong file.
 */
export function checkVersion(v: unknown, file: string, expected: ExpectedDocument): void {
  const version =
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as { version?: unknown }).version
      : undefined;
  if (typeof version !== 'string') return;
  const kind = /^(kura-[a-z0-9-]+)\/\d+$/.exec(version)?.[1];
  const want = expected.versions.map((x) => x.replace(/\/\d+$/, ''));
  if (kind === undefined || want.includes(kind)) return;
  throw new InputError(
    `this is a ${version} document, expected ${expected.what}${expected.versions.length > 0 ? ` (${expected.versions.join(' or ')})` : ''}`,
    { file, field: 'version' }
  );
}

/** Read a UTF-8 text file (JSON Lines inputs, address and signature lists); errors name the file. */
export function readTextFile(file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileOrThrow(file));
  } catch (e) {
    if (e instanceof KuraError) throw e;
    throw new InputError('invalid UTF-8', { file }, { cause: e });
  }
}
