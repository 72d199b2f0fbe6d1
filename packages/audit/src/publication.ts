/**
 * Reading the publication directory for `kura audit` (layout: `../publication.ts`), and the
 * first check: every file is there, `SHA256SUMS` matches, the attestation parses.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Attestation, parseAttestationBytes } from '@kura/attest';
import { InputError } from '@kura/codec';
import {
  DOCUMENTS,
  type ExpectedDocument,
  expectDirectory,
  readFileOrThrow,
  readKuraDocument,
} from '@kura/codec/node';
import { checkSums, PUBLICATION, policyPath, WORKDIR } from '@kura/month';
import { type AuditCheck, Check, messageOf } from './check.js';
import { REPORT_FILES } from './write.js';

/** The files of a publication the audit reads (exact bytes), where present. */
export interface PublicationFiles {
  readonly evidence?: Uint8Array;
  readonly root?: Uint8Array;
  readonly policy?: Uint8Array;
  readonly policyInputs?: Uint8Array;
  readonly policyEvaluation?: Uint8Array;
  readonly trust?: Uint8Array;
}

/** A publication as read. */
export interface Publication {
  readonly dir: string;
  readonly attestationBytes: Uint8Array;
  /** Undefined when attestation.json does not parse (the check says why). */
  readonly attestation?: Attestation;
  readonly files: PublicationFiles;
  /** `policy/<id>.json` (relative), when the attestation parsed. */
  readonly policyPath?: string;
  /** Number of files in proofs/ (undefined when the directory is missing). */
  readonly proofFiles?: number;
}

/** What `--publication` must name. */
const PUBLICATION_DIR = 'a Kura publication directory (kura run)';

/**
 * The auditor's `--publication` is a publication at all: a directory with an attestation.json
 * that is a readable `kura-attestation/1` document. Anything else — not a directory, no
 * attestation.json, an empty or truncated one, one of another kind (named by its `version`) —
 * is the caller's wrong input: {@link InputError}, exit 2, could not check (cli/README.md).
 */
export function expectPublication(dir: string): void {
  expectDirectory(dir, PUBLICATION_DIR, { [PUBLICATION.attestation]: DOCUMENTS.attestation });
  // directories that hold an attestation.json too, but are not what the exchange publishes
  for (const [marker, what] of OTHER_DIRECTORIES)
    if (existsSync(join(dir, marker)))
      throw new InputError(`holds ${marker}: this is ${what}, not ${PUBLICATION_DIR}`, {
        file: dir,
      });
}

/** Files that mark a directory as something else than a publication, and what it is then. */
const OTHER_DIRECTORIES: readonly (readonly [string, string])[] = [
  [REPORT_FILES.json, 'an audit report directory (kura audit --out)'],
  [WORKDIR.state, 'the private work directory of kura run (its publication/ is the publication)'],
  ['store.json', 'a tree store directory (kura tree build)'],
];

/**
 * Read a publication. Throws {@link InputError} when `dir` is not a publication at all
 * ({@link expectPublication}): that is the auditor's input, "could not check". Once it is one,
 * every other file is judged against the exchange's attestation: a missing file, a file of
 * another kind (named by its `version`) or an unreadable one is a problem of the publication —
 * a verdict, exit 1 — as is an attestation that is JSON but not a valid attestation.
 */
export function readPublication(dir: string): { pub: Publication; check: AuditCheck } {
  const c = new Check('publication', 'Publication files and SHA256SUMS');
  expectPublication(dir);
  const attFile = join(dir, PUBLICATION.attestation);
  const attestationBytes = readFileOrThrow(attFile);
  let attestation: Attestation | undefined;
  try {
    attestation = parseAttestationBytes(attestationBytes, attFile);
  } catch (e) {
    c.fail(`${PUBLICATION.attestation} is not a valid attestation: ${messageOf(e)}`);
  }
  const read = (rel: string, expected?: ExpectedDocument): Uint8Array | undefined => {
    const f = join(dir, rel);
    if (!existsSync(f)) {
      c.fail(`${rel} is missing from the publication`);
      return undefined;
    }
    if (expected)
      try {
        readKuraDocument(f, expected);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        c.fail(
          `${rel}: ${e.location.field === 'version' ? e.reason : `not readable JSON (empty or truncated), expected ${expected.what}`}`
        );
      }
    return readFileOrThrow(f);
  };
  const pPath = attestation ? policyPath(attestation.policy.id) : undefined;
  const files: PublicationFiles = {
    evidence: read(PUBLICATION.evidence, DOCUMENTS.evidence),
    root: read(PUBLICATION.root, DOCUMENTS.root),
    policyInputs: read(PUBLICATION.policyInputs, DOCUMENTS.policyInputs),
    policyEvaluation: read(PUBLICATION.policyEvaluation),
    trust: read(PUBLICATION.trust),
    ...(pPath ? { policy: read(pPath, DOCUMENTS.policy) } : {}),
  };
  const proofsDir = join(dir, PUBLICATION.proofsDir);
  let proofFiles: number | undefined;
  if (existsSync(proofsDir)) proofFiles = readdirSync(proofsDir).length;
  else c.fail(`${PUBLICATION.proofsDir}/ (the customers' inclusion proofs) is missing`);
  const sums = checkSums(dir);
  if (sums.ok) c.fact('SHA256SUMS', `${sums.files} files match`);
  else c.fail(`${PUBLICATION.sums}: ${sums.message}`);
  if (proofFiles !== undefined) c.fact('proof files', proofFiles);
  return {
    pub: {
      dir,
      attestationBytes,
      ...(attestation ? { attestation } : {}),
      files,
      ...(pPath ? { policyPath: pPath } : {}),
      ...(proofFiles !== undefined ? { proofFiles } : {}),
    },
    check: c.done(
      `every file is present and ${PUBLICATION.sums} matches${sums.ok ? ` (${sums.files} files)` : ''}`
    ),
  };
}
