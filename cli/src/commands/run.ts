/**
 * `kura run --config <kura.json>` — one command for the month: build the tree, collect the
 * Bitcoin and Ethereum reserves, evaluate the policy, assemble and sign the attestation, export
 * every proof and write the publication directory. Resumable and idempotent (see
 * `packages/month/src/state.ts`): a re-run skips the steps whose inputs are unchanged.
 *
 * Exit codes: 0 done and covered, 1 done but NOT covered (the attestation says so), 2 could not
 * run (bad config or input, unreachable node, a reserve entry that does not verify).
 * @module
 */

import { checkConfigDocuments, readConfig, runMonth, stepLines, summaryLines } from '@kura/month';
import type { Command } from 'commander';
import { action, EXIT_INVALID, EXIT_OK, printJson, progress } from '../util.js';

/** Register `kura run`. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the month: tree, reserves, policy, signed attestation, proofs, publication')
    .requiredOption('--config <file>', 'the configuration file (kura-config/1)')
    .option('--force', 'redo every step even when its inputs are unchanged')
    .option('--json', 'print a JSON summary')
    .action(
      action(async (o: { config: string; force?: boolean; json?: boolean }) => {
        const cfg = readConfig(o.config);
        checkConfigDocuments(cfg, o.config);
        const s = await runMonth(cfg, { force: o.force === true, progress });
        if (o.json) printJson({ ok: true, ...s });
        else
          process.stdout.write(
            [
              'steps:',
              ...stepLines(s.steps),
              '',
              ...summaryLines(s),
              '',
              `publication: ${s.publication}`,
              `attestation sha256: ${s.attestationSha256}`,
              ...s.warnings.map((w) => `warning: ${w}`),
              '',
            ].join('\n')
          );
        return s.pass ? EXIT_OK : EXIT_INVALID;
      })
    );
}
