/**
 * The customer's three proof checks (leaf; path; root matches the signed report) from the
 * package's two answers, for every protocol: `attested`, the proof verified against the
 * attestation (absent without one), and `self`, the proof verified against the root it claims
 * itself. The adapters (`proof.ts` for v1, `proof-v2.ts` for v2) say only which of their codes
 * concern the leaf and which failures are shown at the root's level.
 * @module
 */
import { bytesToHex } from '@kura/codec';
import type { Round } from '@kura/tree';
import type { AssetView, Check, ProofView, RungView } from '../model.ts';
import type { ProofOutcome } from './proof.ts';

/** A failed verification as the packages report it. */
export interface ProofFailure {
  readonly code: string;
  readonly message: string;
  readonly level?: number;
}

/** How an adapter reads a failure of the proof itself. */
export interface FailureMap {
  /** Whether the failure is about the customer's own entry (the leaf could not be recomputed). */
  isLeaf(r: ProofFailure): boolean;
  /** Whether a failure without a level is shown at the root's level (the whole path failed). */
  atRoot(r: ProofFailure): boolean;
}

/** A passed check. */
export const pass = (id: Check['id']): Check => ({ id, state: 'pass' });

/**
 * The outcome when the attested verification failed (or there is no attestation): a sound proof
 * of another tree or month fails the root check only; a broken proof fails its leaf or path
 * check, and the comparison with the attestation is not reached — unless the package refused the
 * proof's round or asset list against the attested ones, which it checks first.
 */
export function proofOutcome(
  attested: ProofFailure | undefined,
  self: { readonly ok: true } | ({ readonly ok: false } & ProofFailure),
  view: ProofView | undefined,
  map: FailureMap
): ProofOutcome {
  const withView = (checks: Check[]): ProofOutcome => ({ checks, ...(view ? { view } : {}) });
  const root: Check = attested
    ? {
        id: 'root',
        state: 'fail',
        code: attested.code,
        message: attested.message,
        ...(attested.level !== undefined ? { level: attested.level } : {}),
      }
    : { id: 'root', state: 'skip' };
  if (self.ok) return withView([pass('leaf'), pass('path'), root]);
  const attestedFirst =
    attested && (attested.code === 'ROUND_MISMATCH' || attested.code === 'ASSET_SET_MISMATCH');
  const rootAfter: Check = attestedFirst ? root : { id: 'root', state: 'skip' };
  const level = self.level ?? (map.atRoot(self) ? view?.height : undefined);
  const failure: Check = {
    id: map.isLeaf(self) ? 'leaf' : 'path',
    state: 'fail',
    code: self.code,
    message: self.message,
    ...(level !== undefined ? { level } : {}),
  };
  return withView(
    failure.id === 'leaf'
      ? [failure, { id: 'path', state: 'skip' }, rootAfter]
      : [pass('leaf'), failure, rootAfter]
  );
}

/** What both protocols' parsed proofs hold for the ladder. */
interface ParsedPath<S> {
  readonly uid: string;
  readonly round: Round;
  readonly assets: readonly AssetView[];
  readonly balances: readonly bigint[];
  readonly height: number;
  readonly position: number;
  readonly siblings: readonly S[];
  readonly rootCommitment: Uint8Array;
}

/**
 * The ladder's view of a parsed proof, every protocol: the customer's entry, one rung per level
 * (the side at level l is bit l of the position, spec step 2) with what `sibling` shows of that
 * level's sibling, and the claimed root commitment. The adapters add what only they know.
 */
export function pathView<S extends { readonly hash: Uint8Array }>(
  p: ParsedPath<S>,
  sibling: (s: S) => Pick<RungView, 'siblingSums' | 'commitments'>
): ProofView {
  return {
    uid: p.uid,
    exchange: p.round.exchange,
    period: p.round.period,
    snapshotTime: p.round.snapshotTime,
    assets: p.assets,
    balances: p.balances,
    height: p.height,
    rungs: p.siblings.slice(0, p.height).map((sib, l) => ({
      level: l,
      side: Math.floor(p.position / 2 ** l) % 2 === 1 ? 'right' : 'left',
      siblingHash: bytesToHex(sib.hash),
      ...sibling(sib),
    })),
    rootCommitment: bytesToHex(p.rootCommitment),
  };
}
