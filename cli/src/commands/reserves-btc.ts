/**
 * `kura` commands of this area — filled in by its issue.
 * @module
 */
import type { Command } from 'commander';

/** Register this area's commands on `parent`. */
export function registerReservesBtc(_parent: Command): void {}
