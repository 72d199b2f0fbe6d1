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
import { InputError, obj, oncePerLine, oneOf, readJsonLinesOf, str } from '@kura/codec';
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

/** Largest contract-wallet (EIP-1271) signature blob, in bytes. */
const MAX_SIGNATURE_BYTES = 16384;

/** An ownership proof type: `eip191`, `eip712` or `eip1271`. */
const ownershipType = oneOf(ETH_OWNERSHIP_TYPES, {
  expected: `expected one of ${ETH_OWNERSHIP_TYPES.join(', ')}`,
});

/**
 * A row of the signatures file, as declared: the address as written (checked and put in EIP-55
 * spelling by the reader), the type, and the signature as `0x` hex of any case (its length,
 * which depends on the type, is checked by the reader).
 */
export const signatureRowShape = obj({
  address: str({ min: 0, nfc: false }),
  type: ownershipType,
  signature: str({
    min: 0,
    nfc: false,
    pattern: /^0x([0-9a-fA-F]{2})*$/,
    expected: 'expected 0x-prefixed hex',
  }),
});

function address(v: unknown, file: string, line: number): string {
  const a = checkAddress(v);
  if (!a.ok) throw new InputError(a.message, { file, line, field: 'address' });
  return a.address;
}

/** Parse the addresses file. Rejects duplicates (case-insensitive) naming both lines. */
export function parseAddressList(text: string, file = '<addresses>'): AddressRow[] {
  return parseAddressLines(text, file, (v, line) => address(v, file, line), addressKey);
}

/**
 * Parse the signatures file: codec's one JSON Lines reader, each row against
 * {@link signatureRowShape}, then what no shape says — the address on its chain, one signature
 * per address, the signature's length for its type.
 */
export function parseSignatureList(text: string, file = '<signatures>'): SignatureRow[] {
  const once = oncePerLine(file, 'address', 'second signature for this address');
  return readJsonLinesOf(signatureRowShape, text, file).map(({ value: o, line }): SignatureRow => {
    const addr = address(o.address, file, line);
    once(addressKey(addr), line);
    const signature = parseData(o.signature, 'signature');
    if (signature.length === 0 || signature.length > MAX_SIGNATURE_BYTES)
      throw new InputError(`expected 1 … ${MAX_SIGNATURE_BYTES} bytes`, {
        file,
        line,
        field: 'signature',
      });
    if (o.type !== 'eip1271' && signature.length !== 65)
      throw new InputError(
        `an ${o.type} signature is 65 bytes (r ‖ s ‖ v), got ${signature.length}`,
        { file, line, field: 'signature' }
      );
    return { address: addr, type: o.type, signature, line };
  });
}
