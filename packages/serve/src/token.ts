/**
 * The bearer token of `kura serve`, read from its own file (never from the command line, where
 * `ps` would show it) and compared in constant time.
 *
 * Token file: one line of 32 … 4096 printable ASCII characters without spaces (`[!-~]`), an
 * optional final line break; e.g. `openssl rand -hex 32 > token && chmod 600 token`. The file
 * must not be readable by group or others (mode `0600` or stricter, as ssh demands of keys),
 * and must not hold the master secret: the secret never leaves the server, the token is shared
 * with the exchange's backend.
 *
 * Comparison: `timingSafeEqual(SHA-256(presented), SHA-256(token))` — equal lengths by
 * construction, so neither the content nor the length of the token leaks through timing.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { bytesToHex, InputError } from '@kura/codec';
import { readFileOrThrow } from '@kura/codec/node';

const TOKEN_RE = /^[!-~]{32,4096}$/;

/** Check that a secret-bearing file is not readable by group or others (POSIX only). */
export function checkPrivateMode(file: string, what: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new InputError(
      `the ${what} file is readable by other users (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 on it`,
      { file }
    );
}

/**
 * Read and check a token file. `secret` (the master secret) is refused as a token.
 * Throws {@link InputError} naming the file.
 */
export function readTokenFile(file: string, secret?: Uint8Array): string {
  const bytes = readFileOrThrow(file);
  checkPrivateMode(file, 'token');
  const text = new TextDecoder().decode(bytes).replace(/\r?\n$/, '');
  if (!TOKEN_RE.test(text))
    throw new InputError(
      'expected one line of 32 … 4096 printable ASCII characters without spaces (e.g. openssl rand -hex 32)',
      { file, line: 1 }
    );
  if (secret !== undefined && text.toLowerCase() === bytesToHex(secret))
    throw new InputError('the token file holds the master secret; use a separate random token', {
      file,
    });
  return text;
}

const digest = (s: string | Uint8Array): Buffer => createHash('sha256').update(s).digest();

/** A token held as its SHA-256 only, checked in constant time. */
export class BearerToken {
  private hash: Buffer;
  constructor(token: string) {
    this.hash = digest(token);
  }
  /** Replace the token (rotation, e.g. on SIGHUP). */
  set(token: string): void {
    this.hash = digest(token);
  }
  /**
   * Check an `Authorization` header value: scheme `Bearer` (any case), one space, the token.
   * Constant time in the token; false for a missing or malformed header.
   */
  check(header: string | undefined): boolean {
    if (header === undefined) return false;
    const m = /^Bearer ([!-~]+)$/i.exec(header);
    // hash something either way so a malformed header costs what a wrong token costs
    const presented = digest(m ? m[1]! : '');
    return timingSafeEqual(presented, this.hash) && m !== null;
  }
}
