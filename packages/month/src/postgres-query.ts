/**
 * The PostgreSQL source as a caller gives it (`kura tree build --from-postgres`, `kura audit`):
 * the query text or `@file` holding it, and the builder's errors about the exported rows named
 * by the query's row instead of the temporary file ({@link exportPostgres}).
 * @module
 */
import { InputError } from '@kura/codec';
import { readFileOrThrow } from '@kura/codec/node';
import { PG_SOURCE, type PostgresExport } from './postgres.js';

/** The SQL of a `--query <sql|@file>` argument: the text itself, or the file after `@`. */
export function readQueryArg(arg: string): string {
  return arg.startsWith('@') ? new TextDecoder().decode(readFileOrThrow(arg.slice(1))) : arg;
}

/**
 * An error of the tree builder about the temporary JSON Lines file of an export, rewritten to
 * name the query ({@link PG_SOURCE}): in wide form line N is the query's row N; in long form it
 * is customer N. Any other error is returned as it is.
 */
export function queryRowError(e: unknown, exp: Pick<PostgresExport, 'path' | 'form'>): unknown {
  if (!(e instanceof InputError) || e.location.file !== exp.path) return e;
  const loc = e.location;
  const reason =
    exp.form === 'long' && loc.line !== undefined ? `customer #${loc.line}: ${e.reason}` : e.reason;
  return new InputError(reason, {
    file: PG_SOURCE,
    line: exp.form === 'long' ? undefined : loc.line,
    field: loc.field,
  });
}
