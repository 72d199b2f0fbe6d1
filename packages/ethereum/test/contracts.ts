/**
 * Test helper: the Solidity fixtures beside this file, as pinned artifacts
 * (`contracts/artifacts.json`, produced by `npm run contracts` with npm `solc` 0.8.37;
 * `src/contracts.test.ts` recompiles and checks them).
 * @module
 */
import { readFileSync } from 'node:fs';

/** One compiled contract. */
export interface Compiled {
  readonly abi: unknown[];
  /** Creation bytecode, 0x-prefixed. */
  readonly bytecode: string;
  /** Runtime bytecode, 0x-prefixed. */
  readonly runtime: string;
}

let cache: Record<string, Compiled> | undefined;

/** The pinned contracts by name. */
export function compileContracts(): Record<string, Compiled> {
  cache ??= (
    JSON.parse(readFileSync(new URL('./contracts/artifacts.json', import.meta.url), 'utf8')) as {
      contracts: Record<string, Compiled>;
    }
  ).contracts;
  return cache;
}
