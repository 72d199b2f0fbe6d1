/**
 * `kura reserves …`: the ownership challenge, and the Bitcoin and Ethereum subcommands.
 * @module
 */
import type { Command } from 'commander';
import { registerReservesBtc } from './reserves-btc.js';
import { registerReservesEth } from './reserves-eth.js';

export function registerReserves(program: Command): void {
  const reserves = program
    .command('reserves')
    .description('on-chain reserves and ownership proofs');
  registerReservesChallenge(reserves);
  registerReservesBtc(reserves);
  registerReservesEth(reserves);
}

/** `kura reserves challenge --round <round.json>` — filled in by the Bitcoin issue. */
function registerReservesChallenge(_reserves: Command): void {}
