/**
 * Test helper: the Solidity fixtures beside this file, as pinned artifacts
 * (`contracts/artifacts.json`, read by `@kura/ethereum/testing`'s {@link fixtureContracts}).
 * @module
 */
import { type FixtureContract, fixtureContracts } from '../src/testing.js';

/** One compiled contract. */
export type Compiled = FixtureContract;

/** The pinned contracts by name. */
export const compileContracts: () => Record<string, Compiled> = fixtureContracts;
