/**
 * `kura audit` as a function: every check in order, the report, and the counter-signature —
 * given ONLY when every check passed.
 *
 * 1. publication — files present, SHA256SUMS, the attestation parses;
 * 2. attestation — exchange signature against the pinned key, every number, root.json and
 *    evidence.json are the attested ones (`@kura/attest` verifyAttestation);
 * 3. chain — the hash chain to the previous attestation;
 * 4. liabilities — the tree rebuilt from the full export and the master secret matches the
 *    rootCommitment and totals; every customer has a published proof, nobody else has one;
 * 5. reserves — every evidence entry re-verified on the auditor's own nodes, for this round;
 * 6. policy — the policy evaluation recomputed term by term;
 * 7. sample — customers drawn with a Bitcoin block-hash beacon; their published proofs are
 *    the auditor's.
 * Outcome: `pass` (exit 0, counter-signed), `fail` (exit 1: some check failed), `error`
 * (exit 2: nothing failed, but something could not be checked).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Attestation,
  type DigestSigner,
  type SigAlg,
  type SigningKey,
  signAttestation,
  statementSha256,
  verifyAttestation,
} from '@kura/attest';
import type { ChainSource } from '@kura/bitcoin';
import type { EthAssetTable, RpcClient } from '@kura/ethereum';
import type { MasterSecret } from '@kura/tree';
import type { TreeStore } from '@kura/tree/node';
import type { XrplAsset, XrplClient } from '@kura/xrpl';
import { checkAttestation } from './attestation.js';
import { type AuditCheck, Check, messageOf, skipped } from './check.js';
import { checkSample, type Sample } from './confirm.js';
import { checkLiabilities, describeSource, type LiabilitiesSource } from './liabilities.js';
import { checkLiabilitiesV2 } from './liabilities-v2.js';
import { checkPolicy } from './policy.js';
import { readPublication } from './publication.js';
import { checkReserves } from './reserves.js';

/** The auditor's signing key. */
export interface AuditorKey {
  readonly alg: SigAlg;
  /** The key itself (a key file) or a signer in a token. */
  readonly signer: SigningKey | DigestSigner;
  readonly publicKey: string;
  readonly fingerprint: string;
}

/** The Bitcoin-family sources as a list. */
function btcList(b: AuditOptions['btc']): readonly ChainSource[] {
  return b === undefined ? [] : Array.isArray(b) ? b : [b as ChainSource];
}

/** Options of {@link runAudit}. */
export interface AuditOptions {
  readonly publication: string;
  readonly masterSecret: MasterSecret;
  readonly liabilities: LiabilitiesSource;
  /**
   * The auditor's Bitcoin-family nodes: one source, or one per chain (BTC, LTC, BCH, …; two of
   * one chain are cross-checked). The Bitcoin one also gives the beacon.
   */
  readonly btc?: ChainSource | readonly ChainSource[];
  readonly eth: readonly RpcClient[];
  readonly ethAssets?: EthAssetTable;
  readonly xrp?: readonly XrplClient[];
  readonly xrpAssets?: ReadonlyMap<string, readonly XrplAsset[]>;
  readonly btcConfirmations: number;
  readonly ethConfirmations: number;
  /** Accept Ethereum balances without a state proof (`--allow-unproven`). */
  readonly allowUnproven: boolean;
  /** EIP-1271 wallet code hashes the auditor accepts (`--accept-wallet-code`). */
  readonly acceptedWalletCodeHashes: readonly string[];
  readonly key: AuditorKey;
  /** The trust file; `own` = given by the auditor (not the publication's). */
  readonly trust?: { readonly bytes: Uint8Array; readonly source: string };
  readonly previous?: { readonly bytes: Uint8Array; readonly file: string };
  readonly beaconDepth: number;
  readonly beaconMinHeight: number;
  /** Allowed beacon time-stamp skew, seconds (`checkBeacon` of @kura/bitcoin). */
  readonly beaconTimeSkew: number;
  readonly sampleSize: number;
  /** "now" for the attestation's validity period (ms; default: the clock's reading at the start). */
  readonly now?: number;
  /** The clock of the report's `startedAt` / `finishedAt` (epoch ms; default `Date.now`). */
  readonly clock?: () => number;
  /**
   * Where the private scratch directory (the rebuilt tree store, a PostgreSQL export) is made
   * and removed again (default: the OS temp directory).
   */
  readonly tmpDir?: string;
  readonly workers?: number;
  readonly onProgress?: (phase: string, done: number, total?: number) => void;
}

/** The outcome. */
export type AuditResult = 'pass' | 'fail' | 'error';

/** The audit report (`kura-audit/1`). */
export interface AuditReport {
  readonly version: 'kura-audit/1';
  readonly result: AuditResult;
  readonly exitCode: 0 | 1 | 2;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly auditor: {
    readonly alg: string;
    readonly publicKey: string;
    readonly fingerprint: string;
  };
  readonly attestation?: {
    readonly exchange: string;
    readonly exchangeName: string;
    readonly period: string;
    readonly snapshotTime: string;
    readonly sequence: number;
    readonly roundId: string;
    readonly rootCommitment: string;
    readonly statementSha256: string;
  };
  readonly inputs: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, number | boolean | readonly string[]>>;
  readonly checks: readonly AuditCheck[];
  readonly counterSigned: boolean;
  readonly problems: readonly string[];
}

/** What {@link runAudit} returns. */
export interface AuditOutcome {
  readonly report: AuditReport;
  readonly sample?: Sample;
  /** The counter-signed attestation (only when the result is `pass`). */
  readonly signed?: Attestation;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Run every check; counter-sign only if all pass. Never writes files (the caller does:
 * {@link writeReport}) beyond its private scratch directory, never prints: progress goes to
 * `onProgress`. Each check is a function of its own (`checkAttestation`, `checkLiabilities`,
 * `checkReserves`, `checkPolicy`, `checkSample`), callable alone.
 */
export async function runAudit(o: AuditOptions): Promise<AuditOutcome> {
  const clock = o.clock ?? Date.now;
  const started = clock();
  const now = o.now ?? started;
  const checks: AuditCheck[] = [];
  const { pub, check: pubCheck } = readPublication(o.publication);
  checks.push(pubCheck);
  const trust = o.trust
    ? { ...o.trust, own: true }
    : pub.files.trust
      ? { bytes: pub.files.trust, source: `${o.publication}/trust.json`, own: false }
      : undefined;
  const att = pub.attestation;
  let sample: Sample | undefined;
  let signed: Attestation | undefined;
  const work = mkdtempSync(join(o.tmpDir ?? tmpdir(), 'kura-audit-'));
  let store: TreeStore | undefined;
  try {
    if (!trust) {
      checks.push(skipped('attestation', 'Exchange signature', 'no trust file (give --trust)'));
      checks.push(skipped('chain', 'Hash chain', 'no trust file'));
    } else {
      const a = checkAttestation({
        pub,
        trust,
        auditorKey: o.key,
        ...(o.previous ? { previous: o.previous } : {}),
        now,
      });
      checks.push(a.attestation, a.chain);
    }
    if (!att) {
      for (const [id, t] of [
        ['liabilities', 'Liabilities tree'],
        ['reserves', 'Reserves'],
        ['policy', 'Policy arithmetic'],
        ['sample', 'Sample'],
      ] as const)
        checks.push(skipped(id, t, 'attestation.json does not parse'));
    } else {
      o.onProgress?.('liabilities', 0);
      // protocol v2 (issue 18): the v2 tree rebuilt and judged by liabilities-v2.ts
      const V2 =
        att.liabilities.protocol === 2
          ? await checkLiabilitiesV2({
              att,
              masterSecret: o.masterSecret,
              source: o.liabilities,
              workDir: work,
              publicationDir: o.publication,
              ...(pub.files.root ? { root: pub.files.root } : {}),
              ...(o.workers !== undefined ? { workers: o.workers } : {}),
              ...(o.onProgress ? { onProgress: o.onProgress } : {}),
            })
          : undefined;
      const L =
        V2 ??
        (await checkLiabilities({
          att,
          masterSecret: o.masterSecret,
          source: o.liabilities,
          workDir: work,
          publicationDir: o.publication,
          ...(pub.proofFiles !== undefined ? { proofFiles: pub.proofFiles } : {}),
          ...(o.workers !== undefined ? { workers: o.workers } : {}),
          ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        }));
      store = 'store' in L ? L.store : undefined;
      checks.push(L.check);
      o.onProgress?.('reserves', 0);
      checks.push(
        await checkReserves({
          att,
          ...(pub.files.evidence ? { evidenceBytes: pub.files.evidence } : {}),
          ...(o.btc ? { btc: o.btc } : {}),
          btcConfirmations: o.btcConfirmations,
          eth: o.eth,
          ...(o.ethAssets ? { ethAssets: o.ethAssets } : {}),
          ...(o.xrp ? { xrp: o.xrp } : {}),
          ...(o.xrpAssets ? { xrpAssets: o.xrpAssets } : {}),
          ethConfirmations: o.ethConfirmations,
          allowUnproven: o.allowUnproven,
          acceptedWalletCodeHashes: o.acceptedWalletCodeHashes,
          ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        })
      );
      checks.push(checkPolicy(att, pub));
      if ((store || V2?.sample) && L.uidHashes) {
        o.onProgress?.('sample', 0);
        const s = await checkSample({
          att,
          ...(store ? { store } : {}),
          ...(V2?.sample ? { v2: V2.sample } : {}),
          uidHashes: L.uidHashes,
          masterSecret: o.masterSecret,
          ...(o.btc ? { btc: o.btc } : {}),
          depth: o.beaconDepth,
          minHeight: o.beaconMinHeight,
          skewSeconds: o.beaconTimeSkew,
          size: o.sampleSize,
          publicationDir: o.publication,
        });
        checks.push(s.check);
        sample = s.sample;
      } else checks.push(skipped('sample', 'Sample', 'the liabilities tree could not be rebuilt'));
      V2?.sample?.close?.();
    }

    let result: AuditResult = checks.some((c) => c.status === 'fail')
      ? 'fail'
      : checks.some((c) => c.status === 'error')
        ? 'error'
        : 'pass';
    if (result === 'pass' && att && trust) {
      const sig = counterSign(att, o.key, trust.bytes, now);
      checks.push(sig.check);
      if (sig.check.status !== 'pass') result = sig.check.status === 'fail' ? 'fail' : 'error';
      else signed = sig.signed;
    }
    const report: AuditReport = {
      version: 'kura-audit/1',
      result,
      exitCode: result === 'pass' ? 0 : result === 'fail' ? 1 : 2,
      startedAt: iso(started),
      finishedAt: iso(clock()),
      auditor: { alg: o.key.alg, publicKey: o.key.publicKey, fingerprint: o.key.fingerprint },
      ...(att
        ? {
            attestation: {
              exchange: att.exchange.id,
              exchangeName: att.exchange.name,
              period: att.round.period,
              snapshotTime: att.round.snapshotTime,
              sequence: att.sequence,
              roundId: att.roundId,
              rootCommitment: att.liabilities.rootCommitment,
              statementSha256: statementSha256(att),
            },
          }
        : {}),
      inputs: {
        publication: o.publication,
        liabilities: describeSource(o.liabilities),
        ...(btcList(o.btc).length
          ? {
              bitcoin: btcList(o.btc)
                .map((s) => `${s.kind} ${s.endpoint}`)
                .join(', '),
            }
          : {}),
        ...(o.eth.length ? { ethereum: o.eth.map((r) => r.endpoint).join(', ') } : {}),
        ...(o.xrp?.length ? { xrpl: o.xrp.map((r) => r.endpoint).join(', ') } : {}),
        trust: trust?.source ?? 'none',
        ...(o.previous ? { previous: o.previous.file } : {}),
      },
      parameters: {
        beaconDepth: o.beaconDepth,
        beaconMinHeight: o.beaconMinHeight,
        beaconTimeSkew: o.beaconTimeSkew,
        sampleSize: o.sampleSize,
        btcConfirmations: o.btcConfirmations,
        ethConfirmations: o.ethConfirmations,
        allowUnproven: o.allowUnproven,
        acceptedWalletCodeHashes: o.acceptedWalletCodeHashes,
      },
      checks,
      counterSigned: signed !== undefined,
      problems: checks.flatMap((c) => c.problems.map((p) => `${c.id}: ${p}`)),
    };
    return { report, ...(sample ? { sample } : {}), ...(signed ? { signed } : {}) };
  } finally {
    store?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Add the auditor's counter-signature (an existing one by the same key is kept). */
function counterSign(
  att: Attestation,
  key: AuditorKey,
  trust: Uint8Array,
  now: number
): { check: AuditCheck; signed?: Attestation } {
  const c = new Check('counter-signature', "The auditor's counter-signature");
  const existing = att.signatures.find((s) => s.role === 'auditor');
  let signed: Attestation;
  if (existing) {
    if (existing.alg !== key.alg || existing.publicKey !== key.publicKey) {
      c.error('the attestation already carries the counter-signature of another auditor key');
      return { check: c.done('') };
    }
    signed = att;
    c.note("the attestation already carried this auditor key's counter-signature");
  } else {
    try {
      signed = signAttestation(att, 'auditor', key.signer);
    } catch (e) {
      c.error(`could not counter-sign: ${messageOf(e)}`);
      return { check: c.done('') };
    }
  }
  c.fact('auditor key', `${key.alg} ${key.fingerprint}`);
  const r = verifyAttestation(JSON.stringify(signed), {
    trust,
    requiredRoles: ['exchange', 'auditor'],
    now,
    noPrevious: true, // the signatures are checked here; the chain has its own check
  });
  if (r.ok) c.fact('verification', 'exchange and auditor signatures verify with the trust file');
  else if (r.code === 'UNTRUSTED_KEY')
    c.note(
      'the counter-signed attestation verifies only once the auditor key is pinned in the trust file (role auditor)'
    );
  else c.error(`the counter-signed attestation does not verify: ${r.code}: ${r.message}`);
  return {
    check: c.done('counter-signed: every check passed'),
    ...(c.status === 'pass' ? { signed } : {}),
  };
}
