/**
 * The one reader of an account-model chain's reserve address file (JSON Lines,
 * `{"address": …, "custody": "<class>", "label"?: "<NFC text>"}` per line), shared by the
 * Ethereum and XRPL collectors: the chain supplies only its address check. Every error names
 * file, line and field; a duplicate names the line of its first occurrence.
 * @module
 */
import {
  InputError,
  json,
  obj,
  oncePerLine,
  oneOf,
  readJsonLinesOf,
  type Shape,
  str,
} from '@kura/codec';
import { CUSTODY_CLASSES, type Custody } from './evidence.js';

/**
 * The custody class of an address file row (every chain's address and descriptor files):
 * one of {@link CUSTODY_CLASSES}, refused with "expected one of customer-cold, customer-hot,
 * exchange-own".
 */
export const custodyShape: Shape<Custody> = oneOf(CUSTODY_CLASSES, {
  expected: `expected one of ${CUSTODY_CLASSES.join(', ')}`,
});

/**
 * A row of the address file, as declared: the address is any value (the chain's `check` reads
 * it, with the chain's messages), the custody one of {@link CUSTODY_CLASSES}, the label
 * non-empty NFC text; no other member.
 */
export const addressLineShape = obj(
  {
    address: json('The address; checked by the chain package.'),
    custody: custodyShape,
  },
  { label: str() }
);

/** One reserve address of the file. */
export interface AddressLine {
  /** The address in the chain's canonical form (as returned by `check`). */
  readonly address: string;
  readonly custody: Custody;
  readonly label?: string;
  readonly line: number;
}

/**
 * Parse an address file. `check` returns the canonical address or throws (an
 * {@link InputError} naming `line`); `key` gives the form duplicates are compared in (default:
 * the canonical address itself). An empty file is refused.
 */
export function parseAddressLines(
  text: string,
  file: string,
  check: (v: unknown, line: number) => string,
  key: (address: string) => string = (a) => a
): AddressLine[] {
  const once = oncePerLine(file, 'address', 'address listed twice');
  const rows = readJsonLinesOf(addressLineShape, text, file).map(
    ({ value: o, line }): AddressLine => {
      const address = check(o.address, line);
      once(key(address), line);
      return {
        address,
        custody: o.custody,
        ...(o.label === undefined ? {} : { label: o.label }),
        line,
      };
    }
  );
  if (rows.length === 0) throw new InputError('no addresses', { file });
  return rows;
}
