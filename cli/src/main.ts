#!/usr/bin/env node
/**
 * `kura` — the command-line front of the Kura toolkit. Each area registers its own commands.
 *
 * Only the area named on the command line is loaded (each pulls in its own packages: bitcoinjs,
 * ethers, pg …), which keeps a start-up of `kura tree verify` cheap; `kura --help` loads all.
 * @module
 */
import { Command, CommanderError } from 'commander';
import {
  applyConvention,
  EXIT_ERROR,
  installProcessGuards,
  jsonRequested,
  reportFailure,
  reportUsageError,
} from './convention.js';

installProcessGuards();

const program = new Command('kura')
  .description('Kura (蔵): proof of reserves, liabilities and the required liability reserve')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

type Register = (program: Command) => void;
const AREAS: Record<string, () => Promise<Register>> = {
  keys: async () => (await import('./commands/keys.js')).registerKeys,
  tree: async () => (await import('./commands/tree.js')).registerTree,
  attest: async () => (await import('./commands/attest.js')).registerAttest,
  policy: async () => (await import('./commands/policy.js')).registerPolicy,
  reserves: async () => (await import('./commands/reserves.js')).registerReserves,
  run: async () => (await import('./commands/run.js')).registerRun,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  trust: async () => (await import('./commands/trust.js')).registerTrust,
  foreign: async () => (await import('./commands/foreign.js')).registerForeign,
};
const area = process.argv.slice(2).find((a) => !a.startsWith('-'));
for (const name of area !== undefined && Object.hasOwn(AREAS, area) ? [area] : Object.keys(AREAS))
  (await AREAS[name]!())(program);
applyConvention(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // --help and --version exit 0; usage errors exit 2 (could not check), as JSON with --json
  if (e instanceof CommanderError) process.exitCode = reportUsageError(e);
  else {
    reportFailure(e, jsonRequested());
    process.exitCode = EXIT_ERROR;
  }
}
