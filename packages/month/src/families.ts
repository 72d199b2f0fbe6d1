/**
 * The chain families Kura's workflows serve, by CAIP-2 namespace (`@kura/attest`
 * `FamilyRegistry`): `eip155` (every EVM chain, `@kura/ethereum`), `bip122` (the Bitcoin family,
 * `@kura/bitcoin`) and `xrpl` (`@kura/xrpl`). The month's reserves steps, the audit's reserves
 * check and `kura` look families up here. A new family is one adapter in its own package and one
 * line here.
 * @module
 */
import { FamilyRegistry } from '@kura/attest';
import { bitcoinFamily } from '@kura/bitcoin';
import { ethereumFamily } from '@kura/ethereum';
import { xrplFamily } from '@kura/xrpl';

/** The registry of the families Kura serves. */
export const FAMILIES: FamilyRegistry = new FamilyRegistry([
  ethereumFamily,
  bitcoinFamily,
  xrplFamily,
]);
