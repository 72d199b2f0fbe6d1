/**
 * What the conformance runner's tests share (helper, not a test): the shape of its result, the
 * plain implementation's command and a deliberately broken CLI's command.
 * @module
 */
import { fileURLToPath } from 'node:url';

/** One row of the runner's table. */
export interface Row {
  kind: string;
  name: string;
  pass: boolean;
  detail: string;
}

/** What `runConformance` returns. */
export interface Result {
  rows: Row[];
  passed: number;
  failed: number;
}

/** A path relative to this directory. */
export const path = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** The plain implementation's command line (plain/cli.mjs). */
export const PLAIN = ['node', path('../plain/cli.mjs')];

/** The command of the broken CLI `fixture` (under fixtures/) in `mode`. */
export const brokenCli =
  (fixture: string) =>
  (mode: string): string[] => ['node', path(`./fixtures/${fixture}`), mode];
