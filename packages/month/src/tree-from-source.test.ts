/**
 * `kura tree build` as a function: from a file, the same store as the builders themselves (v1 and
 * v2); from a real PostgreSQL server, the export removed afterwards and a bad row named by the
 * query's customer, not by the temporary file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@kura/codec';
import type { AssetV2, Round } from '@kura/tree';
import { buildTreeStore, buildTreeStoreV2 } from '@kura/tree/node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../test/setup/postgres.js';
import { PG_SOURCE } from './postgres.js';
import { buildTreeFromSource } from './tree-from-source.js';

const round: Round = {
  exchange: 'example-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const V2: AssetV2[] = [
  { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
];
const V1 = V2.map(({ symbol, decimals }) => ({ symbol, decimals }));
const masterSecret = new Uint8Array(32).fill(0x5a);
const CSV = 'uid,BTC,ETH\nalice,0.5,1\nbob,0,2.5\ncarol,0.00000001,0\n';

const tmp = mkdtempSync(join(tmpdir(), 'kura-tree-from-source-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const csvFile = join(tmp, 'customers.csv');
writeFileSync(csvFile, CSV);
const rootOf = (dir: string) => readFileSync(join(dir, 'root.json'), 'utf8');

describe('buildTreeFromSource, file input', () => {
  it('v1: the same root.json as buildTreeStore', async () => {
    const common = { round, masterSecret, placement: 'dense' as const, workers: 0 };
    const r = await buildTreeFromSource({
      ...common,
      source: { kind: 'file', file: csvFile },
      protocol: 1,
      assets: V1,
      out: join(tmp, 'v1-a'),
    });
    await buildTreeStore({ ...common, input: csvFile, assets: V1, out: join(tmp, 'v1-b') });
    expect(r.users).toBe(3);
    expect(rootOf(join(tmp, 'v1-a'))).toBe(rootOf(join(tmp, 'v1-b')));
  });

  it('v2: a kura-root/2 store like buildTreeStoreV2 (same totals, same tree shape)', {
    timeout: 120_000,
  }, async () => {
    const common = { round, masterSecret, placement: 'dense' as const, workers: 0 };
    const r = await buildTreeFromSource({
      ...common,
      source: { kind: 'file', file: csvFile },
      protocol: 2,
      assets: V2,
      out: join(tmp, 'v2-a'),
    });
    const b = await buildTreeStoreV2({
      ...common,
      input: csvFile,
      assets: V2,
      out: join(tmp, 'v2-b'),
    });
    expect(r.root.version).toBe('kura-root/2');
    expect(r.root.totals).toEqual(b.root.totals);
    expect([r.root.height, r.users]).toEqual([b.root.height, b.users]);
  });
});

describe('buildTreeFromSource, PostgreSQL', () => {
  let db: TestPostgres;
  beforeAll(async () => {
    db = await startPostgres();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`
      CREATE TABLE ledger (uid text, asset text, amount numeric(38,18));
      INSERT INTO ledger VALUES ('alice','BTC','0.5'),('alice','ETH','1'),('bob','ETH','2.5'),('carol','BTC','0.00000001');
      CREATE TABLE wide (uid text, "BTC" numeric(30,8), "ETH" numeric(40,18));
      INSERT INTO wide VALUES ('alice', 0.5, 1), ('alice', 0, 2.5);
    `);
    await c.end();
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
  });

  it('exports the query, builds the same tree as from the file, and removes the export', async () => {
    const exported: string[] = [];
    const r = await buildTreeFromSource({
      source: {
        kind: 'postgres',
        url: db.url,
        query: 'SELECT uid, asset, amount FROM ledger',
        form: 'auto',
      },
      protocol: 1,
      round,
      assets: V1,
      masterSecret,
      out: join(tmp, 'pg'),
      placement: 'dense',
      workers: 0,
      onExported: (e) => exported.push(e.path),
    });
    expect(r.users).toBe(3);
    expect(exported).toHaveLength(1);
    expect(existsSync(exported[0]!)).toBe(false);
    expect(rootOf(join(tmp, 'pg'))).toBe(rootOf(join(tmp, 'v1-b')));
  });

  it('a row the builder refuses is named by the query row, not the temporary file; nothing is left behind', async () => {
    const exported: string[] = [];
    const e = await buildTreeFromSource({
      source: {
        kind: 'postgres',
        url: db.url,
        query: 'SELECT uid, "BTC", "ETH" FROM wide',
        form: 'wide',
      },
      protocol: 1,
      round,
      assets: V1,
      masterSecret,
      out: join(tmp, 'pg-bad'),
      placement: 'dense',
      workers: 0,
      onExported: (x) => exported.push(x.path),
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).location).toMatchObject({ file: PG_SOURCE, line: 2 });
    expect((e as InputError).reason).toMatch(/duplicate/i);
    expect(existsSync(join(tmp, 'pg-bad'))).toBe(false);
    expect(exported.map(existsSync)).toEqual([false]);
  });
});
