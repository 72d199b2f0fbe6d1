/**
 * Ledger ingestion straight from the exchange's PostgreSQL database.
 *
 * The query runs through a server-side cursor (`pg-cursor`: one portal, fetched in batches), so
 * memory stays bounded however many rows it returns. Rows are validated as they arrive and
 * streamed into a temporary JSON Lines file that the ordinary streaming tree builder then
 * reads — one parser, one set of checks, for every input format.
 *
 * Two shapes are accepted:
 * - **long**: columns `uid, asset, amount` — one row per (customer, asset). The query is wrapped as
 *   `SELECT … FROM (<query>) ORDER BY uid` so each customer's rows arrive together; a repeated
 *   (uid, asset) pair is rejected.
 * - **wide**: a `uid` column and one column per asset symbol.
 *
 * Amounts must be `numeric`, integer or text columns holding decimals in the asset's unit.
 * Floating-point columns (`real`, `double precision`) are refused: their values are not exact.
 * A `numeric` value may carry trailing fractional zeros beyond the asset's decimals (the column's
 * scale); those zeros are dropped — exactly, never by rounding. Any other digit beyond the asset's
 * decimals is an error, as in CSV and JSON Lines.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, isWellFormed, parseUnits, redactUrl } from '@kura/codec';
import type { Asset } from '@kura/tree';
import pg from 'pg';
import Cursor from 'pg-cursor';

/** Options of {@link exportPostgres}. */
export interface PostgresIngestOptions {
  /** `postgres://user@host:port/db` (a password may come from PGPASSWORD or ~/.pgpass). */
  readonly url: string;
  /** The SQL query. */
  readonly query: string;
  readonly assets: readonly Asset[];
  /** `long`, `wide`, or `auto` (default: long when the columns are exactly uid, asset, amount). */
  readonly form?: 'long' | 'wide' | 'auto';
  /** Rows fetched per cursor read (default 10,000). */
  readonly batchSize?: number;
  /** Directory for the temporary file (default: the OS temp dir). */
  readonly tmpDir?: string;
  readonly onProgress?: (rows: number) => void;
}

/** The temporary JSON Lines file and what was read. */
export interface PostgresExport {
  readonly path: string;
  /** The shape the rows were read in (`auto` resolved). */
  readonly form: 'long' | 'wide';
  readonly rows: number;
  readonly users: number;
  /** Remove the temporary file. */
  cleanup(): void;
}

const FLOAT_OIDS = new Set([700, 701]);
/** The source name used in error messages. */
export const PG_SOURCE = 'postgres query';

/**
 * Run the query through a server-side cursor and write the rows, checked, as JSON Lines of
 * decimals in each asset's unit. Throws {@link InputError} naming the query row and column for bad data.
 */
export async function exportPostgres(opts: PostgresIngestOptions): Promise<PostgresExport> {
  const client = new pg.Client({ connectionString: opts.url, application_name: 'kura' });
  // numeric, int8 and friends come back as strings (the default), never as JS numbers
  try {
    await client.connect();
  } catch (e) {
    throw new InputError(
      `cannot connect to ${redactUrl(opts.url)}: ${(e as Error).message}`,
      { file: PG_SOURCE },
      { cause: e }
    );
  }
  const path = join(opts.tmpDir ?? tmpdir(), `kura-pg-${randomBytes(6).toString('hex')}.jsonl`);
  const fd = openSync(path, 'wx', 0o600);
  let ok = false;
  try {
    const res = await streamRows(client, opts, fd);
    fsyncSync(fd);
    ok = true;
    return { path, ...res, cleanup: () => rmSync(path, { force: true }) };
  } finally {
    closeSync(fd);
    if (!ok) rmSync(path, { force: true });
    await client.end().catch(() => undefined);
  }
}

async function streamRows(
  client: pg.Client,
  opts: PostgresIngestOptions,
  fd: number
): Promise<{ rows: number; users: number; form: 'long' | 'wide' }> {
  const assets = opts.assets;
  const symbols = assets.map((a) => a.symbol);
  const batch = opts.batchSize ?? 10_000;
  const query = opts.query.trim().replace(/;\s*$/, '');
  if (query.length === 0) throw new InputError('empty query', { file: PG_SOURCE, field: 'query' });

  // Look at the columns first (no rows fetched).
  let fields: pg.FieldDef[];
  try {
    const probe = await client.query({
      text: `SELECT * FROM (${query}) AS kura_q LIMIT 0`,
      rowMode: 'array',
    });
    fields = probe.fields;
  } catch (e) {
    throw new InputError(
      `query failed: ${(e as Error).message}`,
      { file: PG_SOURCE, field: 'query' },
      { cause: e }
    );
  }
  const names = fields.map((f) => f.name);
  const form =
    opts.form && opts.form !== 'auto'
      ? opts.form
      : names.length === 3 && names.join(',') === 'uid,asset,amount'
        ? 'long'
        : 'wide';
  if (!names.includes('uid'))
    throw new InputError('the query must return a "uid" column', { file: PG_SOURCE, field: 'uid' });
  for (const f of fields)
    if (FLOAT_OIDS.has(f.dataTypeID))
      throw new InputError(
        'floating-point column: amounts must be numeric, integer or text (floats are not exact)',
        { file: PG_SOURCE, field: f.name }
      );

  let text: string;
  if (form === 'long') {
    for (const c of ['uid', 'asset', 'amount'])
      if (!names.includes(c))
        throw new InputError(`long form needs columns uid, asset, amount; missing "${c}"`, {
          file: PG_SOURCE,
          field: c,
        });
    text = `SELECT uid::text, asset::text, amount::text FROM (${query}) AS kura_q ORDER BY uid`;
  } else {
    for (const s of symbols)
      if (!names.includes(s))
        throw new InputError(`missing asset column "${s}"`, { file: PG_SOURCE, field: s });
    for (const n of names)
      if (n !== 'uid' && !symbols.includes(n))
        throw new InputError(`unknown asset column "${n}"`, { file: PG_SOURCE, field: n });
    text = `SELECT uid::text, ${symbols.map((s) => `${quoteIdent(s)}::text`).join(', ')} FROM (${query}) AS kura_q`;
  }

  const out = new JsonlOut(fd, symbols);
  const index = new Map(symbols.map((s, i) => [s, i]));
  let rowNo = 0;
  let users = 0;
  let cur: { uid: string; vals: (string | undefined)[]; first: number } | undefined;
  const flush = () => {
    if (!cur) return;
    out.row(
      cur.uid,
      cur.vals.map((v) => v ?? '0')
    );
    users++;
  };

  await client.query('BEGIN READ ONLY');
  const cursor = client.query(new Cursor<unknown[]>(text, [], { rowMode: 'array' }));
  try {
    for (;;) {
      let rows: unknown[][];
      try {
        rows = await cursor.read(batch);
      } catch (e) {
        throw new InputError(
          `query failed: ${(e as Error).message}`,
          { file: PG_SOURCE, field: 'query' },
          { cause: e }
        );
      }
      if (rows.length === 0) break;
      for (const r of rows) {
        rowNo++;
        const uid = checkUid(r[0], rowNo);
        if (form === 'long') {
          const asset = r[1];
          const i = typeof asset === 'string' ? index.get(asset) : undefined;
          if (i === undefined)
            throw new InputError(`unknown asset ${JSON.stringify(asset)}`, {
              file: PG_SOURCE,
              line: rowNo,
              field: 'asset',
            });
          if (!cur || cur.uid !== uid) {
            flush();
            cur = { uid, vals: new Array(symbols.length).fill(undefined), first: rowNo };
          }
          if (cur.vals[i] !== undefined)
            throw new InputError(
              `duplicate row for uid ${JSON.stringify(uid)} and asset ${symbols[i]} (first at row ${cur.first})`,
              { file: PG_SOURCE, line: rowNo, field: 'asset' }
            );
          cur.vals[i] = amount(r[2], assets[i]!, rowNo, 'amount');
        } else {
          out.row(
            uid,
            assets.map((a, i) => amount(r[i + 1], a, rowNo, a.symbol))
          );
          users++;
        }
      }
      opts.onProgress?.(rowNo);
    }
    flush();
  } finally {
    await cursor.close().catch(() => undefined);
    await client.query('COMMIT').catch(() => undefined);
  }
  out.end();
  if (rowNo === 0)
    throw new InputError('the query returned no rows', { file: PG_SOURCE, field: 'query' });
  return { rows: rowNo, users, form };
}

function checkUid(v: unknown, row: number): string {
  if (typeof v !== 'string' || v.length === 0)
    throw new InputError('uid is empty or NULL', { file: PG_SOURCE, line: row, field: 'uid' });
  if (!isWellFormed(v))
    throw new InputError('uid is not valid UTF-8 text', {
      file: PG_SOURCE,
      line: row,
      field: 'uid',
    });
  return v;
}

/** Canonical decimal text, checked exactly against the asset's decimals. */
function amount(v: unknown, asset: Asset, row: number, field: string): string {
  if (v === null || v === undefined)
    throw new InputError('amount is NULL', { file: PG_SOURCE, line: row, field });
  if (typeof v !== 'string')
    throw new InputError('amount is not text', { file: PG_SOURCE, line: row, field });
  let s = v.trim();
  // numeric(p, s) pads the fraction with zeros up to the column's scale: drop zeros only
  const dot = s.indexOf('.');
  if (dot >= 0) {
    s = s.replace(/0+$/, '');
    if (s.endsWith('.')) s = s.slice(0, -1);
  }
  try {
    parseUnits(s, asset.decimals, field); // same grammar and range rules as CSV
  } catch (e) {
    throw new InputError(
      (e as Error).message.replace(/^[^:]*: /, ''),
      { file: PG_SOURCE, line: row, field },
      { cause: e }
    );
  }
  return s;
}

function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** A buffered JSON Lines writer: `{"uid": …, "balances": {SYM: "decimal"}}` per customer. */
class JsonlOut {
  private buf: string[] = [];
  private size = 0;
  constructor(
    private readonly fd: number,
    private readonly symbols: readonly string[]
  ) {}
  row(uid: string, vals: readonly string[]): void {
    const balances: Record<string, string> = {};
    this.symbols.forEach((s, i) => {
      balances[s] = vals[i]!;
    });
    const l = `${JSON.stringify({ uid, balances })}\n`;
    this.buf.push(l);
    this.size += l.length;
    if (this.size > 1 << 20) this.drain();
  }
  private drain(): void {
    const b = Buffer.from(this.buf.join(''), 'utf8');
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.buf = [];
    this.size = 0;
  }
  end(): void {
    this.drain();
  }
}
