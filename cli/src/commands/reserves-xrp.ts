/**
 * `kura reserves xrp collect | verify | tx` — XRP Ledger reserves (@kura/xrpl).
 *
 * - `collect` reads XRP (spendable; the account reserve shown apart) and issued-currency balances
 *   of the listed accounts at one validated ledger (pinned by index and hash), checks every
 *   `xrpl-tx` ownership proof and writes an evidence file. Nothing is written unless everything
 *   checks out.
 * - `verify` checks the XRPL entries of an evidence file against rippled endpoints at the pinned
 *   ledger. Exit 0 valid, 1 invalid, 2 could not check.
 * - `tx` prints the never-submittable AccountSet an account signs (SPEC §11.3).
 * Endpoint URLs may carry API keys: they are never printed.
 * @module
 */
import { formatEvidence } from '@kura/attest';
import { InputError } from '@kura/codec';
import {
  DOCUMENTS,
  readFileOrThrow,
  readKuraDocument,
  readTextFile,
  writeFileAtomic,
} from '@kura/codec/node';
import { ownershipChallenge } from '@kura/tree';
import { readRoundOrRootFile } from '@kura/tree/node';
import {
  checkXrplAddress,
  collectXrplEvidence,
  DEFAULT_XRPL_ASSETS,
  isXrplLedgerSpec,
  ownershipTx,
  parseXrplAddressList,
  parseXrplSignatureList,
  readXrplAssetTable,
  verifyXrplEvidence,
  XRPL_LEDGER_EXPECTED,
  type XrplClient,
  type XrplVerifyReport,
  xrplClients,
  xrplNetworkId,
} from '@kura/xrpl';
import type { Command } from 'commander';
import { EVIDENCE_DOCUMENT } from '../convention.js';
import { action, EXIT_OK, printJson, progress, repeatable } from '../util.js';
import {
  type RpcTimeoutFlags,
  rpcTimeouts,
  statusExit,
  withRpcTimeoutOptions,
} from './node-options.js';

/** `--assets`: the XRPL asset table; truncated or another kind of file is exit 2. */
function readAssets(file: string): ReturnType<typeof readXrplAssetTable> {
  readKuraDocument(file, DOCUMENTS.xrpAssets);
  return readXrplAssetTable(readFileOrThrow(file), file);
}

interface RpcFlags extends RpcTimeoutFlags {
  rpc: string[];
}

function clients(o: RpcFlags): XrplClient[] {
  if (o.rpc.length < 1 || o.rpc.length > 2)
    throw new InputError('give one or two --rpc endpoints', { field: '--rpc' });
  return xrplClients(o.rpc, rpcTimeouts(o));
}

function chainOption(v: string): string {
  if (xrplNetworkId(v) === null)
    throw new InputError(
      `expected xrpl:<network_id> (xrpl:0 mainnet, xrpl:1 testnet), got "${v}"`,
      { field: '--chain' }
    );
  return v;
}

/** Register `kura reserves xrp …` on `parent` (`kura reserves`). */
export function registerReservesXrp(parent: Command): void {
  const xrp = parent
    .command('xrp')
    .description('XRP Ledger reserves: XRP and issued currencies at a validated ledger, ownership');

  withRpcTimeoutOptions(
    xrp
      .command('collect')
      .description('read balances at a validated ledger, check ownership proofs, write evidence')
      .requiredOption(
        '--addresses <file>',
        'reserve accounts, JSON Lines: {"address","custody","label"?}'
      )
      .requiredOption(
        '--rpc <url>',
        'rippled JSON-RPC endpoint (give two to cross-check)',
        repeatable,
        []
      )
      .requiredOption(
        '--ledger <index|hash>',
        'snapshot ledger: decimal ledger index or 64-hex ledger hash (must be validated)'
      )
      .requiredOption('--round <file>', 'round.json, or root.json (also checks the asset list)')
      .requiredOption(
        '--signatures <file>',
        'ownership proofs, JSON Lines: {"address","type":"xrpl-tx","signature":"<hex blob>"}'
      )
      .requiredOption('--out <file>', 'evidence file to write')
      .option('--chain <caip2>', 'xrpl:0 mainnet (default), xrpl:1 testnet, …', 'xrpl:0')
      .option('--assets <file>', 'asset table (kura-xrpl-assets/1); default XRP only')
      .option('--json', 'print a JSON summary')
  ).action(
    action(
      async (
        o: RpcFlags & {
          addresses: string;
          ledger: string;
          round: string;
          signatures: string;
          out: string;
          chain: string;
          assets?: string;
          json?: boolean;
        }
      ) => {
        const chain = chainOption(o.chain);
        if (!isXrplLedgerSpec(o.ledger))
          throw new InputError(XRPL_LEDGER_EXPECTED, { field: '--ledger' });
        const { round, assets: liabilityAssets } = readRoundOrRootFile(o.round);
        const addresses = parseXrplAddressList(readTextFile(o.addresses), chain, o.addresses);
        const signatures = parseXrplSignatureList(readTextFile(o.signatures), chain, o.signatures);
        const table = o.assets ? readAssets(o.assets) : undefined;
        if (table && !table.has(chain))
          throw new InputError(`the asset table has no entry for ${chain}`, { file: o.assets! });
        const rpcs = clients(o);
        const bar = progress('accounts');
        const r = await collectXrplEvidence({
          clients: rpcs,
          chain,
          round,
          ledger: o.ledger,
          addresses,
          signatures,
          assets: table?.get(chain) ?? DEFAULT_XRPL_ASSETS,
          ...(liabilityAssets ? { liabilityAssets } : {}),
          onProgress: (d, n) => bar.update(d, n),
        });
        bar.finish();
        writeFileAtomic(o.out, formatEvidence(r.evidence));
        const summary = {
          out: o.out,
          chain,
          ledgerIndex: r.snapshot.ledgerIndex,
          ledgerHash: r.snapshot.ledgerHash,
          time: r.snapshot.time,
          entries: r.evidence.entries.length,
          reserveBase: r.snapshot.reserveBase.toString(),
          reserveIncrement: r.snapshot.reserveIncrement.toString(),
          endpoints: rpcs.map((c) => c.endpoint),
        };
        if (o.json) printJson(summary);
        else
          process.stdout.write(
            `wrote ${o.out}: ${summary.entries} account(s) on ${chain} at validated ledger ${summary.ledgerIndex} ${summary.ledgerHash} (${summary.time})\n` +
              `every ownership proof checked; XRP counted net of the account reserve (${summary.reserveBase} + ${summary.reserveIncrement} × owner count drops)\n`
          );
        return EXIT_OK;
      }
    )
  );

  withRpcTimeoutOptions(
    xrp
      .command('verify')
      .description(
        'verify the XRP Ledger entries of an evidence file (exit 0 valid, 1 invalid, 2 could not check)'
      )
      .requiredOption('--evidence <file>', 'evidence file (kura-evidence/1)')
      .requiredOption(
        '--rpc <url>',
        'rippled JSON-RPC endpoint (give two to cross-check)',
        repeatable,
        []
      )
      .option(
        '--assets <file>',
        "the auditor's asset table (kura-xrpl-assets/1): which issuer is which asset"
      )
      .option('--json', 'print the full report as JSON')
  ).action(
    action(async (o: RpcFlags & { evidence: string; assets?: string; json?: boolean }) => {
      const doc = readKuraDocument(o.evidence, EVIDENCE_DOCUMENT); // truncated, another kind: 2
      if ('invalid' in doc) throw new InputError(doc.invalid.message, { file: o.evidence });
      const json = doc.value;
      const assets = o.assets ? readAssets(o.assets) : undefined;
      const bar = progress('entries');
      const report = await verifyXrplEvidence(json, {
        clients: clients(o),
        ...(assets ? { assets } : {}),
        onProgress: (d, n) => bar.update(d, n),
      });
      bar.finish();
      if (o.json) printJson({ evidence: o.evidence, ...report });
      else printReport(report, o.evidence);
      return statusExit(report.status);
    })
  );

  xrp
    .command('tx')
    .description(
      'print the never-submittable AccountSet (XRPL JSON) an account signs as its ownership proof'
    )
    .requiredOption('--round <file>', 'round.json or root.json')
    .requiredOption('--address <address>', 'the reserve account (classic r-address)')
    .option('--chain <caip2>', 'xrpl:0 mainnet (default), xrpl:1 testnet, …', 'xrpl:0')
    .action(
      action((o: { round: string; address: string; chain: string }) => {
        const chain = chainOption(o.chain);
        const a = checkXrplAddress(chain, o.address);
        if (!a.ok) throw new InputError(`${a.code}: ${a.message}`, { field: '--address' });
        const { round } = readRoundOrRootFile(o.round);
        printJson({
          transaction: ownershipTx(a.address, chain, ownershipChallenge(round)),
          challenge: ownershipChallenge(round),
        });
        return EXIT_OK;
      })
    );
}

function printReport(r: XrplVerifyReport, file: string): void {
  const out: string[] = [];
  if (r.file) out.push(`${file}: invalid: ${r.file.code}: ${r.file.message}`);
  for (const s of r.snapshots)
    out.push(
      `snapshot ${s.chain} ledger ${s.height} ${s.blockHash}: ${s.status}${s.code ? ` ${s.code}: ${s.message}` : ''}`
    );
  for (const e of r.entries)
    out.push(
      `entries[${e.index}] ${e.chain} ${e.address}: ${e.status}${e.code ? ` ${e.code}: ${e.message}` : ''}`
    );
  const n = (s: string) => r.entries.filter((e) => e.status === s).length;
  out.push(
    `result: ${r.status} (${n('valid')} valid, ${n('invalid')} invalid, ${n('unchecked')} unchecked${r.skipped ? `; ${r.skipped} entries of other chains not checked here` : ''})`
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
