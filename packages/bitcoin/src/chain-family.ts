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
import type { ChainFamily, Evidence, FamilyNetwork, FamilyReport } from '@kura/attest';
import { fail, KuraError } from '@kura/codec';
import { decodeAddress } from './address.js';
import { type CollectOptions, collectBitcoinEvidence } from './collect.js';
import { networksOfChain } from './networks.js';
import type { ChainSource } from './sources/types.js';
import { type VerifyEvidenceOptions, verifyBitcoinEvidence } from './verify.js';

/** What the Bitcoin family's `verify` needs: the auditor's source and the options. */
export type BtcFamilyVerify = VerifyEvidenceOptions & { readonly source: ChainSource };

/** Native coin of each coin of the family (all count in 10^-8 units: sat, litoshi, koinu, watanabe). */
const NATIVE: Readonly<Record<string, string>> = {
  btc: 'BTC',
  ltc: 'LTC',
  bch: 'BCH',
  doge: 'DOGE',
  mona: 'MONA',
};

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
      throw new KuraError(
        'COLLECT_PROBLEMS',
        `${r.problems.length} address(es) failed: ${r.problems
          .slice(0, 5)
          .map((p) => `${p.address}: ${p.code}: ${p.message}`)
          .join('; ')}`
      );
    return r.evidence;
  },
  async verify(evidence: Evidence, input): Promise<FamilyReport> {
    const { source, ...opts } = input;
    try {
      const r = await verifyBitcoinEvidence(evidence, source, opts);
      const entries = r.entries
        .filter((e) => e.status !== 'skipped')
        .map((e) => ({
          index: e.index,
          chain: e.chain,
          address: e.address,
          status: e.status === 'valid' ? ('valid' as const) : ('invalid' as const),
          ...(e.result.ok ? {} : { code: e.result.code, message: e.result.message }),
          stateProven: false,
        }));
      const bad = !r.file.ok ? r.file : !r.snapshot.ok ? r.snapshot : undefined;
      return {
        status: r.ok ? 'valid' : 'invalid',
        ...(bad && !bad.ok ? { code: bad.code, message: bad.message } : {}),
        entries,
      };
    } catch (e) {
      const k = e instanceof KuraError ? e : undefined;
      return {
        status: 'unchecked',
        code: k?.code ?? 'INTERNAL',
        message: e instanceof Error ? e.message : String(e),
        entries: [],
      };
    }
  },
};
