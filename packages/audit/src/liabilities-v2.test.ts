/**
 * `kura audit`'s v2 liabilities check on files (issue 18): the auditor's export and master
 * secret against a publication directory — a genuine one passes; an export that does not match
 * the published commitments, a root file whose totals do not open the root, and a published
 * proof from another tree are each reported with their code. Then the sample hook: the auditor's
 * proof of a sampled customer verifies, and a published proof of another tree does not match.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attestation } from '@kura/attest';
import { bytesToHex } from '@kura/codec';
import { buildTreeV2, fromTreeUnits, type MemoryTreeV2, makeRootFileV2 } from '@kura/tree';
import { describe, expect, it } from 'vitest';
import { checkLiabilitiesV2 } from './liabilities-v2.js';

const round = { exchange: 'audit-v2', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const assets = [
  { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
];
const secret = new Uint8Array(32).fill(3);
const rows: [string, bigint, bigint][] = [
  ['alice', 5_000_000n, 10n ** 18n],
  ['bob', 1n, 2n],
  ['carol', 123n, 0n],
  ['dave', 0n, 7n * 10n ** 9n],
];
const csv = (r: typeof rows) =>
  `uid,BTC,ETH\n${r.map(([u, b, e]) => `${u},${b}e-8,${e}e-18`).join('\n')}\n`.replace(
    /(\d+)e-(\d+)/g,
    (_, d: string, p: string) => {
      const s = d.padStart(Number(p) + 1, '0');
      return `${s.slice(0, -Number(p))}.${s.slice(-Number(p))}`;
    }
  );
const customers = rows.map(([uid, b, e]) => ({ uid, balances: [b, e] }));
const exch = buildTreeV2(round, assets, customers, secret);

/** A publication directory and a (parsed, unsigned) attestation for `tree`'s root file. */
function publication(tree: MemoryTreeV2, root = tree.rootFile(), proofOf?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'kura-audit-v2-'));
  const text = `${JSON.stringify(root, null, 2)}\n`;
  writeFileSync(join(dir, 'root.json'), text);
  if (proofOf) {
    mkdirSync(join(dir, 'proofs'));
    writeFileSync(
      join(dir, 'proofs', `${'ab'.repeat(32)}.json`),
      JSON.stringify(tree.proof(proofOf))
    );
  }
  const att = {
    round,
    liabilities: {
      protocol: 2,
      rootCommitment: root.rootCommitment,
      rootHash: root.rootHash,
      height: root.height,
      placement: root.placement,
      assets,
      assetSetHash: root.assetSetHash,
      totals: root.totals.map((t, a) => String(fromTreeUnits(BigInt(t), assets[a]!))),
      treeTotals: root.totals,
      rootBlindings: root.rootBlindings,
    },
  } as unknown as Attestation;
  return { dir, att, root: new TextEncoder().encode(text) };
}

async function audit(p: ReturnType<typeof publication>, exportRows = rows) {
  const f = join(p.dir, 'export.csv');
  writeFileSync(f, csv(exportRows));
  return checkLiabilitiesV2({
    att: p.att,
    masterSecret: secret,
    source: { kind: 'file', file: f },
    workDir: p.dir,
    publicationDir: p.dir,
    root: p.root,
  });
}

describe('checkLiabilitiesV2', () => {
  it('a genuine publication passes; the sample hook verifies the auditor’s proof', async () => {
    const r = await audit(publication(exch, undefined, 'carol'));
    expect(r.check.problems).toEqual([]);
    expect(r.check.errors).toEqual([]);
    expect(r.check.status).toBe('pass');
    expect(r.uidHashes?.size).toBe(4);
    const mine = r.sample!.proof('dave');
    expect(mine.invalid).toBeUndefined();
    expect(mine.compare(exch.proof('dave'))).toBeUndefined();
  });

  it('an export that does not match the published commitments: ROOT_HASH_MISMATCH, TOTALS_MISMATCH', async () => {
    const r = await audit(
      publication(exch),
      rows.map((x) => (x[0] === 'bob' ? ['bob', 2n, 2n] : x))
    );
    expect(r.check.status).toBe('fail');
    const codes = r.check.problems.map((p) => p.split(':')[0]);
    expect(codes).toContain('ROOT_HASH_MISMATCH');
    expect(codes).toContain('TOTALS_MISMATCH');
    expect(codes).toContain('ROOT_OPENING_MISMATCH');
  });

  it('published totals that do not open the root (attested consistently): ROOT_OPENING_MISMATCH', async () => {
    const forged = makeRootFileV2({
      round,
      assets,
      placement: exch.placement,
      height: exch.height,
      rootHash: exch.rootHash,
      totals: exch.totals.map((v, a) => (a === 1 ? v - 1_000_000_000n : v)),
      rootBlindings: exch.rootBlindings,
    });
    const r = await audit(publication(exch, forged));
    expect(r.check.problems.map((p) => p.split(':')[0])).toEqual([
      'ROOT_OPENING_MISMATCH',
      'TOTALS_MISMATCH',
    ]);
  });

  it('a published proof of another tree (a commitment not matching the export): PROOF_COMMITMENT_MISMATCH or PROOF_INVALID', async () => {
    const other = buildTreeV2(
      round,
      assets,
      customers.map((c) => (c.uid === 'bob' ? { ...c, balances: [0n, 2n] } : c)),
      secret
    );
    const r = await audit(publication(exch));
    expect(r.check.status).toBe('pass');
    const why = r.sample!.proof('carol').compare(other.proof('carol'));
    expect(why).toMatch(/^PROOF_INVALID: .*ROOT_MISMATCH|^PROOF_COMMITMENT_MISMATCH/);
    expect(bytesToHex(other.rootCommitment)).not.toBe(bytesToHex(exch.rootCommitment));
  });
});
