/**
 * Orchestration: turns the loaded files into a {@link Report}. All protocol logic lives in the
 * packages — the proof in @kura/tree (`adapters/proof.ts` for v1, `adapters/proof-v2.ts` for
 * v2, each in its own lazily loaded chunk), the attestation, signatures, trust and hash chain in
 * @kura/attest (`adapters/attestation.ts`). This module only sequences the calls, maps their
 * results onto the checks the customer sees, and fails closed: any exception becomes a failed
 * check, never a pass.
 * @module
 */
import { parseJsonBytes } from '@kura/codec';
import type { AttestationOutcome, checkAttestation } from './adapters/attestation.ts';
import type { Expected, ProofOutcome } from './adapters/proof.ts';
import { CHECK_IDS, type Check, type CheckId, type Report, verdictOf } from './model.ts';

/** The protocols of Kura proofs, each checked by its own verifier chunk (`src/lazy.ts`). */
export type ProofKind = 'v1' | 'v2';

/**
 * What a verifier chunk provides (`src/v1/chunk.ts`, `src/v2/chunk.ts`): the attestation checks
 * (the same @kura/attest code in both, for either protocol) and the proof check of its protocol.
 */
export interface Verifier {
  /** `COULD_NOT_CHECK_CODES` of @kura/attest: codes that say a file is unusable, not wrong. */
  readonly couldNotCheck: readonly string[];
  checkAttestation: typeof checkAttestation;
  checkProof(json: unknown, expected: Expected | undefined): ProofOutcome;
  /** Run once after loading, before the first check (v2: install the generator table). */
  prepare?(): Promise<void>;
}

/**
 * The verifier the files need: the proof's protocol by its `version` (`kura-proof/2` → v2),
 * else the attestation's (`"protocol": 2` in its liabilities → v2). Anything else — a v1 proof,
 * a damaged or unknown file — goes to the v1 verifier, which names what is wrong. Only picks
 * the chunk to load: either chunk checks every file strictly.
 */
export function verifierKind(inputs: Pick<Inputs, 'proof' | 'attestation'>): ProofKind {
  const text = (f: Loaded): string => new TextDecoder().decode(f.bytes);
  if (inputs.proof) {
    const m = /"version"\s*:\s*"kura-proof\/(\d+)"/.exec(text(inputs.proof));
    return m?.[1] === '2' ? 'v2' : 'v1';
  }
  if (inputs.attestation && /"protocol"\s*:\s*2\b/.test(text(inputs.attestation))) return 'v2';
  return 'v1';
}

/** A file the customer gave (picked, dropped, or fetched from this page's origin). */
export interface Loaded {
  readonly name: string;
  readonly source: 'file' | 'url';
  readonly bytes: Uint8Array;
}

export interface Inputs {
  readonly proof?: Loaded | undefined;
  readonly attestation?: Loaded | undefined;
  readonly trust?: Loaded | undefined;
  readonly history: readonly Loaded[];
}

/** Parse a JSON file strictly (duplicate keys, unsafe numbers … rejected by @kura/codec). */
export function parseJson(
  f: Loaded | undefined
): { ok: true; value: unknown } | { ok: false; code: string; message: string } {
  if (!f) return { ok: false, code: 'MISSING', message: 'not loaded' };
  try {
    return { ok: true, value: parseJsonBytes(f.bytes) };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return {
      ok: false,
      code: 'NOT_JSON',
      message: `${f.name}: ${typeof code === 'string' ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

function failCheck(id: CheckId, code: string, message: string, level?: number): Check {
  return level === undefined
    ? { id, state: 'fail', code, message }
    : { id, state: 'fail', code, message, level };
}

/**
 * Run every check the files allow. Never throws. `verifier` is the chunk of the files' protocol;
 * when it could not be loaded, `verifierProblem` says why and nothing is checked (could not
 * check, never a verdict).
 */
export function runVerification(
  inputs: Inputs,
  verifier: Verifier | undefined,
  verifierProblem?: string
): Report {
  const t0 = performance.now();
  const checks = new Map<CheckId, Check>();
  let proof: ProofOutcome | undefined;
  let att: AttestationOutcome | undefined;

  // 4–8. The attestation: signatures against the pinned keys, content, coverage, last month.
  const aj = parseJson(inputs.attestation);
  const unavailable = verifierProblem ?? 'no verifier';
  if (aj.ok && !verifier) {
    for (const id of ['exchangeSig', 'auditorSig', 'document'] as const)
      checks.set(id, failCheck(id, 'VERIFIER_UNAVAILABLE', unavailable));
    checks.set('coverage', { id: 'coverage', state: 'skip' });
    checks.set('previous', { id: 'previous', state: 'skip' });
  } else if (!aj.ok) {
    for (const id of ['exchangeSig', 'auditorSig', 'document'] as const)
      checks.set(id, failCheck(id, aj.code, aj.message));
    checks.set('coverage', { id: 'coverage', state: 'skip' });
    checks.set('previous', { id: 'previous', state: 'skip' });
  } else {
    att = guard(() =>
      verifier!.checkAttestation(inputs.attestation!, aj.value, inputs.trust, inputs.history)
    );
    if (att) for (const c of att.checks) checks.set(c.id, c);
    else
      for (const id of ['exchangeSig', 'auditorSig', 'document'] as const)
        checks.set(id, failCheck(id, 'INTERNAL', 'the attestation verifier threw'));
  }

  // 1–3. The proof: leaf from uid and balances, path to the root, root = the attested one.
  const pj = parseJson(inputs.proof);
  if (!pj.ok) {
    checks.set('leaf', failCheck('leaf', pj.code, pj.message));
    checks.set('path', { id: 'path', state: 'skip' });
    checks.set('root', { id: 'root', state: 'skip' });
  } else if (!verifier) {
    checks.set('leaf', failCheck('leaf', 'VERIFIER_UNAVAILABLE', unavailable));
    checks.set('path', { id: 'path', state: 'skip' });
    checks.set('root', { id: 'root', state: 'skip' });
  } else {
    proof = guard(() => verifier.checkProof(pj.value, att?.expected));
    if (proof) for (const c of proof.checks) checks.set(c.id, c);
    else checks.set('leaf', failCheck('leaf', 'INTERNAL', 'the proof verifier threw'));
  }
  // Without a readable attestation the root cannot match it.
  if (!aj.ok) checks.set('root', failCheck('root', aj.code, aj.message));

  const list = CHECK_IDS.map(
    (id) => checks.get(id) ?? failCheck(id, 'NOT_CHECKED', 'this check did not run')
  );
  return {
    ok: verdictOf(list),
    checks: list,
    ms: performance.now() - t0,
    ...(proof?.view ? { proof: proof.view } : {}),
    ...(att?.view ? { attestation: att.view } : {}),
    keys: att?.keys ?? [],
    history: att?.history ?? [],
    couldNotCheck: verifier?.couldNotCheck ?? [],
  };
}

/** Run `f`, turning an exception into `undefined` (callers record it as a failure). */
function guard<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    console.error(e);
    return undefined;
  }
}
