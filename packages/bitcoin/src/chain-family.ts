/**
 * The Bitcoin family (`bip122`: Bitcoin, Litecoin, Bitcoin Cash, Dogecoin, Monacoin) behind
 * `@kura/attest`'s chain-family interface: a thin adapter over this package's own functions
 * (networks by genesis hash or fork block, {@link decodeAddress},
 * {@link collectBitcoinEvidence}, {@link verifyBitcoinEvidence}); nothing here re-implements
 * them.
 *
 * State proofs: a Bitcoin block commits to its transactions, not to the UTXO set, so no entry
 * is state-proven in the interface's sense: each UTXO's inclusion is proven by a merkle proof
 * (when the source gives one) while its being unspent at the snapshot is read from the source.
 * @module
 */
import {
  type ChainFamily,
  type Evidence,
  type FamilyEntryReport,
  type FamilyNetwork,
  type FamilyReport,
  type FamilySnapshotReport,
  familyEntry,
  overallStatus,
} from '@kura/attest';
import { fail, KuraError } from '@kura/codec';
import { decodeAddress } from './address.js';
import { type CollectOptions, collectBitcoinEvidence } from './collect.js';
import { networksOfChain } from './networks.js';
import { sourcesByChain } from './sources/create.js';
import type { ChainSource } from './sources/types.js';
import { type VerifyEvidenceOptions, verifyBitcoinEvidence } from './verify.js';

/**
 * What the Bitcoin family's `verify` needs: the auditor's node of each chain of the family in the
 * evidence (`source` and/or `sources`; each checks the entries of the chain it serves — a chain
 * with no node is reported unchecked) and the options.
 */
export type BtcFamilyVerify = VerifyEvidenceOptions & {
  readonly source?: ChainSource;
  readonly sources?: readonly ChainSource[];
};

/** Native coin of each coin of the family (all count in 10^-8 units: sat, litoshi, koinu, watanabe). */
const NATIVE: Readonly<Record<string, string>> = {
  btc: 'BTC',
  ltc: 'LTC',
  bch: 'BCH',
  doge: 'DOGE',
  mona: 'MONA',
};

/** A thrown error as a report's failure: its stable code (`INTERNAL` if none) and message. */
function failureOf(e: unknown): { code: string; message: string } {
  return {
    code: e instanceof KuraError ? e.code : 'INTERNAL',
    message: e instanceof Error ? e.message : String(e),
  };
}

/** The Bitcoin chain family. */
export const bitcoinFamily: ChainFamily<CollectOptions, BtcFamilyVerify> = {
  id: 'bitcoin',
  namespace: 'bip122',
  parseNetwork(network) {
    if (typeof network !== 'string' || !network.startsWith('bip122:'))
      return fail('WRONG_FAMILY', `network ${JSON.stringify(network)} is not a bip122 network`);
    if (!/^bip122:[0-9a-f]{32}$/.test(network))
      return fail(
        'BAD_NETWORK',
        `network ${network}: expected bip122: + the first 32 hex characters of the genesis block hash`
      );
    const nets = networksOfChain(network);
    if (nets.length === 0)
      return fail('UNKNOWN_NETWORK', `network ${network}: no known chain has this genesis block`);
    const symbol = NATIVE[nets[0]!.coin];
    const n: FamilyNetwork = {
      caip2: network,
      namespace: 'bip122',
      reference: network.slice(7),
      name: nets[0]!.name,
      ...(symbol ? { native: { symbol, decimals: 8 } } : {}),
    };
    return { ok: true, network: n };
  },
  checkAddress(network, address) {
    const d = decodeAddress(address, network);
    return d.ok ? { ok: true, address: d.address } : fail(d.code, d.message);
  },
  isStateProven: () => false,
  async collect(input) {
    const r = await collectBitcoinEvidence(input);
    if (r.problems.length > 0)
      // a verdict against the data (exit 1), like Ethereum's and the XRP Ledger's collection
      throw new KuraError(
        'OWNERSHIP_INVALID',
        `${r.problems.length} address(es) failed: ${r.problems
          .slice(0, 5)
          .map((p) => `${p.address}: ${p.code}: ${p.message}`)
          .join('; ')}`
      );
    return r.evidence;
  },
  async verify(evidence: Evidence, input): Promise<FamilyReport> {
    const { source, sources, ...opts } = input;
    const all = [...(source ? [source] : []), ...(sources ?? [])];
    const chains = [
      ...new Set(evidence.entries.map((e) => e.chain).filter((c) => c.startsWith('bip122:'))),
    ];
    const entries: FamilyEntryReport[] = [];
    const snapshots: FamilySnapshotReport[] = [];
    const facts: [string, string][] = [];
    const notes: string[] = [];
    let file: FamilyReport['file'];
    let failure: { code: string; message: string } | undefined;
    const done = new Set<string>();
    // each chain of the evidence on the node(s) serving it (BCH told from BTC by its fork block)
    let groups: Awaited<ReturnType<typeof sourcesByChain>>;
    try {
      groups = await sourcesByChain(all, chains);
    } catch (e) {
      return { status: 'unchecked', ...failureOf(e), entries: [] };
    }
    for (const f of groups.failed) failure ??= failureOf(f.error);
    for (const [chain, src] of groups.byChain) {
      if (!chains.includes(chain)) {
        notes.push(`${src.endpoint} serves ${chain}: the evidence has no entry of that chain`);
        continue;
      }
      let r: Awaited<ReturnType<typeof verifyBitcoinEvidence>>;
      try {
        r = await verifyBitcoinEvidence(evidence, src, opts);
      } catch (e) {
        failure ??= failureOf(e);
        continue;
      }
      done.add(r.chain);
      facts.push([`node ${r.chain}`, `${r.source.kind} ${r.source.endpoint}`]);
      if (!r.file.ok) file ??= { code: r.file.code, message: r.file.message };
      const sn = r.snapshot;
      snapshots.push(
        sn.ok
          ? {
              chain: r.chain,
              status: 'valid',
              detail: `height ${sn.height}, ${sn.confirmations} confirmations on the auditor's node`,
            }
          : {
              chain: r.chain,
              status: 'invalid',
              ...(sn.blockHash === undefined ? {} : { blockHash: sn.blockHash }),
              code: sn.code,
              message: `height ${sn.height}: ${sn.message}`,
            }
      );
      for (const e of r.entries) {
        if (e.status === 'skipped') continue;
        entries.push(
          familyEntry(
            {
              index: e.index,
              chain: e.chain,
              address: e.address,
              status: e.status === 'valid' ? 'valid' : 'invalid',
              ...(e.result.ok ? {} : { code: e.result.code, message: e.result.message }),
            },
            () =>
              `${e.utxos.length} UTXO(s), ownership ${evidence.entries[e.index]!.ownership.type}`,
            false
          )
        );
      }
    }
    // entries of a chain no node served: not checked
    for (const chain of chains.filter((c) => !done.has(c)))
      evidence.entries.forEach((e, index) => {
        if (e.chain !== chain) return;
        entries.push(
          familyEntry(
            {
              index,
              chain,
              address: e.address,
              status: 'unchecked',
              code: failure?.code ?? 'NO_NODE',
              message:
                failure?.message ??
                `no node of ${chain} (${networksOfChain(chain)[0]?.name ?? 'unknown chain'}) was given`,
            },
            () => '',
            false
          )
        );
      });
    entries.sort((a, b) => a.index - b.index);
    const status = overallStatus([
      ...(file ? (['invalid'] as const) : []),
      ...snapshots.map((x) => x.status),
      ...entries.map((e) => e.status),
      // a node that failed with nothing checked: the report cannot say valid
      ...(failure && entries.length === 0 ? (['unchecked'] as const) : []),
    ]);
    const top = file ?? snapshots.find((x) => x.status === 'invalid') ?? failure;
    return {
      status,
      ...(top?.code === undefined ? {} : { code: top.code, message: top.message ?? '' }),
      ...(file ? { file } : {}),
      snapshots,
      facts,
      notes,
      entries,
    };
  },
};
