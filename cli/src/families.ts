/**
 * The chain families this `kura` serves, by CAIP-2 namespace (`@kura/attest` `FamilyRegistry`):
 * `eip155` (every EVM chain, `@kura/ethereum`), `bip122` (`@kura/bitcoin`) and `xrpl`
 * (`@kura/xrpl`). A new family is one adapter in its own package and one line here.
 * @module
 */
import { FamilyRegistry } from '@kura/attest';
import { bitcoinFamily } from '@kura/bitcoin';
import { ethereumFamily } from '@kura/ethereum';
import { xrplFamily } from '@kura/xrpl';

/** The registry of the families `kura` serves. */
export const FAMILIES: FamilyRegistry = new FamilyRegistry([
  ethereumFamily,
  bitcoinFamily,
  xrplFamily,
]);
