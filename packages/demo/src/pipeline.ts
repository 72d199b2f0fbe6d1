/**
 * The demo pipeline without the terminal parts (shared by `cli/src/demo/main.ts` and the
 * end-to-end tests): start the nodes, build the synthetic exchange, run the month through the
 * same code as `kura run` (`@kura/month`), and have the demo auditor run the audit through the
 * same code as `kura audit` (`@kura/audit/node`), which counter-signs.
 * @module
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { keyFingerprint, parseAttestationBytes, statementSha256 } from '@kura/attest';
import { DEFAULT_BEACON_DEPTH, DEFAULT_SAMPLE_SIZE } from '@kura/audit';
import { type AuditOptions, expectPublication, runAudit, writeReport } from '@kura/audit/node';
import {
  addressOfScript,
  createSources,
  DEFAULT_BEACON_TIME_SKEW_S,
  networkByName,
} from '@kura/bitcoin';
import { bytesToHex, KuraError } from '@kura/codec';
import { DOCUMENTS, readFileOrThrow, readKuraDocument, writeFileAtomic } from '@kura/codec/node';
import { parseCodeHash, RpcClient, readAssetTable } from '@kura/ethereum';
import {
  PUBLICATION,
  type RunMonthOptions,
  type RunSummary,
  readConfig,
  runMonth,
  writeSums,
} from '@kura/month';
import { loadSecret, loadSigningKey } from '@kura/pkcs11';
import { XrplClient } from '@kura/xrpl';
import {
  BTC_CONFIRMATIONS,
  buildExchange,
  DEMO_FILES,
  type DemoKeys,
  type DemoReplays,
  ETH_CONFIRMATIONS,
} from './exchange.js';
import { AnvilDemoNode, BcoinDemoNode } from './nodes.js';
import { DEMO_V2_SAMPLE, type DemoProtocol } from './v2.js';

/** The demo auditor's report directory inside the demo directory. */
export const DEMO_AUDIT_DIR = 'audit';

/** Options of {@link setupDemo}. */
export interface DemoOptions {
  /** The demo directory (created). */
  readonly dir: string;
  readonly customers: number;
  /** Seed of the synthetic customers (default 2026). */
  readonly seed?: number;
  /** PostgreSQL URL: load the customers there and have `kura run` read them back. */
  readonly postgres?: string;
  readonly log?: (line: string) => void;
  /** Keep the master secret and both signing keys in a SoftHSM2 token (`npm run demo -- --hsm`). */
  readonly hsm?: boolean;
  /** The liabilities protocol of the month (default 1; `npm run demo -- --protocol 2`). */
  readonly protocol?: DemoProtocol;
}

/** A demo exchange with its running nodes. */
export interface DemoHandle {
  readonly dir: string;
  readonly config: string;
  readonly bcoin: BcoinDemoNode;
  readonly anvil: AnvilDemoNode;
  /** The master secret and keys: files, or PKCS#11 URIs (with `hsm`). */
  readonly keys: DemoKeys;
  /** The Litecoin and XRP Ledger endpoints (recorded-reply shapes), once the exchange is built. */
  readonly replays: DemoReplays;
  /** Stop both nodes (idempotent). */
  stop(): Promise<void>;
  /** Synchronous last resort (process exit): kill both nodes' process groups. */
  killNow(): void;
}

/** Start the nodes and build the exchange; the caller stops the nodes. */
export async function setupDemo(o: DemoOptions): Promise<DemoHandle> {
  const log = o.log ?? (() => undefined);
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const t0 = Date.now();
  const [b, a] = await Promise.allSettled([
    BcoinDemoNode.start(),
    AnvilDemoNode.start({ accounts: 4, balance: 1_000_000 }),
  ]);
  if (b.status === 'rejected' || a.status === 'rejected') {
    if (b.status === 'fulfilled') await b.value.stop();
    if (a.status === 'fulfilled') await a.value.stop();
    throw (b.status === 'rejected' ? b.reason : (a as PromiseRejectedResult).reason) as Error;
  }
  const bcoin = b.value;
  const anvil = a.value;
  let stopped: Promise<void> | undefined;
  let keys: DemoKeys | undefined;
  let replays: DemoReplays | undefined;
  const handle: DemoHandle = {
    dir: o.dir,
    config: join(o.dir, DEMO_FILES.config),
    bcoin,
    anvil,
    get keys(): DemoKeys {
      if (keys === undefined) throw new Error('the demo exchange is not built yet');
      return keys;
    },
    get replays(): DemoReplays {
      if (replays === undefined) throw new Error('the demo exchange is not built yet');
      return replays;
    },
    stop: () => {
      stopped ??= Promise.all([
        bcoin.stop(),
        anvil.stop(),
        replays?.ltc.close(),
        replays?.xrpl.close(),
      ]).then(() => undefined);
      return stopped;
    },
    killNow: () => {
      bcoin.killNow();
      anvil.killNow();
    },
  };
  try {
    log(`bcoin regtest and anvil started on 127.0.0.1 (${Date.now() - t0} ms)`);
    const built = await buildExchange({
      dir: o.dir,
      customers: o.customers,
      seed: o.seed ?? 2026,
      ...(o.postgres ? { postgres: o.postgres } : {}),
      bcoin,
      anvil,
      log,
      ...(o.hsm ? { hsm: true } : {}),
      ...(o.protocol === 2 ? { protocol: 2 as const } : {}),
    });
    keys = built.keys;
    replays = built.replays;
    return handle;
  } catch (e) {
    await handle.stop();
    throw e;
  }
}

/**
 * Run the month of the demo's config (the `kura run` code path); `opts` as `runMonth`'s (the
 * demo command passes its progress lines).
 */
export async function runDemoMonth(h: DemoHandle, opts: RunMonthOptions = {}): Promise<RunSummary> {
  return runMonth(readConfig(h.config), opts);
}

/**
 * The demo auditor's beacon: what a real auditor gets by waiting — a Bitcoin block stamped more
 * than the allowed 2-hour skew after the attestation's issuedAt (the audit refuses any other,
 * `checkBeacon` of @kura/bitcoin). The regtest clock is moved ahead for that one block and back.
 * Returns its height (`--beacon-min-height`).
 */
async function mineBeacon(h: DemoHandle, issuedAt: string): Promise<number> {
  const to = addressOfScript(
    Uint8Array.of(0, 20, ...new Uint8Array(20).fill(0x6b)),
    networkByName('regtest-bcoin')
  );
  const at = Math.floor(Date.parse(issuedAt) / 1000) + DEFAULT_BEACON_TIME_SKEW_S + 60;
  // a read first, retried once: after a long synchronous step (v2 proofs) the HTTP client's
  // kept-alive socket may have been closed by bcoin ("other side closed"); the write below must
  // go out on a live connection
  await h.bcoin.rpc('getblockcount').catch(() => h.bcoin.rpc('getblockcount'));
  await h.bcoin.rpc('setmocktime', [at]);
  try {
    await h.bcoin.rpc('generatetoaddress', [1, to]);
  } finally {
    await h.bcoin.rpc('setmocktime', [Math.floor(Date.now() / 1000)]);
  }
  return h.bcoin.rpc<number>('getblockcount');
}

/** Timeout of each of the demo auditor's node requests (`kura audit`'s default). */
const AUDIT_TIMEOUT_MS = 30_000;

/**
 * The demo auditor's `runAudit` options, as its `kura audit` command line would give them: one
 * source per chain — the bcoin node, the Litecoin and XRP Ledger endpoints, anvil — the demo's
 * own asset table and trust file, the auditor's key, the beacon at `beaconHeight` or above.
 */
function demoAuditOptions(h: DemoHandle, publication: string, beaconHeight: number): AuditOptions {
  const cfg = readConfig(h.config);
  const f = (name: string) => join(h.dir, name);
  const l = cfg.liabilities;
  const key = loadSigningKey(h.keys.auditor, { role: 'auditor' });
  const ethAssets = f(DEMO_FILES.ethAssets);
  readKuraDocument(ethAssets, DOCUMENTS.ethAssets);
  const trust = f(DEMO_FILES.trust);
  readKuraDocument(trust, DOCUMENTS.trust);
  return {
    publication,
    masterSecret: loadSecret(h.keys.masterSecret),
    liabilities:
      l.kind === 'file'
        ? { kind: 'file', file: l.file }
        : { kind: 'postgres', url: l.url, query: l.query, form: l.form },
    btc: createSources(
      { rpc: [h.replays.ltc.url], bcoin: [h.bcoin.authUrl] },
      { timeoutMs: AUDIT_TIMEOUT_MS }
    ),
    eth: [new RpcClient({ url: h.anvil.url, timeoutMs: AUDIT_TIMEOUT_MS })],
    ethAssets: readAssetTable(readFileOrThrow(ethAssets), ethAssets),
    xrp: [new XrplClient({ url: h.replays.xrpl.url, timeoutMs: AUDIT_TIMEOUT_MS })],
    btcConfirmations: BTC_CONFIRMATIONS,
    ethConfirmations: ETH_CONFIRMATIONS,
    allowUnproven: false,
    // the demo wallet is not a Safe: the auditor accepts its code explicitly, by hash
    acceptedWalletCodeHashes: (cfg.ethereum ?? []).flatMap((e) =>
      e.walletCodeHashes.map((c) => parseCodeHash(c, 'walletCodeHashes'))
    ),
    key: {
      alg: key.alg,
      signer: key.signer,
      publicKey: bytesToHex(key.publicKey),
      fingerprint: keyFingerprint(key.alg, key.publicKey),
    },
    trust: { bytes: readFileOrThrow(trust), source: trust },
    beaconDepth: DEFAULT_BEACON_DEPTH,
    beaconMinHeight: beaconHeight,
    beaconTimeSkew: DEFAULT_BEACON_TIME_SKEW_S,
    // v2: each sampled proof is made and verified (seconds each)
    sampleSize: cfg.protocol === 2 ? DEMO_V2_SAMPLE : DEFAULT_SAMPLE_SIZE,
  };
}

/** What the demo auditor did. */
export interface DemoAudit {
  /** The audit report directory (audit-report.html / .json, sample). */
  readonly report: string;
  readonly statementSha256: string;
  /** A bcoin block stamped after the attestation's issuedAt + skew: an audit beacon (SPEC §10.1). */
  readonly beaconHeight: number;
}

/**
 * The demo auditor: the audit of `kura audit` (`runAudit`) on the publication — the tree
 * recomputed from the liabilities (the CSV file or the PostgreSQL table) and the master secret,
 * every reserve entry re-verified on the demo's nodes, the policy re-run, a beacon-seeded
 * sample — which counter-signs only if everything passed. The exchange then publishes the
 * counter-signed attestation (and refreshes SHA256SUMS). Idempotent: an attestation the auditor
 * already signed is left alone.
 */
export async function demoAudit(h: DemoHandle, publication: string): Promise<DemoAudit> {
  const report = join(h.dir, DEMO_AUDIT_DIR);
  const attFile = join(publication, PUBLICATION.attestation);
  const current = parseAttestationBytes(readFileOrThrow(attFile));
  if (current.signatures.some((s) => s.role === 'auditor'))
    return {
      report,
      statementSha256: statementSha256(current),
      beaconHeight: await mineBeacon(h, current.issuedAt),
    };
  rmSync(report, { recursive: true, force: true });
  const beaconHeight = await mineBeacon(h, current.issuedAt);
  expectPublication(publication);
  const outcome = await runAudit(demoAuditOptions(h, publication, beaconHeight));
  writeReport(report, outcome.report, outcome.sample, outcome.signed);
  if (outcome.report.exitCode !== 0)
    throw new KuraError(
      'AUDIT_FAILED',
      `the audit's result is ${outcome.report.result} (kura audit would exit ${outcome.report.exitCode}); see ${join(report, 'audit-report.html')}\n${[
        ...outcome.report.problems,
        ...outcome.report.checks.flatMap((c) => c.errors.map((e) => `${c.id}: not checked: ${e}`)),
      ]
        .join('\n')
        .slice(-2000)}`
    );
  const signed = readFileOrThrow(join(report, PUBLICATION.attestation));
  const att = parseAttestationBytes(signed);
  if (statementSha256(att) !== statementSha256(current))
    throw new KuraError('AUDIT_FAILED', 'the auditor returned another statement');
  writeFileAtomic(attFile, signed);
  writeSums(publication);
  return { report, statementSha256: statementSha256(att), beaconHeight };
}
