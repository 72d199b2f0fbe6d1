/**
 * `kura keys …`: `secret` (tree issue) and `gen` (attestation issue).
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
