/**
 * What the `kura reserves <chain>` commands share: the timeout and retry options of a JSON-RPC
 * endpoint, the printing of collection problems, and the exit code of a verification status.
 * Parsing and printing only: the clients come from the chain packages (`rpcClients`,
 * `xrplClients`).
 * @module
 */
import type { Command } from 'commander';
import { EXIT_ERROR, EXIT_INVALID, EXIT_OK, intOption, printJson } from '../util.js';

/** `--timeout` and `--retries` of a JSON-RPC endpoint. */
export interface RpcTimeoutFlags {
  timeout?: string;
  retries?: string;
}

/** Add `--timeout <ms>` (default 30000) and `--retries <n>` (default 3). */
export function withRpcTimeoutOptions(c: Command): Command {
  return c
    .option('--timeout <ms>', 'timeout per HTTP request in ms (default 30000)')
    .option('--retries <n>', 'retries of a transient failure (default 3)');
}

/** The parsed `--timeout` and `--retries` (bad value: exit 2 naming the option). */
export function rpcTimeouts(o: RpcTimeoutFlags): { timeoutMs: number; retries: number } {
  return {
    timeoutMs: intOption('--timeout', o.timeout, 30_000, 100, 600_000),
    retries: intOption('--retries', o.retries, 3, 0, 20),
  };
}

/**
 * Print every problem of a collection that wrote nothing (`kura: <address>: CODE: message`, and
 * with `--json` the document `{ok:false, problems, written:false}`); returns exit 1.
 */
export function printCollectProblems(
  problems: readonly { address: string; code: string; message: string }[],
  o: { json?: boolean; out: string },
  what: string
): number {
  for (const p of problems) process.stderr.write(`kura: ${p.address}: ${p.code}: ${p.message}\n`);
  if (o.json) printJson({ ok: false, problems, written: false });
  process.stderr.write(`kura: ${problems.length} ${what}; ${o.out} not written\n`);
  return EXIT_INVALID;
}

/** The exit code of a verification status: valid 0, invalid 1, anything else (unchecked) 2. */
export function statusExit(status: string): number {
  return status === 'valid' ? EXIT_OK : status === 'invalid' ? EXIT_INVALID : EXIT_ERROR;
}
