/**
 * The PostgreSQL source as a caller gives it: `--query <sql|@file>`, and the builder's errors about
 * the exported rows named by the query's row (wide form) or customer (long form).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, KuraError } from '@kura/codec';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_SOURCE } from './postgres.js';
import { queryRowError, readQueryArg } from './postgres-query.js';

const tmp = mkdtempSync(join(tmpdir(), 'kura-pg-query-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readQueryArg', () => {
  it('is the text itself, or the file after @ (exact bytes, UTF-8)', () => {
    expect(readQueryArg('SELECT uid, asset, amount FROM b')).toBe(
      'SELECT uid, asset, amount FROM b'
    );
    const f = join(tmp, 'q.sql');
    writeFileSync(f, 'SELECT uid, "円" AS asset\nFROM b;\n');
    expect(readQueryArg(`@${f}`)).toBe('SELECT uid, "円" AS asset\nFROM b;\n');
  });

  it('a missing @file is a user error naming the file, not a query', () => {
    expect(() => readQueryArg(`@${join(tmp, 'none.sql')}`)).toThrow(/none\.sql/);
  });
});

describe('queryRowError', () => {
  const tmpFile = join(tmp, 'export.jsonl');
  const err = new InputError('amount: not a decimal', { file: tmpFile, line: 7, field: 'BTC' });

  it('wide form: line N of the export is row N of the query', () => {
    const e = queryRowError(err, { path: tmpFile, form: 'wide' }) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.reason).toBe('amount: not a decimal');
    expect(e.location).toMatchObject({ file: PG_SOURCE, line: 7, field: 'BTC' });
  });

  it('long form: line N of the export is customer N (no row number: a customer spans rows)', () => {
    const e = queryRowError(err, { path: tmpFile, form: 'long' }) as InputError;
    expect(e.reason).toBe('customer #7: amount: not a decimal');
    expect(e.location.file).toBe(PG_SOURCE);
    expect(e.location.line).toBeUndefined();
    expect(e.location.field).toBe('BTC');
  });

  it('returns any other error as it is', () => {
    const other = new InputError('bad', { file: join(tmp, 'assets.json') });
    expect(queryRowError(other, { path: tmpFile, form: 'wide' })).toBe(other);
    const k = new KuraError('INTERNAL', 'x');
    expect(queryRowError(k, { path: tmpFile, form: 'long' })).toBe(k);
  });
});
