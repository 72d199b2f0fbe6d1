/**
 * The demo's synthetic customers: a deterministic pseudo-random book of N customers holding BTC,
 * ETH, a USDC-style token, LTC and XRP, written as CSV or loaded into a PostgreSQL table. Amounts
 * are integers in base units from the start (no floats), written as exact decimals.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { formatUnits } from '@kura/codec';
import type { Asset } from '@kura/tree';
import pg from 'pg';

/** A small, fast, seeded PRNG (xoshiro128**): the same seed gives the same customers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = seed | 0 || 1;
    this.b = 0x9e3779b9;
    this.c = 0x243f6a88;
    this.d = 0xb7e15162;
    for (let i = 0; i < 16; i++) this.next();
  }
  /** Uniform 32-bit unsigned integer (xoshiro128**). */
  next(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }
  /** Uniform integer in [0, n) for n ≤ 2^32. */
  below(n: number): number {
    return Math.floor((this.next() / 2 ** 32) * n);
  }
  /** A bigint in [lo, hi], drawn from a log-uniform spread (many small, few large holdings). */
  logUniform(lo: bigint, hi: bigint): bigint {
    // pick a decimal magnitude between lo and hi, then a uniform value inside it
    const loD = lo.toString().length;
    const hiD = hi.toString().length;
    const digits = loD + this.below(hiD - loD + 1);
    const top = 10n ** BigInt(digits);
    const bottom = 10n ** BigInt(digits - 1);
    const span = top - bottom;
    const r = (BigInt(this.next()) << 32n) | BigInt(this.next());
    let v = bottom + (r % span);
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    return v;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The demo's asset list (networks filled in once the chains are known). */
export function demoAssets(
  btcChain: string,
  ethChain: string,
  more: { ltc: string; xrp: string }
): Asset[] {
  return [
    { symbol: 'BTC', decimals: 8, network: btcChain },
    { symbol: 'ETH', decimals: 18, network: ethChain },
    { symbol: 'USDC', decimals: 6, network: ethChain },
    { symbol: 'LTC', decimals: 8, network: more.ltc },
    { symbol: 'XRP', decimals: 6, network: more.xrp },
  ];
}

/** The distribution of each asset: share of customers holding it and the range of holdings. */
const SPREAD: readonly { holders: number; lo: bigint; hi: bigint }[] = [
  { holders: 0.8, lo: 1_000n, hi: 5_000_000n }, // BTC: 0.00001 … 0.05
  { holders: 0.6, lo: 10n ** 14n, hi: 2n * 10n ** 18n }, // ETH: 0.0001 … 2
  { holders: 0.5, lo: 1_000_000n, hi: 20_000_000_000n }, // USDC: 1 … 20,000
  { holders: 0.3, lo: 100_000n, hi: 5_000_000_000n }, // LTC: 0.001 … 50
  { holders: 0.5, lo: 1_000_000n, hi: 50_000_000_000n }, // XRP: 1 … 50,000
];

/** Generate the customers, calling `row` per customer; returns the totals per asset. */
export function generateCustomers(
  n: number,
  seed: number,
  row: (uid: string, balances: readonly bigint[]) => void
): bigint[] {
  const rng = new Rng(seed);
  const totals = SPREAD.map(() => 0n);
  for (let i = 1; i <= n; i++) {
    const uid = `c${String(i).padStart(7, '0')}`;
    const b = SPREAD.map((s, a) => {
      if (rng.next() / 2 ** 32 >= s.holders) return 0n;
      const v = rng.logUniform(s.lo, s.hi);
      totals[a]! += v;
      return v;
    });
    row(uid, b);
  }
  return totals;
}

/** Write the customers as CSV (`uid,BTC,ETH,USDC`, exact decimals); returns the totals. */
export function writeCustomersCsv(
  file: string,
  assets: readonly Asset[],
  n: number,
  seed: number
): bigint[] {
  const fd = openSync(file, 'w', 0o600);
  let buf: string[] = [`uid,${assets.map((a) => a.symbol).join(',')}\n`];
  let size = 0;
  const flush = () => {
    writeSync(fd, buf.join(''));
    buf = [];
    size = 0;
  };
  try {
    const totals = generateCustomers(n, seed, (uid, b) => {
      const line = `${uid},${b.map((v, i) => formatUnits(v, assets[i]!.decimals)).join(',')}\n`;
      buf.push(line);
      size += line.length;
      if (size > 1 << 20) flush();
    });
    flush();
    return totals;
  } finally {
    closeSync(fd);
  }
}

/** The table the demo loads into PostgreSQL, and the query `kura run` reads it with. */
export const PG_TABLE = 'kura_demo_balances';
export const PG_QUERY = `SELECT uid, "BTC", "ETH", "USDC", "LTC", "XRP" FROM ${PG_TABLE}`;

/** Load the customers into a PostgreSQL table (wide form, numeric columns); returns the totals. */
export async function loadCustomersPostgres(
  url: string,
  assets: readonly Asset[],
  n: number,
  seed: number
): Promise<bigint[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'kura-demo' });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${PG_TABLE}`);
    await client.query(
      `CREATE TABLE ${PG_TABLE} (uid text PRIMARY KEY, "BTC" numeric(30,8) NOT NULL, "ETH" numeric(40,18) NOT NULL, "USDC" numeric(30,6) NOT NULL, "LTC" numeric(30,8) NOT NULL, "XRP" numeric(30,6) NOT NULL)`
    );
    let rows: string[][] = [];
    const pending: Promise<unknown>[] = [];
    const flush = () => {
      if (rows.length === 0) return;
      const params = rows.flat();
      const n = rows[0]!.length;
      const values = rows.map(
        (_, i) => `(${Array.from({ length: n }, (_, k) => `$${n * i + k + 1}`).join(', ')})`
      );
      pending.push(client.query(`INSERT INTO ${PG_TABLE} VALUES ${values.join(',')}`, params));
      rows = [];
    };
    const totals = generateCustomers(n, seed, (uid, b) => {
      rows.push([uid, ...b.map((v, i) => formatUnits(v, assets[i]!.decimals))]);
      if (rows.length === 2000) flush();
    });
    flush();
    await Promise.all(pending);
    return totals;
  } finally {
    await client.end();
  }
}
