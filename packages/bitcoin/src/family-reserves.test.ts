/**
 * UTXO reserves of Litecoin, Dogecoin, Monacoin and Bitcoin Cash exactly as for Bitcoin: collect
 * at the snapshot height and verify, through Kura's Core RPC source, against Core-shaped JSON-RPC
 * replies over a chain built on each coin's regtest genesis — for Bitcoin Cash on testnet's
 * genesis (shared with Bitcoin testnet3) with BCH's fork block answered at its height
 * (src/testing.ts, `@kura/bitcoin/testing`; no node of these coins runs here). Each chain: the evidence verifies; a balance changed by one base unit
 * → E_UTXO_SUM; a signature over last month's challenge → E_SIGNATURE; an address of another
 * chain → E_NETWORK (attacks S17-b1, S17-b2, S17-b8).
 */
import { type Evidence, parseEvidence } from '@kura/attest';
import { sha256, utf8 } from '@kura/codec';
import { ownershipChallenge, type Round } from '@kura/tree';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { addressOfScript, scriptOf } from './address.js';
import { collectBitcoinEvidence } from './collect.js';
import { hash160 } from './hashes.js';
import { chainIdOfNetwork, networkByName } from './networks.js';
import { signBip137, signBip322 } from './sign.js';
import { CoreRpcSource } from './sources/core-rpc.js';
import { FamilyChain } from './testing.js';
import { verifyBitcoinEvidence } from './verify.js';

const round: Round = {
  exchange: 'Kura Family',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const lastMonth: Round = { ...round, period: '2026-10', snapshotTime: '2026-10-31T15:00:00Z' };
const challenge = ownershipChallenge(round);
const H = 3;

for (const name of ['ltc-regtest', 'doge-regtest', 'mona-regtest', 'bch-testnet']) {
  const net = networkByName(name);
  // Bitcoin Cash testnet shares Bitcoin testnet3's genesis: the node answers BCH's fork block at
  // height 1155876 (the short chain below it is the test's own)
  const pinned = net.fork ? { [net.fork.height]: net.fork.hash } : {};
  const chain = chainIdOfNetwork(net);
  const sk = sha256(utf8(`family reserves ${name}`));
  const pkh = hash160(secp256k1.getPublicKey(sk, true));
  const p2pkh = scriptOf('p2pkh', pkh);
  const wpkh = scriptOf('p2wpkh', pkh);
  const payments = [
    { scriptPubKey: p2pkh, value: 1_234_567_890n, height: 2 },
    { scriptPubKey: p2pkh, value: 1n, height: 3 },
    // after the snapshot: not counted
    { scriptPubKey: p2pkh, value: 5n, height: 4 },
    ...(net.segwit ? [{ scriptPubKey: wpkh, value: 777n, height: 2 }] : []),
  ];
  const fc = new FamilyChain(net, 6, payments, pinned);
  const source = () =>
    new CoreRpcSource('http://user:pw@node.invalid:19443', { fetch: fc.fetch(), retries: 0 });
  const A = addressOfScript(p2pkh, net);
  const W = net.segwit ? addressOfScript(wpkh, net) : undefined;

  async function collect(sig = signBip137(challenge, sk, 'p2pkh', net.messageMagic)) {
    return collectBitcoinEvidence({
      source: source(),
      ...(net.fork ? { chain } : {}),
      round,
      height: H,
      addresses: [
        { address: A, custody: 'customer-cold' },
        ...(W ? [{ address: W, custody: 'customer-hot' as const }] : []),
      ],
      signatures: [
        { address: A, type: 'bip137', signature: sig },
        ...(W
          ? [
              {
                address: W,
                type: 'bip322-simple' as const,
                signature: signBip322(challenge, { type: 'p2wpkh', secretKey: sk }),
              },
            ]
          : []),
      ],
    });
  }
  const mutate = (
    ev: Evidence,
    f: (m: { entries: { balances: { amount: string }[] }[] }) => void
  ) => {
    const m = JSON.parse(JSON.stringify(ev));
    f(m);
    return parseEvidence(m);
  };

  describe(`${name} reserves (Core-shaped RPC replies)`, () => {
    it('collect at H and verify: the UTXOs at or below H, in base units, under the coin symbol', async () => {
      const r = await collect();
      expect(r.problems).toEqual([]);
      const e = r.evidence.entries.find((x) => x.address === A)!;
      expect(e.chain).toBe(chain);
      expect(e.balances).toEqual([{ asset: net.coin.toUpperCase(), amount: '1234567891' }]);
      const rep = await verifyBitcoinEvidence(r.evidence, source());
      expect(rep.chain).toBe(chain);
      expect(rep.ok).toBe(true);
      expect(rep.totals['customer-cold']).toBe('1234567891');
      if (W) expect(rep.totals['customer-hot']).toBe('777');
    });

    it("another coin's node → SOURCE_CHAIN (could not check), not a verdict", async () => {
      const r = await collect();
      // for BCH: a Bitcoin testnet3 node (same genesis, Bitcoin's block at the fork height)
      const otherNet = networkByName(
        net.fork ? 'testnet3' : name === 'ltc-regtest' ? 'doge-regtest' : 'ltc-regtest'
      );
      const other = new FamilyChain(
        otherNet,
        4,
        [],
        net.fork ? { [net.fork.height]: '00'.repeat(32) } : {}
      );
      const src = new CoreRpcSource('http://user:pw@other.invalid:1', {
        fetch: other.fetch(),
        retries: 0,
      });
      await expect(verifyBitcoinEvidence(r.evidence, src)).rejects.toMatchObject({
        code: 'SOURCE_CHAIN',
      });
    });

    it('a balance changed by one base unit → E_UTXO_SUM', async () => {
      const r = await collect();
      for (const d of [1n, -1n]) {
        const ev = mutate(r.evidence, (m) => {
          const b = m.entries[0]!.balances[0]!;
          b.amount = (BigInt(b.amount) + d).toString();
        });
        const rep = await verifyBitcoinEvidence(ev, source());
        expect(rep.ok).toBe(false);
        expect(rep.entries[0]).toMatchObject({ status: 'invalid', result: { code: 'E_UTXO_SUM' } });
      }
    });

    it("a signature over last month's challenge → E_SIGNATURE (collect refuses to write)", async () => {
      const old = signBip137(ownershipChallenge(lastMonth), sk, 'p2pkh', net.messageMagic);
      const r = await collect(old);
      expect(r.problems.map((p) => p.code)).toContain('E_SIGNATURE');
    });

    it('an address of another chain in the address list → E_NETWORK', async () => {
      // testnet/regtest base58 bytes are shared by LTC, DOGE and MONA regtest (0x6f): the
      // address then names the same script on this chain; mainnet bytes differ
      const mainOther = networkByName(
        net.fork ? 'testnet3' : name === 'ltc-regtest' ? 'doge-mainnet' : 'ltc-mainnet'
      );
      const r2 = await collectBitcoinEvidence({
        source: source(),
        ...(net.fork ? { chain } : {}),
        round,
        height: H,
        addresses: [{ address: addressOfScript(p2pkh, mainOther), custody: 'customer-cold' }],
        signatures: [],
      });
      expect(r2.problems).toEqual([expect.objectContaining({ code: 'E_NETWORK' })]);
    });
  });
}
