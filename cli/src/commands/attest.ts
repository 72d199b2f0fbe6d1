/**
 * `kura` commands of this area — filled in by its issue.
 * @module
 */
import type { Command } from 'commander';

/** Register this area's commands on `parent`. */
export function registerAttest(_parent: Command): void {}

/** `kura keys gen --alg … --out <file>`. */
export function registerKeysGen(_keys: Command): void {}
