/**
 * The demo exchange's Litecoin side. No Litecoin node installs from npm here (the bcoin family
 * has no maintained Litecoin node; `bcash`, its Bitcoin Cash node, takes about ten minutes to
 * build and answers on Bitcoin regtest's genesis), so the chain is built in the demo on
 * Litecoin's own regtest genesis — headers linked by hash and mined under scrypt to the regtest
 * target — and served on 127.0.0.1 in the exact reply shapes of Litecoin Core's JSON-RPC
 * (`@kura/bitcoin/testing` FamilyChain, the harness of Kura's Litecoin tests). `kura run` and the
 * auditor reach it through `--btc-rpc` like a litecoind.
 *
 * Wallets (keys only in memory): a P2WPKH cold wallet proven with BIP-322 (simple), a P2WPKH hot
 * wallet with a BIP-137 signature carrying the segwit header byte (what hardware wallets and
 * Electrum make), and a P2SH-P2WPKH exchange-own wallet, also BIP-137. Every signature is over the
 * round's challenge under Litecoin's message magic.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Custody } from '@kura/attest';
import {
  chainIdOfGenesis,
  networkByName,
  type SignerScript,
  signerScriptPubKey,
} from '@kura/bitcoin';
import { FamilyChain } from '@kura/bitcoin/testing';
import { ownershipChallenge, type Round } from '@kura/tree';
import { fromFetch, ReplayServer } from './replay.js';
import { familyReserveFiles } from './reserve-files.js';

/** The network of the demo's Litecoin chain (Litecoin Core's regtest parameters). */
export const LTC_NETWORK = networkByName('ltc-regtest');
/** The config name of the chain (`bitcoin[].chain`, `kura reserves btc --chain`). */
export const LTC_CHAIN_NAME = 'ltc-regtest';
/** Height of the block holding the reserve outputs. */
const FUNDING_HEIGHT = 2;
/** Seconds between blocks of the generated chain (FamilyChain's spacing). */
const SPACING = 150;

/** One funded Litecoin reserve wallet. */
export interface LtcWallet {
  readonly label: string;
  readonly custody: Custody;
  readonly signer: SignerScript & { readonly secretKey: Uint8Array };
  readonly proof: 'bip322-simple' | 'bip137';
  readonly amount: bigint;
  readonly address: string;
}

/** What the Litecoin setup produced. */
export interface LtcSetup {
  /** `bip122:` + the first 32 hex characters of Litecoin regtest's genesis hash. */
  readonly chain: string;
  readonly height: number;
  readonly blockTime: number;
  readonly wallets: readonly LtcWallet[];
  readonly addressesJsonl: string;
  readonly signaturesJsonl: string;
  /** The Core-shaped JSON-RPC endpoint (URL with credentials). */
  readonly server: ReplayServer;
}

/** The chain id of the demo's Litecoin chain, known before the chain is built. */
export const LTC_CHAIN: string = chainIdOfGenesis(LTC_NETWORK.genesis);

const key = (): Uint8Array => new Uint8Array(randomBytes(32));

/**
 * Build the chain (funding at height 2, snapshot at `height`, buried under `confirmations`
 * blocks; the tip stamped a minute before the round's snapshot time), start its endpoint and
 * sign the ownership proofs.
 */
export async function setupLitecoin(
  round: Round,
  plan: { cold: bigint; hot: bigint; own: bigint },
  confirmations: number
): Promise<LtcSetup> {
  const wallets: Omit<LtcWallet, 'address'>[] = [
    {
      label: 'LTC cold vault (P2WPKH, BIP-322)',
      custody: 'customer-cold',
      signer: { type: 'p2wpkh', secretKey: key() },
      proof: 'bip322-simple',
      amount: plan.cold,
    },
    {
      label: 'LTC hot wallet (P2WPKH, BIP-137 segwit header)',
      custody: 'customer-hot',
      signer: { type: 'p2wpkh', secretKey: key() },
      proof: 'bip137',
      amount: plan.hot,
    },
    {
      label: 'LTC own funds (P2SH-P2WPKH, BIP-137)',
      custody: 'exchange-own',
      signer: { type: 'p2sh-p2wpkh', secretKey: key() },
      proof: 'bip137',
      amount: plan.own,
    },
  ];
  const height = FUNDING_HEIGHT + 3;
  const tip = height + confirmations - 1;
  const snap = Math.floor(Date.parse(round.snapshotTime) / 1000);
  const chain = new FamilyChain(
    LTC_NETWORK,
    tip,
    wallets.map((w) => ({
      scriptPubKey: signerScriptPubKey(w.signer),
      value: w.amount,
      height: FUNDING_HEIGHT,
    })),
    {},
    { time: snap - 60 - tip * SPACING }
  );
  const server = await ReplayServer.start('ltc', fromFetch(chain.fetch()));
  const files = familyReserveFiles(wallets, LTC_NETWORK, ownershipChallenge(round));
  return {
    chain: LTC_CHAIN,
    height,
    blockTime: snap - 60 - (tip - height) * SPACING,
    ...files,
    server,
  };
}
