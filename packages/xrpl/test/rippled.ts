/**
 * The recorded-reply rippled now lives in `@kura/xrpl/testing` (the demo serves it too); here its
 * ledger hashes come from the `xrpl` library (devDependency), independent of Kura's.
 */
import { hashes } from 'xrpl';
import { type AccountSpec, world as baseWorld, type World } from '../src/testing/rippled.js';

export * from '../src/testing/rippled.js';

/** A ledger description whose `ledgerHash` is the `xrpl` library's hash of its header. */
export function world(accounts: Record<string, AccountSpec>): World {
  return baseWorld(accounts, (h) => hashes.hashLedgerHeader(h as never));
}
