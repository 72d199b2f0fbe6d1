/**
 * The demo exchange's Bitcoin side on a bcoin regtest node: mine until segwit is active, fund a
 * 2-of-3 P2WSH multisig and a P2TR key-path output (customer cold), a P2WPKH hot wallet and a
 * P2PKH exchange-own wallet from mature coinbases, confirm them at the snapshot height H, and
 * sign each address's ownership proof over the round's challenge (BIP-322 simple and full,
 * BIP-137). The wallet keys live only in memory.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Custody } from '@kura/attest';
import {
  addressOfScript,
  chainIdOfGenesis,
  networkByName,
  publicKeyOf,
  type SignerScript,
  signerScriptPubKey,
  signInput,
} from '@kura/bitcoin';
import { concatBytes, hexToBytes } from '@kura/codec';
import { ownershipChallenge, type Round } from '@kura/tree';
import { Transaction } from 'bitcoinjs-lib';
import type { BcoinDemoNode } from './nodes.js';
import { familyReserveFiles } from './reserve-files.js';

/** bcoin regtest: BIP-9 segwit activation needs three periods of 144 blocks. */
const SEGWIT_HEIGHT = 432;
const COIN = 100_000_000n;
/** Regtest subsidy of the first 150 blocks. */
const SUBSIDY = 50n * COIN;
const FEE = 20_000n;
/** bcoin's regtest address spelling (bech32 `rb`, base58 0x3c / 0x26). */
const BCOIN_REGTEST_NETWORK = networkByName('regtest-bcoin');

/** One funded reserve wallet. */
export interface BtcWallet {
  readonly label: string;
  readonly custody: Custody;
  readonly signer: SignerScript;
  readonly proof: 'bip322-simple' | 'bip322-full' | 'bip137';
  readonly amount: bigint;
  readonly address: string;
}

/** What the Bitcoin setup produced. */
export interface BtcSetup {
  readonly chain: string;
  /** Snapshot height H. */
  readonly height: number;
  readonly blockTime: number;
  readonly wallets: readonly BtcWallet[];
  /** JSON Lines files' contents. */
  readonly addressesJsonl: string;
  readonly signaturesJsonl: string;
}

const key = (): Uint8Array => new Uint8Array(randomBytes(32));

function multisig(keys: readonly Uint8Array[]): Uint8Array {
  const push = (k: Uint8Array) => concatBytes(Uint8Array.of(0x21), publicKeyOf(k));
  return concatBytes(Uint8Array.of(0x52), ...keys.map(push), Uint8Array.of(0x53, 0xae));
}

/** The genesis chain id of a running node (`bip122:` + first 32 hex of the genesis hash). */
export async function bitcoinChain(node: BcoinDemoNode): Promise<string> {
  return chainIdOfGenesis(await node.rpc<string>('getblockhash', [0]));
}

/**
 * Mine until segwit is active (blocks time-stamped an hour back, so the chain never runs ahead
 * of the wall clock). Runs while the customers are generated; returns the miner.
 */
export async function prepareBitcoin(node: BcoinDemoNode): Promise<SignerScript> {
  const miner: SignerScript = { type: 'p2wpkh', secretKey: key() };
  const now = Math.floor(Date.now() / 1000);
  await node.rpc('setmocktime', [now - 3600]);
  await node.rpc('generatetoaddress', [
    SEGWIT_HEIGHT,
    addressOfScript(signerScriptPubKey(miner), BCOIN_REGTEST_NETWORK),
  ]);
  await node.rpc('setmocktime', [Math.floor(Date.now() / 1000)]);
  return miner;
}

/**
 * Fund the wallets so that customer cold + hot cover `liabilities` (sats) and exchange-own holds
 * `own` sats; confirm at H and bury H under `confirmations` blocks; sign the proofs.
 */
export async function fundBitcoin(
  node: BcoinDemoNode,
  miner: SignerScript,
  round: Round,
  plan: { cold: bigint; hot: bigint; own: bigint },
  confirmations: number
): Promise<BtcSetup> {
  const ms = [key(), key(), key()];
  const coldA = (plan.cold * 6n) / 10n;
  const wallets: Omit<BtcWallet, 'address'>[] = [
    {
      label: 'cold vault (2-of-3 multisig, P2WSH)',
      custody: 'customer-cold',
      signer: { type: 'p2wsh', witnessScript: multisig(ms), secretKeys: [ms[0]!, ms[2]!] },
      proof: 'bip322-simple',
      amount: coldA,
    },
    {
      label: 'cold vault (taproot key path, P2TR)',
      custody: 'customer-cold',
      signer: { type: 'p2tr', secretKey: key() },
      proof: 'bip322-simple',
      amount: plan.cold - coldA,
    },
    {
      label: 'hot wallet (P2WPKH)',
      custody: 'customer-hot',
      signer: { type: 'p2wpkh', secretKey: key() },
      proof: 'bip322-full',
      amount: plan.hot,
    },
    {
      label: 'own funds (P2PKH)',
      custody: 'exchange-own',
      signer: { type: 'p2pkh', secretKey: key() },
      proof: 'bip137',
      amount: plan.own,
    },
  ];
  const need = wallets.reduce((s, w) => s + w.amount, 0n) + FEE;
  const inputs = Number((need + SUBSIDY - 1n) / SUBSIDY);
  if (inputs > 150 - 1)
    throw new Error(`the demo needs ${need} sats, more than the regtest subsidy it mines`);
  // mature coinbases at heights 1 … inputs pay the miner
  const coins: { txid: string; value: bigint }[] = [];
  for (let h = 1; h <= inputs; h++) {
    const hash = await node.rpc<string>('getblockhash', [h]);
    const block = await node.rpc<{ tx: string[] }>('getblock', [hash, true, false]);
    coins.push({ txid: block.tx[0]!, value: SUBSIDY });
  }
  const tx = new Transaction();
  tx.version = 2;
  for (const c of coins) tx.addInput(hexToBytes(c.txid).reverse(), 0, 0xfffffffd);
  for (const w of wallets) tx.addOutput(signerScriptPubKey(w.signer), w.amount);
  const total = coins.reduce((s, c) => s + c.value, 0n);
  if (total - need > 0n) tx.addOutput(signerScriptPubKey(miner), total - need);
  const prevouts = coins.map((c) => ({ script: signerScriptPubKey(miner), value: c.value }));
  coins.forEach((_, i) => {
    signInput(tx, i, prevouts, miner);
  });
  await node.rpc('sendrawtransaction', [tx.toHex()]);
  // bcoin answers before the mempool holds the transaction (and swallows policy rejections)
  for (let i = 0; ; i++) {
    const pool = await node.get<string[]>('/mempool');
    if (pool.includes(tx.getId())) break;
    if (i > 1000) throw new Error(`bcoin did not accept the funding transaction ${tx.getId()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const minerAddr = addressOfScript(signerScriptPubKey(miner), BCOIN_REGTEST_NETWORK);
  await node.rpc('generatetoaddress', [1, minerAddr]);
  const height = await node.rpc<number>('getblockcount');
  const header = await node.rpc<{ time: number }>('getblockheader', [
    await node.rpc<string>('getblockhash', [height]),
    true,
  ]);
  await node.rpc('generatetoaddress', [confirmations, minerAddr]);

  const files = familyReserveFiles(wallets, BCOIN_REGTEST_NETWORK, ownershipChallenge(round));
  return {
    chain: await bitcoinChain(node),
    height,
    blockTime: header.time,
    ...files,
  };
}
