/**
 * The XRP Ledger side of the audit's reserves tests (`src/reserves-xrp.test.ts`,
 * `src/reserves-family.test.ts`): the auditor's client over recorded rippled replies
 * (`packages/xrpl/test/rippled.ts`) and the exchange's evidence of two accounts — ED
 * (customer-cold, signed by its Ed25519 master key) and K1 (exchange-own) — collected through it.
 */
import type { Evidence } from '@kura/attest';
import { collectXrplEvidence, XrplClient } from '@kura/xrpl';
import { rippled, type World } from '../../xrpl/test/rippled.js';
import { ED, K1, REG, ROUND, signTx, txFor } from '../../xrpl/test/sign.js';

/** A client of the recorded rippled endpoint serving `w`, without retries. */
export function xrplClientOf(w: World): XrplClient {
  return new XrplClient({ url: 'https://xrpl.example', fetch: rippled(w).fetch, retries: 0 });
}

/**
 * ED's and K1's evidence at `w`'s ledger for {@link ROUND}; K1 signs with its master key, or
 * with its regular key REG when `k1` is `'regular'`.
 */
export async function xrpEvidence(
  w: World,
  k1: 'master' | 'regular' = 'master'
): Promise<Evidence> {
  const k1Tx = txFor(K1.classicAddress);
  const r = await collectXrplEvidence({
    clients: [xrplClientOf(w)],
    chain: 'xrpl:0',
    round: ROUND,
    ledger: String(w.ledgerIndex),
    addresses: [
      { address: ED.classicAddress, custody: 'customer-cold', line: 1 },
      { address: K1.classicAddress, custody: 'exchange-own', line: 2 },
    ],
    signatures: [
      {
        address: ED.classicAddress,
        type: 'xrpl-tx',
        signature: signTx(ED, txFor(ED.classicAddress)),
        line: 1,
      },
      {
        address: K1.classicAddress,
        type: 'xrpl-tx',
        signature:
          k1 === 'master'
            ? signTx(K1, k1Tx)
            : signTx(REG, { ...k1Tx, SigningPubKey: REG.publicKey }),
        line: 2,
      },
    ],
  });
  return r.evidence;
}
