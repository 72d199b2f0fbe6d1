/**
 * Loading the vector files of `vectors/` for the tests (shared helper, not a test).
 * @module
 */
import { readFileSync } from 'node:fs';
import { expectedProof, expectedRoot } from '../runner/expected.mjs';

export const VECTORS = new URL('../vectors/', import.meta.url);

export interface IndexEntry {
  file: string;
  name: string;
  attack?: string;
  code?: string;
  level?: number | null;
}

export interface Index {
  reference: IndexEntry[];
  positive: IndexEntry[];
  negative: IndexEntry[];
  negativeBuild: IndexEntry[];
}

export interface TreeUser {
  uid: string;
  balances: string[];
  uidHash: string;
  nonce: string;
  orderKey: string;
  leafHash: string;
  position: number;
  rank?: number;
  retries?: number;
  proofPath: { hash: string; sums: string[] }[];
}

export interface TreeVector {
  name: string;
  masterSecret: string;
  round: { exchange: string; period: string; snapshotTime: string };
  assets: { symbol: string; decimals: number; network?: string }[];
  placement: 'dense' | 'sparse';
  height: number;
  roundId: string;
  assetSetHash: string;
  roundKey: string;
  users: TreeUser[];
  nonEmptyNodesByLevel: { level: number; index: number; hash: string; sums: string[] }[][];
  pads?: { level: number; index: number; hash: string }[];
  rootHash: string;
  rootSums: string[];
  rootCommitment: string;
  challenge: string;
  csv?: string;
  rootFile?: Record<string, unknown>;
  preimages?: Record<string, unknown>;
}

export interface Expect {
  code: string;
  level: number | null;
}

export interface NegativeVector {
  name: string;
  attack: string;
  description: string;
  proof?: unknown;
  proofText?: string;
  expected: { rootCommitment: string; round?: unknown; assets?: unknown };
  expect: Expect;
  expectRootOnly?: Expect;
}

export interface BuildNegativeVector {
  name: string;
  masterSecret: string;
  round: TreeVector['round'];
  assets: TreeVector['assets'];
  placement: 'dense' | 'sparse';
  height: number | null;
  csv: string;
  expect: { exitCode: number };
}

export function readVector<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, VECTORS), 'utf8')) as T;
}

export const index: Index = readVector<Index>('index.json');

export const treeFiles: string[] = [...index.reference, ...index.positive].map((e) => e.file);

/**
 * The proof a builder must output for user `u` of tree vector `v` (SPEC.md §8.1): the one the
 * conformance runner expects.
 */
export function proofOf(v: TreeVector, u: TreeUser): Record<string, unknown> {
  return expectedProof(v, u);
}

/** The root file of tree vector `v`: its own `rootFile`, else the one the runner expects (§8.2). */
export function rootOf(v: TreeVector): Record<string, unknown> {
  return v.rootFile ?? expectedRoot(v);
}
