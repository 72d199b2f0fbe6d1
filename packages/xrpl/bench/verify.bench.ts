/**
 * Benchmark: `xrpl-tx` ownership checks (secp256k1 and Ed25519 master keys, a 2-signer
 * multi-signature) and `verifyXrplEvidence` over 200 accounts against recorded rippled replies.
 * Prints the figures for the README performance table; asserts only that everything verified.
 */
import { ownershipChallenge } from '@kura/tree';
import { describe, expect, it } from 'vitest';
import { Wallet } from 'xrpl';
import { collectXrplEvidence } from '../src/collect.js';
import { checkOwnershipBlob } from '../src/ownership.js';
import { XrplClient } from '../src/rpc.js';
import { verifyXrplEvidence } from '../src/verify.js';
import { rippled, world } from '../test/rippled.js';
import { ED, K1, MS, multiSignTx, ROUND, S1, S2, signTx, txFor } from '../test/sign.js';

function time(n: number, fn: () => void): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t0) / n;
}

describe('xrpl bench', () => {
  it('ownership-proof checks (offline)', () => {
    const challenge = ownershipChallenge(ROUND);
    const cases = [
      ['secp256k1 master', K1.classicAddress, signTx(K1, txFor(K1.classicAddress))],
      ['Ed25519 master', ED.classicAddress, signTx(ED, txFor(ED.classicAddress))],
      ['2-signer multisig', MS.classicAddress, multiSignTx([S1, S2], txFor(MS.classicAddress))],
    ] as const;
    for (const [what, account, blob] of cases) {
      const ctx = { chain: 'xrpl:0', account, challenge };
      expect(checkOwnershipBlob(blob, ctx).ok).toBe(true);
      time(20, () => checkOwnershipBlob(blob, ctx));
      const ms = time(200, () => checkOwnershipBlob(blob, ctx));
      console.log(`xrpl-tx ${what}: ${ms.toFixed(2)} ms per check`);
    }
  });

  it('collect and verify 200 accounts (recorded replies)', async () => {
    const wallets = Array.from({ length: 200 }, (_, i) =>
      Wallet.fromEntropy(
        Uint8Array.from({ length: 16 }, (_, k) => (i * 31 + k) & 0xff),
        {
          algorithm: (i % 2 ? 'ed25519' : 'ecdsa-secp256k1') as never,
        }
      )
    );
    const w = world(
      Object.fromEntries(wallets.map((x) => [x.classicAddress, { Balance: '5000000000' }]))
    );
    const client = () => new XrplClient({ url: 'https://xrpl.example', fetch: rippled(w).fetch });
    const t0 = performance.now();
    const r = await collectXrplEvidence({
      clients: [client()],
      chain: 'xrpl:0',
      round: ROUND,
      ledger: String(w.ledgerIndex),
      addresses: wallets.map((x, i) => ({
        address: x.classicAddress,
        custody: 'customer-cold' as const,
        line: i + 1,
      })),
      signatures: wallets.map((x, i) => ({
        address: x.classicAddress,
        type: 'xrpl-tx' as const,
        signature: signTx(x, txFor(x.classicAddress)),
        line: i + 1,
      })),
    });
    const t1 = performance.now();
    const v = await verifyXrplEvidence(JSON.parse(JSON.stringify(r.evidence)), {
      clients: [client()],
    });
    const t2 = performance.now();
    expect(v.status).toBe('valid');
    console.log(
      `xrpl collect 200 accounts: ${(t1 - t0).toFixed(0)} ms; verify: ${(t2 - t1).toFixed(0)} ms (recorded replies, in-process)`
    );
  });
});
