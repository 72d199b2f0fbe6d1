/**
 * Shared plumbing of the `kura` command: exit codes, error reporting, progress, JSON output.
 *
 * Exit codes everywhere: 0 valid / pass / done, 1 invalid / fail, 2 could not check (bad input,
 * unreachable service, internal error).
 * @module
 */
import { InputError } from '@kura/codec';
import {
  EXIT_OK,
  exitCodeOf,
  jsonRequested,
  printJsonDocument,
  reportFailure,
} from './convention.js';

/** Exit codes (defined once in `convention.ts`; re-exported here for the command files). */
// biome-ignore lint/performance/noBarrelFile: three constants re-exported beside the plumbing the commands import, not a barrel
export { EXIT_ERROR, EXIT_INVALID, EXIT_OK } from './convention.js';

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
