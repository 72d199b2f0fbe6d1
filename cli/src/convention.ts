/**
 * The ONE place where the conventions of every `kura` command live (see `cli/README.md`):
 *
 * - exit codes: 0 done / valid / pass, 1 a verdict against the data, 2 could not check;
 * - `--json`: one JSON document on stdout on success and on every failure ({@link reportFailure});
 * - user errors (a missing or unreadable file, a directory, permissions, a full disk, a closed
 *   pipe, an unreachable node) are one line `kura: CODE: message`, never a stack trace
 *   ({@link describeFailure});
 * - required options are marked `(required)` in `--help` and all missing ones are reported at
 *   once ({@link applyConvention});
 * - hex given on the command line is accepted in either case ({@link hexArg});
 * - a versioned Kura document given to the wrong option is named by its `version` field, and a
 *   truncated file is "could not check", never "invalid" ({@link readKuraDocument});
 * - a directory option (`--publication`, `--tree`) that is not the kind of directory the command
 *   needs is "could not check", naming the directory or the file inside ({@link expectDirectory});
 * - an output never replaces a signed document without `--force` ({@link guardOutput}).
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { DocumentError, InputError, JsonParseError, KuraError, readJson } from '@kura/codec';
import { type ExpectedDocument, readFileOrThrow } from '@kura/codec/node';
import { Command, type CommanderError, InvalidArgumentError, type Option } from 'commander';

/** Exit code: done, valid, pass. */
export const EXIT_OK = 0;
/** Exit code: a verdict against the data (invalid proof, reserves short, signature wrong). */
export const EXIT_INVALID = 1;
/** Exit code: could not check (bad input, wrong file, bad flags, unreachable node, disk full). */
export const EXIT_ERROR = 2;

/** A failure as printed: stable code, message, and where known the file / line / field. */
export interface Failure {
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

/** What each system error means to a user (Node's `code` of an I/O error). */
const SYSTEM: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  EPIPE: 'the output was closed',
  EIO: 'input/output error',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EADDRINUSE: 'address already in use',
};

function errno(e: unknown): (Error & { code: string; path?: string; syscall?: string }) | null {
  if (!(e instanceof Error)) return null;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(SYSTEM, code)
    ? (e as Error & { code: string })
    : null;
}

/**
 * Error codes that are a verdict against the data although they are thrown: an ownership proof
 * that is missing, does not verify, or names an address that is not in the list. Bitcoin and
 * Ethereum collection report these alike (exit 1, nothing written); every other failure to
 * collect — an unreachable node, too few confirmations, a bad file — is exit 2.
 */
const VERDICT_CODES: ReadonlySet<string> = new Set([
  'OWNERSHIP_MISSING',
  'OWNERSHIP_INVALID',
  'SIGNATURE_WITHOUT_ADDRESS',
]);

/** The exit code of a thrown error: 1 for a verdict against the data, else 2. */
export function exitCodeOf(e: unknown): number {
  return e instanceof KuraError && VERDICT_CODES.has(e.code) ? EXIT_INVALID : EXIT_ERROR;
}

/** The reserves evidence document, as `--evidence` options expect it. */
export const EVIDENCE_DOCUMENT: ExpectedDocument = {
  versions: ['kura-evidence/1'],
  what: 'a reserves evidence file',
};

/** Classify anything thrown by a command; `internal` when it is a bug rather than a user error. */
export function describeFailure(e: unknown): Failure & { internal: boolean } {
  if (e instanceof InputError || e instanceof DocumentError) {
    const l = e.location;
    return {
      code: e.code,
      message: e.message,
      internal: false,
      ...(l.file !== undefined ? { file: l.file } : {}),
      ...(l.line !== undefined ? { line: l.line } : {}),
      ...(l.column !== undefined ? { column: l.column } : {}),
      ...(l.field !== undefined ? { field: l.field } : {}),
    };
  }
  if (e instanceof KuraError) return { code: e.code, message: e.message, internal: false };
  const sys = errno(e) ?? errno((e as { cause?: unknown } | null)?.cause);
  if (sys) {
    const path = sys.path;
    return {
      code: sys.code,
      message: `${path !== undefined ? `${path}: ` : ''}${SYSTEM[sys.code]}${sys.syscall ? ` (${sys.syscall})` : ''}`,
      internal: false,
      ...(path !== undefined ? { file: path } : {}),
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message, internal: true };
}

/**
 * Print a failure: `kura: CODE: message` on stderr (a stack only for an internal error and only
 * with `KURA_DEBUG=1`), and with `json` one document `{ok:false, exitCode, error}` on stdout.
 */
export function reportFailure(e: unknown, json: boolean, exitCode: number = EXIT_ERROR): void {
  const { internal, ...f } = describeFailure(e);
  if (internal) {
    const stack = process.env.KURA_DEBUG === '1' && e instanceof Error ? `\n${e.stack}` : '';
    writeSafe(
      process.stderr,
      `kura: internal error: ${f.message}${stack || ' (KURA_DEBUG=1 prints the stack)'}\n`
    );
  } else writeSafe(process.stderr, `kura: ${f.code}: ${f.message}\n`);
  if (json) printJsonDocument({ ok: false, exitCode, error: f });
}

/** Print one JSON document (bigints as decimal strings) on stdout. */
export function printJsonDocument(v: unknown): void {
  writeSafe(
    process.stdout,
    `${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2)}\n`
  );
}

function writeSafe(s: NodeJS.WriteStream, text: string): void {
  try {
    s.write(text);
  } catch {
    // the stream is gone (EPIPE): nothing more can be said on it
  }
}

/** Was `--json` given to this command (the Command commander passes to an action, or argv)? */
export function jsonRequested(args: readonly unknown[] = []): boolean {
  const cmd = args.findLast((a): a is Command => a instanceof Command);
  if (cmd) return cmd.optsWithGlobals().json === true;
  return process.argv.slice(2).includes('--json');
}

/**
 * Process-wide guards, installed once by `main`: a reader that closes the pipe early
 * (`kura … | head`) ends the command quietly with the exit code so far; any error that escapes
 * a command is reported in the convention's format and exits 2.
 */
export function installProcessGuards(): void {
  const onStreamError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    reportFailure(err, false);
    process.exit(EXIT_ERROR);
  };
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', (err: NodeJS.ErrnoException) =>
    process.exit(err.code === 'EPIPE' ? (process.exitCode ?? EXIT_OK) : EXIT_ERROR)
  );
  const fatal = (e: unknown) => {
    if (errno(e)?.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    reportFailure(e, jsonRequested());
    process.exit(EXIT_ERROR);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}

const REQUIRED = ' (required)';

function optionKey(o: Option): string {
  return o.attributeName();
}

/**
 * Apply the convention to every registered command: options declared with `requiredOption` are
 * marked `(required)` in `--help` and checked together, so one run names every missing one;
 * options taking `<hex>` are lower-cased (hex is accepted in either case).
 */
export function applyConvention(program: Command): void {
  const walk = (cmd: Command): void => {
    const required: Option[] = [];
    for (const o of cmd.options as Option[]) {
      if (o.mandatory) {
        o.mandatory = false;
        if (!o.description.endsWith(REQUIRED)) o.description += REQUIRED;
        required.push(o);
      }
      if (/<[a-z-]*hex>/.test(o.flags) && !o.parseArg)
        o.argParser((v: string) => {
          try {
            return hexArg(v, o.long ?? o.flags);
          } catch (e) {
            throw new InvalidArgumentError((e as InputError).reason);
          }
        });
    }
    if (required.length > 0)
      cmd.hook('preAction', (_self, actionCmd) => {
        if (actionCmd !== cmd) return;
        const missing = required.filter((o) => cmd.getOptionValue(optionKey(o)) === undefined);
        if (missing.length === 0) return;
        const names = missing.map((o) => o.flags);
        cmd.error(
          `error: missing required option${names.length > 1 ? 's' : ''}: ${names.join(', ')}`,
          { exitCode: EXIT_ERROR, code: 'kura.missingRequired' }
        );
      });
    for (const sub of cmd.commands) walk(sub);
  };
  walk(program);
}

/**
 * Hex from the command line: either case, an optional `0x`, returned lowercase (protocol
 * documents themselves stay strictly lowercase). Throws an {@link InputError} naming `name`.
 */
export function hexArg(v: string, name: string, bytes?: number): string {
  const s = v.trim().replace(/^0[xX]/, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(s) || (bytes !== undefined && s.length !== 2 * bytes))
    throw new InputError(
      `expected ${bytes !== undefined ? `${2 * bytes} ` : ''}hex characters (either case), got "${v.length > 80 ? `${v.slice(0, 80)}…` : v}"`,
      { field: name }
    );
  return s.toLowerCase();
}

/**
 * Before writing `file`: refuse to replace an existing file that holds a signed document (JSON
 * with a non-empty `signatures` array or a `signature` string) or, with `always`, any existing file, unless
 * `force`. A directory is refused as an output file. The file is read with the one strict
 * reader (fractions allowed: any JSON document may be guarded); a file that is not JSON is not a
 * signed document, but JSON the strict profile refuses (a duplicate member, …) might hide one,
 * so it too is kept unless `force`.
 */
export function guardOutput(file: string, force: boolean, opts: { always?: boolean } = {}): void {
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory())
    throw new InputError('is a directory, expected an output file', { file });
  if (force) return;
  let held = '';
  try {
    const signed = readJson(readFileOrThrow(file), isSigned, { file, allowFractions: true });
    if (signed) held = ' and holds a signed document';
  } catch (e) {
    if (!(e instanceof JsonParseError)) throw e;
    if (e.code !== 'JSON_SYNTAX' && e.code !== 'JSON_UTF8')
      held = ` and holds JSON the strict reader refuses (${e.code}), maybe a signed document`;
  }
  if (held !== '' || opts.always)
    throw new InputError(`exists${held}; refusing to overwrite it (--force replaces it)`, {
      file,
    });
}

/** A JSON object with a non-empty `signatures` array or a non-empty `signature` string. */
function isSigned(v: unknown): boolean {
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return (
    (Array.isArray(o.signatures) && o.signatures.length > 0) ||
    (typeof o.signature === 'string' && o.signature !== '')
  );
}

/** Exit code of a CommanderError under the convention: help/version 0, any usage error 2. */
export function usageExitCode(e: CommanderError): number {
  return e.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
}

/**
 * Handle a usage error raised by commander (unknown option, bad value, missing required
 * options): it has printed its message already; with `--json` also print the document.
 */
export function reportUsageError(e: CommanderError): number {
  const code = usageExitCode(e);
  if (code !== EXIT_OK && jsonRequested())
    printJsonDocument({
      ok: false,
      exitCode: code,
      error: { code: 'USAGE', message: e.message.replace(/^error: /, '') },
    });
  return code;
}
