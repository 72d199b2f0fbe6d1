/**
 * Writing the audit report directory, all at once (a temporary directory beside it, renamed
 * into place — a killed audit leaves the previous report or none):
 * ```
 * <out>/audit-report.json      the report (kura-audit/1): every check, figures, problems
 * <out>/audit-report.html      the same, one self-contained page
 * <out>/sample.json            beacon, seed, the sampled customers with their balances
 * <out>/sample/NNN.json        the inclusion proof of draw NNN (for the confirmation letter)
 * <out>/confirmations.csv      draw,uid,<SYMBOL>… in each asset's unit — for a mail merge
 * <out>/attestation.json       the counter-signed attestation — ONLY when the audit passed
 * ```
 * The report directory holds customer identities and balances (the sample): it is the
 * auditor's working paper, not for publication.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Attestation } from '@kura/attest';
import { InputError } from '@kura/codec';
import { fsyncDir, writeFileAtomic } from '@kura/codec/node';
import { swapDir } from '@kura/month';
import type { AuditReport } from './audit.js';
import type { Sample } from './confirm.js';
import { renderHtml } from './html.js';

/** File names of the report directory. */
export const REPORT_FILES = {
  json: 'audit-report.json',
  html: 'audit-report.html',
  sample: 'sample.json',
  sampleDir: 'sample',
  csv: 'confirmations.csv',
  attestation: 'attestation.json',
} as const;

const pad = (n: number) => String(n).padStart(3, '0');

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Refuse to replace a directory that is not an earlier audit report. */
export function checkOutDir(out: string): void {
  const dir = resolve(out);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, REPORT_FILES.json)))
    throw new InputError('refusing to replace a non-empty directory that is not an audit report', {
      file: dir,
    });
}

/** Write the report directory. */
export function writeReport(
  out: string,
  report: AuditReport,
  sample: Sample | undefined,
  signed: Attestation | undefined
): void {
  const dir = resolve(out);
  checkOutDir(dir);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp, { mode: 0o700 });
  try {
    writeFileAtomic(join(tmp, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`);
    writeFileAtomic(join(tmp, REPORT_FILES.html), renderHtml(report, sample));
    if (sample) {
      mkdirSync(join(tmp, REPORT_FILES.sampleDir));
      const { draws, ...rest } = sample;
      const list = draws.map(({ proof, ...d }) => ({
        ...d,
        proofFile: `${REPORT_FILES.sampleDir}/${pad(d.draw)}.json`,
      }));
      for (const d of draws)
        writeFileAtomic(
          join(tmp, REPORT_FILES.sampleDir, `${pad(d.draw)}.json`),
          `${JSON.stringify(d.proof, null, 2)}\n`
        );
      writeFileAtomic(
        join(tmp, REPORT_FILES.sample),
        `${JSON.stringify({ ...rest, draws: list }, null, 2)}\n`
      );
      const symbols = draws[0] ? Object.keys(draws[0].amounts) : [];
      const lines = [
        ['draw', 'uid', ...symbols].join(','),
        ...draws.map((d) =>
          [String(d.draw), csvField(d.uid), ...symbols.map((s) => d.amounts[s]!)].join(',')
        ),
      ];
      writeFileAtomic(join(tmp, REPORT_FILES.csv), `${lines.join('\n')}\n`);
    }
    if (signed)
      writeFileAtomic(join(tmp, REPORT_FILES.attestation), `${JSON.stringify(signed, null, 2)}\n`);
    fsyncDir(tmp);
    swapDir(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
