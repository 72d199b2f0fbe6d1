/**
 * A prices file given to attestation assembly (`kura attest create --prices`): a JSON array of
 * price entries (SPEC §12, `prices`), from which the price of each liabilities asset is taken in
 * the asset list's order. Without such a file the prices come from the policy inputs
 * (`pricesFromPolicy`).
 * @module
 */
import { InputError } from '@kura/codec';
import { type PriceEntry, parsePrice } from './attestation.js';

/**
 * The prices of `symbols` (in that order) from the parsed JSON `v` of the prices file `file`:
 * every entry is checked (`parsePrice`, its error names `$[i]`); the first entry of each symbol
 * is taken. Not an array, or a symbol without a price: an {@link InputError} naming the file.
 */
export function pricesFromList(v: unknown, symbols: readonly string[], file: string): PriceEntry[] {
  if (!Array.isArray(v)) throw new InputError('expected a JSON array of prices', { file });
  const all = v.map((p, i) => parsePrice(p, `$[${i}]`));
  return symbols.map((sym) => {
    const p = all.find((x) => x.asset === sym);
    if (!p) throw new InputError(`no price for ${sym}`, { file });
    return p;
  });
}
