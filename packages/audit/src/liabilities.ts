/**
 * The liabilities check of `kura audit`: rebuild the tree from the auditor's full liabilities
 * export and the master secret (`buildTreeStore` into a temporary directory, with the attested
 * round, asset list, placement and height) and compare it with the attestation — rootCommitment,
 * rootHash, every total, the disclosed user count. Then one pass over the auditor's tree checks
 * that every customer of the export has a published proof file (`proofs/<proofFileId>.json`)
 * and that the publication holds no proof of anyone else; when the trees differ, the published
 * proofs' balances are compared too, so the report names the customers that were left out or
 * misstated.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Attestation } from '@kura/attest';
import { formatUnits, InputError, KuraError, redactUrl } from '@kura/codec';
import { readJsonFile } from '@kura/codec/node';
import { exportPostgres, PUBLICATION } from '@kura/month';
import {
  deriveRoundKey,
  type MasterSecret,
  proofFileIdFromKey,
  roundId,
  uidHash,
} from '@kura/tree';
import { buildTreeStore, TreeStore } from '@kura/tree/node';
import { type AuditCheck, Check, messageOf } from './check.js';
import { UidHashList } from './sample.js';

/** Where the auditor's liabilities export comes from. */
export type LiabilitiesSource =
  | { readonly kind: 'file'; readonly file: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly query: string;
      readonly form: 'long' | 'wide' | 'auto';
    };

/** Inputs of {@link checkLiabilities}. */
export interface LiabilitiesInput {
  readonly att: Attestation;
  readonly masterSecret: MasterSecret;
  readonly source: LiabilitiesSource;
  /** Private temporary directory (the tree store is written below it). */
  readonly workDir: string;
  readonly publicationDir: string;
  /** Files in the publication's proofs/ (undefined: no such directory). */
  readonly proofFiles?: number;
  readonly workers?: number;
  readonly onProgress?: (phase: string, done: number, total?: number) => void;
}

/** What {@link checkLiabilities} leaves for the sample: the auditor's tree and its uid list. */
export interface LiabilitiesResult {
  readonly check: AuditCheck;
  /** The auditor's tree (open; the caller closes it). Undefined when it could not be built. */
  readonly store?: TreeStore;
  /** Every customer's uidHash, sorted. */
  readonly uidHashes?: UidHashList;
}

const NAMED = 5;

/** Describe a source for the report (no credentials). */
export function describeSource(s: LiabilitiesSource): string {
  return s.kind === 'file' ? s.file : `${redactUrl(s.url)} (query, ${s.form} form)`;
}

/** Rebuild, compare, scan the published proofs. */
export async function checkLiabilities(i: LiabilitiesInput): Promise<LiabilitiesResult> {
  const c = new Check('liabilities', 'Liabilities tree recomputed from the full export');
  const { att } = i;
  const L = att.liabilities;
  c.fact('liabilities export', describeSource(i.source));
  let input = i.source.kind === 'file' ? i.source.file : '';
  let cleanup: () => void = () => undefined;
  let store: TreeStore | undefined;
  let users = 0;
  try {
    if (i.source.kind === 'postgres') {
      const x = await exportPostgres({
        url: i.source.url,
        query: i.source.query,
        assets: L.assets,
        form: i.source.form,
        tmpDir: i.workDir,
        onProgress: (rows) => i.onProgress?.('export', rows),
      });
      input = x.path;
      cleanup = () => x.cleanup();
      c.fact('rows exported', x.rows);
    }
    const built = await buildTreeStore({
      input,
      round: att.round,
      assets: L.assets,
      masterSecret: i.masterSecret,
      out: join(i.workDir, 'tree'),
      placement: L.placement,
      height: L.height,
      ...(i.workers !== undefined ? { workers: i.workers } : {}),
      onProgress: i.onProgress,
    });
    users = built.users;
    store = TreeStore.open(built.dir, i.masterSecret);
  } catch (e) {
    if (e instanceof InputError && e.location.field === 'height')
      c.fail(`the liabilities export does not fit the attested tree: ${e.reason}`);
    else c.error(`the tree could not be rebuilt from the export: ${messageOf(e)}`);
    return { check: c.done('') };
  } finally {
    cleanup();
  }

  const R = store.root;
  c.fact('customers in the export', users);
  c.fact('recomputed rootCommitment', R.rootCommitment);
  c.fact('attested rootCommitment', L.rootCommitment);
  const rows: string[][] = [];
  let totalsDiffer = false;
  for (const [k, a] of L.assets.entries()) {
    const attested = BigInt(L.totals[k]!);
    const recomputed = BigInt(R.totals[k]!);
    const same = attested === recomputed;
    rows.push([
      a.symbol,
      formatUnits(attested, a.decimals),
      formatUnits(recomputed, a.decimals),
      same ? 'match' : `MISMATCH (${signed(recomputed - attested, a.decimals)})`,
    ]);
    if (!same) {
      totalsDiffer = true;
      c.fail(
        `liabilities total ${a.symbol}: the attestation states ${formatUnits(attested, a.decimals)}, the liabilities export sums to ${formatUnits(recomputed, a.decimals)} (${signed(recomputed - attested, a.decimals)} ${a.symbol})`
      );
    }
  }
  c.table('Totals per asset', ['asset', 'attested', 'recomputed', ''], rows);
  const treeDiffers = R.rootCommitment !== L.rootCommitment;
  if (treeDiffers && !totalsDiffer)
    c.fail(
      `the recomputed tree differs from the attested one although the totals agree: rootHash ${R.rootHash} ≠ ${L.rootHash}`
    );
  if (L.userCount !== undefined && BigInt(L.userCount) !== BigInt(users))
    c.fail(
      `the attestation discloses ${L.userCount} customers; the liabilities export has ${users}`
    );

  // one pass over the auditor's tree: uid list for the sample, published proofs
  const roundKey = deriveRoundKey(i.masterSecret, roundId(att.round));
  const proofsDir = join(i.publicationDir, PUBLICATION.proofsDir);
  const list = new UidHashList(users);
  const missing: string[] = [];
  const misstated: string[] = [];
  let missingCount = 0;
  let misstatedCount = 0;
  let found = 0;
  const hasProofs = i.proofFiles !== undefined;
  let n = 0;
  try {
    for (const leaf of store.leaves()) {
      const uh = uidHash(leaf.uid);
      list.push(uh);
      if ((++n & 0xffff) === 0) i.onProgress?.('customers', n, users);
      if (!hasProofs) continue;
      const file = join(proofsDir, `${proofFileIdFromKey(roundKey, uh)}.json`);
      if (!existsSync(file)) {
        if (missingCount++ < NAMED) missing.push(leaf.uid);
        continue;
      }
      found++;
      if (!treeDiffers) continue;
      const pub = publishedBalances(file);
      const mine = leaf.balances.map(String);
      if (pub === undefined || pub.join(',') !== mine.join(',')) {
        if (misstatedCount++ < NAMED)
          misstated.push(
            `customer ${JSON.stringify(leaf.uid)}: the published proof holds balances [${pub?.join(', ') ?? 'unreadable'}], the export [${mine.join(', ')}]`
          );
      }
    }
  } catch (e) {
    if (!(e instanceof KuraError)) throw e;
    c.error(`the rebuilt tree could not be read: ${e.message}`);
    return { check: c.done(''), store };
  }
  list.sort();
  if (missingCount > 0)
    c.fail(
      `${missingCount} customer(s) of the liabilities export are missing from the published tree (no proof file): ${missing.map((u) => JSON.stringify(u)).join(', ')}${missingCount > NAMED ? ', …' : ''}`
    );
  for (const m of misstated) c.fail(m);
  if (misstatedCount > NAMED)
    c.fail(`… and ${misstatedCount - NAMED} more customers with misstated balances`);
  if (hasProofs) {
    c.fact('published proofs found for the export', `${found} of ${users}`);
    const extra = i.proofFiles! - found;
    if (extra > 0)
      c.fail(
        `${extra} published proof file(s) belong to no customer of the liabilities export (customers in the tree the export does not have, or stray files)`
      );
  }
  return {
    check: c.done(
      `the tree rebuilt from ${users} customers has the attested rootCommitment and totals; every customer has a published proof`
    ),
    store,
    uidHashes: list,
  };
}

function publishedBalances(file: string): string[] | undefined {
  try {
    const v = readJsonFile(file) as { balances?: unknown };
    return Array.isArray(v.balances) ? v.balances.map(String) : undefined;
  } catch {
    return undefined;
  }
}

function signed(d: bigint, decimals: number): string {
  return `${d >= 0n ? '+' : '−'}${formatUnits(d >= 0n ? d : -d, decimals)}`;
}
