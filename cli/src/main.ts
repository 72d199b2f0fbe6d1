#!/usr/bin/env node
/**
 * `kura` — the command-line front of the Kura toolkit. Each area registers its own commands.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { registerAttest } from './commands/attest.js';
import { registerAudit } from './commands/audit.js';
import { registerKeys } from './commands/keys.js';
import { registerPolicy } from './commands/policy.js';
import { registerReserves } from './commands/reserves.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerTree } from './commands/tree.js';
import { EXIT_ERROR } from './util.js';

const program = new Command('kura')
  .description('Kura (蔵): proof of reserves, liabilities and the required liability reserve')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerKeys(program);
registerTree(program);
registerAttest(program);
registerPolicy(program);
registerReserves(program);
registerRun(program);
registerServe(program);
registerAudit(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; usage errors exit 2 (could not check)
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_ERROR;
  } else throw e;
}
