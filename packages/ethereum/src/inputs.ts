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
import { CUSTODY_CLASSES, type Custody } from '@kura/attest';
import { InputError, isNfc, type JsonValue, KuraError, parseJsonStrict } from '@kura/codec';
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

function jsonLines(text: string, file: string): { value: Record<string, unknown>; line: number }[] {
  const out: { value: Record<string, unknown>; line: number }[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (s.trim() === '') return;
    let v: JsonValue;
    try {
      v = parseJsonStrict(s);
    } catch (e) {
      const why = e instanceof KuraError ? e.message.replace(/^<json>:\d+:\d+: /, '') : String(e);
      throw new InputError(`not a JSON object: ${why}`, { file, line });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new InputError('expected one JSON object per line', { file, line });
    out.push({ value: v as Record<string, unknown>, line });
  });
  return out;
}

function known(
  o: Record<string, unknown>,
  keys: readonly string[],
  file: string,
  line: number
): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k)) throw new InputError('unknown field', { file, line, field: k });
}

function address(v: unknown, file: string, line: number): string {
  const a = checkAddress(v);
  if (!a.ok) throw new InputError(a.message, { file, line, field: 'address' });
  return a.address;
}

/** Parse the addresses file. Rejects duplicates (case-insensitive) naming both lines. */
export function parseAddressList(text: string, file = '<addresses>'): AddressRow[] {
  const seen = new Map<string, number>();
  const rows = jsonLines(text, file).map(({ value: o, line }): AddressRow => {
    known(o, ['address', 'custody', 'label'], file, line);
    const addr = address(o.address, file, line);
    const prev = seen.get(addressKey(addr));
    if (prev !== undefined)
      throw new InputError(`address listed twice (first on line ${prev})`, {
        file,
        line,
        field: 'address',
      });
    seen.set(addressKey(addr), line);
    if (!(CUSTODY_CLASSES as readonly unknown[]).includes(o.custody))
      throw new InputError(`expected one of ${CUSTODY_CLASSES.join(', ')}`, {
        file,
        line,
        field: 'custody',
      });
    if (
      o.label !== undefined &&
      (typeof o.label !== 'string' || o.label.length === 0 || !isNfc(o.label))
    )
      throw new InputError('expected a non-empty NFC string', { file, line, field: 'label' });
    return {
      address: addr,
      custody: o.custody as Custody,
      ...(o.label === undefined ? {} : { label: o.label as string }),
      line,
    };
  });
  if (rows.length === 0) throw new InputError('no addresses', { file });
  return rows;
}

/** Parse the signatures file. One signature per address. */
export function parseSignatureList(text: string, file = '<signatures>'): SignatureRow[] {
  const seen = new Map<string, number>();
  return jsonLines(text, file).map(({ value: o, line }): SignatureRow => {
    known(o, ['address', 'type', 'signature'], file, line);
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
