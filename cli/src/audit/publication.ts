/**
 * Reading the publication directory for `kura audit` (layout: `../publication.ts`), and the
 * first check: every file is there, `SHA256SUMS` matches, the attestation parses.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Attestation, parseAttestationBytes } from '@kura/attest';
import { InputError } from '@kura/codec';
import { readFileOrThrow } from '@kura/codec/node';
import { checkSums, PUBLICATION, policyPath } from '../publication.js';
import { type AuditCheck, Check, messageOf } from './check.js';

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

/**
 * Read a publication. Throws {@link InputError} when `dir` is not a publication at all (no
 * attestation.json): that is the auditor's input, "could not check".
 */
export function readPublication(dir: string): { pub: Publication; check: AuditCheck } {
  const c = new Check('publication', 'Publication files and SHA256SUMS');
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError('not a directory', { file: dir });
  const attFile = join(dir, PUBLICATION.attestation);
  if (!existsSync(attFile))
    throw new InputError(`no ${PUBLICATION.attestation}: not a Kura publication directory`, {
      file: dir,
    });
  const attestationBytes = readFileOrThrow(attFile);
  let attestation: Attestation | undefined;
  try {
    attestation = parseAttestationBytes(attestationBytes, attFile);
  } catch (e) {
    c.fail(`${PUBLICATION.attestation} is not a valid attestation: ${messageOf(e)}`);
  }
  const read = (rel: string): Uint8Array | undefined => {
    const f = join(dir, rel);
    if (!existsSync(f)) {
      c.fail(`${rel} is missing from the publication`);
      return undefined;
    }
    return readFileOrThrow(f);
  };
  const pPath = attestation ? policyPath(attestation.policy.id) : undefined;
  const files: PublicationFiles = {
    evidence: read(PUBLICATION.evidence),
    root: read(PUBLICATION.root),
    policyInputs: read(PUBLICATION.policyInputs),
    policyEvaluation: read(PUBLICATION.policyEvaluation),
    trust: read(PUBLICATION.trust),
    ...(pPath ? { policy: read(pPath) } : {}),
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
