/**
 * `kura serve` — filled in by the monthly-workflow issue.
 * @module
 */
import type { Command } from 'commander';

/** Register `kura serve`. */
export function registerServe(_program: Command): void {}
