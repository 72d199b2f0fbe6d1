/**
 * The Ethereum family (`eip155`, every EVM chain) behind `@kura/attest`'s chain-family interface:
 * networks are `eip155:<chainId>` (named and with a native coin when in {@link EVM_CHAINS}),
 * addresses are EIP-55, collection is {@link collectEthEvidence} bound to the network (the node's
 * `eth_chainId` must be it) and verification is {@link verifyEthEvidence}.
 *
 * An entry is state-proven when it carries a `stateProof` with no `unproven` contract: every
 * balance is then checked against the snapshot header's stateRoot by the verifier (a claim only
 * until {@link ethereumFamily}.verify has checked it).
 * @module
 */
import {
  type ChainFamily,
  type Evidence,
  type EvidenceEntry,
  type FamilyEntryReport,
  type FamilyNetwork,
  type FamilyReport,
  familyEntry,
  familyReport,
} from '@kura/attest';
import { fail, isObject } from '@kura/codec';
import { checkAddress } from './address.js';
import { parseEvmNetwork } from './chains.js';
import { type CollectOptions, collectEthEvidence } from './collect.js';
import { type VerifyEthOptions, verifyEthEvidence } from './verify.js';

/**
 * What the Ethereum family's `collect` needs: {@link CollectOptions} (its `network`, when given,
 * must be the node's chain).
 */
export type EthFamilyCollect = CollectOptions;

/** Does the entry carry a state proof for every balance (see the module doc)? */
export function ethEntryStateProven(entry: EvidenceEntry): boolean {
  const sp = entry.stateProof;
  return (
    isObject(sp) &&
    isObject(sp.account) &&
    Array.isArray(sp.unproven) &&
    sp.unproven.length === 0 &&
    Array.isArray(sp.tokens)
  );
}

/** The Ethereum chain family. */
export const ethereumFamily: ChainFamily<EthFamilyCollect, VerifyEthOptions> = {
  id: 'ethereum',
  namespace: 'eip155',
  parseNetwork(network) {
    const r = parseEvmNetwork(network);
    if (!r.ok)
      return typeof network === 'string' && !network.startsWith('eip155:')
        ? fail('WRONG_FAMILY', `network ${JSON.stringify(network)} is not an eip155 network`)
        : fail('BAD_NETWORK', r.message);
    const n: FamilyNetwork = {
      caip2: r.caip2,
      namespace: 'eip155',
      reference: r.chainId.toString(),
      ...(r.known
        ? {
            name: r.known.name,
            native: { symbol: r.known.nativeSymbol, decimals: r.known.nativeDecimals },
          }
        : {}),
    };
    return { ok: true, network: n };
  },
  checkAddress(network, address) {
    const n = parseEvmNetwork(network);
    if (!n.ok) return fail(n.code, n.message);
    const a = checkAddress(address);
    return a.ok ? { ok: true, address: a.address } : fail(a.code, a.message);
  },
  isStateProven: ethEntryStateProven,
  async collect(input) {
    return (await collectEthEvidence(input)).evidence;
  },
  async verify(evidence: Evidence, opts): Promise<FamilyReport> {
    const r = await verifyEthEvidence(evidence, opts);
    const entries: FamilyEntryReport[] = r.entries.map((e) => {
      const w = e.wallet;
      const wallet = !w
        ? ''
        : w.kind === 'safe'
          ? ` (Safe ${w.safe.version}, ${w.safe.signers.length} of ${w.safe.owners.length} owners, threshold ${w.safe.threshold})`
          : ` (accepted code ${w.codeHash})`;
      return familyEntry(
        e,
        () => `ownership ${evidence.entries[e.index]!.ownership.type}${wallet}`,
        e.status === 'valid' &&
          ethEntryStateProven(evidence.entries[e.index]!) &&
          !e.warnings.some((x) => x.code === 'NOT_STATE_PROVEN'),
        e.warnings.map((x) => `${x.code}: ${x.message}`)
      );
    });
    const accepted = opts.acceptedWalletCodeHashes ?? [];
    return familyReport(r, (s) => `height ${s.height} ${s.blockHash}`, {
      facts: [
        ['Ethereum node(s)', opts.rpcs.map((x) => x.endpoint).join(', ')],
        [
          'Ethereum state proofs',
          opts.allowUnproven
            ? "NOT required (--allow-unproven): unproven balances rest on the nodes' word"
            : 'required for every balance',
        ],
        [
          'contract wallets',
          `pinned Safe v1.3.0 / v1.4.1 checked from storage proofs${accepted.length ? `; code accepted by the auditor: ${accepted.join(', ')}` : '; no other code accepted'}`,
        ],
      ],
      notes: opts.assets
        ? []
        : [
            "no --eth-assets: token contracts were not checked against an asset table of the auditor's own",
          ],
      entries,
    });
  },
};
