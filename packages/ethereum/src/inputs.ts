/**
 * The collector's input files, both JSON Lines (one JSON object per line; blank lines ignored),
 * so every error names the file, the line and the field.
 *
 * Addresses (`--addresses`):
 * ```
 * {"address": "0x…", "custody": "customer-cold", "label": "cold wallet 1"}
 * ```
 * `custody` ∈ `customer-cold` | `customer-hot` | `exchange-own`; `label` optional.
 *
 * Signatures (`--signatures`):
 * ```
 * {"address": "0x…", "type": "eip191" | "eip712" | "eip1271", "signature": "0x…"}
 * ```
 * `eip191`: `personal_sign` of the challenge text; `eip712`: `eth_signTypedData_v4` of the
 * typed data `kura reserves eth typed-data` prints; `eip1271`: the contract wallet's signature
 * blob for the EIP-712 digest of that typed data (e.g. a Safe's owner signatures).
 * @module
 */
import { type Custody, parseAddressLines } from '@kura/attest';
import { InputError, onlyFields, readJsonLines } from '@kura/codec';
import { addressKey, checkAddress } from './address.js';
import { parseData } from './hex.js';
import { ETH_OWNERSHIP_TYPES, type EthOwnershipType } from './ownership.js';

/** One reserve address. */
export interface AddressRow {
  /** EIP-55. */
  readonly address: string;
  readonly custody: Custody;
  readonly label?: string;
  readonly line: number;
}

/** One ownership signature. */
export interface SignatureRow {
  /** EIP-55. */
  readonly address: string;
  readonly type: EthOwnershipType;
  readonly signature: Uint8Array;
  readonly line: number;
}

function address(v: unknown, file: string, line: number): string {
  const a = checkAddress(v);
  if (!a.ok) throw new InputError(a.message, { file, line, field: 'address' });
  return a.address;
}

/** Parse the addresses file. Rejects duplicates (case-insensitive) naming both lines. */
export function parseAddressList(text: string, file = '<addresses>'): AddressRow[] {
  return parseAddressLines(text, file, (v, line) => address(v, file, line), addressKey);
}

/** Parse the signatures file. One signature per address. */
export function parseSignatureList(text: string, file = '<signatures>'): SignatureRow[] {
  const seen = new Map<string, number>();
  return readJsonLines(text, file).map(({ value: o, line }): SignatureRow => {
    onlyFields(o, ['address', 'type', 'signature'], file, line);
    const addr = address(o.address, file, line);
    const prev = seen.get(addressKey(addr));
    if (prev !== undefined)
      throw new InputError(`second signature for this address (first on line ${prev})`, {
        file,
        line,
        field: 'address',
      });
    seen.set(addressKey(addr), line);
    if (!(ETH_OWNERSHIP_TYPES as readonly unknown[]).includes(o.type))
      throw new InputError(`expected one of ${ETH_OWNERSHIP_TYPES.join(', ')}`, {
        file,
        line,
        field: 'type',
      });
    let signature: Uint8Array;
    try {
      signature = parseData(o.signature, 'signature');
    } catch {
      throw new InputError('expected 0x-prefixed hex', { file, line, field: 'signature' });
    }
    if (signature.length === 0 || signature.length > 16384)
      throw new InputError('expected 1 … 16384 bytes', { file, line, field: 'signature' });
    if (o.type !== 'eip1271' && signature.length !== 65)
      throw new InputError(
        `an ${o.type as string} signature is 65 bytes (r ‖ s ‖ v), got ${signature.length}`,
        { file, line, field: 'signature' }
      );
    return { address: addr, type: o.type as EthOwnershipType, signature, line };
  });
}
