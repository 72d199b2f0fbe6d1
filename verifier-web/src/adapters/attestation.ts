/**
 * Adapter to @kura/attest: attestation parsing, signature verification against the pinned
 * trust file, content checks and the previous-month hash link. (Wired when the package lands.)
 * @module
 */
import type { AttestationView, Check, HistoryPoint, KeyView } from '../model.ts';
import type { Loaded } from '../verify.ts';
import type { Expected } from './proof.ts';

export interface AttestationOutcome {
  readonly checks: readonly Check[];
  readonly expected?: Expected;
  readonly view?: AttestationView;
  readonly keys: readonly KeyView[];
  readonly history: readonly HistoryPoint[];
}

export function checkAttestation(
  _file: Loaded,
  _json: unknown,
  _trust: Loaded | undefined,
  _history: readonly Loaded[]
): AttestationOutcome {
  const na = (id: Check['id']): Check => ({
    id,
    state: 'fail',
    code: 'NOT_AVAILABLE',
    message: 'attestation verification is not available yet',
  });
  return {
    checks: [na('exchangeSig'), na('auditorSig'), na('document'), { id: 'previous', state: 'na' }],
    keys: [],
    history: [],
  };
}
