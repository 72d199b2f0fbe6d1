/**
 * The demo's reserve files of one chain, written the one way for every chain: the addresses file
 * (`{address, custody, label}` per line) and the ownership signatures file (`{address, type,
 * signature}` per line) that `kura run` and `kura reserves … collect` read, and the Bitcoin-family
 * ownership signature (BIP-322 simple or full, or BIP-137 with the chain's message magic).
 * @module
 */
import type { Custody } from '@kura/attest';
import {
  addressOfScript,
  type Bip137Kind,
  type BitcoinNetwork,
  type SignerScript,
  signBip137,
  signBip322,
  signerScriptPubKey,
} from '@kura/bitcoin';

/** One reserve wallet as the files name it. */
export interface ReserveFileEntry {
  readonly address: string;
  readonly custody: Custody;
  readonly label: string;
}

/** The two JSON Lines files' contents. */
export interface ReserveFiles {
  readonly addressesJsonl: string;
  readonly signaturesJsonl: string;
}

const jsonl = (rows: readonly object[]): string =>
  rows
    .map((r) => JSON.stringify(r))
    .join('\n')
    .concat('\n');

/** The addresses and signatures files of `wallets`, each signed by `sign` as proof `type`. */
export function reserveFiles<W extends ReserveFileEntry>(
  wallets: readonly W[],
  sign: (w: W, i: number) => { readonly type: string; readonly signature: string }
): ReserveFiles {
  return {
    addressesJsonl: jsonl(
      wallets.map((w) => ({ address: w.address, custody: w.custody, label: w.label }))
    ),
    signaturesJsonl: jsonl(wallets.map((w, i) => ({ address: w.address, ...sign(w, i) }))),
  };
}

/** A Bitcoin-family reserve wallet before its address is known. */
export interface FamilyWalletSpec {
  readonly label: string;
  readonly custody: Custody;
  readonly signer: SignerScript;
  readonly proof: 'bip322-simple' | 'bip322-full' | 'bip137';
}

const BIP137_KINDS: ReadonlySet<string> = new Set<Bip137Kind>([
  'p2pkh',
  'p2pkh-uncompressed',
  'p2sh-p2wpkh',
  'p2wpkh',
]);

/**
 * Bitcoin-family wallets with their addresses on `net`, and their reserve files with each
 * wallet's ownership signature over `challenge` (BIP-137 with `net`'s message magic).
 */
export function familyReserveFiles<W extends FamilyWalletSpec>(
  wallets: readonly W[],
  net: BitcoinNetwork,
  challenge: string
): ReserveFiles & { readonly wallets: (W & { readonly address: string })[] } {
  const done = wallets.map((w) => ({
    ...w,
    address: addressOfScript(signerScriptPubKey(w.signer), net),
  }));
  const sign = (w: W): string => {
    if (w.proof !== 'bip137')
      return signBip322(challenge, w.signer, {
        format: w.proof === 'bip322-full' ? 'full' : 'simple',
      });
    if (!BIP137_KINDS.has(w.signer.type) || !('secretKey' in w.signer))
      throw new Error(`BIP-137 needs a single-key signer, not ${w.signer.type}`);
    return signBip137(challenge, w.signer.secretKey, w.signer.type as Bip137Kind, net.messageMagic);
  };
  return {
    wallets: done,
    ...reserveFiles(done, (w) => ({ type: w.proof, signature: sign(w) })),
  };
}
