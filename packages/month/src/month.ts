/**
 * `runMonth`: one month of Kura in one call — the code path of `kura run` and of the demo.
 *
 * Each step is an exported function of its own ({@link openMonth} gives the context they share;
 * each resumable, see `state.ts`), callable alone in this order:
 * 1. {@link collectLiabilities} `liabilities` (PostgreSQL source only) — re-read the query
 *    through a server-side cursor into `<work>/liabilities.jsonl` (mode 0600); "unchanged" when
 *    the export has the same bytes.
 * 2. {@link buildTree} `tree` — the streaming tree build into the private store `<work>/tree`.
 * 3. {@link collectReserves}: {@link collectBitcoin} `btc` (or `ltc`, … — one step per
 *    Bitcoin-family chain), {@link collectEthereum} `eth` (one per EVM chain), {@link collectXrpl}
 *    `xrp` — the reserves evidence of each configured chain, every entry checked, from the
 *    injected sources ({@link MonthSources}).
 * 4. {@link mergeReserves} `evidence` — the merged evidence file (the bytes the attestation hashes).
 * 5. {@link evaluateMonthPolicy} `policy` — the policy evaluation of liabilities and reserves.
 * 6. {@link attestMonth} `attestation` — assembled, signed with the exchange key, verified
 *    against the trust file.
 * 7. {@link exportMonthProofs} `proofs` — every customer's proof, named by its keyed id, plus
 *    the private index.
 * 8. {@link publishMonth} `publish` — the publication directory, swapped into place as a whole.
 *
 * Nothing here prints or exits: progress and step reports go to the caller's callbacks
 * ({@link RunMonthOptions}), failures are thrown as `KuraError`s.
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
import { type ChainSource, createSource } from '@kura/bitcoin';
import { bytesToHex, InputError, KuraError, parseJsonBytes, readJson, utf8Raw } from '@kura/codec';
import { readFileOrThrow, writeFileAtomic } from '@kura/codec/node';
import { type RpcClient, rpcClients } from '@kura/ethereum';
import {
  describeUri,
  type LoadedKey,
  loadSecret,
  loadSigningKey,
  parsePkcs11Uri,
} from '@kura/pkcs11';
import { evaluatePolicy, type PolicyEvaluation } from '@kura/policy';
import { loadPolicy } from '@kura/policy/node';
import {
  type AssetV2,
  type MasterSecret,
  parseRootFile,
  parseRootFileV2,
  type RootFile,
  type RootFileV2,
} from '@kura/tree';
import { buildTreeStore } from '@kura/tree/node';
import { type XrplClient, xrplClients } from '@kura/xrpl';
import type { BitcoinConfig, EthereumConfig, RunConfig, XrplConfig } from './config.js';
import { FAMILIES } from './families.js';
import { exportPostgres } from './postgres.js';
import { exportProofs } from './proofs.js';
import { listFiles, PUBLICATION, WORKDIR } from './publication.js';
import { expectedFiles, publicationIntact, publish } from './publish.js';
import {
  bitcoinSource,
  ethereumSource,
  type ReserveSource,
  reserveSources,
  xrplSource,
} from './reserves.js';
import { describeSha256, fileSha256, type StepReport, StepRunner, sha256Hex } from './state.js';
import { buildTreeStepV2, exportProofsV2 } from './v2.js';

/** Options of {@link runMonth}. */
export interface RunMonthOptions {
  /** Redo every step. */
  readonly force?: boolean;
  /**
   * The clock (epoch ms): issuedAt when the config does not fix it, and the state file's time
   * stamps. A number is a fixed instant; default `Date.now`.
   */
  readonly now?: number | (() => number);
  /**
   * The master secret and the exchange's signing key, when the caller holds them already (its
   * own HSM integration); default: loaded from `cfg.keys` (a file or a `pkcs11:` URI).
   */
  readonly keys?: { readonly masterSecret: MasterSecret; readonly exchange: LoadedKey };
  /** The reserves sources (default: clients for the config's URLs). */
  readonly sources?: MonthSources;
  /** Called as each step finishes (done, skipped or unchanged), e.g. for a scheduler's log. */
  readonly onStep?: (step: StepReport) => void;
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

/**
 * The month's sources of reserves data: one factory per chain family, given the chain's config
 * section. Default: clients for the URLs of the config (`createSource`, `RpcClient`,
 * `XrplClient`, with the config's timeouts and retries). An exchange's scheduler injects its own
 * (a recorded source, a client with its own transport, a node behind a proxy).
 */
export interface MonthSources {
  readonly bitcoin?: (btc: BitcoinConfig) => ChainSource;
  readonly ethereum?: (eth: EthereumConfig) => readonly RpcClient[];
  readonly xrpl?: (xrp: XrplConfig) => readonly XrplClient[];
}

/**
 * What every step of one month shares ({@link openMonth} makes it, {@link closeMonth} releases
 * the work directory). Each step is a function of its own taking this context, callable alone
 * (an exchange's scheduler may run the tree at midnight and the reserves at the snapshot
 * block); the work directory's state file makes each one resumable and idempotent.
 */
export interface MonthContext {
  readonly cfg: RunConfig;
  /** The work directory's state and lock (`state.ts`). */
  readonly runner: StepRunner;
  readonly secret: MasterSecret;
  /** The exchange's signing key (a key file or a signer in a token). */
  readonly key: LoadedKey;
  /** One-way id of the master secret, recorded in the state file instead of the secret. */
  readonly secretId: string;
  /** The clock (epoch ms): issuedAt when the config does not fix it, state time stamps. */
  readonly now: () => number;
  readonly progress: (label: string) => Progress;
  readonly sources: Required<MonthSources>;
  /** The built web verifier copied into the publication, if any. */
  readonly verifierDir: string | undefined;
}

/** The liabilities file the tree is built from (step 1). */
export interface LiabilitiesFile {
  readonly file: string;
  readonly format?: 'csv' | 'jsonl';
}

/** The tree of the month (step 2): its root file (exact bytes, parsed) and customer count. */
export interface MonthTree {
  readonly users: number;
  /** Absolute path of the tree's root.json in the work directory. */
  readonly rootFile: string;
  readonly rootBytes: Uint8Array;
  readonly root: RootFile | RootFileV2;
}

/** The policy evaluation of the month (step 5), with the exact bytes it was computed from. */
export interface MonthPolicy {
  readonly policyId: string;
  readonly policyBytes: Uint8Array;
  readonly inputsBytes: Uint8Array;
  readonly evaluationBytes: Uint8Array;
}

/** The signed attestation (step 6) and the trust file it was checked against. */
export interface MonthAttestation {
  readonly attestationBytes: Uint8Array;
  readonly trustBytes: Uint8Array;
}

/** The exported proofs (step 7): how many, and one customer's proof for the summary. */
export interface MonthProofs {
  readonly proofs: number;
  readonly sample: { readonly uid: string; readonly file: string };
}

const defaultSources: Required<MonthSources> = {
  bitcoin: (btc) =>
    createSource(btc.sources, {
      ...(btc.timeoutMs ? { timeoutMs: btc.timeoutMs } : {}),
      ...(btc.retries !== undefined ? { retries: btc.retries } : {}),
    }),
  ethereum: (eth) =>
    rpcClients(eth.rpc, {
      ...(eth.timeoutMs ? { timeoutMs: eth.timeoutMs } : {}),
      ...(eth.retries !== undefined ? { retries: eth.retries } : {}),
    }),
  xrpl: (xrp) =>
    xrplClients(xrp.rpc, {
      ...(xrp.timeoutMs ? { timeoutMs: xrp.timeoutMs } : {}),
      ...(xrp.retries !== undefined ? { retries: xrp.retries } : {}),
    }),
};

/**
 * Run the month described by `cfg`: {@link openMonth}, every step in order, {@link closeMonth}.
 * Throws a KuraError when an input is bad or a step fails.
 */
export async function runMonth(cfg: RunConfig, opts: RunMonthOptions = {}): Promise<RunSummary> {
  const ctx = openMonth(cfg, opts);
  try {
    const liabilities = await collectLiabilities(ctx);
    const tree = await buildTree(ctx, liabilities);
    const parts = await collectReserves(ctx);
    const evidenceBytes = await mergeReserves(ctx, parts, tree);
    const policy = await evaluateMonthPolicy(ctx, tree, evidenceBytes);
    const attestation = await attestMonth(ctx, tree, evidenceBytes, policy);
    const proofs = await exportMonthProofs(ctx, tree);
    await publishMonth(ctx, tree, evidenceBytes, policy, attestation, proofs);
    return summarizeMonth(ctx, tree, policy, proofs);
  } finally {
    closeMonth(ctx);
  }
}

/**
 * Start a month: check the master secret and the exchange key before anything is written (a key
 * or secret in a token: module, PIN, object, type, role, mechanism) — unless they are given in
 * `opts.keys` —, check the web verifier, and lock the work directory. Release it with
 * {@link closeMonth}.
 */
export function openMonth(cfg: RunConfig, opts: RunMonthOptions = {}): MonthContext {
  const secret = opts.keys?.masterSecret ?? loadSecret(cfg.keys.masterSecret);
  const key =
    opts.keys?.exchange ??
    loadSigningKey(cfg.keys.exchange, { role: 'exchange', option: '$.keys.exchange' });
  if (cfg.verifier !== undefined && !existsSync(join(cfg.verifier, 'index.html')))
    throw new InputError(`${cfg.verifier} is not a built web verifier (no index.html)`, {
      file: cfg.file,
      field: '$.verifier',
    });
  const fixed = opts.now;
  const now = typeof fixed === 'function' ? fixed : (): number => fixed ?? Date.now();
  const runner = new StepRunner(cfg.workDir, {
    force: opts.force,
    now,
    ...(opts.onStep ? { onStep: opts.onStep } : {}),
  });
  return {
    cfg,
    runner,
    secret,
    key,
    secretId: secretId(secret),
    now,
    progress: opts.progress ?? ((): Progress => SILENT),
    sources: { ...defaultSources, ...opts.sources },
    verifierDir: cfg.verifier ?? defaultVerifierDir(),
  };
}

/** Release the work directory of a month ({@link openMonth}). */
export function closeMonth(ctx: MonthContext): void {
  ctx.runner.close();
}

/**
 * Step 1, `liabilities`: the file the tree is built from. A file source is used as it is; a
 * PostgreSQL source is re-read through a server-side cursor into `<work>/liabilities.jsonl`
 * (mode 0600), reported "unchanged" when the export has the same bytes.
 */
export async function collectLiabilities(ctx: MonthContext): Promise<LiabilitiesFile> {
  const { cfg, runner, progress } = ctx;
  if (cfg.liabilities.kind === 'file')
    return {
      file: cfg.liabilities.file,
      ...(cfg.liabilities.format ? { format: cfg.liabilities.format } : {}),
    };
  const src = cfg.liabilities;
  const t0 = performance.now();
  const bar = progress('liabilities (PostgreSQL)');
  const out = runner.path(WORKDIR.liabilitiesExport);
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
  return { file: out, format: 'jsonl' };
}

/** Step 2, `tree`: the streaming tree build into the private store `<work>/tree`. */
export async function buildTree(
  ctx: MonthContext,
  liabilities: LiabilitiesFile
): Promise<MonthTree> {
  const { cfg, runner, progress, secret } = ctx;
  const w = (rel: string) => runner.path(rel);
  const treeRoot = `${WORKDIR.tree}/root.json`;
  const tree = await runner.step({
    id: 'tree',
    inputs: {
      ...(cfg.protocol === 2 ? { protocol: 2 } : {}),
      liabilities: fileSha256(liabilities.file),
      format: liabilities.format ?? null,
      round: cfg.round,
      assets: cfg.assets,
      placement: cfg.tree.placement,
      height: cfg.tree.height ?? null,
      secret: ctx.secretId,
    },
    outputs: [treeRoot, `${WORKDIR.tree}/store.json`],
    run: async () => {
      if (cfg.protocol === 2) {
        // protocol v2 (v2.ts): the v2 store of commitments
        const bar = progress('tree (protocol v2)');
        const built = await buildTreeStepV2(
          {
            round: cfg.round,
            assets: cfg.assets as readonly AssetV2[],
            placement: cfg.tree.placement,
            ...(cfg.tree.height !== undefined ? { height: cfg.tree.height } : {}),
            ...(cfg.tree.workers !== undefined ? { workers: cfg.tree.workers } : {}),
            secret,
            liabilities: liabilities.file,
            ...(liabilities.format ? { format: liabilities.format } : {}),
          },
          w(WORKDIR.tree),
          (done, total) => bar.update(done, total)
        );
        bar.finish(`${built.users.toLocaleString('en-US')} customers`);
        return { users: built.users };
      }
      const bar = progress('tree');
      const r = await buildTreeStore({
        input: liabilities.file,
        ...(liabilities.format ? { format: liabilities.format } : {}),
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
  const rootFile = w(treeRoot);
  const rootBytes = readFileOrThrow(rootFile);
  const root: RootFile | RootFileV2 = readJson(
    rootBytes,
    (v) => (cfg.protocol === 2 ? parseRootFileV2(v).file : parseRootFile(v)),
    { file: rootFile }
  );
  return { users: tree.users, rootFile, rootBytes, root };
}

/**
 * Step 3: the reserves evidence of every configured chain — each Bitcoin-family chain
 * ({@link collectBitcoin}), each EVM chain ({@link collectEthereum}), the XRP Ledger
 * ({@link collectXrpl}) — every one collected by its chain family (`FAMILIES`) through one code
 * path ({@link collectSource}); returns the evidence parts (paths relative to the work
 * directory) for {@link mergeReserves}.
 */
export async function collectReserves(ctx: MonthContext): Promise<string[]> {
  const parts: string[] = [];
  for (const src of reserveSources(ctx.cfg, ctx.progress, ctx.sources))
    parts.push(await collectSource(ctx, src));
  return parts;
}

/**
 * One reserves source's step: its family's `collect`, the partial evidence written atomically;
 * returns its part path.
 */
export async function collectSource(ctx: MonthContext, src: ReserveSource): Promise<string> {
  await ctx.runner.step({
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
      writeFileAtomic(ctx.runner.path(src.file), formatEvidence(evidence));
      return src.summary(evidence);
    },
  });
  return src.file;
}

/**
 * Step `btc` / `ltc` / …: one Bitcoin-family chain's reserves evidence, every entry checked;
 * returns its part path.
 */
export function collectBitcoin(ctx: MonthContext, btc: BitcoinConfig): Promise<string> {
  return collectSource(ctx, bitcoinSource(ctx.cfg, btc, new Set(), ctx.progress, ctx.sources));
}

/**
 * Step `eth` / `eth-<network>`: one EVM chain's reserves evidence (a source without `network`:
 * the legacy single-chain names); returns its part path.
 */
export function collectEthereum(ctx: MonthContext, eth: EthereumConfig): Promise<string> {
  return collectSource(ctx, ethereumSource(ctx.cfg, eth, ctx.progress, ctx.sources));
}

/** Step `xrp`: the XRP Ledger reserves evidence; returns its part path. */
export function collectXrpl(ctx: MonthContext, xrp: XrplConfig): Promise<string> {
  return collectSource(ctx, xrplSource(ctx.cfg, xrp, ctx.progress, ctx.sources));
}

/**
 * Step 4, `evidence`: the evidence parts merged into `<work>/evidence.json` — the bytes the
 * attestation hashes, which this returns.
 */
export async function mergeReserves(
  ctx: MonthContext,
  parts: readonly string[],
  tree: MonthTree
): Promise<Uint8Array> {
  const { cfg, runner } = ctx;
  const w = (rel: string) => runner.path(rel);
  await runner.step({
    id: 'evidence',
    inputs: { parts: parts.map((p) => fileSha256(w(p))), assets: cfg.assets },
    outputs: [WORKDIR.evidence],
    run: () => {
      const evs: Evidence[] = parts.map((p) => parseEvidenceBytes(readFileOrThrow(w(p)), w(p)));
      const merged = mergeEvidence(evs, { assets: tree.root.assets });
      writeFileAtomic(w(WORKDIR.evidence), formatEvidence(merged));
      return undefined;
    },
  });
  return readFileOrThrow(w(WORKDIR.evidence));
}

/** Step 5, `policy`: the policy evaluation of liabilities and reserves. */
export async function evaluateMonthPolicy(
  ctx: MonthContext,
  tree: MonthTree,
  evidenceBytes: Uint8Array
): Promise<MonthPolicy> {
  const { cfg, runner } = ctx;
  const w = (rel: string) => runner.path(rel);
  const lp = loadPolicy(cfg.policy.policy);
  const policyBytes = readFileOrThrow(lp.file);
  const inputsBytes = readFileOrThrow(cfg.policy.inputs);
  await runner.step({
    id: 'policy',
    inputs: {
      policy: sha256Hex(policyBytes),
      inputs: sha256Hex(inputsBytes),
      root: sha256Hex(tree.rootBytes),
      evidence: sha256Hex(evidenceBytes),
    },
    outputs: [WORKDIR.policyEvaluation],
    run: () => {
      const ev = evaluatePolicy({
        policy: policyBytes,
        inputs: inputsBytes,
        liabilities: tree.rootBytes,
        reserves: evidenceBytes,
        files: {
          policy: lp.file,
          inputs: cfg.policy.inputs,
          liabilities: tree.rootFile,
          reserves: w(WORKDIR.evidence),
        },
      });
      writeFileAtomic(w(WORKDIR.policyEvaluation), `${JSON.stringify(ev, null, 2)}\n`);
      return undefined;
    },
  });
  const evaluationBytes = readFileOrThrow(w(WORKDIR.policyEvaluation));
  return { policyId: lp.policy.id, policyBytes, inputsBytes, evaluationBytes };
}

/**
 * Step 6, `attestation`: assembled (`createAttestation`, issuedAt from the clock unless the
 * config fixes it), signed with the exchange key, verified against the trust file — whose
 * `exchange` role must pin that key.
 */
export async function attestMonth(
  ctx: MonthContext,
  tree: MonthTree,
  evidenceBytes: Uint8Array,
  policy: MonthPolicy
): Promise<MonthAttestation> {
  const { cfg, runner } = ctx;
  const w = (rel: string) => runner.path(rel);
  const { rootBytes, root } = tree;
  const { evaluationBytes } = policy;
  const loaded = ctx.key;
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
      const now = ctx.now();
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
  return { attestationBytes: readFileOrThrow(w(WORKDIR.attestation)), trustBytes };
}

/** Step 7, `proofs`: every customer's proof, named by its keyed id, plus the private index. */
export async function exportMonthProofs(ctx: MonthContext, tree: MonthTree): Promise<MonthProofs> {
  const { runner, progress, secret } = ctx;
  const w = (rel: string) => runner.path(rel);
  return runner.step({
    id: 'proofs',
    inputs: {
      ...(ctx.cfg.protocol === 2 ? { protocol: 2 } : {}),
      root: sha256Hex(tree.rootBytes),
      store: fileSha256(w(`${WORKDIR.tree}/store.json`)),
      secret: ctx.secretId,
    },
    outputs: [WORKDIR.proofIndex],
    run: () => {
      if (ctx.cfg.protocol === 2) {
        // v2 proofs are made on demand (kura serve); the index and one pre-built sample here
        const bar = progress('proofs (protocol v2: index, sample proof)');
        const r = exportProofsV2({ tree: w(WORKDIR.tree), secret, out: w(WORKDIR.proofs) });
        bar.finish(`${r.proofs} pre-built, ${r.users - r.proofs} on demand`);
        return { proofs: r.proofs, sample: r.sample };
      }
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
}

/** Step 8, `publish`: the publication directory, swapped into place as a whole. */
export async function publishMonth(
  ctx: MonthContext,
  tree: MonthTree,
  evidenceBytes: Uint8Array,
  policy: MonthPolicy,
  attestation: MonthAttestation,
  proofs: MonthProofs
): Promise<void> {
  const { cfg, runner, verifierDir } = ctx;
  const w = (rel: string) => runner.path(rel);
  const { rootBytes } = tree;
  const { policyId, policyBytes, inputsBytes, evaluationBytes } = policy;
  const { attestationBytes, trustBytes } = attestation;
  const pubInputs = {
    attestation: sha256Hex(attestationBytes),
    evidence: sha256Hex(evidenceBytes),
    root: sha256Hex(rootBytes),
    policy: { id: policyId, sha256: sha256Hex(policyBytes) },
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
    policyId,
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
}

/**
 * The month's summary, read from the PUBLISHED attestation (it may carry the auditor's
 * counter-signature): figures per asset, the policy verdict, the steps and their status.
 */
export function summarizeMonth(
  ctx: MonthContext,
  tree: MonthTree,
  policy: MonthPolicy,
  proofs: MonthProofs
): RunSummary {
  const pubAttBytes = readFileSync(join(ctx.cfg.publication, PUBLICATION.attestation));
  const att: Attestation = parseAttestationBytes(pubAttBytes);
  // this run's own evaluation (its SHA-256 is in the state file), read as the attestation's is
  const evaluation = parseJsonBytes(policy.evaluationBytes) as unknown as PolicyEvaluation;
  return summarize(ctx.cfg, ctx.runner, tree.users, proofs, att, evaluation, pubAttBytes);
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
