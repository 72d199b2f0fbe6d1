/**
 * Shared plumbing of the `kura` command: exit codes, error reporting, progress, JSON output.
 *
 * Exit codes everywhere: 0 valid / pass / done, 1 invalid / fail, 2 could not check (bad input,
 * unreachable service, internal error).
 * @module
 */
import { InputError, KuraError } from '@kura/codec';
import { readFileOrThrow, readJsonFile } from '@kura/codec/node';
import {
  type Asset,
  documentProtocol,
  parseRootFile,
  parseRootFileV2,
  parseRound,
  type Round,
} from '@kura/tree';
import {
  checkVersion,
  DOCUMENTS,
  EXIT_ERROR as ERROR,
  exitCodeOf,
  EXIT_INVALID as INVALID,
  jsonRequested,
  EXIT_OK as OK,
  printJsonDocument,
  reportFailure,
} from './convention.js';

/** Exit codes (defined once in `convention.ts`; aliased here for the command files). */
export const EXIT_OK: number = OK;
export const EXIT_INVALID: number = INVALID;
export const EXIT_ERROR: number = ERROR;

/**
 * Wrap a command action: its return value is the exit code; any thrown error is printed on
 * stderr (a {@link KuraError} as `kura: <CODE>: message`) and exits 2.
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number | undefined> | number | undefined
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT_OK;
    } catch (e) {
      const code = exitCodeOf(e);
      reportFailure(e, jsonRequested(args), code);
      process.exitCode = code;
    }
  };
}

/** Print an error on stderr in the CLI's format (the convention's {@link reportFailure}). */
export function reportError(e: unknown): void {
  reportFailure(e, false);
}

/** Print a value as JSON (bigints as decimal strings) on stdout. */
export function printJson(v: unknown): void {
  printJsonDocument(v);
}

/** A progress line on stderr, shown only when stderr is a terminal. */
export interface Progress {
  update(done: number, total?: number): void;
  finish(message?: string): void;
}

/** Start a progress line for long work (silent unless stderr is a TTY). */
export function progress(label: string): Progress {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done, total) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const pct = total ? ` ${((done * 100) / total).toFixed(1)}%` : '';
      process.stderr.write(
        `\r${label}: ${done.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''}${pct}\x1b[K`
      );
    },
    finish(message) {
      if (!tty) return;
      process.stderr.write(`\r${label}: ${message ?? 'done'}\x1b[K\n`);
    },
  };
}

/**
 * Read a `--round` file: a bare round object, or a root.json (`kura tree build`), whose round
 * and liabilities asset list are returned. Errors name the file.
 */
export function readRoundFile(file: string): { round: Round; assets?: Asset[] } {
  const v = readJsonFile(file);
  checkVersion(v, file, DOCUMENTS.round); // another kind of Kura document: named, exit 2
  try {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'version' in v) {
      const root = documentProtocol(v) === 2 ? parseRootFileV2(v).file : parseRootFile(v);
      return { round: root.round, assets: [...root.assets] };
    }
    return { round: parseRound(v) };
  } catch (e) {
    if (e instanceof KuraError) throw new InputError(e.message, { file }, { cause: e });
    throw e;
  }
}

/** Commander argument parser of a repeatable option: each use appends its value. */
export const repeatable = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Parse an integer option (`--confirmations 12`) within `min … max`; absent → `dflt`. */
export function intOption(
  name: string,
  v: string | undefined,
  dflt: number,
  min: number,
  max: number
): number {
  if (v === undefined) return dflt;
  if (!/^(0|[1-9][0-9]*)$/.test(v) || Number(v) < min || Number(v) > max)
    throw new InputError(`expected an integer ${min} … ${max}, got "${v}"`, { field: name });
  return Number(v);
}

/** Read a UTF-8 text file (JSON Lines inputs); errors name the file. */
export function readTextFile(file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileOrThrow(file));
  } catch (e) {
    if (e instanceof KuraError) throw e;
    throw new InputError('invalid UTF-8', { file }, { cause: e });
  }
}
