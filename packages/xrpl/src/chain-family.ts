/**
 * The XRP Ledger family (`xrpl`) behind `@kura/attest`'s chain-family interface: a thin adapter
 * over this package's own functions ({@link xrplNetworkId}, {@link checkXrplAddress},
 * {@link collectXrplEvidence}, {@link verifyXrplEvidence}); nothing here re-implements them.
 *
 * Networks are `xrpl:<network_id>` (the ledger's NetworkID: 0 mainnet, 1 testnet, 2 devnet per
 * xrpl.org's NetworkID documentation); the native coin is XRP with 6 decimals (1 XRP = 10^6
 * drops). No entry is state-proven in the interface's sense: balances are re-read from rippled at
 * the pinned validated ledger, not proven against its state-tree root.
 * @module
 */
import {
  type ChainFamily,
  type Evidence,
  type FamilyNetwork,
  type FamilyReport,
  familyEntry,
  familyReport,
} from '@kura/attest';
import { fail } from '@kura/codec';
import { checkXrplAddress, xrplNetworkId } from './address.js';
import { collectXrplEvidence, type XrplCollectOptions } from './collect.js';
import { type VerifyXrplOptions, verifyXrplEvidence } from './verify.js';

const NAMES: Readonly<Record<number, string>> = {
  0: 'XRP Ledger mainnet',
  1: 'XRP Ledger testnet',
  2: 'XRP Ledger devnet',
};

/** The XRP Ledger chain family. */
export const xrplFamily: ChainFamily<XrplCollectOptions, VerifyXrplOptions> = {
  id: 'xrpl',
  namespace: 'xrpl',
  parseNetwork(network) {
    if (typeof network !== 'string' || !network.startsWith('xrpl:'))
      return fail('WRONG_FAMILY', `network ${JSON.stringify(network)} is not an xrpl network`);
    const id = xrplNetworkId(network);
    if (id === null)
      return fail(
        'BAD_NETWORK',
        `network ${network}: expected xrpl:<network_id> (decimal 0 … 2^32 - 1, no leading zeros)`
      );
    const n: FamilyNetwork = {
      caip2: network,
      namespace: 'xrpl',
      reference: String(id),
      ...(NAMES[id] ? { name: NAMES[id] } : {}),
      native: { symbol: 'XRP', decimals: 6 },
    };
    return { ok: true, network: n };
  },
  checkAddress(network, address) {
    const a = checkXrplAddress(network, address);
    return a.ok ? { ok: true, address: a.address } : fail(a.code, a.message);
  },
  isStateProven: () => false,
  async collect(input) {
    return (await collectXrplEvidence(input)).evidence;
  },
  async verify(evidence: Evidence, opts): Promise<FamilyReport> {
    const facts: [string, string][] = [
      ['XRP Ledger node(s)', opts.clients.map((c) => c.endpoint).join(', ')],
    ];
    const notes = opts.assets
      ? []
      : [
          "no --xrp-assets: only XRP balances are recomputed (issued currencies need the auditor's asset table)",
        ];
    try {
      const r = await verifyXrplEvidence(evidence, opts);
      return familyReport(r, (s) => `validated ledger ${s.height} ${s.blockHash}`, {
        facts,
        notes,
        entries: r.entries.map((e) =>
          familyEntry(
            e,
            () =>
              `ownership ${evidence.entries[e.index]!.ownership.type} (${String(evidence.entries[e.index]!.ownership.key ?? '')})`,
            false
          )
        ),
      });
    } catch (e) {
      return {
        status: 'unchecked',
        code: 'INTERNAL',
        message: e instanceof Error ? e.message : String(e),
        facts,
        notes,
        entries: [],
      };
    }
  },
};
