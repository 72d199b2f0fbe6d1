/**
 * The page's state, decided from the files given and the verification report:
 *
 * - `checking` — files are still loading, or the check is running;
 * - `cannot` — could not check: a file the check needs is unreadable, of the wrong kind, or
 *   failed to load (never a red cross: nothing was found wrong with the exchange's data);
 * - `fail` — not verified: the exchange's data failed a check (a package returned a code);
 * - `waiting` — nothing is wrong so far, a file is still missing: says which one to add next;
 * - `pass` — verified.
 * @module
 */
import { type FileKind, fileKind } from './kind.ts';
import type { Check, Report } from './model.ts';
import type { Loaded } from './verify.ts';

export type Slot = 'proof' | 'attestation' | 'trust' | 'history';
export const SLOTS: readonly Slot[] = ['proof', 'attestation', 'trust', 'history'];
/** The files the check needs, in the order the customer is asked for them. */
export const REQUIRED_SLOTS: readonly Exclude<Slot, 'history'>[] = [
  'proof',
  'attestation',
  'trust',
];

/** The kind of file each slot takes. */
export const SLOT_KIND: Record<Slot, FileKind> = {
  proof: 'proof',
  attestation: 'attestation',
  trust: 'trust',
  history: 'attestation',
};

/** Why a slot's file cannot be used. */
export type SlotProblem =
  | { readonly code: 'FETCH_FAILED'; readonly name: string; readonly detail: string }
  | { readonly code: 'NOT_SAME_ORIGIN'; readonly name: string }
  | { readonly code: 'WRONG_KIND'; readonly name: string; readonly kind: FileKind }
  | { readonly code: 'NOT_JSON' | 'UNKNOWN_KIND'; readonly name: string; readonly kind: FileKind };

/** The problem with a loaded file in `slot`, or null when it is of the right kind. */
export function problemOf(slot: Slot, f: Loaded): SlotProblem | null {
  const kind = fileKind(f.bytes);
  if (kind === SLOT_KIND[slot]) return null;
  if (kind === 'json') return { code: 'UNKNOWN_KIND', name: f.name, kind };
  if (['image', 'pdf', 'text', 'binary', 'empty'].includes(kind))
    return { code: 'NOT_JSON', name: f.name, kind };
  return { code: 'WRONG_KIND', name: f.name, kind };
}

/** The slot a file of this kind belongs in, if any. */
export function slotFor(kind: FileKind): Slot | undefined {
  return REQUIRED_SLOTS.find((s) => SLOT_KIND[s] === kind);
}

export type Status =
  | { readonly kind: 'checking'; readonly loading: boolean }
  | { readonly kind: 'cannot'; readonly slot: Slot; readonly problem: SlotProblem | Check }
  | { readonly kind: 'fail'; readonly check: Check }
  | { readonly kind: 'waiting'; readonly next: Exclude<Slot, 'history'> }
  | { readonly kind: 'pass' };

/**
 * Codes meaning the page could not check (its inputs), not that the data failed a check: the
 * page's own, plus `COULD_NOT_CHECK_CODES` of @kura/attest, which the report carries (the
 * attestation verifier is in the lazily loaded verifier chunk, not in the page).
 */
const CANNOT: ReadonlySet<string> = new Set<string>([
  'MISSING',
  'NOT_JSON',
  'INTERNAL',
  'NOT_CHECKED',
  'VERIFIER_UNAVAILABLE',
  // A missing previous report or missing data for a policy re-run: files to add, not a finding.
  'PREVIOUS_REQUIRED',
  'POLICY_RERUN_NEEDS_DATA',
]);

/**
 * Whether a failed check is a verdict against the data (not a loading problem). `couldNotCheck`:
 * the attestation verifier's could-not-check codes (`Report.couldNotCheck`).
 */
export function isDataFailure(c: Check, couldNotCheck: readonly string[] = []): boolean {
  return (
    c.state === 'fail' &&
    c.code !== undefined &&
    !CANNOT.has(c.code) &&
    !couldNotCheck.includes(c.code)
  );
}

export interface StatusInputs {
  readonly loading: boolean;
  readonly files: Partial<Record<Exclude<Slot, 'history'>, Loaded>>;
  readonly problems: Partial<Record<Slot, SlotProblem>>;
  readonly report: Report | null;
}

/** The one state the page is in. */
export function statusOf(s: StatusInputs): Status {
  if (s.loading) return { kind: 'checking', loading: true };
  for (const slot of REQUIRED_SLOTS) {
    const p = s.problems[slot];
    if (p) return { kind: 'cannot', slot, problem: p };
  }
  const r = s.report;
  const failed = r?.checks.find((c) => isDataFailure(c, r.couldNotCheck));
  if (failed) return { kind: 'fail', check: failed };
  for (const slot of REQUIRED_SLOTS) if (!s.files[slot]) return { kind: 'waiting', next: slot };
  if (!r) return { kind: 'checking', loading: false };
  if (r.ok) return { kind: 'pass' };
  // A required check failed with a could-not-check code (an unusable trust file, an error).
  const c = r.checks.find((x) => x.state === 'fail');
  if (c) {
    const slot: Slot =
      c.id === 'leaf' || c.id === 'path' || c.id === 'root'
        ? 'proof'
        : c.code === 'TRUST_INVALID'
          ? 'trust'
          : 'attestation';
    return { kind: 'cannot', slot, problem: c };
  }
  // Fail closed: not every required check passed, none failed (cannot happen with a full list).
  return {
    kind: 'cannot',
    slot: 'attestation',
    problem: { id: 'document', state: 'fail', code: 'NOT_CHECKED' },
  };
}
