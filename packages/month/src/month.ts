/**
 * `runMonth`: one month of Kura in one call — the code path of `kura run` and of the demo.
 *
 * Steps (each resumable, see `state.ts`):
 * 1. `liabilities` (PostgreSQL source only) — re-read the query through a server-side cursor
 *    into `<work>/liabilities.jsonl` (mode 0600); "unchanged" when the export has the same bytes.
 * 2. `tree` — the streaming tree build into the private store `<work>/tree`.
 * 3. `btc`, `eth`, `xrp` — the reserves evidence of each configured chain (one step per
 *    Bitcoin-family and per EVM chain), every entry checked.
 * 4. `evidence` — the merged evidence file (the bytes the attestation hashes).
 * 5. `policy` — the policy evaluation of liabilities and reserves.
 * 6. `attestation` — assembled, signed with the exchange key, verified against the trust file.
 * 7. `proofs` — every customer's proof, named by its keyed id, plus the private index.
 * 8. `publish` — the publication directory, swapped into place as a whole.
 * @module
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Attestation,
  createAttestation,
  type Evidence,
  formatEvidence,
  mergeEvidence,
  parseAttestationBytes,
  parsePolicy as parseAttestPolicy,
  parseEvidenceBytes,
  parseTrustBytes,
  signAttestation,
  statementSha256,
  verifyAttestation,
} from '@kura/attest';
import { bytesToHex, InputError, KuraError, parseJsonBytes, utf8Raw } from '@kura/codec';
import { readFileOrThrow, writeFileAtomic } from '@kura/codec/node';
import {
  describeUri,
  type LoadedKey,
  loadSecret,
  loadSigningKey,
  parsePkcs11Uri,
} from '@kura/pkcs11';
import { evaluatePolicy, type PolicyEvaluation } from '@kura/policy';
import { loadPolicy } from '@kura/policy/node';
import { type MasterSecret, parseRootFile, type RootFile } from '@kura/tree';
import { buildTreeStore } from '@kura/tree/node';
import type { RunConfig } from './config.js';
import { FAMILIES } from './families.js';
import { exportPostgres } from './postgres.js';
import { exportProofs } from './proofs.js';
import { listFiles, PUBLICATION, WORKDIR } from './publication.js';
import { expectedFiles, publicationIntact, publish } from './publish.js';
import { reserveSources } from './reserves.js';
import { describeSha256, fileSha256, type StepReport, StepRunner, sha256Hex } from './state.js';

/** Options of {@link runMonth}. */
export interface RunMonthOptions {
  /** Redo every step. */
  readonly force?: boolean;
  /** "Now" for issuedAt when the config does not fix it (epoch ms; default Date.now()). */
  readonly now?: number;
  /**
   * Start a progress indicator for a long step (`label`: "tree", "proofs", …); the CLI passes one
   * that draws a line on a terminal. Default: silent.
   */
  readonly progress?: (label: string) => Progress;
}

/** A progress indicator of one long step, as {@link RunMonthOptions.progress} starts it. */
export interface Progress {
  update(done: number, total?: number): void;
  finish(message?: string): void;
}

const SILENT: Progress = { update() {}, finish() {} };

/** Per-asset figures of the summary. */
export interface AssetSummary {
  readonly asset: string;
  readonly decimals: number;
  readonly liabilities: string;
  readonly reserves: string;
  readonly customerCold: string;
  readonly customerHot: string;
  readonly exchangeOwn: string;
  readonly ratioBps: string | null;
  readonly pass: boolean;
}

/** What {@link runMonth} returns (and `kura run --json` prints). */
export interface RunSummary {
  readonly workDir: string;
  readonly publication: string;
  readonly steps: readonly StepReport[];
  readonly users: number;
  readonly proofs: number;
  /** One customer and the publication path of their proof. */
  readonly sampleProof: { readonly uid: string; readonly file: string };
  readonly round: RunConfig['round'];
  readonly rootCommitment: string;
  readonly attestationSha256: string;
  readonly statementSha256: string;
  readonly assets: readonly AssetSummary[];
  readonly reportingCurrency: string;
  readonly liabilitiesValue: string;
  readonly reservesValue: string;
  readonly requiredReserve: string;
  readonly requiredTotal: string;
  readonly overallRatioBps: string | null;
  readonly policy: { readonly id: string; readonly version: string; readonly pass: boolean };
  readonly pass: boolean;
  /** Things the operator should know (e.g. no web verifier to publish). */
  readonly warnings: readonly string[];
}

/** A one-way id of the master secret for the state file (the secret itself is never stored). */
function secretId(secret: MasterSecret): string {
  if (secret instanceof Uint8Array)
    return sha256Hex(Buffer.concat([Buffer.from('kura/run/v1/secret-id\0'), secret]));
  // a secret in a token: a MAC under it (computed in the token) stands in for the hash
  return `hmac:${bytesToHex(secret.hmacSha256(utf8Raw('kura/run/v1/secret-id')))}`;
}

/** Run the month described by `cfg`. Throws a KuraError when an input is bad or a step fails. */
export async function runMonth(cfg: RunConfig, opts: RunMonthOptions = {}): Promise<RunSummary> {
  // the master secret and the exchange key are checked before anything is written (a key or
  // secret in a token: module, PIN, object, type, role, mechanism)
  const secret = loadSecret(cfg.keys.masterSecret);
  const loaded = loadSigningKey(cfg.keys.exchange, { role: 'exchange', option: '$.keys.exchange' });
  const runner = new StepRunner(cfg.workDir, { force: opts.force });
  try {
    return await steps(cfg, runner, opts, secret, loaded);
  } finally {
    runner.close();
  }
}

async function steps(
  cfg: RunConfig,
  runner: StepRunner,
  opts: RunMonthOptions,
  secret: MasterSecret,
  loaded: LoadedKey
): Promise<RunSummary> {
  if (cfg.verifier !== undefined && !existsSync(join(cfg.verifier, 'index.html')))
    throw new InputError(`${cfg.verifier} is not a built web verifier (no index.html)`, {
      file: cfg.file,
      field: '$.verifier',
    });
  const verifierDir = cfg.verifier ?? defaultVerifierDir();
  const sid = secretId(secret);
  const w = (rel: string) => runner.path(rel);
  const progress = opts.progress ?? ((): Progress => SILENT);

  // 1. liabilities source
  let liabilitiesFile: string;
  let liabilitiesFormat: 'csv' | 'jsonl' | undefined;
  if (cfg.liabilities.kind === 'file') {
    liabilitiesFile = cfg.liabilities.file;
    liabilitiesFormat = cfg.liabilities.format;
  } else {
    const src = cfg.liabilities;
    const t0 = performance.now();
    const bar = progress('liabilities (PostgreSQL)');
    const out = w(WORKDIR.liabilitiesExport);
    const before = existsSync(out) ? fileSha256(out) : undefined;
    const exp = await exportPostgres({
      url: src.url,
      query: src.query,
      assets: cfg.assets,
      form: src.form,
      ...(src.batchSize ? { batchSize: src.batchSize } : {}),
      tmpDir: cfg.workDir,
      onProgress: (rows) => bar.update(rows),
    });
    bar.finish(`${exp.users.toLocaleString('en-US')} customers`);
    renameSync(exp.path, out); // same directory: atomic
    const after = fileSha256(out);
    runner.note(
      'liabilities',
      after === before ? 'unchanged' : 'done',
      Math.round(performance.now() - t0),
      `${exp.users} customers, ${exp.rows} rows`
    );
    liabilitiesFile = out;
    liabilitiesFormat = 'jsonl';
  }

  // 2. tree
  const treeRoot = `${WORKDIR.tree}/root.json`;
  const tree = await runner.step({
    id: 'tree',
    inputs: {
      liabilities: fileSha256(liabilitiesFile),
      format: liabilitiesFormat ?? null,
      round: cfg.round,
      assets: cfg.assets,
      placement: cfg.tree.placement,
      height: cfg.tree.height ?? null,
      secret: sid,
    },
    outputs: [treeRoot, `${WORKDIR.tree}/store.json`],
    run: async () => {
      const bar = progress('tree');
      const r = await buildTreeStore({
        input: liabilitiesFile,
        ...(liabilitiesFormat ? { format: liabilitiesFormat } : {}),
        round: cfg.round,
        assets: cfg.assets,
        masterSecret: secret,
        out: w(WORKDIR.tree),
        placement: cfg.tree.placement,
        ...(cfg.tree.height !== undefined ? { height: cfg.tree.height } : {}),
        ...(cfg.tree.workers !== undefined ? { workers: cfg.tree.workers } : {}),
        onProgress: (phase, done, total) => {
          if (phase === 'read') bar.update(done, total);
        },
      });
      bar.finish(`${r.users.toLocaleString('en-US')} customers`);
      return { users: r.users };
    },
  });
  const rootBytes = readFileOrThrow(w(treeRoot));
  const root: RootFile = parseRootFile(parseJsonBytes(rootBytes, { file: w(treeRoot) }));

  // 3. reserves per chain
  const parts: string[] = [];
  // one evidence part per reserves source, each collected by its chain family (`FAMILIES`)
  for (const src of reserveSources(cfg, progress)) {
    parts.push(src.file);
    await runner.step({
      id: src.id,
      inputs: src.inputs,
      outputs: [src.file],
      run: async () => {
        const family = FAMILIES.forNamespace(src.namespace);
        if (!family) throw new KuraError('UNKNOWN_NETWORK', `no chain family for ${src.namespace}`);
        const input = await src.input();
        let evidence: Evidence;
        try {
          evidence = await family.collect(input);
        } finally {
          src.done();
        }
        writeFileAtomic(w(src.file), formatEvidence(evidence));
        return src.summary(evidence);
      },
    });
  }

  // 4. merged evidence
  await runner.step({
    id: 'evidence',
    inputs: { parts: parts.map((p) => fileSha256(w(p))), assets: cfg.assets },
    outputs: [WORKDIR.evidence],
    run: () => {
      const evs: Evidence[] = parts.map((p) => parseEvidenceBytes(readFileOrThrow(w(p)), w(p)));
      const merged = mergeEvidence(evs, { assets: root.assets });
      writeFileAtomic(w(WORKDIR.evidence), formatEvidence(merged));
      return undefined;
    },
  });
  const evidenceBytes = readFileOrThrow(w(WORKDIR.evidence));

  // 5. policy
  const lp = loadPolicy(cfg.policy.policy);
  const policyBytes = readFileOrThrow(lp.file);
  const inputsBytes = readFileOrThrow(cfg.policy.inputs);
  await runner.step({
    id: 'policy',
    inputs: {
      policy: sha256Hex(policyBytes),
      inputs: sha256Hex(inputsBytes),
      root: sha256Hex(rootBytes),
      evidence: sha256Hex(evidenceBytes),
    },
    outputs: [WORKDIR.policyEvaluation],
    run: () => {
      const ev = evaluatePolicy({
        policy: policyBytes,
        inputs: inputsBytes,
        liabilities: rootBytes,
        reserves: evidenceBytes,
        files: {
          policy: lp.file,
          inputs: cfg.policy.inputs,
          liabilities: w(treeRoot),
          reserves: w(WORKDIR.evidence),
        },
      });
      writeFileAtomic(w(WORKDIR.policyEvaluation), `${JSON.stringify(ev, null, 2)}\n`);
      return undefined;
    },
  });
  const evaluationBytes = readFileOrThrow(w(WORKDIR.policyEvaluation));

  // 6. attestation
  const key = loaded.signer;
  const exchangePub = bytesToHex(loaded.publicKey);
  const trustBytes = readFileOrThrow(cfg.trust);
  const trust = parseTrustBytes(trustBytes, cfg.trust);
  if (
    !trust.keys.some(
      (k) => k.role === 'exchange' && k.alg === key.alg && k.publicKey === exchangePub
    )
  )
    throw new InputError(
      `the exchange key ${loaded.inToken ? describeUri(parsePkcs11Uri(cfg.keys.exchange)) : cfg.keys.exchange} is not pinned for role "exchange" in the trust file`,
      { file: cfg.trust }
    );
  const previousBytes = cfg.attestation.previous
    ? readFileOrThrow(cfg.attestation.previous)
    : undefined;
  await runner.step({
    id: 'attestation',
    inputs: {
      root: sha256Hex(rootBytes),
      evidence: sha256Hex(evidenceBytes),
      evaluation: sha256Hex(evaluationBytes),
      scope: cfg.scope,
      exchange: cfg.exchange,
      auditor: cfg.auditor ?? null,
      previous: previousBytes ? sha256Hex(previousBytes) : null,
      issuedAt: cfg.attestation.issuedAt ?? null,
      validDays: cfg.attestation.validDays,
      valueDecimals: cfg.attestation.valueDecimals ?? null,
      userCount: cfg.attestation.discloseUserCount ? tree.users : null,
      key: { alg: key.alg, publicKey: exchangePub },
      trust: sha256Hex(trustBytes),
    },
    outputs: [WORKDIR.attestation],
    run: () => {
      const policy = parseAttestPolicy(parseJsonBytes(evaluationBytes), '$');
      const now = opts.now ?? Date.now();
      const previous = previousBytes
        ? parseAttestationBytes(previousBytes, cfg.attestation.previous)
        : null;
      const unsigned = createAttestation({
        root,
        evidence: parseEvidenceBytes(evidenceBytes),
        evidenceSha256: sha256Hex(evidenceBytes),
        policy,
        scope: cfg.scope,
        exchange: cfg.exchange,
        ...(cfg.auditor ? { auditor: cfg.auditor } : {}),
        previous,
        // createAttestation's defaults: issuedAt = now, valueDecimals = the currency's minor units
        ...(cfg.attestation.issuedAt !== undefined ? { issuedAt: cfg.attestation.issuedAt } : {}),
        now,
        validDays: cfg.attestation.validDays,
        ...(cfg.attestation.valueDecimals !== undefined
          ? { valueDecimals: cfg.attestation.valueDecimals }
          : {}),
        ...(cfg.attestation.discloseUserCount ? { userCount: BigInt(tree.users) } : {}),
      });
      const signed = signAttestation(unsigned, 'exchange', key);
      const text = `${JSON.stringify(signed, null, 2)}\n`;
      const check = verifyAttestation(utf8Raw(text), {
        trust,
        requiredRoles: ['exchange'],
        now: Math.max(now, Date.parse(unsigned.issuedAt)),
        root: rootBytes,
        evidence: evidenceBytes,
        ...(previousBytes ? { previous: previousBytes } : {}),
      });
      if (!check.ok && check.code !== 'NOT_COVERED')
        throw new KuraError(
          'ATTESTATION_INVALID',
          `the signed attestation does not verify: ${check.code}: ${check.message}`
        );
      writeFileAtomic(w(WORKDIR.attestation), text);
      return undefined;
    },
  });
  const attestationBytes = readFileOrThrow(w(WORKDIR.attestation));

  // 7. proofs
  const proofs = await runner.step({
    id: 'proofs',
    inputs: {
      root: sha256Hex(rootBytes),
      store: fileSha256(w(`${WORKDIR.tree}/store.json`)),
      secret: sid,
    },
    outputs: [WORKDIR.proofIndex],
    run: () => {
      const bar = progress('proofs');
      const r = exportProofs({
        tree: w(WORKDIR.tree),
        secret,
        out: w(WORKDIR.proofs),
        onProgress: (d, n) => bar.update(d, n),
      });
      bar.finish(`${r.proofs.toLocaleString('en-US')} proofs`);
      return { proofs: r.proofs, sample: r.sample };
    },
  });

  // 8. publication
  const pubInputs = {
    attestation: sha256Hex(attestationBytes),
    evidence: sha256Hex(evidenceBytes),
    root: sha256Hex(rootBytes),
    policy: { id: lp.policy.id, sha256: sha256Hex(policyBytes) },
    inputs: sha256Hex(inputsBytes),
    evaluation: sha256Hex(evaluationBytes),
    trust: sha256Hex(trustBytes),
    proofs: fileSha256(w(WORKDIR.proofIndex)),
    verifier: verifierDir ? describeSha256(dirDigest(verifierDir)) : null,
    publication: cfg.publication,
  };
  const contents = {
    attestation: attestationBytes,
    evidence: evidenceBytes,
    root: rootBytes,
    policyId: lp.policy.id,
    policy: policyBytes,
    inputs: inputsBytes,
    evaluation: evaluationBytes,
    trust: trustBytes,
  };
  await runner.step({
    id: 'publish',
    inputs: pubInputs,
    outputs: [],
    intact: () =>
      publicationIntact(cfg.publication, {
        files: expectedFiles(contents),
        statementSha256: statementSha256(parseAttestationBytes(attestationBytes)),
        proofs: proofs.proofs,
      }),
    run: () => {
      const r = publish({
        ...contents,
        dir: cfg.publication,
        proofsDir: w(WORKDIR.proofFiles),
        ...(verifierDir ? { verifier: verifierDir } : {}),
      });
      return { proofs: r.proofs };
    },
  });

  // summary from the published attestation (it may carry the auditor's counter-signature)
  const pubAttBytes = readFileSync(join(cfg.publication, PUBLICATION.attestation));
  const att: Attestation = parseAttestationBytes(pubAttBytes);
  const evaluation = JSON.parse(new TextDecoder().decode(evaluationBytes)) as PolicyEvaluation;
  return summarize(cfg, runner, tree.users, proofs, att, evaluation, pubAttBytes);
}

function summarize(
  cfg: RunConfig,
  runner: StepRunner,
  users: number,
  proofs: { proofs: number; sample: { uid: string; file: string } },
  att: Attestation,
  ev: PolicyEvaluation,
  attBytes: Uint8Array
): RunSummary {
  const ov = att.coverage.overall;
  return {
    workDir: cfg.workDir,
    publication: cfg.publication,
    steps: runner.reports,
    users,
    proofs: proofs.proofs,
    sampleProof: proofs.sample,
    round: att.round,
    rootCommitment: att.liabilities.rootCommitment,
    attestationSha256: sha256Hex(attBytes),
    statementSha256: statementSha256(att),
    assets: att.coverage.assets.map((c, i) => {
      const r = att.reserves.assets[i]!;
      return {
        asset: c.asset,
        decimals: att.liabilities.assets[i]!.decimals,
        liabilities: c.liabilities,
        reserves: c.reserves,
        customerCold: r.customerCold,
        customerHot: r.customerHot,
        exchangeOwn: r.exchangeOwn,
        ratioBps: c.ratioBps,
        pass: c.pass,
      };
    }),
    reportingCurrency: ov.currency,
    liabilitiesValue: ov.liabilitiesValue,
    reservesValue: ov.reservesValue,
    requiredReserve: ov.requiredReserve,
    requiredTotal: ov.required,
    overallRatioBps: ov.ratioBps,
    policy: { id: ev.id, version: ev.version, pass: ev.pass },
    pass: att.coverage.pass,
    warnings: [
      ...(existsSync(join(cfg.publication, PUBLICATION.verifierDir, PUBLICATION.verifierSingleFile))
        ? []
        : [
            'the publication has no web verifier: build verifier-web (npm run build) or set "verifier" in the config',
          ]),
      // issue 12: accepting unproven balances is stated wherever a verdict is given
      ...(cfg.ethereum?.some((e) => e.allowUnproven)
        ? [
            'ethereum.allowUnproven: token balances without a balanceSlot were read by balanceOf only, not state-proven',
          ]
        : []),
    ],
  };
}

/** The built web verifier of this checkout (verifier-web/dist), if there is one. */
export function defaultVerifierDir(): string | undefined {
  const d = fileURLToPath(new URL('../../../verifier-web/dist', import.meta.url));
  return existsSync(join(d, 'index.html')) ? d : undefined;
}

/** `{relative path: sha256}` of every file below `dir`. */
function dirDigest(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fileSha256(join(dir, f))]));
}
