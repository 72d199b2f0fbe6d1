/**
 * `kura audit` — filled in by the monthly-workflow issue.
 * @module
 */
import type { Command } from 'commander';

/** Register `kura audit`. */
export function registerAudit(_program: Command): void {}
