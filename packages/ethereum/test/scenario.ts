/**
 * Test helper: a reserves scenario on a real anvil — two tokens (USDC-style with FiatToken 2.2
 * packing at mapping slot 3, USDT-style at slot 2), Multicall3, three reserve addresses (an
 * EIP-191 EOA, an EIP-712 EOA, an EIP-1271 owner wallet), their signatures over the round's
 * challenge, a snapshot block, and funds moved away after it.
 * @module
 */
import { ownershipChallenge, type Round } from '@kura/tree';
import { getAddress, getBytes, keccak256 } from 'ethers';
import { ownershipDigest712, ownershipTypedData } from '../src/typed-data.js';
import { type Anvil, devWallet } from './anvil.js';

export const ROUND: Round = {
  exchange: 'Kura Test Exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};

export interface Scenario {
  readonly usdc: string;
  readonly usdt: string;
  readonly wallet: string;
  /** The 3 reserve addresses: EOA (eip191), EOA (eip712), wallet (eip1271). */
  readonly reserves: readonly string[];
  readonly snapshot: { number: number; hash: string };
  /** Balances at the snapshot: per reserve [eth, usdc, usdt]. */
  readonly atSnapshot: readonly (readonly [bigint, bigint, bigint])[];
  readonly assetTable: unknown;
  readonly addressesJsonl: string;
  readonly signaturesJsonl: string;
  /** Signature hex per reserve (same order). */
  readonly signatures: readonly string[];
  /**
   * keccak256 of the OwnerWallet's runtime code (`0x…`): not a pinned Safe, so the exchange
   * declares it and the auditor accepts it explicitly (issue 12 trust model).
   */
  readonly walletCodeHash: string;
}

const ETH = 10n ** 18n;

/** Sign the round for `address` with dev key `i` as `type`. */
export async function signFor(
  type: 'eip191' | 'eip712' | 'eip1271',
  i: number,
  address: string,
  chainId: number,
  round: Round = ROUND
): Promise<string> {
  const w = devWallet(i);
  if (type === 'eip191') return w.signMessage(ownershipChallenge(round));
  if (type === 'eip712') {
    const t = ownershipTypedData(round, chainId, address);
    const { EIP712Domain: _, ...types } = t.types;
    return w.signTypedData(
      t.domain,
      types as Record<string, { name: string; type: string }[]>,
      t.message
    );
  }
  return w.signingKey.sign(ownershipDigest712(round, chainId, address)).serialized;
}

/** Build the scenario; leaves `confirmations` blocks on the snapshot block. */
export async function buildScenario(anvil: Anvil, confirmations = 3): Promise<Scenario> {
  await anvil.installMulticall3();
  const d0 = devWallet(0).address;
  const [e1, e2, owner, sink] = [
    devWallet(1).address,
    devWallet(2).address,
    devWallet(3).address,
    devWallet(5).address,
  ];
  const usdc = getAddress(await anvil.deploy('UsdcStyleToken', [], d0));
  const usdt = getAddress(await anvil.deploy('UsdtStyleToken', [6], d0));
  const wallet = getAddress(await anvil.deploy('OwnerWallet', [owner], d0));
  await anvil.exec('UsdcStyleToken', usdc, 'mint', [e1, 1_500_000_000n], d0);
  await anvil.exec('UsdcStyleToken', usdc, 'mint', [wallet, 7_000_000n], d0);
  await anvil.exec('UsdtStyleToken', usdt, 'issue', [e2, 2_000_000n], d0);
  await anvil.exec('UsdtStyleToken', usdt, 'issue', [wallet, 3_000_000n], d0);
  await anvil.send({ from: d0, to: wallet, value: 5n * ETH });
  const snapshot = await anvil.head();
  const reserves = [e1, e2, wallet];
  const atSnapshot: [bigint, bigint, bigint][] = [];
  for (const r of reserves) {
    const eth = BigInt(await anvil.rpc('eth_getBalance', [r, 'latest']));
    const u = r === e1 ? 1_500_000_000n : r === wallet ? 7_000_000n : 0n;
    const t = r === e2 ? 2_000_000n : r === wallet ? 3_000_000n : 0n;
    atSnapshot.push([eth, u, t]);
  }
  // move funds after the snapshot
  await anvil.exec('UsdcStyleToken', usdc, 'transfer', [sink, 1_000_000_000n], e1);
  await anvil.exec('UsdtStyleToken', usdt, 'transfer', [sink, 500_000n], e2);
  await anvil.send({ from: e2, to: sink, value: 100n * ETH });
  await anvil.exec(
    'OwnerWallet',
    wallet,
    'execute',
    [usdc, 0n, usdcTransfer(sink, 7_000_000n)],
    owner
  );
  await anvil.mine(confirmations);
  const chainId = anvil.chainId;
  const signatures = [
    await signFor('eip191', 1, e1, chainId),
    await signFor('eip712', 2, e2, chainId),
    await signFor('eip1271', 3, wallet, chainId),
  ];
  const types = ['eip191', 'eip712', 'eip1271'];
  const assetTable = {
    version: 'kura-eth-assets/1',
    networks: {
      [`eip155:${chainId}`]: [
        { symbol: 'ETH', native: true, decimals: 18 },
        {
          symbol: 'USDC',
          contract: usdc,
          decimals: 6,
          balanceSlot: '3',
          encoding: 'fiattoken-v2.2',
        },
        { symbol: 'USDT', contract: usdt, decimals: 6, balanceSlot: '2' },
      ],
    },
  };
  const custody = ['customer-cold', 'customer-hot', 'exchange-own'];
  const code: string = await anvil.rpc('eth_getCode', [wallet, 'latest']);
  return {
    walletCodeHash: keccak256(code),
    usdc,
    usdt,
    wallet,
    reserves,
    snapshot,
    atSnapshot,
    assetTable,
    addressesJsonl: `${reserves.map((a, i) => JSON.stringify({ address: a, custody: custody[i], label: `reserve ${i + 1}` })).join('\n')}\n`,
    signaturesJsonl: `${reserves.map((a, i) => JSON.stringify({ address: a, type: types[i], signature: signatures[i] })).join('\n')}\n`,
    signatures,
  };
}

function usdcTransfer(to: string, amount: bigint): Uint8Array {
  const data = `0xa9059cbb${to.slice(2).toLowerCase().padStart(64, '0')}${amount.toString(16).padStart(64, '0')}`;
  return getBytes(data);
}
