/**
 * `kura reserves btc collect | verify` — Bitcoin reserves (@kura/bitcoin).
 *
 * - `collect` discovers the UTXOs of the listed addresses (or of descriptor wallets over a range)
 *   at snapshot height H, records per UTXO its block, height and `gettxoutproof` merkle proof,
 *   attaches the owners' offline signatures over the round's challenge and checks every entry.
 *   Nothing is written unless everything checks out (problems: exit 1; source failure: exit 2).
 * - `verify` checks the Bitcoin entries of an evidence file against one source, or two
 *   cross-checked: exit 0 valid, 1 invalid, 2 could not check; `--json` for the full report.
 * Source URLs may carry credentials (`http://user:pass@host:8332`): they are sent as an
 * Authorization header and never printed.
 * @module
 */
import { type Evidence, formatEvidence, parseEvidenceBytes, SchemaError } from '@kura/attest';
import {
  type ChainSource,
  collectBitcoinEvidence,
  createSource,
  defaultAssetOfChain,
  discoveryWarning,
  type EvidenceReport,
  expectSourceChain,
  parseAddressFile,
  parseChainOption,
  parseDescriptorFile,
  parseSignatureFile,
  unitOfChain,
  verifyBitcoinEvidence,
} from '@kura/bitcoin';
import { InputError, KuraError } from '@kura/codec';
import { readFileOrThrow, readKuraDocument, readTextFile, writeFileAtomic } from '@kura/codec/node';
import { readRoundOrRootFile } from '@kura/tree/node';
import type { Command } from 'commander';
import { EVIDENCE_DOCUMENT } from '../convention.js';
import {
  action,
  EXIT_INVALID,
  EXIT_OK,
  intOption,
  printJson,
  progress,
  repeatable,
} from '../util.js';
import { printCollectProblems } from './node-options.js';

interface SourceFlags {
  chain?: string;
  rpc: string[];
  esplora: string[];
  bcoin: string[];
  timeout?: string;
  retries?: string;
  rateLimit?: string;
  maxScanBlocks?: string;
}

/** `--chain` as a CAIP-2 id (undefined: the node's genesis decides). Bad value → exit 2. */
function chainFlag(o: SourceFlags): string | undefined {
  if (o.chain === undefined) return undefined;
  try {
    return parseChainOption(o.chain);
  } catch (e) {
    throw new InputError((e as Error).message, { field: '--chain' });
  }
}

function withSourceOptions(c: Command): Command {
  return c
    .option(
      '--chain <coin>',
      "btc (default), ltc, bch, doge or mona, optionally -testnet / -regtest (bch needs it: it shares Bitcoin's genesis)"
    )
    .option('--rpc <url>', 'Bitcoin Core JSON-RPC (http://user:pass@host:8332)', repeatable, [])
    .option(
      '--esplora <url>',
      'Esplora REST base URL (e.g. https://blockstream.info/api)',
      repeatable,
      []
    )
    .option(
      '--bcoin <url>',
      'bcoin node HTTP (http://x:<api-key>@host:port), run with --index-tx --index-address',
      repeatable,
      []
    )
    .option('--timeout <ms>', 'timeout per HTTP request in ms (default 15000)')
    .option('--retries <n>', 'retries of a transient failure (default 3)')
    .option('--rate-limit <ms>', 'minimum ms between requests (default: Esplora 100, others 0)')
    .option(
      '--max-scan-blocks <n>',
      'Core/bcoin: blocks after H scanned for a spender (default 2016)'
    );
}

function sourceOf(o: SourceFlags): ChainSource {
  const opts = {
    timeoutMs: intOption('--timeout', o.timeout, 15_000, 100, 600_000),
    retries: intOption('--retries', o.retries, 3, 0, 20),
    maxScanBlocks: intOption('--max-scan-blocks', o.maxScanBlocks, 2016, 0, 1_000_000),
    ...(o.rateLimit !== undefined
      ? { minIntervalMs: intOption('--rate-limit', o.rateLimit, 0, 0, 60_000) }
      : {}),
  };
  return createSource({ rpc: o.rpc, esplora: o.esplora, bcoin: o.bcoin }, opts);
}

/** Register `kura reserves btc …` on `parent` (`kura reserves`). */
export function registerReservesBtc(parent: Command): void {
  const btc = parent
    .command('btc')
    .description('Bitcoin reserves: UTXOs at the snapshot, ownership proofs');

  withSourceOptions(
    btc
      .command('collect')
      .description(
        'discover UTXOs at height H, attach ownership signatures, write evidence with merkle proofs'
      )
      .option('--addresses <file>', 'JSON Lines: {"address","custody","label"?}')
      .option(
        '--descriptors <file>',
        'JSON Lines: {"descriptor":"…#checksum","range":[first,last],"custody","label"?}'
      )
      .requiredOption('--height <H>', 'snapshot block height')
      .requiredOption('--round <file>', 'round.json (or root.json)')
      .requiredOption('--signatures <file>', 'JSON Lines: {"address","type","signature"}')
      .requiredOption('--out <file>', 'evidence file to write (kura-evidence/1)')
      .option(
        '--asset <symbol>',
        'liabilities symbol of the coin (default BTC, LTC, BCH, DOGE, MONA)'
      )
      .option('--confirmations <n>', 'blocks required on the snapshot block (default 1)')
      .option('--json', 'print a JSON summary')
  ).action(
    action(
      async (
        o: SourceFlags & {
          addresses?: string;
          descriptors?: string;
          height: string;
          round: string;
          signatures: string;
          out: string;
          asset?: string;
          confirmations?: string;
          json?: boolean;
        }
      ) => {
        if (!o.addresses && !o.descriptors)
          throw new InputError('give --addresses <file> and/or --descriptors <file>', {
            field: '--addresses',
          });
        const height = intOption('--height', o.height, 0, 0, 100_000_000);
        const confirmations = intOption('--confirmations', o.confirmations, 1, 1, 1_000_000);
        const { round, assets } = readRoundOrRootFile(o.round);
        const wanted = chainFlag(o);
        const checkAsset = (asset: string) => {
          if (assets && !assets.some((a) => a.symbol === asset))
            throw new InputError(`asset "${asset}" is not in the liabilities asset list`, {
              file: o.round,
              field: '--asset',
            });
        };
        if (o.asset !== undefined) checkAsset(o.asset);
        // read the files first (so a typo fails before any network call), check addresses after
        const addrText = o.addresses ? readTextFile(o.addresses) : undefined;
        const descText = o.descriptors ? readTextFile(o.descriptors) : undefined;
        const sigText = readTextFile(o.signatures);
        const source = sourceOf(o);
        const chain = await expectSourceChain(source, wanted, 'the --chain');
        // default symbol: the coin of the chain the node serves (BTC, LTC, BCH, DOGE, MONA)
        const asset = o.asset ?? defaultAssetOfChain(chain);
        checkAsset(asset);
        const addresses =
          addrText !== undefined ? parseAddressFile(addrText, o.addresses!, chain) : [];
        const descriptors =
          descText !== undefined ? parseDescriptorFile(descText, o.descriptors!, chain) : [];
        const signatures = parseSignatureFile(sigText, o.signatures, chain);
        const bar = progress('addresses');
        const r = await collectBitcoinEvidence({
          source,
          round,
          height,
          addresses,
          descriptors,
          signatures,
          asset,
          chain,
          confirmations,
          onAddress: (d, n) => bar.update(d, n),
        });
        bar.finish();
        // every failure of the run, each with its address (issue 12)
        if (r.problems.length) return printCollectProblems(r.problems, o, 'problem(s)');
        const warn = discoveryWarning(source, height, r.tip);
        writeFileAtomic(o.out, formatEvidence(r.evidence));
        const snap = r.evidence.snapshots[0]!;
        const total = r.evidence.entries.reduce(
          (s, e) => s + BigInt(e.balances[0]?.amount ?? '0'),
          0n
        );
        const summary = {
          ok: true,
          out: o.out,
          chain: snap.chain,
          height: snap.height,
          blockHash: snap.blockHash,
          time: snap.time,
          entries: r.evidence.entries.length,
          utxos: r.evidence.entries.reduce((s, e) => s + (e.utxos?.length ?? 0), 0),
          total: total.toString(),
          source: { kind: source.kind, endpoint: source.endpoint },
          ...(warn ? { warning: warn } : {}),
        };
        if (o.json) printJson(summary);
        else {
          process.stdout.write(
            `wrote ${o.out}: ${summary.entries} address(es), ${summary.utxos} UTXO(s), ${summary.total} ${unitOfChain(summary.chain)} on ${summary.chain} at height ${summary.height} ${summary.blockHash} (${summary.time})\n` +
              'every ownership proof, UTXO and merkle proof checked\n'
          );
          if (warn) process.stderr.write(`kura: warning: ${warn}\n`);
        }
        return EXIT_OK;
      }
    )
  );

  withSourceOptions(
    btc
      .command('verify')
      .description(
        'verify the Bitcoin entries of an evidence file (exit 0 valid, 1 invalid, 2 could not check)'
      )
      .requiredOption('--evidence <file>', 'evidence file (kura-evidence/1)')
      .option(
        '--round <file>',
        'root.json or round.json: the evidence must be for this round (and asset list)'
      )
      .option(
        '--confirmations <n>',
        'reorg guard: blocks required on the snapshot block (default 1)'
      )
      .option('--json', 'print the full report as JSON')
  ).action(
    action(
      async (
        o: SourceFlags & {
          evidence: string;
          round?: string;
          confirmations?: string;
          json?: boolean;
        }
      ) => {
        const confirmations = intOption('--confirmations', o.confirmations, 1, 1, 1_000_000);
        const wanted = chainFlag(o);
        let ev: Evidence;
        readKuraDocument(o.evidence, EVIDENCE_DOCUMENT); // truncated or another kind of file: exit 2
        try {
          ev = parseEvidenceBytes(readFileOrThrow(o.evidence));
        } catch (e) {
          if (e instanceof SchemaError && e.file === undefined) throw e.withFile(o.evidence);
          if (e instanceof KuraError && !e.message.includes(o.evidence))
            throw new InputError(e.message, { file: o.evidence }, { cause: e });
          throw e;
        }
        const expected = o.round ? readRoundOrRootFile(o.round) : undefined;
        if (expected && JSON.stringify(expected.round) !== JSON.stringify(ev.round)) {
          const msg = `the evidence is for ${JSON.stringify(ev.round)}, not for the round in ${o.round}`;
          if (o.json) printJson({ ok: false, code: 'E_ROUND', message: msg });
          else process.stdout.write(`${o.evidence}: invalid: E_ROUND: ${msg}\n`);
          return EXIT_INVALID;
        }
        const source = sourceOf(o);
        if (wanted !== undefined) await expectSourceChain(source, wanted, 'the --chain');
        const bar = progress('entries');
        const report = await verifyBitcoinEvidence(ev, source, {
          confirmations,
          ...(expected?.assets ? { assets: expected.assets } : {}),
          onEntry: (d, n) => bar.update(d, n),
        });
        bar.finish();
        if (o.json) printJson({ evidence: o.evidence, ...report });
        else printReport(report, o.evidence);
        return report.ok ? EXIT_OK : EXIT_INVALID;
      }
    )
  );
}

function printReport(r: EvidenceReport, file: string): void {
  const out: string[] = [];
  const unit = unitOfChain(r.chain);
  out.push(`source: ${r.source.kind} ${r.source.endpoint}`);
  out.push(`  unspent at H decided by: ${r.source.spendMethod}`);
  if (!r.file.ok) out.push(`${file}: invalid: ${r.file.code}: ${r.file.message}`);
  const s = r.snapshot;
  out.push(
    `snapshot ${r.chain} height ${s.height} ${s.blockHash}: ${s.ok ? `valid (${s.confirmations} confirmations)` : `invalid ${s.code}: ${s.message}`}`
  );
  for (const e of r.entries) {
    if (e.status === 'skipped') {
      out.push(`entries[${e.index}] ${e.chain} ${e.address}: skipped (not this chain)`);
      continue;
    }
    out.push(
      `entries[${e.index}] ${e.address} ${e.custody} ${e.amount} ${unit}: ${e.status}${e.result.ok ? '' : ` ${e.result.code}: ${e.result.message}`}`
    );
    if (e.ownership?.ok && e.ownership.detail) out.push(`  ownership: ${e.ownership.detail}`);
    for (const u of e.utxos)
      if (!u.result.ok) out.push(`  utxo ${u.outpoint}: ${u.result.code}: ${u.result.message}`);
  }
  const n = (st: string) => r.entries.filter((e) => e.status === st).length;
  out.push(
    `totals (valid entries): ${
      Object.entries(r.totals)
        .map(([k, v]) => `${k} ${v} ${unit}`)
        .join(', ') || 'none'
    }`
  );
  out.push(
    `result: ${r.ok ? 'valid' : 'invalid'} (${n('valid')} valid, ${n('invalid')} invalid, ${n('skipped')} skipped)`
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
