/** Real signatures made by the `xrpl` library (devDependency) over Kura's ownership transaction. */
import type { Round } from '@kura/tree';
import { ownershipChallenge } from '@kura/tree';
import { ECDSA, multisign, Wallet } from 'xrpl';
import { ownershipTx } from '../src/ownership.js';

// fixed seeds: test keys only (family seeds, XLS-ed25519 "sEd…" and secp256k1 "s…")
export const ED = Wallet.fromSeed('sEdTM1uX8pu2do5XvTnutH6HsouMaM2', { algorithm: ECDSA.ed25519 });
export const K1 = Wallet.fromSeed('sh4s9qnTj9d4HmH3agSzfBLYLUBmE', {
  algorithm: ECDSA.secp256k1,
});
export const REG = Wallet.fromSeed('sEdSKaCy2JT7JaM7v95H9SxkhP9wS2r', { algorithm: ECDSA.ed25519 });
export const S1 = Wallet.fromSeed('sEdV19BLfeQeKdEXyYA4NhjPJe6XBfG', { algorithm: ECDSA.ed25519 });
export const S2 = Wallet.fromSeed('snoPBrXtMeMyMHUVTgbuqAfg1SUTb', {
  algorithm: ECDSA.secp256k1,
});
export const S3 = Wallet.fromSeed('sEd7rBGm5kxzauRTAV2hbsNz7N45X91', { algorithm: ECDSA.ed25519 });

export const ROUND: Round = {
  exchange: 'kura-demo.example',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
export const LAST_MONTH: Round = {
  exchange: 'kura-demo.example',
  period: '2026-10',
  snapshotTime: '2026-10-31T15:00:00Z',
};

export function txFor(
  account: string,
  round: Round = ROUND,
  chain = 'xrpl:0'
): Record<string, unknown> {
  return ownershipTx(account, chain, ownershipChallenge(round));
}

/** Single-sign `tx` (any fields) with `w`. */
export function signTx(w: Wallet, tx: Record<string, unknown>): string {
  return w.sign(tx as never).tx_blob;
}

/** Multi-sign `tx` with each wallet (as signer accounts = their classic addresses). */
export function multiSignTx(ws: readonly Wallet[], tx: Record<string, unknown>): string {
  return multisign(ws.map((w) => w.sign({ ...tx, SigningPubKey: '' } as never, true).tx_blob));
}

/** A multi-signing account (its master key is never used). */
export const MS = Wallet.fromEntropy(new Uint8Array(16).fill(7), { algorithm: 'ed25519' as never });
/** An issuer of issued currencies. */
export const ISSUER = Wallet.fromEntropy(new Uint8Array(16).fill(9), {
  algorithm: 'ed25519' as never,
});

/**
 * The exchange's three XRPL accounts of the month tests as `xrp-addresses.jsonl` and
 * `xrp-signatures.jsonl` lines for `round`: ED (customer-cold, Ed25519 master), K1 (customer-hot,
 * signed by its regular key REG), S1 (exchange-own).
 */
export function xrplOwnershipFiles(round: Round = ROUND): {
  addresses: string;
  signatures: string;
} {
  return {
    addresses:
      `{"address":"${ED.classicAddress}","custody":"customer-cold"}\n{"address":"${K1.classicAddress}","custody":"customer-hot"}\n` +
      `{"address":"${S1.classicAddress}","custody":"exchange-own"}\n`,
    signatures:
      `{"address":"${ED.classicAddress}","type":"xrpl-tx","signature":"${signTx(ED, txFor(ED.classicAddress, round))}"}\n` +
      `{"address":"${K1.classicAddress}","type":"xrpl-tx","signature":"${signTx(REG, { ...txFor(K1.classicAddress, round), SigningPubKey: REG.publicKey })}"}\n` +
      `{"address":"${S1.classicAddress}","type":"xrpl-tx","signature":"${signTx(S1, txFor(S1.classicAddress, round))}"}\n`,
  };
}
