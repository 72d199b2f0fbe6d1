import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres.js';

describe('test PostgreSQL harness', () => {
  let db: TestPostgres;
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(async () => {
    await db?.stop();
  });
  it('serves a real database on loopback', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const r = await c.query<{ v: string }>('select version() as v');
    await c.end();
    expect(r.rows[0]!.v).toMatch(/^PostgreSQL \d+/);
  });
});
