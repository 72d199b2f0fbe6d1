/**
 * An XRPL evidence entry's figures, computed the same way by the collector and the verifier from
 * an account's state at the pinned ledger:
 * - XRP: `amount` = spendable drops = max(0, Balance − reserve), reserve = ReserveBase +
 *   OwnerCount × ReserveIncrement; the total, the reserve and its inputs are in `ledgerState`
 *   (the reserve is shown, never counted);
 * - each issued currency of the asset table the account holds: the trust line's balance toward
 *   that issuer in base units (rounded toward zero); a frozen line (either side) or a negative
 *   balance counts 0.
 * @module
 */
import type { EvidenceBalance } from '@kura/attest';
import type { XrplAsset } from './inputs.js';
import { type AccountState, accountReserve, iouToUnits, type XrplSnapshot } from './ledger.js';

/** An XRPL balance: an issued currency names its currency code and issuer. */
export interface XrplBalance extends EvidenceBalance {
  readonly currency?: string;
  readonly issuer?: string;
}

/** The `ledgerState` member of an XRPL entry (all drops as decimal strings). */
export interface XrplLedgerState {
  readonly ledgerIndex: number;
  readonly balance: string;
  readonly ownerCount: number;
  readonly reserveBase: string;
  readonly reserveIncrement: string;
  /** Not spendable: base + ownerCount × increment. */
  readonly reserve: string;
  readonly flags: number;
  readonly lines: readonly { currency: string; issuer: string; balance: string; frozen: boolean }[];
}

/** Balances and ledger state of one account. */
export function entryFigures(
  snap: XrplSnapshot,
  st: AccountState,
  assets: readonly XrplAsset[]
): { balances: XrplBalance[]; ledgerState: XrplLedgerState } {
  const reserve = accountReserve(snap, st.ownerCount);
  const spendable = st.balance > reserve ? st.balance - reserve : 0n;
  const balances: XrplBalance[] = [];
  const lines: XrplLedgerState['lines'][number][] = [];
  for (const a of assets) {
    if (a.native) {
      balances.push({ asset: a.symbol, amount: spendable.toString() });
      continue;
    }
    const l = st.lines.find((x) => x.currency === a.currency && x.issuer === a.issuer);
    if (!l) continue;
    const { units } = iouToUnits(l.balance, a.decimals);
    balances.push({
      asset: a.symbol,
      amount: (l.frozen || units < 0n ? 0n : units).toString(),
      currency: a.currency,
      issuer: a.issuer,
    });
    lines.push({ currency: l.currency, issuer: l.issuer, balance: l.balance, frozen: l.frozen });
  }
  return {
    balances,
    ledgerState: {
      ledgerIndex: snap.ledgerIndex,
      balance: st.balance.toString(),
      ownerCount: st.ownerCount,
      reserveBase: snap.reserveBase.toString(),
      reserveIncrement: snap.reserveIncrement.toString(),
      reserve: reserve.toString(),
      flags: st.flags,
      lines,
    },
  };
}
