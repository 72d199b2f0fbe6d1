/**
 * `kura audit` — the auditor's independent check of one month's publication, and the
 * counter-signature when (and only when) everything passed. See `packages/audit/src/audit.ts` for the
 * checks and `packages/audit/README.md` for the procedure (beacon and sample).
 *
 * ```
 * kura audit --publication <dir> --secret <file> --liabilities <csv|jsonl|postgres://…>
 *            [--query <sql|@file>] [--form long|wide|auto]
 *            --btc-rpc <url> | --btc-bcoin <url> | --btc-esplora <url>   (per Bitcoin-family chain:
 *                                                     one, or two cross-checked)
 *            --eth-rpc <url> [--eth-rpc <url>] [--eth-assets <file>]
 *            --xrp-rpc <url> [--xrp-rpc <url>] [--xrp-assets <file>]
 *            --key <auditor key file> [--trust <file>] [--previous <file>] [--out <dir>]
 * ```
 * Exit 0: every check passed, `<out>/attestation.json` is counter-signed. Exit 1: a check
 * failed (each problem is printed, naming it); nothing is signed. Exit 2: a check could not be
 * carried out (unreachable node, unreadable export, beacon block not mined yet), or bad
 * arguments; nothing is signed.
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { keyFingerprint } from '@kura/attest';
import { DEFAULT_BEACON_DEPTH, DEFAULT_SAMPLE_SIZE } from '@kura/audit';
import {
  type AuditOptions,
  type AuditReport,
  checkOutDir,
  defaultAuditOutDir,
  expectPublication,
  type LiabilitiesSource,
  REPORT_FILES,
  runAudit,
  writeReport,
} from '@kura/audit/node';
import { type ChainSource, createSources, DEFAULT_BEACON_TIME_SKEW_S } from '@kura/bitcoin';
import { bytesToHex, InputError, KuraError } from '@kura/codec';
import { DOCUMENTS, readFileOrThrow, readKuraDocument } from '@kura/codec/node';
import { type EthAssetTable, parseCodeHashes, readAssetTable, rpcClients } from '@kura/ethereum';
import { readQueryArg } from '@kura/month';
import { isPkcs11Uri, type LoadedKey, loadSigningKey } from '@kura/pkcs11';
import { readXrplAssetTable, xrplClients } from '@kura/xrpl';
import { type Command, Option } from 'commander';
import { action, EXIT_ERROR, intOption, printJson, progress, repeatable } from '../util.js';
import { readSecret } from './tree.js';

interface AuditOpts {
  publication: string;
  secret: string;
  liabilities: string;
  query?: string;
  form: 'long' | 'wide' | 'auto';
  btcRpc: string[];
  btcBcoin: string[];
  btcEsplora: string[];
  ethRpc: string[];
  ethAssets?: string;
  xrpRpc: string[];
  xrpAssets?: string;
  key: string;
  trust?: string;
  previous?: string;
  out?: string;
  btcConfirmations: string;
  ethConfirmations: string;
  allowUnproven?: boolean;
  acceptWalletCode: string[];
  beaconDepth: string;
  beaconMinHeight: string;
  beaconTimeSkew: string;
  sample: string;
  now?: string;
  workers?: string;
  timeout: string;
  json?: boolean;
}

/** Register `kura audit`. */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      "the auditor's independent check of a publication; counter-signs only if everything passes (exit 0 pass, 1 fail, 2 could not check)"
    )
    .requiredOption('--publication <dir>', 'the publication directory (kura run)')
    .requiredOption(
      '--secret <file|uri>',
      'master secret file (64 hex) given to the auditor, or pkcs11: URI'
    )
    .requiredOption(
      '--liabilities <source>',
      'the full liabilities export: CSV, JSON Lines, or postgres://… with --query'
    )
    .option('--query <sql|@file>', 'SQL for a postgres:// source (uid, asset, amount or wide form)')
    .addOption(
      new Option('--form <form>', 'shape of the query result')
        .choices(['long', 'wide', 'auto'])
        .default('auto')
    )
    .option(
      '--btc-rpc <url>',
      "the auditor's Bitcoin Core JSON-RPC (http://user:pass@host:8332), or a Core-derived node of another Bitcoin-family coin (litecoind, …): one per chain, two of one chain are cross-checked",
      repeatable,
      []
    )
    .option(
      '--btc-bcoin <url>',
      "the auditor's bcoin node (http://x:<api-key>@host:port)",
      repeatable,
      []
    )
    .option('--btc-esplora <url>', 'an Esplora REST endpoint', repeatable, [])
    .option(
      '--eth-rpc <url>',
      "the auditor's EVM JSON-RPC: repeat, one per EVM chain (each serves its eth_chainId); two on one chain are cross-checked",
      repeatable,
      []
    )
    .option('--eth-assets <file>', "the auditor's own asset table (kura-eth-assets/1)")
    .option(
      '--xrp-rpc <url>',
      "the auditor's rippled JSON-RPC (repeat to cross-check)",
      repeatable,
      []
    )
    .option('--xrp-assets <file>', "the auditor's own XRPL asset table (kura-xrpl-assets/1)")
    .requiredOption(
      '--key <file|uri>',
      "the auditor's signing key (kura keys gen): file or pkcs11: URI"
    )
    .option('--trust <file>', "pinned keys (default: the publication's trust.json)")
    .option(
      '--previous <file>',
      "the previous month's attestation (hash chain; needed from sequence 2)"
    )
    .option('--out <dir>', 'report directory (default kura-audit-<period>)')
    .option('--btc-confirmations <n>', 'blocks required on the Bitcoin snapshot block', '6')
    .option('--eth-confirmations <n>', 'blocks required on the Ethereum snapshot block', '64')
    .option(
      '--allow-unproven',
      'accept Ethereum balances without a state proof (default: invalid); stated in the report'
    )
    .option(
      '--accept-wallet-code <hash>',
      'accept an EIP-1271 wallet by its code hash (0x…): its own isValidSignature decides; repeat',
      repeatable,
      []
    )
    .option(
      '--beacon-depth <K>',
      'beacon = Bitcoin block at snapshot height + K',
      String(DEFAULT_BEACON_DEPTH)
    )
    .option('--beacon-min-height <h>', 'never use a beacon block below this height', '0')
    .option(
      '--beacon-time-skew <s>',
      "seconds a block's time stamp may run ahead: the beacon block must be stamped later than issuedAt + this",
      String(DEFAULT_BEACON_TIME_SKEW_S)
    )
    .option(
      '--sample <n>',
      'customers to sample for balance confirmation',
      String(DEFAULT_SAMPLE_SIZE)
    )
    .option('--now <time>', 'check the validity period at this RFC 3339 time instead of now')
    .option('--workers <n>', 'tree builder threads (default: all cores)')
    .option('--timeout <ms>', 'timeout per node request', '30000')
    .option('--json', 'print the report as JSON')
    .action(action((o: AuditOpts) => audit(o)));
}

/**
 * The caller's files, checked before any node is contacted: a `--publication` that is not a
 * publication (`expectPublication`), or a `--trust`, `--previous`, `--eth-assets`,
 * `--xrp-assets` (checked where they are read) file that is empty, truncated or another kind of Kura document (named by its
 * `version`) is exit 2, could not check. The publication's own files are judged later, against
 * its attestation (a verdict).
 */
function checkCallerFiles(o: AuditOpts): void {
  expectPublication(o.publication);
  if (o.trust !== undefined) readKuraDocument(o.trust, DOCUMENTS.trust);
  if (o.previous !== undefined) readKuraDocument(o.previous, DOCUMENTS.attestation);
}

async function audit(o: AuditOpts): Promise<number> {
  const timeoutMs = intOption('--timeout', o.timeout, 0, 100, 600_000);
  const masterSecret = readSecret(o.secret);
  let key: LoadedKey;
  try {
    key = loadSigningKey(o.key, { role: 'auditor' });
  } catch (e) {
    if (e instanceof InputError || (e instanceof KuraError && isPkcs11Uri(o.key))) throw e;
    throw new InputError(e instanceof KuraError ? e.message : String(e), { file: o.key });
  }
  const publicKey = key.publicKey;
  const liabilities = liabilitiesSource(o);
  // one source per endpoint: each Bitcoin-family chain of the evidence is checked on the node(s)
  // serving it (two of one chain cross-checked)
  const btc: ChainSource[] = createSources(
    { rpc: o.btcRpc, bcoin: o.btcBcoin, esplora: o.btcEsplora },
    { timeoutMs }
  );
  const eth = rpcClients(o.ethRpc, { timeoutMs });
  let ethAssets: EthAssetTable | undefined;
  if (o.ethAssets) {
    readKuraDocument(o.ethAssets, DOCUMENTS.ethAssets); // truncated or another kind: exit 2
    ethAssets = readAssetTable(readFileOrThrow(o.ethAssets), o.ethAssets);
  }
  if (o.xrpRpc.length > 2)
    throw new InputError('give one or two --xrp-rpc endpoints', { field: '--xrp-rpc' });
  const xrp = xrplClients(o.xrpRpc, { timeoutMs });
  if (o.xrpAssets) readKuraDocument(o.xrpAssets, DOCUMENTS.xrpAssets);
  const xrpAssets = o.xrpAssets
    ? readXrplAssetTable(readFileOrThrow(o.xrpAssets), o.xrpAssets)
    : undefined;
  const now = o.now === undefined ? Date.now() : Date.parse(o.now);
  if (Number.isNaN(now)) throw new InputError('expected an RFC 3339 time', { field: '--now' });
  const out = o.out ?? defaultAuditOutDir(o.publication);
  checkOutDir(out);

  const bar = progress('kura audit');
  let phase = '';
  const options: AuditOptions = {
    publication: o.publication,
    masterSecret,
    liabilities,
    ...(btc.length ? { btc } : {}),
    eth,
    ...(ethAssets ? { ethAssets } : {}),
    ...(xrp.length ? { xrp } : {}),
    ...(xrpAssets ? { xrpAssets } : {}),
    btcConfirmations: intOption('--btc-confirmations', o.btcConfirmations, 0, 0, 1_000_000),
    ethConfirmations: intOption('--eth-confirmations', o.ethConfirmations, 0, 0, 1_000_000),
    allowUnproven: o.allowUnproven === true,
    acceptedWalletCodeHashes: parseCodeHashes(o.acceptWalletCode, '--accept-wallet-code'),
    key: {
      alg: key.alg,
      signer: key.signer,
      publicKey: bytesToHex(publicKey),
      fingerprint: keyFingerprint(key.alg, publicKey),
    },
    ...(o.trust ? { trust: { bytes: readFileOrThrow(o.trust), source: o.trust } } : {}),
    ...(o.previous ? { previous: { bytes: readFileOrThrow(o.previous), file: o.previous } } : {}),
    beaconDepth: intOption('--beacon-depth', o.beaconDepth, 0, 1, 1_000_000),
    beaconMinHeight: intOption('--beacon-min-height', o.beaconMinHeight, 0, 0, 2 ** 31),
    beaconTimeSkew: intOption('--beacon-time-skew', o.beaconTimeSkew, 0, 0, 30 * 86_400),
    sampleSize: intOption('--sample', o.sample, 0, 0, 1_000_000),
    now,
    ...(o.workers !== undefined ? { workers: intOption('--workers', o.workers, 0, 0, 256) } : {}),
    onProgress: (p, d, n) => {
      if (p !== phase) {
        phase = p;
        bar.update(0);
      }
      bar.update(d, n);
    },
  };
  checkCallerFiles(o);
  const outcome = await runAudit(options);
  bar.finish(outcome.report.result);
  writeReport(out, outcome.report, outcome.sample, outcome.signed);
  if (o.json) printJson(outcome.report);
  else process.stdout.write(summary(outcome.report, out));
  return outcome.report.exitCode;
}

function liabilitiesSource(o: AuditOpts): LiabilitiesSource {
  if (/^postgres(ql)?:\/\//.test(o.liabilities)) {
    if (!o.query)
      throw new InputError('a postgres:// liabilities source needs --query <sql|@file>', {
        field: '--query',
      });
    const query = readQueryArg(o.query);
    return { kind: 'postgres', url: o.liabilities, query, form: o.form };
  }
  if (o.query)
    throw new InputError('--query is only for a postgres:// source', { field: '--query' });
  if (!existsSync(o.liabilities)) throw new InputError('file not found', { file: o.liabilities });
  return { kind: 'file', file: o.liabilities };
}

const MARK: Readonly<Record<string, string>> = { pass: 'PASS', fail: 'FAIL', error: 'NOT CHECKED' };

function summary(r: AuditReport, out: string): string {
  const lines: string[] = [];
  const a = r.attestation;
  if (a) lines.push(`audit of ${a.exchangeName}, period ${a.period} (sequence ${a.sequence})`);
  for (const c of r.checks) {
    lines.push(`${MARK[c.status]!.padEnd(11)} ${c.id.padEnd(17)} ${c.summary}`);
    for (const p of c.problems.slice(1)) lines.push(`${''.padEnd(29)}${p}`);
    for (const p of c.errors.slice(c.status === 'error' ? 1 : 0))
      lines.push(`${''.padEnd(29)}not checked: ${p}`);
    for (const n of c.notes) lines.push(`${''.padEnd(29)}note: ${n}`);
  }
  lines.push(
    r.result === 'pass'
      ? `RESULT: PASS — counter-signed attestation written to ${resolve(out, REPORT_FILES.attestation)}`
      : r.result === 'fail'
        ? `RESULT: FAIL — ${r.problems.length} problem(s); NOT counter-signed`
        : `RESULT: COULD NOT CHECK — NOT counter-signed (exit ${EXIT_ERROR})`,
    `report: ${resolve(out, REPORT_FILES.html)}`
  );
  return `${lines.join('\n')}\n`;
}
