/**
 * The demo exchange's XRP Ledger side. No rippled runs here, so the demo serves a validated
 * ledger holding the exchange's accounts on 127.0.0.1 in rippled's exact JSON-RPC reply shapes
 * (`@kura/xrpl/testing`, the recorded-reply rippled of Kura's XRPL tests; ledger hashes by the
 * `xrpl` library). `kura run` and the auditor reach it through `--xrp-rpc` like a rippled.
 *
 * Accounts (keys only in memory, made and used by the `xrpl` library): a cold account signing
 * with its Ed25519 master key; a 2-of-3 multi-signing cold account (master key disabled,
 * SignerList quorum 2, one signer secp256k1); a hot account whose master key is disabled and
 * which signs with its regular key; and the exchange's own account (secp256k1 master key). Each
 * signs Kura's never-submittable ownership transaction (SPEC §11.3) over the round's challenge.
 * The ledger is XRPL testnet's (`xrpl:1`): the demo's accounts exist on no real ledger.
 * @module
 */
import type { Custody } from '@kura/attest';
import { ownershipChallenge, type Round } from '@kura/tree';
import { ownershipTx } from '@kura/xrpl';
import { type AccountSpec, rippled, world } from '@kura/xrpl/testing';
import xrpl from 'xrpl';
import { fromFetch, ReplayServer } from './replay.js';
import { reserveFiles } from './reserve-files.js';

// xrpl is CommonJS: its named exports through the default import
const { ECDSA, hashes, multisign, Wallet } = xrpl;
type Wallet = InstanceType<typeof Wallet>;

/** The demo's XRPL network (testnet's NetworkID 1). */
export const XRPL_DEMO_CHAIN = 'xrpl:1';
/** rippled's ledger index of the demo's validated ledger. */
const LEDGER_INDEX = 4_203_117;
/** Seconds from the Unix epoch to the Ripple epoch (2000-01-01T00:00:00Z). */
const RIPPLE_EPOCH = 946_684_800;
/** lsfDisableMaster. */
const DISABLE_MASTER = 0x0010_0000;
const RESERVE_BASE = 1_000_000n;
const RESERVE_INC = 200_000n;

/** One XRPL reserve account of the demo. */
export interface XrpAccount {
  readonly label: string;
  readonly custody: Custody;
  readonly address: string;
  /** Spendable drops (what the evidence counts; the account reserve is on top). */
  readonly amount: bigint;
}

/** What the XRPL setup produced. */
export interface XrpSetup {
  readonly chain: string;
  /** The validated ledger's hash (the config pins it). */
  readonly ledgerHash: string;
  readonly ledgerIndex: number;
  /** Close time (Unix seconds). */
  readonly closeTime: number;
  readonly accounts: readonly XrpAccount[];
  readonly addressesJsonl: string;
  readonly signaturesJsonl: string;
  /** The rippled-shaped JSON-RPC endpoint (URL with credentials). */
  readonly server: ReplayServer;
}

const wallet = (alg: 'ed25519' | 'secp256k1') =>
  Wallet.generate(alg === 'ed25519' ? ECDSA.ed25519 : ECDSA.secp256k1);

/**
 * Fund the accounts so that cold (split over the two cold accounts) + hot cover the plan, build
 * the validated ledger closed a minute before the round's snapshot time, serve it and sign.
 */
export async function setupXrpl(
  round: Round,
  plan: { cold: bigint; hot: bigint; own: bigint }
): Promise<XrpSetup> {
  const chain = XRPL_DEMO_CHAIN;
  const tx = (account: string) =>
    ownershipTx(account, chain, ownershipChallenge(round)) as Record<string, unknown>;
  const sign = (w: Wallet, t: Record<string, unknown>) => w.sign(t as never).tx_blob;

  const cold = wallet('ed25519');
  const vault = wallet('ed25519');
  const signers = [wallet('ed25519'), wallet('secp256k1'), wallet('ed25519')];
  const hot = wallet('secp256k1');
  const hotRegular = wallet('ed25519');
  const own = wallet('secp256k1');
  const coldA = (plan.cold * 7n) / 10n;
  const rows: (XrpAccount & { spec: AccountSpec; signature: string })[] = [
    {
      label: 'XRP cold account (Ed25519 master key)',
      custody: 'customer-cold',
      address: cold.classicAddress,
      amount: coldA,
      spec: { Balance: String(coldA + RESERVE_BASE) },
      signature: sign(cold, tx(cold.classicAddress)),
    },
    {
      label: 'XRP cold vault (2-of-3 multi-signing, master key disabled)',
      custody: 'customer-cold',
      address: vault.classicAddress,
      amount: plan.cold - coldA,
      spec: {
        Balance: String(plan.cold - coldA + RESERVE_BASE + RESERVE_INC),
        Flags: DISABLE_MASTER,
        OwnerCount: 1,
        signerList: {
          quorum: 2,
          entries: signers.map((s) => ({ account: s.classicAddress, weight: 1 })),
        },
      },
      signature: multisign(
        [signers[0]!, signers[1]!].map(
          (s) => s.sign({ ...tx(vault.classicAddress), SigningPubKey: '' } as never, true).tx_blob
        )
      ),
    },
    {
      label: 'XRP hot account (regular key, master key disabled)',
      custody: 'customer-hot',
      address: hot.classicAddress,
      amount: plan.hot,
      spec: {
        Balance: String(plan.hot + RESERVE_BASE),
        Flags: DISABLE_MASTER,
        RegularKey: hotRegular.classicAddress,
      },
      signature: sign(hotRegular, {
        ...tx(hot.classicAddress),
        SigningPubKey: hotRegular.publicKey,
      }),
    },
    {
      label: 'XRP own funds (secp256k1 master key)',
      custody: 'exchange-own',
      address: own.classicAddress,
      amount: plan.own,
      spec: { Balance: String(plan.own + RESERVE_BASE) },
      signature: sign(own, tx(own.classicAddress)),
    },
  ];
  const w = world(Object.fromEntries(rows.map((r) => [r.address, r.spec])), (h) =>
    hashes.hashLedgerHeader(h as never)
  );
  w.networkId = 1;
  w.ledgerIndex = LEDGER_INDEX;
  w.reserveBase = Number(RESERVE_BASE);
  w.reserveIncrement = Number(RESERVE_INC);
  const closeUnix = Math.floor(Date.parse(round.snapshotTime) / 1000) - 60;
  w.closeTime = closeUnix - RIPPLE_EPOCH;
  const server = await ReplayServer.start('xrpl', fromFetch(rippled(w).fetch));
  return {
    chain,
    ledgerHash: w.ledgerHash,
    ledgerIndex: w.ledgerIndex,
    closeTime: closeUnix,
    accounts: rows.map(({ spec: _s, signature: _g, ...a }) => a),
    ...reserveFiles(rows, (r) => ({ type: 'xrpl-tx', signature: r.signature })),
    server,
  };
}
