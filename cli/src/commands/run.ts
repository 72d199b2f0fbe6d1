/**
 * `kura run` — filled in by the monthly-workflow issue.
 * @module
 */
import type { Command } from 'commander';

/** Register `kura run`. */
export function registerRun(_program: Command): void {}
