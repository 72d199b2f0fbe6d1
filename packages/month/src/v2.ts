/**
 * The protocol v2 (confidential, SPEC.md §16) steps of the month, called by `runMonth` when the
 * config says `"protocol": 2`:
 *
 * - {@link buildTreeStepV2}: the v2 tree of the whole export (Pedersen commitments per asset,
 *   pads, node hashes over both children's commitments; `buildTreeV2` of `@kura/tree`, in
 *   memory), written as `<work>/tree/root.json` (`kura-root/2`: root hash, root commitment, the
 *   opened totals and root blindings). Written as a whole directory swap.
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
  buildTreeV2,
  deriveRoundKey,
  type MasterSecret,
  type MemoryTreeV2,
  type Placement,
  proofFileIdFromKey,
  type Round,
  uidHash,
  verifyProofDocumentV2,
} from '@kura/tree';
import { type CustomerRow, readCustomers } from '@kura/tree/node';
import { swapDir } from './proofs.js';
import { proofPath } from './publication.js';

/** What the v2 tree needs from the config. */
export interface TreeV2Input {
  readonly round: Round;
  readonly assets: readonly AssetV2[];
  readonly placement: Placement;
  readonly height?: number;
  readonly secret: MasterSecret;
  readonly liabilities: string;
  readonly format?: 'csv' | 'jsonl';
}

/** A v2 tree in memory with the export's rows (for proofs). */
export interface LoadedTreeV2 {
  readonly tree: MemoryTreeV2;
  readonly customers: readonly CustomerRow[];
}

/** Read the export and build the v2 tree in memory. */
export function loadTreeV2(i: TreeV2Input): LoadedTreeV2 {
  const customers = readCustomers(i.liabilities, i.assets, i.format);
  const tree = buildTreeV2(i.round, i.assets, customers, i.secret, {
    placement: i.placement,
    ...(i.height !== undefined ? { height: i.height } : {}),
  });
  return { tree, customers };
}

/** The v2 tree step: build, write `<out>/root.json` (directory swap). */
export function buildTreeStepV2(i: TreeV2Input, out: string): LoadedTreeV2 & { users: number } {
  const loaded = loadTreeV2(i);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  try {
    writeFileAtomic(join(tmp, 'root.json'), `${JSON.stringify(loaded.tree.rootFile(), null, 2)}\n`);
    fsyncDir(tmp);
    swapDir(tmp, out);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { ...loaded, users: loaded.customers.length };
}

/** Options of {@link exportProofsV2}. */
export interface ExportProofsV2Options {
  readonly loaded: LoadedTreeV2;
  readonly secret: MasterSecret;
  /** `<out>/public/<id>.json` (pre-built proofs) and `<out>/index.jsonl` (every customer). */
  readonly out: string;
  /** How many customers' proofs to pre-build (first in export order; default 1). */
  readonly prebuilt?: number;
}

/**
 * The index of every customer's proof file id and the pre-built proofs, each verified against
 * the root commitment before it is written (a directory swap: all or nothing).
 */
export function exportProofsV2(o: ExportProofsV2Options): {
  proofs: number;
  sample: { uid: string; file: string };
} {
  const { tree, customers } = o.loaded;
  const n = Math.min(o.prebuilt ?? 1, customers.length);
  const roundKey = deriveRoundKey(o.secret, tree.roundId);
  const rc = tree.rootFile().rootCommitment;
  const tmp = join(dirname(o.out), `.${basename(o.out)}.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(join(tmp, 'public'), { recursive: true });
  let fd: number | undefined;
  try {
    const built = new Map<string, string>();
    for (const c of customers.slice(0, n)) {
      const doc = tree.proof(c.uid);
      const v = verifyProofDocumentV2(doc, rc, { round: tree.round, assets: tree.assets });
      if (!v.ok)
        throw new KuraError(
          'PROOF_INVALID',
          `the v2 proof of uid "${c.uid}" does not verify (${v.code}): ${v.message}`
        );
      const text = `${JSON.stringify(doc)}\n`;
      const rel = proofPath(proofFileIdFromKey(roundKey, uidHash(c.uid)));
      writeFileAtomic(join(tmp, 'public', basename(rel)), text);
      built.set(c.uid, createHash('sha256').update(text).digest('hex'));
    }
    fd = openSync(join(tmp, 'index.jsonl'), 'wx', 0o600);
    let lines: string[] = [];
    const flush = () => {
      const b = Buffer.from(lines.join(''), 'utf8');
      let off = 0;
      while (off < b.length) off += writeSync(fd!, b, off, b.length - off);
      lines = [];
    };
    for (const c of customers) {
      const file = proofPath(proofFileIdFromKey(roundKey, uidHash(c.uid)));
      const sha = built.get(c.uid);
      // a proof not pre-built is served on demand (kura serve): no file, no hash yet
      lines.push(
        `${JSON.stringify({ uid: c.uid, file, ...(sha ? { sha256: sha } : { onDemand: true }) })}\n`
      );
      if (lines.length >= 4096) flush();
    }
    flush();
    closeSync(fd);
    fd = undefined;
    fsyncDir(join(tmp, 'public'));
    fsyncDir(tmp);
    swapDir(tmp, o.out);
    const first = customers[0]!;
    return {
      proofs: n,
      sample: { uid: first.uid, file: proofPath(proofFileIdFromKey(roundKey, uidHash(first.uid))) },
    };
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
