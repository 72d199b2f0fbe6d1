/**
 * The proof service's test fixture, shared by the library's tests and `kura serve`'s: a v1 tree
 * store of a few customers (`<dir>/tree`, built by `buildTreeStore` from `<dir>/users.csv`), the
 * master secret (`<dir>/secret`, 64 hex) and the bearer token (`<dir>/token`), both mode 0600.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@kura/codec';
import type { Asset, Round } from '@kura/tree';
import { buildTreeStore } from '@kura/tree/node';

/** The single asset of the fixture's tree. */
export const SERVE_ASSETS: readonly Asset[] = [{ symbol: 'BTC', decimals: 8 }];

/**
 * Write the fixture into `dir`: customer `i` holds `(i + 1)` satoshi under `uids[i]`. Returns
 * the root commitment of the tree.
 */
export async function writeServeFixture(
  dir: string,
  o: { round: Round; secret: Uint8Array; token: string; uids: readonly string[] }
): Promise<string> {
  writeFileSync(
    join(dir, 'users.csv'),
    `uid,BTC\n${o.uids.map((u, i) => `${u},0.${String(i + 1).padStart(8, '0')}`).join('\n')}\n`
  );
  const r = await buildTreeStore({
    input: join(dir, 'users.csv'),
    round: o.round,
    assets: [...SERVE_ASSETS],
    masterSecret: o.secret,
    out: join(dir, 'tree'),
    workers: 0,
  });
  writeFileSync(join(dir, 'secret'), `${bytesToHex(o.secret)}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'token'), `${o.token}\n`, { mode: 0o600 });
  return r.root.rootCommitment;
}
