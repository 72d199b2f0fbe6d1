/**
 * The liabilities check of `kura audit` for a protocol v2 (confidential) publication (issue 18,
 * SPEC.md §16): read the auditor's full liabilities export, rebuild the v2 tree from it and the
 * master secret with the attested round, v2 asset list, placement and height — every leaf
 * commitment, pad, node hash and node commitment, as a v2 store (`buildTreeStoreV2`, worker
 * threads) in the audit's scratch directory — and judge the publication with
 * {@link auditTreeV2}: the published `kura-root/2`, the attested root commitment, the opening of
 * the recomputed root by the published totals, the tree's shape, totals and root hash, and every
 * published proof (`verifyProofDocumentV2`, then leaf and siblings against the rebuild). Each
 * problem is reported as `CODE: sentence`. Also returns what the beacon sample needs: the uid
 * list and the auditor's v2 proofs ({@link SampleTreeV2}).
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attestation } from '@kura/attest';
import { formatUnits, InputError, KuraError, parseJsonBytes } from '@kura/codec';
import { exportPostgres, PUBLICATION } from '@kura/month';
import {
  type AssetV2,
  fromTreeUnits,
  type MasterSecret,
  parseRootFileV2,
  uidHash,
  verifyProofDocumentV2,
} from '@kura/tree';
import { buildTreeStoreV2, TreeStoreV2 } from '@kura/tree/node';
import { type AuditCheck, Check, messageOf } from './check.js';
import type { SampleTreeV2 } from './confirm.js';
import { describeSource, type LiabilitiesSource } from './liabilities.js';
import { UidHashList } from './sample.js';
import { type AuditorTreeV2, auditTreeV2, type ProofToCheck } from './tree-v2.js';

/** Inputs of {@link checkLiabilitiesV2}. */
export interface LiabilitiesV2Input {
  readonly att: Attestation;
  readonly masterSecret: MasterSecret;
  readonly source: LiabilitiesSource;
  /** Private temporary directory (a PostgreSQL export is written below it). */
  readonly workDir: string;
  readonly publicationDir: string;
  /** The published root.json bytes (undefined: missing). */
  readonly root?: Uint8Array;
  /** Worker threads of the rebuild (default: the cores). */
  readonly workers?: number;
  readonly onProgress?: (phase: string, done: number, total?: number) => void;
}

/** What {@link checkLiabilitiesV2} returns. */
export interface LiabilitiesV2Result {
  readonly check: AuditCheck;
  readonly sample?: SampleTreeV2;
  readonly uidHashes?: UidHashList;
}

/** What the auditor's rebuilt v2 store gives the audit (it is closed by `close`). */
function storeAuditorTree(store: TreeStoreV2): AuditorTreeV2 {
  const r = parseRootFileV2(store.root);
  return {
    round: store.root.round,
    assets: store.root.assets,
    assetSetHash: r.assetSetHash,
    placement: store.root.placement,
    height: store.root.height,
    rootHash: r.rootHash,
    totals: r.totals,
    rootBlindings: r.rootBlindings,
    rootCommitment: r.rootCommitment,
    proof(uid) {
      try {
        return store.proof(uid);
      } catch (e) {
        if (e instanceof InputError && e.location.field === '--uid') return undefined;
        throw e;
      }
    },
  };
}

/** Rebuild the v2 tree and judge the publication (see the module doc). */
export async function checkLiabilitiesV2(i: LiabilitiesV2Input): Promise<LiabilitiesV2Result> {
  const c = new Check(
    'liabilities',
    'Liabilities tree (protocol v2) recomputed from the full export'
  );
  const L = i.att.liabilities;
  const assets = L.assets as readonly AssetV2[];
  c.fact('protocol', 2);
  c.fact('liabilities export', describeSource(i.source));
  let store: TreeStoreV2;
  let users: number;
  let cleanup: () => void = () => undefined;
  try {
    let input = i.source.kind === 'file' ? i.source.file : '';
    let format: 'csv' | 'jsonl' | undefined;
    if (i.source.kind === 'postgres') {
      const x = await exportPostgres({
        url: i.source.url,
        query: i.source.query,
        assets,
        form: i.source.form,
        tmpDir: i.workDir,
        onProgress: (rows) => i.onProgress?.('export', rows),
      });
      input = x.path;
      format = 'jsonl';
      cleanup = () => x.cleanup();
      c.fact('rows exported', x.rows);
    }
    const built = await buildTreeStoreV2({
      input,
      ...(format ? { format } : {}),
      round: i.att.round,
      assets,
      masterSecret: i.masterSecret,
      out: join(i.workDir, 'tree-v2'),
      placement: L.placement,
      height: L.height,
      ...(i.workers !== undefined ? { workers: i.workers } : {}),
      ...(i.onProgress ? { onProgress: i.onProgress } : {}),
    });
    users = built.users;
    store = TreeStoreV2.open(built.dir, i.masterSecret);
  } catch (e) {
    if (e instanceof InputError && e.location.field === 'height')
      c.fail(
        `TREE_SHAPE_MISMATCH: the liabilities export does not fit the attested tree: ${e.reason}`
      );
    else c.error(`the v2 tree could not be rebuilt from the export: ${messageOf(e)}`);
    return { check: c.done('') };
  } finally {
    cleanup();
  }
  c.fact('customers in the export', users);
  const tree = storeAuditorTree(store);

  // published proofs (v2 proofs are served on demand: usually only a pre-built few)
  const proofs: ProofToCheck[] = [];
  const dir = join(i.publicationDir, PUBLICATION.proofsDir);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    // no proofs/ directory: every proof is served on demand
  }
  for (const n of names) {
    try {
      proofs.push({
        source: `proofs/${n}`,
        doc: parseJsonBytes(new Uint8Array(readFileSync(join(dir, n))), { file: n }),
      });
    } catch (e) {
      c.fail(`PROOF_INVALID: proofs/${n}: ${messageOf(e)}`);
    }
  }
  let root: unknown;
  try {
    root = i.root ? parseJsonBytes(i.root, { file: 'root.json' }) : undefined;
  } catch (e) {
    c.fail(`ROOT_FILE_INVALID: root.json: ${messageOf(e)}`);
  }
  const r = auditTreeV2({ root, attestedRootCommitment: L.rootCommitment, tree, proofs });
  for (const f of r.findings) c.fail(`${f.code}: ${f.message}`);
  c.fact('recomputed rootCommitment', r.recomputed.rootCommitment);
  c.fact('attested rootCommitment', L.rootCommitment);
  c.fact('published proofs checked', `${r.proofsChecked} of ${proofs.length}`);
  c.table(
    'Totals per asset (opened root, tree units rounded up per customer)',
    ['asset', 'attested', 'recomputed', ''],
    assets.map((a, k) => {
      const att = BigInt(L.totals[k]!);
      const mine = fromTreeUnits(tree.totals[k]!, a);
      return [
        a.symbol,
        formatUnits(att, a.decimals),
        formatUnits(mine, a.decimals),
        att === mine ? 'match' : 'MISMATCH',
      ];
    })
  );
  if (L.userCount !== undefined && BigInt(L.userCount) !== BigInt(users))
    c.fail(
      `the attestation discloses ${L.userCount} customers; the liabilities export has ${users}`
    );
  const list = new UidHashList(users);
  for (const uid of store.uids()) list.push(uidHash(uid));
  list.sort();
  const sample: SampleTreeV2 = {
    // balances come with each sampled customer's proof (the store reads them with the proof)
    leaves: function* () {
      for (const uid of store.uids()) yield { uid, balances: [] };
    },
    proof(uid) {
      const proof = tree.proof(uid);
      if (!proof) throw new KuraError('UID_NOT_FOUND', `no customer ${JSON.stringify(uid)}`);
      const v = verifyProofDocumentV2(proof, L.rootCommitment, { round: i.att.round, assets });
      return {
        proof,
        ...(v.ok ? {} : { invalid: v.code }),
        compare(published: unknown) {
          const x = auditTreeV2({
            root,
            attestedRootCommitment: L.rootCommitment,
            tree,
            proofs: [{ source: 'published', doc: published }],
          });
          const bad = x.findings.find((f) => f.code.startsWith('PROOF_'));
          return bad ? `${bad.code}: ${bad.message}` : undefined;
        },
      };
    },
    close: () => store.close(),
  };
  return {
    check: c.done(
      `the v2 tree rebuilt from ${users} customers has the attested root commitment; the published totals open its root; ${r.proofsChecked} published proof(s) verified`
    ),
    sample,
    uidHashes: list,
  };
}
