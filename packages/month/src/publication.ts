/**
 * The publication directory of one monthly round: what `kura run` writes, what the demo serves,
 * and what `kura audit` reads. Everything in it is public; the master secret, the round key,
 * private keys and the full liabilities never go there.
 *
 * ```
 * <publication>/
 *   attestation.json          the signed attestation (kura-attestation/1): exchange signature,
 *                             plus the auditor's counter-signature once the audit passed
 *   evidence.json             the merged reserves evidence (kura-evidence/1); the attestation holds
 *                             the SHA-256 of exactly these bytes
 *   root.json                 the tree root file (kura-root/1) of the liabilities tree
 *   policy/<id>.json          the policy file, its exact bytes (e.g. policy/JP-FSA-2026.json);
 *                             its SHA-256 is the evaluation's `sha256`
 *   policy-inputs.json        the exchange's policy inputs file, exact bytes (`inputsSha256`)
 *   policy-evaluation.json    the @kura/policy evaluation embedded in the attestation as `policy`
 *   trust.json                the trust file: pinned public keys by role (exchange, auditor)
 *   proofs/<proofFileId>.json one inclusion proof (kura-proof/1) per customer, see below
 *   verifier/                 a copy of verifier-web/dist (index.html, assets/, kura-verifier.html)
 *   SHA256SUMS                `sha256sum -c` format, see below
 * ```
 *
 * **Proof file names.** The public server must not let anyone enumerate or guess customers'
 * proofs, so each file is named by a keyed id only the exchange (holder of the master secret)
 * can compute: `proofFileId` of `@kura/tree` (SPEC.md §10.2,
 * `hex(HMAC(roundKey, utf8("kura/v1/proof-file") ‖ uidHash(uid)))`, a fresh id every month).
 * The map uid → file is kept only in the private work directory ({@link WORKDIR}`.proofIndex`, JSON Lines
 * `{"uid": …, "file": "proofs/<id>.json", "sha256": …}`), from which the exchange hands each
 * customer their link. Servers of the publication must not list directories.
 *
 * **SHA256SUMS** lists every file of the publication except itself and the files under
 * `proofs/` (listing those would publish every proof's name), one line per file:
 * `<64 lowercase hex>  <path relative to the publication, "/" separators>\n`, sorted by path in
 * byte order. `sha256sum -c SHA256SUMS` run inside the directory checks it. Each proof is
 * protected instead by its own verification against the attested rootCommitment; the private
 * index records the SHA-256 of every proof file for the exchange's own integrity checks.
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, type VerifyResult } from '@kura/codec';
import { writeFileAtomic } from '@kura/codec/node';

/** File names inside the publication directory. */
export const PUBLICATION = {
  attestation: 'attestation.json',
  evidence: 'evidence.json',
  root: 'root.json',
  policyDir: 'policy',
  policyInputs: 'policy-inputs.json',
  policyEvaluation: 'policy-evaluation.json',
  trust: 'trust.json',
  proofsDir: 'proofs',
  verifierDir: 'verifier',
  /** The single-file verifier inside {@link PUBLICATION.verifierDir}. */
  verifierSingleFile: 'kura-verifier.html',
  sums: 'SHA256SUMS',
} as const;

/** Path (relative, "/" separators) of the policy file copy: `policy/<id>.json`. */
export function policyPath(policyId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(policyId))
    throw new TypeError(`policyId: not a safe file name: ${JSON.stringify(policyId)}`);
  return `${PUBLICATION.policyDir}/${policyId}.json`;
}

/** Relative path of a proof file: `proofs/<id>.json`. */
export function proofPath(id: string): string {
  if (!/^[0-9a-f]{64}$/.test(id)) throw new TypeError('id: expected 64 lowercase hex');
  return `${PUBLICATION.proofsDir}/${id}.json`;
}

/** True for a publication path that SHA256SUMS covers (everything but itself and proofs/). */
export function coveredBySums(relPath: string): boolean {
  return relPath !== PUBLICATION.sums && !relPath.startsWith(`${PUBLICATION.proofsDir}/`);
}

/**
 * The work directory of `kura run` (private; never served). Paths relative to it:
 *
 * ```
 * <work>/state.json              completed steps with the SHA-256 of their inputs and outputs
 * <work>/tree/                   the private tree store (@kura/tree/node), incl. root.json
 * <work>/liabilities.jsonl       the PostgreSQL export (only for a postgres liabilities source)
 * <work>/evidence/btc.json       partial evidence of each chain, and the merged file
 * <work>/evidence/eth.json
 * <work>/evidence/evidence.json
 * <work>/policy-evaluation.json
 * <work>/attestation.json        signed by the exchange
 * <work>/proofs/index.jsonl      PRIVATE uid → proof file index (never published)
 * <work>/proofs/public/<id>.json the proof files, hard-linked into <publication>/proofs/
 * <work>/publication/            the publication directory (default; `publication` in the config)
 * ```
 */
export const WORKDIR = {
  state: 'state.json',
  tree: 'tree',
  liabilitiesExport: 'liabilities.jsonl',
  btcEvidence: 'evidence/btc.json',
  ethEvidence: 'evidence/eth.json',
  xrpEvidence: 'evidence/xrp.json',
  evidence: 'evidence/evidence.json',
  policyEvaluation: 'policy-evaluation.json',
  attestation: 'attestation.json',
  proofs: 'proofs',
  proofIndex: 'proofs/index.jsonl',
  proofFiles: 'proofs/public',
  publication: 'publication',
} as const;

/** Every file below `dir` (relative, "/" separators), sorted by byte order. */
export function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** The SHA256SUMS text of a publication directory as it is now (see the module doc). */
export function sumsText(dir: string): string {
  return listFiles(dir)
    .filter(coveredBySums)
    .map(
      (f) =>
        `${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}  ${f}\n`
    )
    .join('');
}

/** (Re)write `<dir>/SHA256SUMS` atomically, e.g. after adding the auditor's counter-signature. */
export function writeSums(dir: string): void {
  writeFileAtomic(join(dir, PUBLICATION.sums), sumsText(dir));
}

/**
 * Check `<dir>/SHA256SUMS`: every listed file has its hash and every covered file is listed.
 * Never throws.
 */
export function checkSums(
  dir: string
): VerifyResult<'SUMS_MISSING' | 'SUMS_MISMATCH', { files: number }> {
  let listed: string;
  try {
    listed = readFileSync(join(dir, PUBLICATION.sums), 'utf8');
  } catch {
    return fail('SUMS_MISSING', `${join(dir, PUBLICATION.sums)} cannot be read`);
  }
  let now: string;
  try {
    now = sumsText(dir);
  } catch (e) {
    return fail('SUMS_MISMATCH', `cannot hash the files of ${dir}: ${(e as Error).message}`);
  }
  if (listed === now) return { ok: true, files: now.split('\n').length - 1 };
  const a = new Set(listed.split('\n'));
  const b = now.split('\n').filter((l) => !a.has(l));
  return fail(
    'SUMS_MISMATCH',
    `SHA256SUMS does not match the files: ${b.slice(0, 3).join('; ') || 'a listed file is missing'}`
  );
}
