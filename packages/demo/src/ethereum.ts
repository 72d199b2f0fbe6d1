/**
 * The demo exchange's Ethereum side on anvil: Multicall3 at its canonical address, a USDC-style
 * ERC-20 (FiatToken 2.2 storage packing) and an EIP-1271 owner wallet, deployed from the pinned
 * solc artifacts of `@kura/ethereum` (`fixtureContracts` of `@kura/ethereum/testing`); ETH and
 * tokens funded to a cold EOA (EIP-712 proof), the cold contract wallet (EIP-1271), a hot EOA
 * and an exchange-own EOA (EIP-191); the snapshot block buried under confirmations. Wallet keys
 * live only in memory.
 * @module
 */
import type { Custody } from '@kura/attest';
import { MULTICALL3_ADDRESS, ownershipDigest712, ownershipTypedData } from '@kura/ethereum';
import { fixtureContracts } from '@kura/ethereum/testing';
import { ownershipChallenge, type Round } from '@kura/tree';
import { getAddress, Interface, type InterfaceAbi, keccak256, SigningKey, Wallet } from 'ethers';
import type { AnvilDemoNode } from './nodes.js';
import { reserveFiles } from './reserve-files.js';

/** One funded reserve address. */
export interface EthWallet {
  readonly label: string;
  readonly custody: Custody;
  readonly address: string;
  readonly proof: 'eip191' | 'eip712' | 'eip1271';
  readonly eth: bigint;
  readonly usdc: bigint;
}

/** What the Ethereum setup produced. */
export interface EthSetup {
  readonly chain: string;
  readonly usdc: string;
  readonly block: { readonly number: number; readonly hash: string; readonly time: number };
  readonly wallets: readonly EthWallet[];
  readonly assetTable: unknown;
  readonly addressesJsonl: string;
  readonly signaturesJsonl: string;
  /**
   * keccak256 of the contract wallet's runtime code: not a pinned Safe, so the exchange declares
   * it (config `ethereum.walletCodeHashes`) and the auditor accepts it (`--accept-wallet-code`).
   */
  readonly walletCodeHash: string;
}

/** Amounts per custody class, in wei and token base units. */
export interface EthPlan {
  readonly cold: { readonly eth: bigint; readonly usdc: bigint };
  readonly hot: { readonly eth: bigint; readonly usdc: bigint };
  readonly own: { readonly eth: bigint; readonly usdc: bigint };
}

const hex = (n: bigint) => `0x${n.toString(16)}`;

/** Deploy, fund, snapshot, confirm, sign. */
export async function setupEthereum(
  node: AnvilDemoNode,
  round: Round,
  plan: EthPlan,
  confirmations: number
): Promise<EthSetup> {
  const art = fixtureContracts();
  const [deployer] = await node.rpc<string[]>('eth_accounts');
  const send = (tx: { to?: string; data?: string; value?: bigint }) =>
    node.send({ from: deployer!, ...tx });
  const deploy = async (name: string, args: unknown[] = []) => {
    const a = art[name]!;
    const data = a.bytecode + new Interface(a.abi as InterfaceAbi).encodeDeploy(args).slice(2);
    return getAddress((await send({ data })).contractAddress!);
  };

  await node.rpc('anvil_setCode', [MULTICALL3_ADDRESS, art.Multicall3Compatible!.runtime]);
  const usdc = await deploy('UsdcStyleToken');
  const coldKey = Wallet.createRandom();
  const hotKey = Wallet.createRandom();
  const ownKey = Wallet.createRandom();
  const walletOwner = Wallet.createRandom();
  const contractWallet = await deploy('OwnerWallet', [walletOwner.address]);
  const half = (x: bigint) => x / 2n;
  const wallets: EthWallet[] = [
    {
      label: 'cold EOA',
      custody: 'customer-cold',
      address: coldKey.address,
      proof: 'eip712',
      eth: half(plan.cold.eth),
      usdc: half(plan.cold.usdc),
    },
    {
      label: 'cold contract wallet (EIP-1271)',
      custody: 'customer-cold',
      address: contractWallet,
      proof: 'eip1271',
      eth: plan.cold.eth - half(plan.cold.eth),
      usdc: plan.cold.usdc - half(plan.cold.usdc),
    },
    {
      label: 'hot wallet',
      custody: 'customer-hot',
      address: hotKey.address,
      proof: 'eip191',
      eth: plan.hot.eth,
      usdc: plan.hot.usdc,
    },
    {
      label: 'own funds',
      custody: 'exchange-own',
      address: ownKey.address,
      proof: 'eip191',
      eth: plan.own.eth,
      usdc: plan.own.usdc,
    },
  ];
  const token = new Interface(art.UsdcStyleToken!.abi as InterfaceAbi);
  for (const w of wallets) {
    await send({ to: w.address, value: w.eth });
    await send({ to: usdc, data: token.encodeFunctionData('mint', [w.address, w.usdc]) });
  }
  const head = await node.rpc<{ number: string; hash: string; timestamp: string }>(
    'eth_getBlockByNumber',
    ['latest', false]
  );
  await node.rpc('anvil_mine', [hex(BigInt(confirmations))]);

  const chainId = node.chainId;
  const challenge = ownershipChallenge(round);
  const typed = (address: string) => {
    const t = ownershipTypedData(round, chainId, address);
    const { EIP712Domain: _, ...types } = t.types as Record<
      string,
      { name: string; type: string }[]
    >;
    return { domain: t.domain, types, message: t.message };
  };
  const sig = async (w: EthWallet): Promise<string> => {
    if (w.proof === 'eip1271')
      return new SigningKey(walletOwner.privateKey).sign(
        ownershipDigest712(round, chainId, w.address)
      ).serialized;
    const k =
      w.address === coldKey.address ? coldKey : w.address === hotKey.address ? hotKey : ownKey;
    if (w.proof === 'eip712') {
      const t = typed(w.address);
      return k.signTypedData(t.domain, t.types, t.message);
    }
    return k.signMessage(challenge);
  };
  const sigs: string[] = [];
  for (const w of wallets) sigs.push(await sig(w));
  const chain = `eip155:${chainId}`;
  const code = await node.rpc<string>('eth_getCode', [contractWallet, 'latest']);
  return {
    walletCodeHash: keccak256(code),
    chain,
    usdc,
    block: { number: Number(head.number), hash: head.hash, time: Number(head.timestamp) },
    wallets,
    assetTable: {
      version: 'kura-eth-assets/1',
      networks: {
        [chain]: [
          { symbol: 'ETH', native: true, decimals: 18 },
          {
            symbol: 'USDC',
            contract: usdc,
            decimals: 6,
            balanceSlot: '3',
            encoding: 'fiattoken-v2.2',
          },
        ],
      },
    },
    ...reserveFiles(wallets, (w, i) => ({ type: w.proof, signature: sigs[i]! })),
  };
}
