/**
 * The month as a library, the way an exchange's own scheduler calls it: the config held in memory
 * with its paths under an injected root directory, an injected clock, injected keys and an
 * injected XRP Ledger source (recorded rippled replies, `../test/xrp-month.ts`), step reports and
 * progress through callbacks. Then the same month step by step, each step function called on its
 * own, gives byte-identical outputs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAttestationBytes, verifyAttestation } from '@kura/attest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  monthConfig as config,
  keys,
  NOW,
  rippledCalls,
  sources,
  writeInputs,
} from '../test/xrp-month.js';
import {
  attestMonth,
  buildTree,
  closeMonth,
  collectLiabilities,
  collectReserves,
  evaluateMonthPolicy,
  exportMonthProofs,
  mergeReserves,
  openMonth,
  publishMonth,
  runMonth,
  summarizeMonth,
} from './month.js';
import { checkSums, PUBLICATION, WORKDIR } from './publication.js';
import type { StepReport } from './state.js';

let root: string;
const p = (f: string) => join(root, f);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kura-month-lib-'));
  writeInputs(root);
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('runMonth as a library', () => {
  it('injected root, clock, keys and source; steps and progress reported through callbacks', async () => {
    const cfg = config(root, 'work');
    expect(cfg.workDir).toBe(p('work'));
    expect(cfg.publication).toBe(p('work/publication'));
    const steps: StepReport[] = [];
    const bars: string[] = [];
    const s = await runMonth(cfg, {
      now: NOW,
      keys,
      sources,
      onStep: (r) => steps.push(r),
      progress: (label) => {
        bars.push(label);
        return { update() {}, finish() {} };
      },
    });
    expect(rippledCalls.count).toBeGreaterThan(0);
    expect(steps.map((r) => `${r.id}:${r.status}`)).toEqual([
      'tree:done',
      'xrp:done',
      'evidence:done',
      'policy:done',
      'attestation:done',
      'proofs:done',
      'publish:done',
    ]);
    expect(s.steps).toEqual(steps);
    expect(bars).toEqual(['tree', 'xrp accounts', 'proofs']);
    // the clock: issuedAt and the state file's time stamps
    const bytes = readFileSync(p(`work/publication/${PUBLICATION.attestation}`));
    const att = parseAttestationBytes(bytes);
    expect(att.issuedAt).toBe('2026-12-01T09:30:00Z');
    const state = JSON.parse(readFileSync(p(`work/${WORKDIR.state}`), 'utf8'));
    for (const id of ['tree', 'xrp', 'publish'])
      expect(state.steps[id].finishedAt).toBe('2026-12-01T09:30:00.000Z');
    // the result is a real month: verified signature, covered, intact publication
    const v = verifyAttestation(bytes, {
      trust: readFileSync(p('trust.json')),
      requiredRoles: ['exchange'],
      now: NOW,
    });
    expect(v).toMatchObject({ ok: true });
    expect(s).toMatchObject({ users: 3, proofs: 3, pass: true, workDir: p('work') });
    expect(checkSums(p('work/publication'))).toMatchObject({ ok: true });
    expect(existsSync(p('no-such-secret.hex'))).toBe(false);

    // a second run with the same inputs skips every step
    const again: string[] = [];
    await runMonth(cfg, {
      now: NOW + 3_600_000,
      keys,
      sources,
      onStep: (r) => again.push(r.status),
    });
    expect(again).toEqual(Array(7).fill('skipped'));
  });

  it('each step on its own, in order, gives the same bytes as runMonth', async () => {
    const full = readFileSync(p(`work/publication/${PUBLICATION.attestation}`));
    const cfg = config(root, 'work-by-step');
    const ctx = openMonth(cfg, { now: () => NOW, keys, sources });
    try {
      const liabilities = await collectLiabilities(ctx);
      expect(liabilities).toEqual({ file: p('customers.csv'), format: 'csv' });
      const tree = await buildTree(ctx, liabilities);
      expect(tree.users).toBe(3);
      const parts = await collectReserves(ctx);
      expect(parts).toEqual([WORKDIR.xrpEvidence]);
      const evidence = await mergeReserves(ctx, parts, tree);
      const policy = await evaluateMonthPolicy(ctx, tree, evidence);
      expect(policy.policyId).toBe('JP-FSA-2026');
      const attestation = await attestMonth(ctx, tree, evidence, policy);
      expect(Buffer.from(attestation.attestationBytes).equals(full)).toBe(true);
      const proofs = await exportMonthProofs(ctx, tree);
      await publishMonth(ctx, tree, evidence, policy, attestation, proofs);
      const s = summarizeMonth(ctx, tree, policy, proofs);
      expect(s.pass).toBe(true);
      expect(s.steps.map((r) => r.id)).toEqual([
        'tree',
        'xrp',
        'evidence',
        'policy',
        'attestation',
        'proofs',
        'publish',
      ]);
    } finally {
      closeMonth(ctx);
    }
    for (const f of [PUBLICATION.evidence, PUBLICATION.root, PUBLICATION.attestation])
      expect(readFileSync(p(`work-by-step/publication/${f}`))).toEqual(
        readFileSync(p(`work/publication/${f}`))
      );
    // closeMonth released the lock: the directory can be opened again
    closeMonth(openMonth(cfg, { keys, sources }));
  });
});
