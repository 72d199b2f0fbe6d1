/**
 * Writing the publication directory (layout in `publication.ts`) as a whole: everything is
 * assembled in a temporary directory beside it — proofs hard-linked from the work directory,
 * the web verifier copied — then swapped into place, so readers (and a killed run) see the
 * previous complete publication or the new one, never a mix.
 *
 * An auditor's counter-signature added to the published attestation (same statement, every
 * signature valid) is kept when the publication is rewritten.
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAttestationBytes, statementSha256, verifyAttestation } from '@kura/attest';
import { InputError } from '@kura/codec';
import { fsyncDir } from '@kura/codec/node';
import { swapDir } from './proofs.js';
import { checkSums, PUBLICATION, policyPath, writeSums } from './publication.js';
import { sha256Hex } from './state.js';

/** The contents of a publication. */
export interface PublishInput {
  readonly dir: string;
  readonly attestation: Uint8Array;
  readonly evidence: Uint8Array;
  readonly root: Uint8Array;
  readonly policyId: string;
  readonly policy: Uint8Array;
  readonly inputs: Uint8Array;
  readonly evaluation: Uint8Array;
  readonly trust: Uint8Array;
  /** Directory of `<id>.json` proof files. */
  readonly proofsDir: string;
  /** The built web verifier (verifier-web/dist). */
  readonly verifier?: string;
}

/** Files of the publication other than the attestation, with their exact bytes. */
function fixedFiles(p: PublishInput): [string, Uint8Array][] {
  return [
    [PUBLICATION.evidence, p.evidence],
    [PUBLICATION.root, p.root],
    [policyPath(p.policyId), p.policy],
    [PUBLICATION.policyInputs, p.inputs],
    [PUBLICATION.policyEvaluation, p.evaluation],
    [PUBLICATION.trust, p.trust],
  ];
}

/**
 * The attestation to publish: ours, or the one already published when it is the same statement
 * with more signatures that all verify (the auditor counter-signed it).
 */
function attestationToPublish(p: PublishInput): Uint8Array {
  const file = join(p.dir, PUBLICATION.attestation);
  if (!existsSync(file)) return p.attestation;
  try {
    const existing = readFileSync(file);
    const ours = parseAttestationBytes(p.attestation);
    const theirs = parseAttestationBytes(existing);
    if (statementSha256(ours) !== statementSha256(theirs)) return p.attestation;
    if (theirs.signatures.length <= ours.signatures.length) return p.attestation;
    const mine = ours.signatures[0]!;
    if (!theirs.signatures.some((s) => s.signature === mine.signature)) return p.attestation;
    const r = verifyAttestation(existing, {
      trust: p.trust,
      requiredRoles: ['exchange', 'auditor'],
      now: Date.parse(theirs.issuedAt),
      noPrevious: true, // same statement as ours, whose chain the run checked
    });
    return r.ok || r.code === 'NOT_COVERED' ? existing : p.attestation;
  } catch {
    return p.attestation;
  }
}

/** Write the publication directory (atomically swapped into place). */
export function publish(p: PublishInput): { files: number; proofs: number } {
  if (
    existsSync(p.dir) &&
    readdirSync(p.dir).length > 0 &&
    !(existsSync(join(p.dir, PUBLICATION.sums)) && existsSync(join(p.dir, PUBLICATION.attestation)))
  )
    throw new InputError(
      'refusing to replace a non-empty directory that is not a Kura publication (no SHA256SUMS and attestation.json)',
      { file: p.dir }
    );
  const parent = dirname(p.dir);
  mkdirSync(parent, { recursive: true });
  cleanTemps(parent, basename(p.dir));
  const tmp = join(parent, `.${basename(p.dir)}.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp);
  try {
    const put = (rel: string, data: Uint8Array) => {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), data, { flag: 'wx', mode: 0o644 });
    };
    put(PUBLICATION.attestation, attestationToPublish(p));
    for (const [rel, data] of fixedFiles(p)) put(rel, data);
    // proofs: hard links (no copy of 100k files), a copy across file systems
    const pdir = join(tmp, PUBLICATION.proofsDir);
    mkdirSync(pdir);
    let proofs = 0;
    for (const name of readdirSync(p.proofsDir)) {
      if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
      try {
        linkSync(join(p.proofsDir, name), join(pdir, name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
        copyFileSync(join(p.proofsDir, name), join(pdir, name));
      }
      proofs++;
    }
    if (p.verifier) cpSync(p.verifier, join(tmp, PUBLICATION.verifierDir), { recursive: true });
    writeSums(tmp);
    fsyncDir(tmp);
    swapDir(tmp, p.dir);
    return { files: 0, proofs };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * True when the publication still holds what {@link publish} wrote for these inputs: SHA256SUMS
 * matches, each fixed file has the expected bytes, the attestation is the expected statement and
 * the proof count is right. Never throws.
 */
export function publicationIntact(
  dir: string,
  expected: { files: Readonly<Record<string, string>>; statementSha256: string; proofs: number }
): boolean {
  try {
    if (!checkSums(dir).ok) return false;
    for (const [rel, sha] of Object.entries(expected.files))
      if (sha256Hex(readFileSync(join(dir, rel))) !== sha) return false;
    const att = parseAttestationBytes(readFileSync(join(dir, PUBLICATION.attestation)));
    if (statementSha256(att) !== expected.statementSha256) return false;
    return readdirSync(join(dir, PUBLICATION.proofsDir)).length === expected.proofs;
  } catch {
    return false;
  }
}

/** The hashes {@link publicationIntact} expects for these contents. */
export function expectedFiles(p: Omit<PublishInput, 'dir' | 'proofsDir'>): Record<string, string> {
  return Object.fromEntries(
    fixedFiles({ ...p, dir: '', proofsDir: '' }).map(([rel, data]) => [rel, sha256Hex(data)])
  );
}

/** Remove temporary directories a killed run left beside `name` in `parent`. */
export function cleanTemps(parent: string, name: string): void {
  const re = new RegExp(
    `^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-[0-9a-f]{12}(\\.old)?$`
  );
  for (const e of readdirSync(parent))
    if (re.test(e)) rmSync(join(parent, e), { recursive: true, force: true });
}
