import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPostgres } from '@kura/month';
import type { Asset } from '@kura/tree';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../test/setup/postgres.js';
import { runKura } from '../testing.js';

const assets: Asset[] = [
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 18 },
];

describe('PostgreSQL ingestion (real server)', () => {
  let db: TestPostgres;
  let client: pg.Client;
  beforeAll(async () => {
    db = await startPostgres();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`
      CREATE TABLE ledger (uid text, asset text, amount numeric(38,18));
      INSERT INTO ledger VALUES ('alice','BTC','0.00012345'),('alice','ETH','1.5'),('bob','ETH','2'),('ca,rol "x"','BTC','3');
      CREATE TABLE wide (uid text, "BTC" numeric(30,8), "ETH" numeric(40,18));
      INSERT INTO wide SELECT 'u' || g, (g % 1000)::numeric / 1000, g::numeric * 2 FROM generate_series(1, 50000) g;
      CREATE TABLE floaty (uid text, "BTC" double precision, "ETH" numeric);
      INSERT INTO floaty VALUES ('a', 0.1, 1);
    `);
  });
  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  const lines = (p: string) =>
    readFileSync(p, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  it('long form: groups rows per customer, zero for assets not held, trailing numeric zeros dropped exactly', async () => {
    const r = await exportPostgres({
      url: db.url,
      query: 'SELECT uid, asset, amount FROM ledger',
      assets,
    });
    try {
      expect(r.rows).toBe(4);
      expect(r.users).toBe(3);
      const rows = lines(r.path);
      const byUid = Object.fromEntries(rows.map((x) => [x.uid, x.balances]));
      expect(byUid.alice).toEqual({ BTC: '0.00012345', ETH: '1.5' });
      expect(byUid.bob).toEqual({ BTC: '0', ETH: '2' });
      expect(byUid['ca,rol "x"']).toEqual({ BTC: '3', ETH: '0' });
    } finally {
      r.cleanup();
    }
  });

  it('wide form through a cursor in small batches', async () => {
    let progressCalls = 0;
    const r = await exportPostgres({
      url: db.url,
      query: 'SELECT * FROM wide',
      assets,
      batchSize: 4096,
      onProgress: () => progressCalls++,
    });
    try {
      expect(r.users).toBe(50000);
      expect(progressCalls).toBeGreaterThanOrEqual(12);
      const first = lines(r.path).find((x) => x.uid === 'u1234');
      expect(first.balances).toEqual({ BTC: '0.234', ETH: '2468' });
    } finally {
      r.cleanup();
    }
  });

  it.each([
    [
      "SELECT uid, asset, amount FROM (VALUES ('a','DOGE','1')) t(uid,asset,amount)",
      /row 1|:1: field "asset": unknown asset "DOGE"/,
    ],
    [
      "SELECT uid, asset, amount FROM (VALUES ('a','BTC','1'),('a','BTC','2')) t(uid,asset,amount)",
      /:2: field "asset": duplicate row for uid "a" and asset BTC/,
    ],
    [
      "SELECT uid, asset, amount FROM (VALUES ('a','BTC','0.123456789')) t(uid,asset,amount)",
      /:1: field "amount": .*9 fractional digits; the asset has 8/,
    ],
    [
      "SELECT uid, asset, amount FROM (VALUES ('a','BTC','-1')) t(uid,asset,amount)",
      /:1: field "amount": negative amount/,
    ],
    [
      "SELECT uid, asset, amount FROM (VALUES ('a','BTC',NULL)) t(uid,asset,amount)",
      /:1: field "amount": amount is NULL/,
    ],
    ['SELECT * FROM floaty', /field "BTC": floating-point column/],
    ['SELECT uid, "BTC" FROM wide', /field "ETH": missing asset column "ETH"/],
    ['SELECT uid, asset, amount FROM ledger WHERE false', /the query returned no rows/],
    ['SELECT nope FROM nowhere', /field "query": query failed: relation "nowhere" does not exist/],
  ])('rejects %s', async (query, msg) => {
    await expect(exportPostgres({ url: db.url, query, assets })).rejects.toThrow(msg);
  });

  describe('kura tree build --from-postgres', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kura-pg-cli-'));
      writeFileSync(join(dir, 'assets.json'), JSON.stringify(assets));
      writeFileSync(
        join(dir, 'round.json'),
        JSON.stringify({ exchange: 'x', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' })
      );
      writeFileSync(join(dir, 'secret'), `${'ab'.repeat(32)}\n`);
      writeFileSync(join(dir, 'q.sql'), 'SELECT uid, asset, amount FROM ledger;\n');
      writeFileSync(
        join(dir, 'same.csv'),
        'uid,BTC,ETH\nalice,0.00012345,1.5\nbob,0,2\n"ca,rol ""x""",3,0\n'
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const common = () => [
      '--assets',
      join(dir, 'assets.json'),
      '--round',
      join(dir, 'round.json'),
      '--secret',
      join(dir, 'secret'),
      '--json',
    ];

    it('builds the same tree from the database (long form, @file query) as from the equivalent CSV', () => {
      const fromDb = runKura([
        'tree',
        'build',
        '--from-postgres',
        db.url,
        '--query',
        `@${join(dir, 'q.sql')}`,
        '--out',
        join(dir, 'db-tree'),
        ...common(),
      ]);
      expect(fromDb.stderr).toBe('');
      expect(fromDb.code).toBe(0);
      const fromCsv = runKura([
        'tree',
        'build',
        '--input',
        join(dir, 'same.csv'),
        '--out',
        join(dir, 'csv-tree'),
        ...common(),
      ]);
      expect(fromCsv.code).toBe(0);
      const a = JSON.parse(fromDb.stdout);
      expect(a.totals).toEqual(['300012345', '3500000000000000000']);
      expect(a.rootCommitment).toBe(JSON.parse(fromCsv.stdout).rootCommitment);
    });

    it('a duplicate uid in wide form names the query row; nothing is written (exit 2)', () => {
      const out = join(dir, 'dup-tree');
      const r = runKura([
        'tree',
        'build',
        '--from-postgres',
        db.url,
        '--query',
        'SELECT * FROM (VALUES (\'a\', 1, 2), (\'a\', 3, 4)) t(uid, "BTC", "ETH")',
        '--out',
        out,
        ...common(),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/postgres query:2: .*duplicate/i);
      expect(existsSync(out)).toBe(false);
    });

    it('refuses --input together with --from-postgres, and --from-postgres without --query', () => {
      const both = runKura([
        'tree',
        'build',
        '--input',
        join(dir, 'same.csv'),
        '--from-postgres',
        db.url,
        '--query',
        'SELECT 1',
        '--out',
        join(dir, 'x'),
        ...common(),
      ]);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/exactly one of --input/);
      const noQuery = runKura([
        'tree',
        'build',
        '--from-postgres',
        db.url,
        '--out',
        join(dir, 'x'),
        ...common(),
      ]);
      expect(noQuery.code).toBe(2);
      expect(noQuery.stderr).toMatch(/needs --query/);
    });
  });
});
