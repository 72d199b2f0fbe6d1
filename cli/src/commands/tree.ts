/**
 * `kura` commands of this area — filled in by its issue.
 * @module
 */
import type { Command } from 'commander';

/** Register this area's commands on `parent`. */
export function registerTree(_parent: Command): void {}

/** `kura keys secret --out <file>`. */
export function registerKeysSecret(_keys: Command): void {}
