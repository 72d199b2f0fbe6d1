/**
 * `kura reserves eth collect | verify | typed-data` — Ethereum reserves (@kura/ethereum).
 *
 * - `collect` reads ETH and ERC-20 balances of the listed addresses at the snapshot block
 *   (pinned by hash), checks every ownership signature and writes an evidence file with EIP-1186
 *   state proofs. Nothing is written unless everything checks out; every failed ownership proof
 *   is reported with its address and code in one run (exit 1).
 * - `verify` checks the Ethereum entries of an evidence file: header hash, state proofs against
 *   the stateRoot (required unless `--allow-unproven`), ownership (EIP-1271 by the contract-wallet
 *   trust model: pinned Safe, or code accepted with `--accept-wallet-code`), balances through the
 *   endpoints. Exit 0 valid, 1 invalid, 2 could not check.
 * - `typed-data` prints the EIP-712 payload a wallet signs (`eth_signTypedData_v4`).
 * RPC URLs may carry API keys: they are never printed (messages show a redacted form).
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
import {
  CollectProblemsError,
  checkAddress,
  collectEthEvidence,
  type EthAssetTable,
  type EthVerifyReport,
  ownershipTypedData,
  parseAddressList,
  parseCodeHashes,
  parseEvmNetwork,
  parseSignatureList,
  type RpcClient,
  readAssetTable,
  rpcClients,
  verifyEthEvidence,
  type WalletModel,
} from '@kura/ethereum';
import { ownershipChallenge } from '@kura/tree';
import { readRoundOrRootFile } from '@kura/tree/node';
import type { Command } from 'commander';
import { EVIDENCE_DOCUMENT } from '../convention.js';
import { action, EXIT_OK, intOption, printJson, progress, repeatable } from '../util.js';
import {
  printCollectProblems,
  type RpcTimeoutFlags,
  rpcTimeouts,
  statusExit,
  withRpcTimeoutOptions,
} from './node-options.js';

function readAssets(file: string): EthAssetTable {
  readKuraDocument(file, DOCUMENTS.ethAssets); // truncated or another kind of file: exit 2
  return readAssetTable(readFileOrThrow(file), file);
}

interface RpcFlags extends RpcTimeoutFlags {
  rpc: string[];
  batch?: string;
}

function clients(o: RpcFlags): RpcClient[] {
  const timeouts = rpcTimeouts(o);
  const maxBatch = intOption('--batch', o.batch, 100, 1, 10_000);
  return rpcClients(o.rpc, { ...timeouts, maxBatch });
}

function withRpcOptions(c: Command): Command {
  return withRpcTimeoutOptions(c).option(
    '--batch <n>',
    'calls per JSON-RPC batch request (default 100)'
  );
}

/** Register `kura reserves eth …` on `parent` (`kura reserves`). */
export function registerReservesEth(parent: Command): void {
  const eth = parent
    .command('eth')
    .description('Ethereum reserves: ETH and ERC-20 balances, state proofs, ownership');

  withRpcOptions(
    eth
      .command('collect')
      .description(
        'read balances at the snapshot block, check ownership, write evidence with state proofs'
      )
      .requiredOption(
        '--addresses <file>',
        'reserve addresses, JSON Lines: {"address","custody","label"?}'
      )
      .requiredOption('--rpc <url>', 'JSON-RPC endpoint (give two to cross-check)', repeatable, [])
      .requiredOption('--block <number|hash>', 'snapshot block: decimal height or 0x block hash')
      .requiredOption('--round <file>', 'round.json, or root.json (also checks the asset list)')
      .requiredOption(
        '--signatures <file>',
        'ownership signatures, JSON Lines: {"address","type","signature"}'
      )
      .requiredOption('--assets <file>', 'asset table (kura-eth-assets/1)')
      .requiredOption('--out <file>', 'evidence file to write')
      .option('--confirmations <n>', 'blocks required on the snapshot block (default 64)')
      .option(
        '--finalized',
        "also require the snapshot block to be finalized (the node's finalized tag)"
      )
      .option('--no-multicall', 'use JSON-RPC batches even where Multicall3 is deployed')
      .option(
        '--allow-unproven',
        'accept tokens without a balanceSlot in the asset table (read by balanceOf only, not state-proven)'
      )
      .option(
        '--wallet-code <hash>',
        'declare an EIP-1271 wallet code hash (0x…) that is not a pinned Safe; repeat for more',
        repeatable,
        []
      )
      .option('--proof-batch <n>', 'eth_getProof calls per batch request (default 10)')
      .option(
        '--network <caip2>',
        "the EVM chain the evidence is for, eip155:<chain id>: the node's eth_chainId must be it"
      )
      .option('--json', 'print a JSON summary')
  ).action(
    action(
      async (
        o: RpcFlags & {
          addresses: string;
          block: string;
          round: string;
          signatures: string;
          assets: string;
          out: string;
          confirmations?: string;
          multicall: boolean;
          proofBatch?: string;
          finalized?: boolean;
          network?: string;
          allowUnproven?: boolean;
          walletCode: string[];
          json?: boolean;
        }
      ) => {
        if (o.rpc.length > 2)
          throw new InputError('give one or two --rpc endpoints', { field: '--rpc' });
        const confirmations = intOption('--confirmations', o.confirmations, 64, 0, 1_000_000);
        const net = o.network === undefined ? undefined : parseEvmNetwork(o.network);
        if (net && !net.ok) throw new InputError(net.message, { field: '--network' });
        const { round, assets: liabilityAssets } = readRoundOrRootFile(o.round);
        const addresses = parseAddressList(readTextFile(o.addresses), o.addresses);
        const signatures = parseSignatureList(readTextFile(o.signatures), o.signatures);
        const assets = readAssets(o.assets);
        const rpcs = clients(o);
        const walletCodes = parseCodeHashes(o.walletCode, '--wallet-code');
        let bar: ReturnType<typeof progress> | undefined;
        let stage = '';
        let r: Awaited<ReturnType<typeof collectEthEvidence>>;
        try {
          r = await collectEthEvidence({
            rpcs,
            round,
            block: o.block,
            addresses,
            signatures,
            assets,
            ...(liabilityAssets ? { liabilityAssets } : {}),
            confirmations,
            multicall: o.multicall ? 'auto' : 'off',
            ...(o.finalized ? { requireFinalized: true } : {}),
            proofBatch: intOption('--proof-batch', o.proofBatch, 10, 1, 1000),
            ...(o.allowUnproven ? { allowUnproven: true } : {}),
            acceptedWalletCodeHashes: walletCodes,
            ...(net?.ok ? { network: net.caip2 } : {}),
            onProgress: (s, d, n) => {
              if (s !== stage) {
                bar?.finish();
                stage = s;
                bar = progress(s);
              }
              bar?.update(d, n);
            },
          });
        } catch (e) {
          bar?.finish();
          if (!(e instanceof CollectProblemsError)) throw e;
          return printCollectProblems(e.problems, o, 'ownership problem(s)');
        }
        bar?.finish();
        writeFileAtomic(o.out, formatEvidence(r.evidence));
        const summary = {
          out: o.out,
          chain: r.snapshot.chain,
          height: r.snapshot.height,
          blockHash: r.snapshot.blockHash,
          time: r.snapshot.time,
          entries: r.evidence.entries.length,
          balancesVia: r.via,
          notStateProven: r.unproven,
          allowUnproven: o.allowUnproven === true,
          endpoints: rpcs.map((x) => x.endpoint),
        };
        if (o.json) printJson(summary);
        else
          process.stdout.write(
            `wrote ${o.out}: ${summary.entries} address(es) on ${summary.chain} at block ${summary.height} ${summary.blockHash} (${summary.time})\n` +
              `balances via ${summary.balancesVia}; every ownership proof checked; ${r.stateProven ? "state proofs verified against the block's stateRoot" : '--allow-unproven: NOT state-proven (the node does not serve eth_getProof)'}` +
              `${r.stateProven && r.unproven.length ? `\nwarning: --allow-unproven: not state-proven (no balanceSlot in the asset table): ${r.unproven.join(', ')}` : ''}\n`
          );
        return EXIT_OK;
      }
    )
  );

  withRpcOptions(
    eth
      .command('verify')
      .description(
        'verify the Ethereum entries of an evidence file (exit 0 valid, 1 invalid, 2 could not check)'
      )
      .requiredOption('--evidence <file>', 'evidence file (kura-evidence/1)')
      .requiredOption(
        '--rpc <url>',
        'JSON-RPC endpoint; repeat for more chains or to cross-check',
        repeatable,
        []
      )
      .option(
        '--assets <file>',
        "the auditor's asset table: which contract is which asset (recommended)"
      )
      .option('--confirmations <n>', 'blocks required on the snapshot block (default 64)')
      .option(
        '--allow-unproven',
        'accept balances without a state proof (default: invalid, NOT_STATE_PROVEN); shown in the output'
      )
      .option(
        '--accept-wallet-code <hash>',
        'accept an EIP-1271 wallet by its code hash (0x…): its own isValidSignature decides; repeat for more',
        repeatable,
        []
      )
      .option('--finalized', 'also require the snapshot block to be finalized (else exit 2)')
      .option('--json', 'print the full report as JSON')
  ).action(
    action(
      async (
        o: RpcFlags & {
          evidence: string;
          assets?: string;
          confirmations?: string;
          allowUnproven?: boolean;
          acceptWalletCode: string[];
          finalized?: boolean;
          json?: boolean;
        }
      ) => {
        const confirmations = intOption('--confirmations', o.confirmations, 64, 0, 1_000_000);
        const doc = readKuraDocument(o.evidence, EVIDENCE_DOCUMENT);
        if ('invalid' in doc) throw new InputError(doc.invalid.message, { file: o.evidence });
        const json = doc.value;
        const assets = o.assets ? readAssets(o.assets) : undefined;
        const bar = progress('entries');
        const report = await verifyEthEvidence(json, {
          rpcs: clients(o),
          confirmations,
          ...(assets ? { assets } : {}),
          ...(o.allowUnproven ? { allowUnproven: true } : {}),
          acceptedWalletCodeHashes: parseCodeHashes(o.acceptWalletCode, '--accept-wallet-code'),
          ...(o.finalized ? { requireFinalized: true } : {}),
          onProgress: (d, n) => bar.update(d, n),
        });
        bar.finish();
        if (o.json) printJson({ evidence: o.evidence, ...report });
        else printReport(report, o.evidence, assets === undefined);
        return statusExit(report.status);
      }
    )
  );

  eth
    .command('typed-data')
    .description(
      'print the EIP-712 typed data (eth_signTypedData_v4) and the EIP-191 text an address signs'
    )
    .requiredOption('--round <file>', 'round.json or root.json')
    .requiredOption('--chain-id <id>', 'EIP-155 chain id of the snapshot chain')
    .requiredOption('--address <address>', 'the reserve address (or contract wallet) that signs')
    .action(
      action((o: { round: string; chainId: string; address: string }) => {
        const chainId = intOption('--chain-id', o.chainId, 1, 1, Number.MAX_SAFE_INTEGER);
        const a = checkAddress(o.address);
        if (!a.ok) throw new InputError(a.message, { field: '--address' });
        const { round } = readRoundOrRootFile(o.round);
        printJson({
          typedData: ownershipTypedData(round, chainId, a.address),
          personalSignText: ownershipChallenge(round),
        });
        return EXIT_OK;
      })
    );
}

/** One line on how a valid EIP-1271 entry was trusted. */
export function walletLine(w: WalletModel): string {
  return w.kind === 'safe'
    ? `contract wallet: Safe ${w.safe.version} ${w.safe.variant}, ${w.safe.signers.length} of ${w.safe.owners.length} owners signed (threshold ${w.safe.threshold}), checked by Kura from storage proofs`
    : `contract wallet: code ${w.codeHash} accepted explicitly (--accept-wallet-code); its own isValidSignature decided`;
}

function printReport(r: EthVerifyReport, file: string, noTable: boolean): void {
  const out: string[] = [];
  out.push(
    r.allowUnproven
      ? "state proofs: NOT required (--allow-unproven): unproven balances rest on the endpoints' word"
      : 'state proofs: required'
  );
  if (r.file) out.push(`${file}: invalid: ${r.file.code}: ${r.file.message}`);
  for (const s of r.snapshots)
    out.push(
      `snapshot ${s.chain} height ${s.height} ${s.blockHash}: ${s.status}${s.code ? ` ${s.code}: ${s.message}` : ''}`
    );
  for (const e of r.entries) {
    out.push(
      `entries[${e.index}] ${e.chain} ${e.address}: ${e.status}${e.code ? ` ${e.code}: ${e.message}` : ''}`
    );
    if (e.wallet) out.push(`  ${walletLine(e.wallet)}`);
    for (const w of e.warnings) out.push(`  warning ${w.code}: ${w.message}`);
  }
  const n = (s: string) => r.entries.filter((e) => e.status === s).length;
  if (noTable)
    out.push(
      'warning: no --assets table: token contracts were not checked against an asset table of your own'
    );
  out.push(
    `result: ${r.status} (${n('valid')} valid, ${n('invalid')} invalid, ${n('unchecked')} unchecked${r.skipped ? `; ${r.skipped} entries of other chains not checked here` : ''})`
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
