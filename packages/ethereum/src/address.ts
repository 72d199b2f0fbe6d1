/**
 * EVM addresses and their EIP-55 mixed-case checksum (attacks D7).
 *
 * EIP-55: take `keccak256` of the ASCII lowercase hex of the 20 bytes (40 characters, no `0x`);
 * hex letter i is upper case exactly when nibble i of that hash is 8 or more. An all-lowercase or
 * all-uppercase address carries no checksum and is accepted; a mixed-case one must match.
 * @module
 */
import { toChecksumAddress } from '@kura/attest';
import { fail, hexToBytes, type VerifyResult } from '@kura/codec';

/** Failure codes of {@link checkAddress}. */
export type AddressErrorCode = 'BAD_ADDRESS' | 'BAD_CHECKSUM';

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/**
 * Parse an address: `0x` + 40 hex characters; mixed case must carry a valid EIP-55 checksum.
 * Returns the EIP-55 spelling and the bytes. Never throws.
 */
export function checkAddress(
  s: unknown
): VerifyResult<AddressErrorCode, { address: string; bytes: Uint8Array }> {
  if (typeof s !== 'string' || !ADDRESS_RE.test(s))
    return fail('BAD_ADDRESS', 'expected 0x followed by 40 hex characters');
  const body = s.slice(2);
  const bytes = hexToBytes(body.toLowerCase());
  const address = toChecksumAddress(s);
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (mixed && address.slice(2) !== body)
    return fail('BAD_CHECKSUM', `mixed-case address ${s} has a wrong EIP-55 checksum`);
  return { ok: true, address, bytes };
}

/** The comparison key of an address: lowercase hex with `0x`. */
export function addressKey(address: string): string {
  return address.toLowerCase();
}
