/**
 * XRP Ledger addresses and networks. A classic address (`r…`, base58check with the ripple
 * alphabet, 20-byte AccountID) is the same on every XRPL network, so the network is bound by the
 * CAIP-2 id (`xrpl:<network_id>`, ChainAgnostic namespaces xrpl/caip2.md: `xrpl:0` mainnet,
 * `xrpl:1` testnet, `xrpl:2` devnet) checked against the server's `network_id`. An X-address
 * (XLS-5) carries a test-network flag: one of the other kind of network is refused
 * (`XRPL_NETWORK`), and so is one with a destination tag (a tag names a customer of an
 * address, not a reserve address).
 * @module
 */
import {
  isValidClassicAddress,
  isValidXAddress,
  xAddressToClassicAddress,
} from 'ripple-address-codec';

/** Codes of {@link checkXrplAddress}. */
export type XrplAddressCode = 'XRPL_ADDRESS' | 'XRPL_NETWORK';

const CAIP2 = /^xrpl:(0|[1-9][0-9]{0,9})$/;

/** The network id of an `xrpl:<id>` CAIP-2 chain id, or null. */
export function xrplNetworkId(chain: string): number | null {
  const m = CAIP2.exec(chain);
  if (!m) return null;
  const n = Number(m[1]);
  return n <= 0xffffffff ? n : null;
}

/** Is this an XRP Ledger (`xrpl:`) chain id? */
export function isXrplChain(chain: string): boolean {
  return xrplNetworkId(chain) !== null;
}

/**
 * Check an address for `chain` and return its classic form. X-addresses are accepted on mainnet
 * (`X…`, test flag off) and on other networks (`T…`, test flag on), never with a tag.
 */
export function checkXrplAddress(
  chain: string,
  address: unknown
): { ok: true; address: string } | { ok: false; code: XrplAddressCode; message: string } {
  const id = xrplNetworkId(chain);
  if (id === null)
    return {
      ok: false,
      code: 'XRPL_NETWORK',
      message: `${chain} is not an xrpl:<network_id> chain`,
    };
  if (typeof address !== 'string' || address.length > 64)
    return { ok: false, code: 'XRPL_ADDRESS', message: 'expected an XRP Ledger address' };
  if (isValidClassicAddress(address)) return { ok: true, address };
  if (isValidXAddress(address)) {
    const x = xAddressToClassicAddress(address);
    if (x.test !== (id !== 0))
      return {
        ok: false,
        code: 'XRPL_NETWORK',
        message: `${address} is an X-address of a ${x.test ? 'test' : 'main'} network, the chain is ${chain}`,
      };
    if (x.tag !== false)
      return {
        ok: false,
        code: 'XRPL_ADDRESS',
        message: `${address} carries a destination tag (${x.tag}): give the account itself`,
      };
    return { ok: true, address: x.classicAddress };
  }
  return {
    ok: false,
    code: 'XRPL_ADDRESS',
    message: `${address} is not a valid XRP Ledger address (checksum or alphabet)`,
  };
}
