/**
 * `kura reserves …`: the ownership challenge, and the Bitcoin, Ethereum and XRP Ledger subcommands.
 * @module
 */
import { bytesToHex } from '@kura/codec';
import { ownershipChallenge, roundId } from '@kura/tree';
import { readRoundOrRootFile } from '@kura/tree/node';
import type { Command } from 'commander';
import { action, EXIT_OK, printJson } from '../util.js';
import { registerReservesBtc } from './reserves-btc.js';
import { registerReservesEth } from './reserves-eth.js';
import { registerReservesXrp } from './reserves-xrp.js';

export function registerReserves(program: Command): void {
  const reserves = program
    .command('reserves')
    .description('on-chain reserves and ownership proofs');
  registerReservesChallenge(reserves);
  registerReservesBtc(reserves);
  registerReservesEth(reserves);
  registerReservesXrp(reserves);
}

/**
 * `kura reserves challenge --round <round.json>`: print the exact text every reserve address
 * signs (protocol v1 §Address-ownership challenge). On a pipe or file the output is exactly the
 * challenge — no trailing newline, so `> challenge.txt` holds the signed bytes; on a terminal a
 * newline is added for the prompt. `--json` prints `{"challenge", "roundId", "round"}`.
 */
function registerReservesChallenge(reserves: Command): void {
  reserves
    .command('challenge')
    .description('print the exact text each reserve address signs for a round')
    .requiredOption('--round <file>', 'round.json (or root.json)')
    .option('--json', 'print {"challenge","roundId","round"} as JSON')
    .action(
      action((o: { round: string; json?: boolean }) => {
        const { round } = readRoundOrRootFile(o.round);
        const challenge = ownershipChallenge(round);
        if (o.json) printJson({ challenge, roundId: bytesToHex(roundId(round)), round });
        else process.stdout.write(process.stdout.isTTY ? `${challenge}\n` : challenge);
        return EXIT_OK;
      })
    );
}
