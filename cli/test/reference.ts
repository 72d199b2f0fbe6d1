/**
 * Test helper: the protocol v1 reference vector the `kura tree` tests build from
 * (`circuits-free-spec/vectors/reference/dense-5users-2assets.json`: round, assets, master secret,
 * users and the expected root), its customers as the CSV `kura tree build --input` reads, and the
 * four input files written into a directory.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatUnits } from '@kura/codec';
import { type Asset, parseAssets } from '@kura/tree';

/** The parsed reference vector (as JSON: balances are decimal strings of base units). */
// biome-ignore lint/suspicious/noExplicitAny: the tests read the vector's JSON freely
export const REFERENCE: any = JSON.parse(
  readFileSync(
    new URL(
      '../../circuits-free-spec/vectors/reference/dense-5users-2assets.json',
      import.meta.url
    ),
    'utf8'
  )
);

/** The CSV of `users` (`uid,<SYMBOL>,…`, amounts in the assets' units). */
export function usersCsv(
  assets: readonly Asset[],
  users: readonly { uid: string; balances: readonly (bigint | string)[] }[]
): string {
  return `${[
    ['uid', ...assets.map((a) => a.symbol)].join(','),
    ...users.map((u) =>
      [u.uid, ...u.balances.map((b, i) => formatUnits(BigInt(b), assets[i]!.decimals))].join(',')
    ),
  ].join('\n')}\n`;
}

/** The reference vector's users as CSV. */
export const REFERENCE_CSV: string = usersCsv(parseAssets(REFERENCE.assets), REFERENCE.users);

/**
 * Write the vector's `assets.json`, `round.json`, `secret` (64 hex and a newline) and
 * `users.csv` into `dir`.
 */
export function writeReferenceInputs(dir: string): void {
  writeFileSync(join(dir, 'assets.json'), JSON.stringify(REFERENCE.assets));
  writeFileSync(join(dir, 'round.json'), JSON.stringify(REFERENCE.round));
  writeFileSync(join(dir, 'secret'), `${REFERENCE.masterSecret}\n`);
  writeFileSync(join(dir, 'users.csv'), REFERENCE_CSV);
}
