/**
 * The recorded-reply rippled of `@kura/xrpl/testing` (src/testing.ts; the demo serves it too),
 * with ledger hashes from the `xrpl` library (devDependency), independent of Kura's.
 */
import { hashes } from 'xrpl';
import * as base from '../src/testing.js';

export type AccountSpec = base.AccountSpec;
export type LineSpec = base.LineSpec;
export type World = base.World;
export type Recorder = base.Recorder;
export const rippled = base.rippled;
export const header = base.header;

/** A ledger description whose `ledgerHash` is the `xrpl` library's hash of its header. */
export function world(accounts: Record<string, AccountSpec>): World {
  return base.world(accounts, (h) => hashes.hashLedgerHeader(h as never));
}
