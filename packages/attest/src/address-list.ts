/**
 * The one reader of an account-model chain's reserve address file (JSON Lines,
 * `{"address": …, "custody": "<class>", "label"?: "<NFC text>"}` per line), shared by the
 * Ethereum and XRPL collectors: the chain supplies only its address check. Every error names
 * file, line and field; a duplicate names the line of its first occurrence.
 * @module
 */
import { InputError, isNfc, onlyFields, readJsonLines } from '@kura/codec';
import { CUSTODY_CLASSES, type Custody } from './evidence.js';

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
  const seen = new Map<string, number>();
  const rows = readJsonLines(text, file).map(({ value: o, line }): AddressLine => {
    onlyFields(o, ['address', 'custody', 'label'], file, line);
    const address = check(o.address, line);
    const prev = seen.get(key(address));
    if (prev !== undefined)
      throw new InputError(`address listed twice (first on line ${prev})`, {
        file,
        line,
        field: 'address',
      });
    seen.set(key(address), line);
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
      address,
      custody: o.custody as Custody,
      ...(o.label === undefined ? {} : { label: o.label as string }),
      line,
    };
  });
  if (rows.length === 0) throw new InputError('no addresses', { file });
  return rows;
}
