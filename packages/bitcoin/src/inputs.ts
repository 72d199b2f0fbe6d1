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
import { CUSTODY_CLASSES, type Custody, type OwnershipType } from '@kura/attest';
import {
  bytesToHex,
  InputError,
  isCanonicalInt,
  isNfc,
  onlyFields,
  readJsonLines,
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

type Row = { o: Record<string, unknown>; line: number };

/** The file's rows: codec's one JSON Lines reader, only `allowed` fields. */
function rows(text: string, file: string, allowed: readonly string[]): Row[] {
  return readJsonLines(text, file, { invalid: 'not valid JSON' }).map(({ value, line }) => {
    onlyFields(value, allowed, file, line);
    return { o: value, line };
  });
}

function custodyOf(v: unknown, file: string, line: number): Custody {
  if (!(CUSTODY_CLASSES as readonly unknown[]).includes(v))
    throw new InputError(`expected one of ${CUSTODY_CLASSES.join(', ')}`, {
      file,
      line,
      field: 'custody',
    });
  return v as Custody;
}

function labelOf(v: unknown, file: string, line: number): { label?: string } {
  if (v === undefined) return {};
  if (typeof v !== 'string' || v.length === 0 || v.length > 200 || !isNfc(v))
    throw new InputError('expected a non-empty NFC string of ≤ 200 characters', {
      file,
      line,
      field: 'label',
    });
  return { label: v };
}

/** The scriptPubKey (hex) of an address on `chainId`, or an InputError at file:line. */
function scriptKey(
  v: unknown,
  chainId: string,
  file: string,
  line: number
): { address: string; key: string } {
  if (typeof v !== 'string')
    throw new InputError('expected an address string', { file, line, field: 'address' });
  const d = decodeAddress(v, chainId);
  if (!d.ok) throw new InputError(`${d.code}: ${d.message}`, { file, line, field: 'address' });
  return { address: d.address, key: bytesToHex(d.scriptPubKey) };
}

/** Parse the addresses file for `chainId`. */
export function parseAddressFile(text: string, file: string, chainId: string): AddressRow[] {
  const seen = new Map<string, number>();
  const out = rows(text, file, ['address', 'custody', 'label']).map(({ o, line }): AddressRow => {
    const { address, key } = scriptKey(o.address, chainId, file, line);
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new InputError(`address listed twice (first on line ${prev})`, {
        file,
        line,
        field: 'address',
      });
    seen.set(key, line);
    return {
      address,
      custody: custodyOf(o.custody, file, line),
      ...labelOf(o.label, file, line),
      line,
    };
  });
  if (out.length === 0) throw new InputError('no addresses', { file });
  return out;
}

/** Parse the descriptors file for `chainId`. */
export function parseDescriptorFile(text: string, file: string, chainId: string): DescriptorRow[] {
  const out = rows(text, file, ['descriptor', 'range', 'custody', 'label']).map(
    ({ o, line }): DescriptorRow => {
      if (typeof o.descriptor !== 'string')
        throw new InputError('expected a descriptor string', { file, line, field: 'descriptor' });
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
        if (
          !Array.isArray(r) ||
          r.length !== 2 ||
          !r.every((x) => isCanonicalInt(x) && x >= 0 && x < 0x80000000) ||
          (r[0] as number) > (r[1] as number)
        )
          throw new InputError(
            'a ranged descriptor needs "range": [first, last] (integers, first ≤ last)',
            { file, line, field: 'range' }
          );
        if ((r[1] as number) - (r[0] as number) + 1 > MAX_DESCRIPTOR_RANGE)
          throw new InputError(`a range may span at most ${MAX_DESCRIPTOR_RANGE} indexes`, {
            file,
            line,
            field: 'range',
          });
        range = [r[0] as number, r[1] as number];
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
        custody: custodyOf(o.custody, file, line),
        ...labelOf(o.label, file, line),
        line,
      };
    }
  );
  if (out.length === 0) throw new InputError('no descriptors', { file });
  return out;
}

/** Parse the signatures file for `chainId`: one signature per address. */
export function parseSignatureFile(text: string, file: string, chainId: string): SignatureRow[] {
  const seen = new Map<string, number>();
  return rows(text, file, ['address', 'type', 'signature']).map(({ o, line }): SignatureRow => {
    const { address, key } = scriptKey(o.address, chainId, file, line);
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new InputError(`second signature for this address (first on line ${prev})`, {
        file,
        line,
        field: 'address',
      });
    seen.set(key, line);
    if (!(BTC_OWNERSHIP_TYPES as readonly unknown[]).includes(o.type))
      throw new InputError(`expected one of ${BTC_OWNERSHIP_TYPES.join(', ')}`, {
        file,
        line,
        field: 'type',
      });
    if (typeof o.signature !== 'string' || o.signature.length === 0 || o.signature.length > 1 << 20)
      throw new InputError('expected a non-empty signature string', {
        file,
        line,
        field: 'signature',
      });
    return { address, type: o.type as OwnershipType, signature: o.signature, line };
  });
}
