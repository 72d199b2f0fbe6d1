/**
 * `kura keys …`: `secret` (tree issue), `gen` (attestation issue; both also inside a PKCS#11
 * token) and `pub` (the public key file of an existing file or token key).
 * @module
 */
import type { Command } from 'commander';
import { registerKeysGen } from './attest.js';
import { registerKeysPub } from './keys-pub.js';
import { registerKeysSecret } from './tree.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('master secrets and signing keys');
  registerKeysSecret(keys);
  registerKeysGen(keys);
  registerKeysPub(keys);
}
