/**
 * The chain-family interface (issue 17): what one family of chains — all chains sharing a CAIP-2
 * namespace, an address format, an ownership-proof scheme and a way to read balances — offers to
 * the rest of Kura, so that adding a chain is one adapter. `kura reserves`, `kura run`'s reserves
 * sources and `kura audit` look a family up by the namespace of a CAIP-2 id (`eip155`, `bip122`,
 * later `xrpl`) and call it; the evidence format stays `kura-evidence/1` (every family writes and
 * reads its entries).
 *
 * A family is implemented by its chain package (`@kura/ethereum`'s `ethereumFamily`,
 * `@kura/bitcoin`'s `bitcoinFamily`); this module holds only types and the registry, so that
 * dependencies keep pointing one way (codec ← tree ← attest ← chain packages ← cli).
 * @module
 */
import type { VerifyResult } from '@kura/codec';
import type { Asset } from '@kura/tree';
import type { Evidence, EvidenceEntry } from './evidence.js';

/** A CAIP-2 network a family accepts, parsed. */
export interface FamilyNetwork {
  /** CAIP-2 id in canonical spelling (`eip155:137`, `bip122:000000000019d6689c085ae165831e93`). */
  readonly caip2: string;
  /** The CAIP-2 namespace (`eip155`). */
  readonly namespace: string;
  /** The CAIP-2 reference (`137`). */
  readonly reference: string;
  /** A human name when the family knows the network (`Polygon PoS`). */
  readonly name?: string;
  /** The native coin when the family knows it (symbol as usually listed, decimals). */
  readonly native?: { readonly symbol: string; readonly decimals: number };
}

/** Codes of {@link ChainFamily.parseNetwork}. */
export type FamilyNetworkCode = 'BAD_NETWORK' | 'UNKNOWN_NETWORK' | 'WRONG_FAMILY';

/** One entry's outcome in a family's verification report. */
export interface FamilyEntryReport {
  /** Index in the evidence file's `entries`. */
  readonly index: number;
  readonly chain: string;
  readonly address: string;
  readonly status: 'valid' | 'invalid' | 'unchecked';
  readonly code?: string;
  readonly message?: string;
  /** Whether every balance of the entry was proven against a committed chain state. */
  readonly stateProven: boolean;
  /** For a valid entry: how it was proven (`3 UTXO(s), ownership bip322-simple`). */
  readonly detail?: string;
  /** Things an auditor should know about a valid entry (`NOT_STATE_PROVEN: …`). */
  readonly warnings?: readonly string[];
}

/** One snapshot's outcome (block or ledger of one chain) in a family's report. */
export interface FamilySnapshotReport {
  readonly chain: string;
  readonly status: 'valid' | 'invalid' | 'unchecked';
  /** The block (or ledger) hash the evidence names. */
  readonly blockHash?: string;
  readonly code?: string;
  readonly message?: string;
  /** For a valid snapshot: what was checked (`height 812 0000…, 6 confirmations`). */
  readonly detail?: string;
}

/** A family's verification report of the entries it owns in one evidence file. */
export interface FamilyReport {
  /** `invalid` if anything is invalid, else `unchecked` if anything is unchecked, else `valid`. */
  readonly status: 'valid' | 'invalid' | 'unchecked';
  /** A failure not tied to one entry (file rules, snapshot, source). */
  readonly code?: string;
  readonly message?: string;
  /** A failure of the file's own rules (not tied to an entry or a snapshot). */
  readonly file?: { readonly code: string; readonly message: string };
  /** The snapshots checked (one per chain of the family in the file). */
  readonly snapshots?: readonly FamilySnapshotReport[];
  /** What the check rested on (`['node bip122:…', 'bcoin http://…']`), for the auditor's report. */
  readonly facts?: readonly (readonly [string, string])[];
  /** Remarks that are neither failures nor errors. */
  readonly notes?: readonly string[];
  readonly entries: readonly FamilyEntryReport[];
}

/** The outcome of one check in a chain package's own report. */
export type ChainCheckStatus = 'valid' | 'invalid' | 'unchecked';

/**
 * The status of a whole report from its parts: `invalid` if any part is, else `unchecked` if any
 * part is, else `valid`; `empty` when there are no parts.
 */
export function overallStatus(
  statuses: readonly ChainCheckStatus[],
  empty: ChainCheckStatus = 'valid'
): ChainCheckStatus {
  if (statuses.length === 0) return empty;
  if (statuses.includes('invalid')) return 'invalid';
  return statuses.includes('unchecked') ? 'unchecked' : 'valid';
}

/** One entry's result in a chain package's own verification report. */
export interface ChainEntryResult {
  /** Index in the evidence file's `entries`. */
  readonly index: number;
  readonly chain: string;
  readonly address: string;
  readonly status: ChainCheckStatus;
  readonly code?: string;
  readonly message?: string;
}

/** One snapshot's result in a chain package's own verification report. */
export interface ChainSnapshotResult {
  readonly chain: string;
  readonly height: number;
  readonly blockHash: string;
  readonly status: ChainCheckStatus;
  readonly code?: string;
  readonly message?: string;
}

/** A chain package's own verification report of its entries in one evidence file. */
export interface ChainVerifyReport<S extends ChainSnapshotResult, E extends ChainEntryResult> {
  /** `invalid` if anything is invalid, else `unchecked` if anything is unchecked, else `valid`. */
  readonly status: ChainCheckStatus;
  /** A failure of the file as a whole (schema or evidence rules); then nothing else was checked. */
  readonly file?: { readonly code: string; readonly message: string };
  readonly snapshots: readonly S[];
  readonly entries: readonly E[];
  /** Entries on other chains (not checked here). */
  readonly skipped: number;
}

/**
 * A chain package's entry result as a {@link FamilyEntryReport}: `detail()` (how it was proven)
 * only when valid, `warnings` only when there are some.
 */
export function familyEntry(
  e: ChainEntryResult,
  detail: () => string,
  stateProven: boolean,
  warnings: readonly string[] = []
): FamilyEntryReport {
  return {
    index: e.index,
    chain: e.chain,
    address: e.address,
    status: e.status,
    ...(e.code === undefined ? {} : { code: e.code }),
    ...(e.message === undefined ? {} : { message: e.message }),
    ...(e.status === 'valid' ? { detail: detail() } : {}),
    ...(warnings.length ? { warnings } : {}),
    stateProven,
  };
}

/**
 * A chain package's report as a {@link FamilyReport}: the first failure (the file's, else the
 * first snapshot not valid) as its code and message, each snapshot with `detail(s)` when valid,
 * then the family's facts, notes and entries.
 */
export function familyReport<S extends ChainSnapshotResult>(
  r: ChainVerifyReport<S, ChainEntryResult>,
  detail: (s: S) => string,
  rest: {
    readonly facts: readonly (readonly [string, string])[];
    readonly notes: readonly string[];
    readonly entries: readonly FamilyEntryReport[];
  }
): FamilyReport {
  const first = r.file ?? r.snapshots.find((s) => s.status !== 'valid');
  return {
    status: r.status,
    ...(first?.code === undefined ? {} : { code: first.code }),
    ...(first?.message === undefined ? {} : { message: first.message }),
    ...(r.file ? { file: { code: r.file.code, message: r.file.message } } : {}),
    snapshots: r.snapshots.map((s) => ({
      chain: s.chain,
      status: s.status,
      ...(s.status === 'valid' ? { detail: detail(s) } : { code: s.code, message: s.message }),
      ...(s.blockHash === undefined ? {} : { blockHash: s.blockHash }),
    })),
    facts: rest.facts,
    notes: rest.notes,
    entries: rest.entries,
  };
}

/**
 * Whether a chain's asset table fits the liabilities asset list: each asset of the table is a
 * liability asset of the same symbol and decimals, and of `chain` where the list names a network.
 * The first mismatch (`ASSET_NOT_IN_LIABILITIES`, `DECIMALS_MISMATCH`) with its message, else
 * undefined; a family's `collect` throws it as its own error.
 */
export function liabilityAssetMismatch(
  table: readonly { readonly symbol: string; readonly decimals: number }[],
  liabilities: readonly Asset[],
  chain: string
): { code: 'ASSET_NOT_IN_LIABILITIES' | 'DECIMALS_MISMATCH'; message: string } | undefined {
  const bySymbol = new Map(liabilities.map((a) => [a.symbol, a]));
  for (const a of table) {
    const l = bySymbol.get(a.symbol);
    if (!l)
      return {
        code: 'ASSET_NOT_IN_LIABILITIES',
        message: `${a.symbol} (asset table, ${chain}) is not in the liabilities asset list`,
      };
    if (l.decimals !== a.decimals)
      return {
        code: 'DECIMALS_MISMATCH',
        message: `${a.symbol}: the asset table says ${a.decimals} decimals, the liabilities asset list ${l.decimals}`,
      };
    if (l.network !== undefined && l.network !== chain)
      return {
        code: 'ASSET_NOT_IN_LIABILITIES',
        message: `${a.symbol} is a liability asset of ${l.network}, not ${chain}`,
      };
  }
  return undefined;
}

/**
 * One chain family. `C` is what its `collect` needs (endpoints, address and signature lists,
 * asset table, …), `V` what its `verify` needs (the auditor's own endpoints, options).
 */
export interface ChainFamily<C = unknown, V = unknown> {
  /** Short id (`ethereum`, `bitcoin`, `xrpl`). */
  readonly id: string;
  /** The CAIP-2 namespace the family owns (`eip155`, `bip122`, `xrpl`). */
  readonly namespace: string;
  /** Parse and check a CAIP-2 network id of this family. Never throws. */
  parseNetwork(network: string): VerifyResult<FamilyNetworkCode, { network: FamilyNetwork }>;
  /**
   * Check an address on a network; `address` of the result is the canonical spelling the
   * evidence must use (EIP-55, bech32 lowercase, …). Never throws.
   */
  checkAddress(network: string, address: string): VerifyResult<string, { address: string }>;
  /** Whether an entry's balances are proven against committed chain state (not only read). */
  isStateProven(entry: EvidenceEntry): boolean;
  /**
   * Collect a partial `kura-evidence/1` file for one network (entries of that network only).
   * Throws a `KuraError` with a stable code on any problem: nothing is to be written then.
   */
  collect(input: C): Promise<Evidence>;
  /** Re-verify the entries of this family in an evidence file. Never throws. */
  verify(evidence: Evidence, input: V): Promise<FamilyReport>;
}

/**
 * A family whose input types are not known to the caller (registry view): its network, address
 * and state-proof methods are usable as they are; to collect or verify, the caller builds the
 * family's own input (it knows which family it asked for).
 */
export type AnyChainFamily = ChainFamily<unknown, unknown>;

/** The namespace of a CAIP-2 id (`eip155:1` → `eip155`), or undefined when malformed. */
export function caip2Namespace(caip2: string): string | undefined {
  const m = /^([-a-z0-9]{3,8}):[-_a-zA-Z0-9]{1,32}$/.exec(caip2);
  return m ? m[1] : undefined;
}

/** Families by namespace: one adapter per namespace. */
export class FamilyRegistry {
  readonly #byNamespace = new Map<string, AnyChainFamily>();

  constructor(families: readonly AnyChainFamily[] = []) {
    for (const f of families) this.register(f);
  }

  /** Add a family; a second family for the same namespace is an error. */
  register(family: AnyChainFamily): this {
    if (this.#byNamespace.has(family.namespace))
      throw new RangeError(
        `"family": namespace ${family.namespace} is already served by ${this.#byNamespace.get(family.namespace)!.id}`
      );
    this.#byNamespace.set(family.namespace, family);
    return this;
  }

  /** The namespaces served, in registration order. */
  namespaces(): string[] {
    return [...this.#byNamespace.keys()];
  }

  /** The family of a namespace (`bip122`), or undefined. */
  forNamespace(namespace: string): AnyChainFamily | undefined {
    return this.#byNamespace.get(namespace);
  }

  /** The family serving a CAIP-2 id, or undefined (no family, or a malformed id). */
  forChain(caip2: string): AnyChainFamily | undefined {
    const ns = caip2Namespace(caip2);
    return ns === undefined ? undefined : this.#byNamespace.get(ns);
  }

  /**
   * Parse a network through its family: `UNKNOWN_NETWORK` when no family serves its namespace.
   */
  parseNetwork(caip2: string): VerifyResult<FamilyNetworkCode, { network: FamilyNetwork }> {
    const f = this.forChain(caip2);
    if (!f)
      return {
        ok: false,
        code: 'UNKNOWN_NETWORK',
        message: `network ${JSON.stringify(caip2)}: no chain family serves this CAIP-2 namespace (served: ${this.namespaces().join(', ') || 'none'})`,
      };
    return f.parseNetwork(caip2);
  }

  /** Entries of an evidence file whose chain no registered family serves (their indexes). */
  unserved(evidence: Evidence): number[] {
    return evidence.entries.flatMap((e, i) => (this.forChain(e.chain) ? [] : [i]));
  }
}
