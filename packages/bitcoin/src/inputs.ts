/**
 * The input files of `kura reserves btc collect`, JSON Lines (one object per line, blank lines
 * ignored, strict JSON per line). Errors are {@link InputError}s naming file, line and field.
 *
 * ```
 * addresses    {"address": "bc1q…", "custody": "customer-cold", "label"?: "cold 1"}
 * descriptors  {"descriptor": "wsh(sortedmulti(2,xpub…/0/*,…))#checksum", "range": [0, 999],
 *               "custody": "customer-cold", "label"?: "vault"}
 * signatures   {"address": "bc1q…", "type": "bip322-simple" | "bip322-full" | "bip137" | "bip127-psbt",
 *               "signature": "<base64, BIP-322 with smp/ful prefix, or a BIP-127 PSBT>"}
 * ```
 * Every address is checked against the chain (`chainId`); an address listed twice (in any
 * spelling of the same script) is an error naming both lines.
 * @module
 */
import { type Custody, custodyShape, type OwnershipType } from '@kura/attest';
import {
  arr,
  bytesToHex,
  InputError,
  int,
  type JsonRow,
  obj,
  oncePerLine,
  oneOf,
  readJsonLinesOf,
  type Shape,
  str,
} from '@kura/codec';
import { decodeAddress } from './address.js';
import { type Descriptor, DescriptorError, parseDescriptor } from './descriptor.js';

/** Bitcoin ownership proof types. */
export const BTC_OWNERSHIP_TYPES = [
  'bip322-simple',
  'bip322-full',
  'bip137',
  'bip127-psbt',
] as const;

/** A row of the addresses file. */
export interface AddressRow {
  readonly address: string;
  readonly custody: Custody;
  readonly label?: string;
  readonly line: number;
}
/** A row of the descriptors file. */
export interface DescriptorRow {
  readonly descriptor: Descriptor;
  readonly text: string;
  readonly range: readonly [number, number];
  readonly custody: Custody;
  readonly label?: string;
  readonly line: number;
}
/** A row of the signatures file. */
export interface SignatureRow {
  readonly address: string;
  readonly type: OwnershipType;
  readonly signature: string;
  readonly line: number;
}

/** Largest number of indexes one descriptor row may span. */
export const MAX_DESCRIPTOR_RANGE = 100_000;

/** A label: non-empty NFC text of at most 200 characters. */
const label = str({ max: 200 });
/** An address or descriptor as written: what it means is checked against the chain. */
const written = str({ min: 0, nfc: false });

/** A row of the addresses file, as declared. */
export const addressRowShape = obj({ address: written, custody: custodyShape }, { label });
/** A row of the descriptors file, as declared (the range is checked against the descriptor). */
export const descriptorRowShape = obj(
  { descriptor: written, custody: custodyShape },
  { range: arr(int(0, 0x7fffffff), { min: 2, max: 2 }), label }
);
/** A row of the signatures file, as declared. */
export const signatureRowShape = obj({
  address: written,
  type: oneOf(BTC_OWNERSHIP_TYPES, {
    expected: `expected one of ${BTC_OWNERSHIP_TYPES.join(', ')}`,
  }),
  signature: str({ max: 1 << 20, nfc: false }),
});

/** The file's rows: codec's one JSON Lines reader, each row checked against its shape. */
function rows<T>(shape: Shape<T>, text: string, file: string): JsonRow<T>[] {
  return readJsonLinesOf(shape, text, file, { invalid: 'not valid JSON' });
}

/** The scriptPubKey (hex) of an address on `chainId`, or an InputError at file:line. */
function scriptKey(
  v: string,
  chainId: string,
  file: string,
  line: number
): { address: string; key: string } {
  const d = decodeAddress(v, chainId);
  if (!d.ok) throw new InputError(`${d.code}: ${d.message}`, { file, line, field: 'address' });
  return { address: d.address, key: bytesToHex(d.scriptPubKey) };
}

/** Parse the addresses file for `chainId`. */
export function parseAddressFile(text: string, file: string, chainId: string): AddressRow[] {
  const once = oncePerLine(file, 'address', 'address listed twice');
  const out = rows(addressRowShape, text, file).map(({ value: o, line }): AddressRow => {
    const { address, key } = scriptKey(o.address, chainId, file, line);
    once(key, line);
    return {
      address,
      custody: o.custody,
      ...(o.label === undefined ? {} : { label: o.label }),
      line,
    };
  });
  if (out.length === 0) throw new InputError('no addresses', { file });
  return out;
}

/** Parse the descriptors file for `chainId`. */
export function parseDescriptorFile(text: string, file: string, chainId: string): DescriptorRow[] {
  const out = rows(descriptorRowShape, text, file).map(({ value: o, line }): DescriptorRow => {
    let d: Descriptor;
    try {
      d = parseDescriptor(o.descriptor, chainId);
    } catch (e) {
      if (e instanceof DescriptorError)
        throw new InputError(e.message, { file, line, field: 'descriptor' });
      throw e;
    }
    let range: [number, number] = [0, 0];
    if (d.ranged) {
      const r = o.range;
      if (r === undefined || r[0]! > r[1]!)
        throw new InputError(
          'a ranged descriptor needs "range": [first, last] (integers, first ≤ last)',
          { file, line, field: 'range' }
        );
      if (r[1]! - r[0]! + 1 > MAX_DESCRIPTOR_RANGE)
        throw new InputError(`a range may span at most ${MAX_DESCRIPTOR_RANGE} indexes`, {
          file,
          line,
          field: 'range',
        });
      range = [r[0]!, r[1]!];
    } else if (o.range !== undefined)
      throw new InputError('"range" is only for ranged descriptors (ending in /*)', {
        file,
        line,
        field: 'range',
      });
    return {
      descriptor: d,
      text: o.descriptor,
      range,
      custody: o.custody,
      ...(o.label === undefined ? {} : { label: o.label }),
      line,
    };
  });
  if (out.length === 0) throw new InputError('no descriptors', { file });
  return out;
}

/** Parse the signatures file for `chainId`: one signature per address. */
export function parseSignatureFile(text: string, file: string, chainId: string): SignatureRow[] {
  const once = oncePerLine(file, 'address', 'second signature for this address');
  return rows(signatureRowShape, text, file).map(({ value: o, line }): SignatureRow => {
    const { address, key } = scriptKey(o.address, chainId, file, line);
    once(key, line);
    return { address, type: o.type, signature: o.signature, line };
  });
}
