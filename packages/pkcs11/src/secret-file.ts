/**
 * The master secret as a file (the other home of it beside a token, see `keysource.ts`):
 * creating a fresh one (32 random bytes as 64 lowercase hex characters and a newline, mode
 * 0600, never over an existing file), and moving an existing secret file into a token.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { InputError } from '@kura/codec';
import { writeFileAtomic } from '@kura/codec/node';
import { loadSecret } from './keysource.js';
import { importSecret } from './secret.js';
import type { Pkcs11Uri } from './uri.js';

/**
 * Write a fresh 32-byte master secret to `file` (mode 0600). An existing file is never replaced:
 * an {@link InputError} naming it.
 */
export function createSecretFile(file: string): void {
  if (existsSync(file))
    throw new InputError('file exists; refusing to overwrite a secret', { file });
  writeFileAtomic(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, exclusive: true });
}

/**
 * Import the secret of the secret file `file` (given with `option`) into the token at `uri`
 * ({@link importSecret}: same trees, same proof ids); the copy in memory is wiped afterwards. A
 * `pkcs11:` URI instead of a file is an {@link InputError} naming the option.
 */
export function importSecretFile(uri: Pkcs11Uri, file: string, option = '--import'): void {
  const secret = loadSecret(file, option);
  if (!(secret instanceof Uint8Array))
    throw new InputError('expected a secret file, not a token', { field: option });
  try {
    importSecret(uri, secret);
  } finally {
    secret.fill(0);
  }
}
