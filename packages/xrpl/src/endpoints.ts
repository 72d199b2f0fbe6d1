/**
 * The XRP Ledger side of a caller's options (`kura reserves xrp`, `kura audit`, `kura run`): one
 * rippled client per endpoint URL. One definition for the command line, the month and the audit.
 * @module
 */
import { XrplClient, type XrplClientOptions } from './rpc.js';

/** One {@link XrplClient} per endpoint URL, each with the same options (timeouts, retries). */
export function xrplClients(
  urls: readonly string[],
  opts: Omit<XrplClientOptions, 'url'> = {}
): XrplClient[] {
  return urls.map((url) => new XrplClient({ ...opts, url }));
}
