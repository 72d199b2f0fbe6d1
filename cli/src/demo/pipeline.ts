/**
 * The demo pipeline without the terminal parts (shared by `demo/main.ts` and the end-to-end
 * test): start the nodes, build the synthetic exchange, run the month through the same code
 * as `kura run`, and counter-sign as the demo auditor.
 * @module
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseAttestationBytes,
  parseEvidenceBytes,
  parseKeyFile,
  signAttestation,
  statementSha256,
  verifyAttestation,
} from '@kura/attest';
import { BcoinSource, verifyBitcoinEvidence } from '@kura/bitcoin';
import { KuraError } from '@kura/codec';
import { readFileOrThrow, writeFileAtomic } from '@kura/codec/node';
import { parseAssetTable, RpcClient, verifyEthEvidence } from '@kura/ethereum';
import { PUBLICATION, writeSums } from '../publication.js';
import { readConfig } from '../run/config.js';
import { type RunSummary, runMonth } from '../run/month.js';
import { BTC_CONFIRMATIONS, buildExchange, DEMO_FILES, ETH_CONFIRMATIONS } from './exchange.js';
import { AnvilDemoNode, BcoinDemoNode } from './nodes.js';

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
}

/** A demo exchange with its running nodes. */
export interface DemoHandle {
  readonly dir: string;
  readonly config: string;
  readonly bcoin: BcoinDemoNode;
  readonly anvil: AnvilDemoNode;
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
    AnvilDemoNode.start({ balance: 1_000_000 }),
  ]);
  if (b.status === 'rejected' || a.status === 'rejected') {
    if (b.status === 'fulfilled') await b.value.stop();
    if (a.status === 'fulfilled') await a.value.stop();
    throw (b.status === 'rejected' ? b.reason : (a as PromiseRejectedResult).reason) as Error;
  }
  const bcoin = b.value;
  const anvil = a.value;
  let stopped: Promise<void> | undefined;
  const handle: DemoHandle = {
    dir: o.dir,
    config: join(o.dir, DEMO_FILES.config),
    bcoin,
    anvil,
    stop: () => {
      stopped ??= Promise.all([bcoin.stop(), anvil.stop()]).then(() => undefined);
      return stopped;
    },
    killNow: () => {
      bcoin.killNow();
      anvil.killNow();
    },
  };
  try {
    log(`bcoin regtest and anvil started on 127.0.0.1 (${Date.now() - t0} ms)`);
    await buildExchange({
      dir: o.dir,
      customers: o.customers,
      seed: o.seed ?? 2026,
      ...(o.postgres ? { postgres: o.postgres } : {}),
      bcoin,
      anvil,
      log,
    });
    return handle;
  } catch (e) {
    await handle.stop();
    throw e;
  }
}

/** Run the month of the demo's config (the `kura run` code path). */
export async function runDemoMonth(h: DemoHandle): Promise<RunSummary> {
  return runMonth(readConfig(h.config));
}

/**
 * The demo auditor: checks the published attestation (exchange signature, every number, root
 * and evidence files), re-verifies every reserve entry against its own view of both chains
 * (the demo's nodes), then counter-signs with its key and refreshes SHA256SUMS. Idempotent: an
 * attestation the auditor already signed is left alone.
 *
 * TODO(issue 7): `kura audit` (recomputing the tree from the liabilities and the secret, the
 * sample draw from a block-hash beacon, the HTML report) replaces this once it lands.
 */
export async function demoAudit(
  h: DemoHandle,
  publication: string
): Promise<{ statementSha256: string }> {
  const p = (rel: string) => join(publication, rel);
  const bytes = readFileOrThrow(p(PUBLICATION.attestation));
  const att = parseAttestationBytes(bytes);
  if (att.signatures.some((s) => s.role === 'auditor'))
    return { statementSha256: statementSha256(att) };
  const evidence = readFileOrThrow(p(PUBLICATION.evidence));
  const r = verifyAttestation(bytes, {
    trust: readFileOrThrow(p(PUBLICATION.trust)),
    requiredRoles: ['exchange'],
    root: readFileOrThrow(p(PUBLICATION.root)),
    evidence,
  });
  if (!r.ok)
    throw new KuraError('AUDIT_FAILED', `the attestation does not verify: ${r.code}: ${r.message}`);
  const ev = parseEvidenceBytes(evidence);
  const btc = await verifyBitcoinEvidence(ev, new BcoinSource(h.bcoin.authUrl), {
    confirmations: BTC_CONFIRMATIONS,
    assets: att.liabilities.assets,
  });
  if (!btc.ok)
    throw new KuraError('AUDIT_FAILED', 'the Bitcoin reserves do not verify on the auditor node');
  const table = parseAssetTable(
    JSON.parse(readFileSync(join(h.dir, DEMO_FILES.ethAssets), 'utf8'))
  );
  const eth = await verifyEthEvidence(JSON.parse(new TextDecoder().decode(evidence)), {
    rpcs: [new RpcClient({ url: h.anvil.url })],
    assets: table,
    confirmations: ETH_CONFIRMATIONS,
    requireStateProofs: true,
  });
  if (eth.status !== 'valid')
    throw new KuraError('AUDIT_FAILED', `the Ethereum reserves do not verify: ${eth.status}`);
  const key = parseKeyFile(readFileOrThrow(join(h.dir, DEMO_FILES.auditorKey)));
  const signed = signAttestation(att, 'auditor', key);
  writeFileAtomic(p(PUBLICATION.attestation), `${JSON.stringify(signed, null, 2)}\n`);
  writeSums(publication);
  return { statementSha256: statementSha256(signed) };
}
