/**
 * `kura foreign verify`: check a proof of liabilities published by another exchange (OKX v1/v2,
 * Bitget, Bybit, BitMEX, Binance) under that exchange's own rules, and list what its format lets through.
 * Argument parsing and printing only — the rules live in @kura/foreign.
 *
 * Exit codes: 0 valid under the exchange's rules, 1 invalid (code and level printed), 2 could not
 * check (unknown format, truncated file, a proof of another format: the message names the file
 * and the field).
 * @module
 */
import { FOREIGN_FORMATS, type ForeignFormat, type ForeignReport } from '@kura/foreign';
import { verifyForeignFile } from '@kura/foreign/node';
import { type Command, Option } from 'commander';
import { action, EXIT_ERROR, EXIT_INVALID, EXIT_OK, printJson } from '../util.js';

/** Register `kura foreign …`. */
export function registerForeign(parent: Command): void {
  const foreign = parent
    .command('foreign')
    .description(
      "other exchanges' proofs of liabilities: verify them and say what their formats let through"
    );
  foreign
    .command('verify')
    .description(
      'verify a proof from OKX, Bitget, Bybit or BitMEX: exit 0 valid, 1 invalid, 2 could not check'
    )
    .requiredOption('--proof <file>', 'the proof file as the exchange gave it')
    .addOption(
      new Option('--format <format>', 'the format (detected from the content when absent)').choices(
        [...FOREIGN_FORMATS]
      )
    )
    // <hex> options: either case, optional 0x (the convention's hexArg, applyConvention)
    .option('--root <hex>', 'the root hash the exchange published: the proof must lead to it')
    .option('--tree <file>', 'OKX v2: the full-liabilities tree file in which to find your leaves')
    .option('--nonce <hex>', 'BitMEX: your per-proof nonce, to find your leaves')
    .option('--json', 'machine-readable result')
    .action(
      action(
        async (o: {
          proof: string;
          format?: ForeignFormat;
          root?: string;
          tree?: string;
          nonce?: string;
          json?: boolean;
        }) => {
          const r = await verifyForeignFile(o.proof, {
            ...(o.format !== undefined ? { format: o.format } : {}),
            ...(o.root !== undefined ? { root: o.root } : {}),
            ...(o.tree !== undefined ? { tree: o.tree } : {}),
            ...(o.nonce !== undefined ? { nonce: o.nonce } : {}),
          });
          if (!r.ok) {
            if (o.json)
              printJson({
                ok: false,
                code: r.code,
                message: r.message,
                file: r.file,
                field: r.field,
              });
            process.stderr.write(`kura: ${r.code}: ${r.message}\n`);
            return EXIT_ERROR;
          }
          if (o.json) printJson(r.report);
          else printReport(r.report);
          return r.report.verdict.ok ? EXIT_OK : EXIT_INVALID;
        }
      )
    );
}

function printReport(r: ForeignReport): void {
  const out: string[] = [];
  out.push(`format: ${r.formatName}${r.version ? ` (${r.version})` : ''}`);
  if (r.verdict.ok) out.push("valid under the exchange's own rules");
  else
    out.push(
      `INVALID under the exchange's own rules: ${r.verdict.code}${r.verdict.level !== undefined ? ` at level ${r.verdict.level}` : ''}: ${r.verdict.message}`
    );
  if (r.root) {
    const bal = r.root.balances
      ? Object.entries(r.root.balances)
          .map(([a, v]) => `${a} ${v}`)
          .join(', ')
      : '';
    out.push(
      `root: ${r.root.hash}${r.root.level !== undefined ? ` (level ${r.root.level})` : ''}${bal ? ` — ${bal}` : ''}`
    );
  }
  if (r.tree)
    out.push(
      `tree: ${r.tree.nodes} nodes, ${r.tree.leaves} leaves, height ${r.tree.height}; every internal node recomputed`
    );
  if (r.user) {
    const bal = Object.entries(r.user.balances)
      .map(([a, v]) => `${a} ${v}`)
      .join(', ');
    out.push(
      `your balances: ${bal}${r.user.leaves !== undefined ? ` (${r.user.leaves} ${r.user.leaves === 1 ? 'leaf' : 'leaves'})` : ''}`
    );
  }
  out.push('', `what this format lets through (${r.findings.length} findings):`);
  for (const f of r.findings) {
    const where = [f.level !== undefined ? `level ${f.level}` : '', f.asset ?? '']
      .filter(Boolean)
      .join(', ');
    out.push(`- ${f.id}${where ? ` [${where}]` : ''}: ${f.message}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
