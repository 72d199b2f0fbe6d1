/**
 * A snapshot ledger as a caller names it (`kura reserves xrp collect --ledger`, the `xrpl.ledger`
 * of a `kura run` configuration): a decimal ledger index without leading zeros, or a 64-hex
 * ledger hash (either case). `resolveLedger` then pins it to a validated ledger.
 * @module
 */

/** The form of a ledger given as text: a decimal index (1 … 10 digits) or a 64-hex ledger hash. */
export const XRPL_LEDGER_SPEC: RegExp = /^([1-9][0-9]{0,9}|[0-9A-Fa-f]{64})$/;

/** What {@link XRPL_LEDGER_SPEC} expects, for messages. */
export const XRPL_LEDGER_EXPECTED = 'expected a ledger index or a 64-hex ledger hash';

/** Whether `v` names a ledger in a form Kura accepts ({@link XRPL_LEDGER_SPEC}). */
export function isXrplLedgerSpec(v: string): boolean {
  return XRPL_LEDGER_SPEC.test(v);
}
