/**
 * The protocol v2 (confidential, SPEC.md §16) steps of the month, called by the month's steps
 * when the config says `"protocol": 2`:
 *
 * - {@link buildTreeStepV2}: the v2 tree store of the whole export (`buildTreeStoreV2` of
 *   `@kura/tree/node`: Pedersen commitments per asset, pads, node hashes over both children's
 *   commitments, worker threads), in `<work>/tree` with its `root.json` (`kura-root/2`: root hash,
 *   root commitment, the opened totals and root blindings).
 * - {@link exportProofsV2}: v2 proofs cost seconds each (their range proof), so they are served
 *   on demand by `kura serve`; the month writes the private uid → proof file index of every
 *   customer and pre-builds, verifies and publishes the proofs of `prebuilt` customers (default
 *   one: the sample a demo or smoke test shows).
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KuraError } from '@kura/codec';
import { fsyncDir, writeFileAtomic } from '@kura/codec/node';
import {
  type AssetV2,
  deriveRoundKey,
  type MasterSecret,
  type Placement,
  proofFileIdFromKey,
  type Round,
  roundId,
  uidHash,
  verifyProofDocumentV2,
} from '@kura/tree';
import { buildTreeStoreV2, TreeStoreV2 } from '@kura/tree/node';
import { swapDir } from './proofs.js';
import { proofPath } from './publication.js';

/** What the v2 tree needs from the config. */
export interface TreeV2Input {
  readonly round: Round;
  readonly assets: readonly AssetV2[];
  readonly placement: Placement;
  readonly height?: number;
  readonly workers?: number;
  readonly secret: MasterSecret;
  readonly liabilities: string;
  readonly format?: 'csv' | 'jsonl';
}

/** The v2 tree step: the v2 store and its root.json in `out` (replaced as a whole). */
export async function buildTreeStepV2(
  i: TreeV2Input,
  out: string,
  onRead?: (done: number, total?: number) => void
): Promise<{ users: number }> {
  const r = await buildTreeStoreV2({
    input: i.liabilities,
    ...(i.format ? { format: i.format } : {}),
    round: i.round,
    assets: i.assets,
    masterSecret: i.secret,
    out,
    placement: i.placement,
    ...(i.height !== undefined ? { height: i.height } : {}),
    ...(i.workers !== undefined ? { workers: i.workers } : {}),
    onProgress: (phase, done, total) => {
      if (phase === 'read') onRead?.(done, total);
    },
  });
  return { users: r.users };
}

/** Options of {@link exportProofsV2}. */
export interface ExportProofsV2Options {
  /** The v2 store directory. */
  readonly tree: string;
  readonly secret: MasterSecret;
  /** `<out>/public/<id>.json` (pre-built proofs) and `<out>/index.jsonl` (every customer). */
  readonly out: string;
  /** How many customers' proofs to pre-build (the first in uid-hash order; default 1). */
  readonly prebuilt?: number;
}

/**
 * The index of every customer's proof file id and the pre-built proofs, each verified against
 * the root commitment before it is written (a directory swap: all or nothing).
 */
export function exportProofsV2(o: ExportProofsV2Options): {
  proofs: number;
  users: number;
  sample: { uid: string; file: string };
} {
  const store = TreeStoreV2.open(o.tree, o.secret);
  const tmp = join(dirname(o.out), `.${basename(o.out)}.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(join(tmp, 'public'), { recursive: true });
  let fd: number | undefined;
  try {
    const root = store.root;
    const roundKey = deriveRoundKey(o.secret, roundId(root.round));
    const n = Math.min(o.prebuilt ?? 1, store.meta.users);
    fd = openSync(join(tmp, 'index.jsonl'), 'wx', 0o600);
    let lines: string[] = [];
    const flush = () => {
      const b = Buffer.from(lines.join(''), 'utf8');
      let off = 0;
      while (off < b.length) off += writeSync(fd!, b, off, b.length - off);
      lines = [];
    };
    let sample: { uid: string; file: string } | undefined;
    let users = 0;
    for (const uid of store.uids()) {
      const file = proofPath(proofFileIdFromKey(roundKey, uidHash(uid)));
      let sha: string | undefined;
      if (users < n) {
        const doc = store.proof(uid);
        const v = verifyProofDocumentV2(doc, root.rootCommitment, {
          round: root.round,
          assets: root.assets,
        });
        if (!v.ok)
          throw new KuraError(
            'PROOF_INVALID',
            `the v2 proof of uid "${uid}" does not verify (${v.code}): the tree store is corrupt`
          );
        const text = `${JSON.stringify(doc)}\n`;
        writeFileAtomic(join(tmp, 'public', basename(file)), text);
        sha = createHash('sha256').update(text).digest('hex');
        sample ??= { uid, file };
      }
      // a proof not pre-built is served on demand (kura serve): no file, no hash yet
      lines.push(
        `${JSON.stringify({ uid, file, ...(sha ? { sha256: sha } : { onDemand: true }) })}\n`
      );
      if (lines.length >= 4096) flush();
      users++;
    }
    flush();
    closeSync(fd);
    fd = undefined;
    if (!sample || users !== store.meta.users)
      throw new KuraError(
        'STORE_CORRUPT',
        `the v2 store lists ${store.meta.users} users, ${users} read`
      );
    fsyncDir(join(tmp, 'public'));
    fsyncDir(tmp);
    swapDir(tmp, o.out);
    return { proofs: n, users, sample };
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    store.close();
  }
}
