/**
 * The v2 byte field that is read outside a whole document: a root blinding given alone (the
 * attestation carries them, SPEC.md §16.12) — a canonical scalar as standard base64 of its 32
 * little-endian bytes. Whole documents are read through their shapes (`shapes.ts`).
 * @module
 */
import { base64ToBytes, EncodingError } from '@kura/codec';
import { decodeScalar } from '@kura/confidential';

/** A canonical scalar (`< ℓ`) given as base64 of its 32 little-endian bytes. */
export function parseScalarB64(v: unknown, field: string): bigint {
  if (typeof v !== 'string' || v.length !== 44)
    throw new EncodingError('expected 32 bytes in base64 (44 characters)', field);
  const d = decodeScalar(base64ToBytes(v, field));
  if (!d.ok) throw new EncodingError('not a canonical scalar (< ℓ)', field);
  return d.value;
}
