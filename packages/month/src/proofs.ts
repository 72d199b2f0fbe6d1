/**
 * Export every customer's inclusion proof for publication: one file per customer named by its
 * keyed id (`proofs/<proofFileId>.json`, SPEC.md §10.2; `proofFileIdNode` of `@kura/tree/node`), plus the private uid → file index the exchange uses to hand each customer
 * their link.
 *
 * Written into a temporary directory beside `out` and swapped into place as a whole, so a killed
 * export leaves the previous complete export or none.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KuraError, readJson } from '@kura/codec';
import { fsyncDir } from '@kura/codec/node';
import { deriveRoundKey, type MasterSecret, roundId, uidHash, verifyProof } from '@kura/tree';
import { proofFileIdNode, TreeStore } from '@kura/tree/node';
import { proofPath } from './publication.js';

/** Options of {@link exportProofs}. */
export interface ExportProofsOptions {
  /** The tree store directory. */
  readonly tree: string;
  readonly secret: MasterSecret;
  /** The directory to create: `<out>/public/<id>.json` and `<out>/index.jsonl`. */
  readonly out: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link exportProofs} wrote. */
export interface ExportProofsResult {
  readonly proofs: number;
  /** One customer and their proof's publication path (for a demo or a smoke test). */
  readonly sample: { readonly uid: string; readonly file: string };
}

/** Write every proof; each one is checked against the root before it is written. */
export function exportProofs(o: ExportProofsOptions): ExportProofsResult {
  const store = TreeStore.open(o.tree, o.secret);
  const out = o.out;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(join(tmp, 'public'), { recursive: true });
  let index: number | undefined;
  try {
    const roundKey = deriveRoundKey(o.secret, roundId(store.root.round));
    index = openSync(join(tmp, 'index.jsonl'), 'wx', 0o600);
    const total = store.meta.users;
    const expected = {
      rootCommitment: store.root.rootCommitment,
      round: store.root.round,
      assets: [...store.root.assets],
    };
    let n = 0;
    let sample: ExportProofsResult['sample'] | undefined;
    let lines: string[] = [];
    const flush = () => {
      const b = Buffer.from(lines.join(''), 'utf8');
      let off = 0;
      while (off < b.length) off += writeSync(index!, b, off, b.length - off);
      lines = [];
    };
    for (const proof of store.proofs()) {
      const text = `${JSON.stringify(proof)}\n`;
      // the first proof (and every 1000th) is verified before anything is published
      if (n % 1000 === 0) {
        const v = readJson(text, (p) => verifyProof(p, expected)); // as a reader will parse it
        if (!v.ok)
          throw new KuraError(
            'PROOF_INVALID',
            `the proof of uid "${proof.uid}" does not verify (${v.code}): the tree store is corrupt`
          );
      }
      const rel = proofPath(proofFileIdNode(roundKey, uidHash(proof.uid)));
      const fd = openSync(join(tmp, 'public', basename(rel)), 'wx', 0o644);
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      const sha = createHash('sha256').update(text).digest('hex');
      lines.push(`${JSON.stringify({ uid: proof.uid, file: rel, sha256: sha })}\n`);
      if (lines.length >= 4096) flush();
      if (!sample) sample = { uid: proof.uid, file: rel };
      n++;
      o.onProgress?.(n, total);
    }
    flush();
    closeSync(index);
    index = undefined;
    if (n !== total || !sample)
      throw new KuraError('STORE_CORRUPT', `the tree store lists ${total} users, ${n} proofs read`);
    fsyncDir(join(tmp, 'public'));
    fsyncDir(tmp);
    swapDir(tmp, out);
    return { proofs: n, sample };
  } catch (e) {
    if (index !== undefined) closeSync(index);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    store.close();
  }
}

/** Move a finished temp dir to `target`, replacing a previous one (old → aside → removed). */
export function swapDir(tmp: string, target: string): void {
  if (existsSync(target)) {
    const old = `${tmp}.old`;
    renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  } else renameSync(tmp, target);
  fsyncDir(dirname(target));
}
