/**
 * The demo directory and what the demo shows of its month: the directory replaced whole on each
 * run (never a directory that is not the demo's own), and the sample customer's balances.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '@kura/codec';
import { readJsonFile } from '@kura/codec/node';
import type { RunSummary } from '@kura/month';
import { DEMO_FILES } from './exchange.js';

/**
 * Make `dir` ready for a new demo: a previous demo directory is moved aside at once and deleted
 * in the background (a demo leaves hundreds of thousands of proof files; deleting them first
 * would delay the demo on a busy disk); leftovers of an interrupted deletion are removed too.
 * A file, or a non-empty directory without the demo's config or secret, is refused
 * (`InputError`), untouched. The promise settles when the old directories are gone.
 */
export function prepareDemoDir(dir: string): Promise<unknown> {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const old = readdirSync(parent)
    .filter((e) => e.startsWith(`${basename(dir)}.old-`))
    .map((e) => join(parent, e));
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new InputError('exists and is not a directory; choose another --dir', { file: dir });
    const entries = readdirSync(dir);
    if (
      entries.length > 0 &&
      !entries.includes(DEMO_FILES.config) &&
      !entries.includes(DEMO_FILES.secret)
    )
      throw new InputError(
        'exists and is not a Kura demo directory (the demo replaces its directory whole); choose another --dir',
        { file: dir }
      );
    const aside = `${dir}.old-${randomBytes(4).toString('hex')}`;
    renameSync(dir, aside);
    old.push(aside);
  }
  return Promise.all(old.map((d) => rm(d, { recursive: true, force: true })));
}

/** The sample customer's balances (base units, in the month's asset order) from its proof file. */
export function sampleBalances(summary: RunSummary): string[] {
  const file = join(summary.publication, summary.sampleProof.file);
  const proof = readJsonFile(file) as { balances?: unknown };
  if (
    !Array.isArray(proof.balances) ||
    !proof.balances.every((b): b is string => typeof b === 'string')
  )
    throw new InputError('a proof without its balances', { file, field: 'balances' });
  return proof.balances;
}
