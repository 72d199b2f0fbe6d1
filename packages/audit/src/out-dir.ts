/**
 * Where an audit report goes when the auditor names no directory: `kura-audit-<period>` after
 * the period of the publication's attestation (characters other than letters, digits, `.`, `_`
 * and `-` replaced by `_`), or `kura-audit` when the attestation cannot be read (the audit then
 * reports why; the directory only has to exist).
 * @module
 */
import { resolve } from 'node:path';
import { parseAttestationBytes } from '@kura/attest';
import { readFileOrThrow } from '@kura/codec/node';
import { PUBLICATION } from '@kura/month';

/** The default report directory (relative) for the publication directory `publication`. */
export function defaultAuditOutDir(publication: string): string {
  try {
    const att = parseAttestationBytes(
      readFileOrThrow(resolve(publication, PUBLICATION.attestation))
    );
    return `kura-audit-${att.round.period.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  } catch {
    return 'kura-audit';
  }
}
