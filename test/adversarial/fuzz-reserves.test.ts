/**
 * Fuzzing the reserves side (fast-check): BIP-322 signatures (simple and full, every address
 * type), BIP-137, BIP-127 PSBTs, Bitcoin and Ethereum JSON Lines input files, the Ethereum asset
 * table, ownership records (EIP-191 / EIP-712), block headers, and the Ethereum evidence verifier
 * without endpoints. Mutated ownership signatures never verify; nothing throws where a result is
 * promised; every case is time-bounded.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import {
  addressOfScript,
  BITCOIN_MAINNET,
  decodeAddress,
  NETWORKS,
  parseAddressFile,
  parseDescriptorFile,
  parseSignatureFile,
  type SignerScript,
  signBip137,
  signBip322,
  signerScriptPubKey,
  verifyBip127,
  verifyBip322,
  verifyOwnership as verifyBtcOwnership,
} from '@kura/bitcoin';
import { concatBytes, hexToBytes, KuraError, sha256, utf8 } from '@kura/codec';
import {
  checkOwnershipOffline,
  ownershipRecord,
  parseAddressList,
  parseAssetTable,
  parseSignatureList,
  verifyEthEvidence,
  verifyHeader,
} from '@kura/ethereum';
import { ownershipChallenge, type Round } from '@kura/tree';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { devWallet } from '../../packages/ethereum/test/anvil.js';
import { ROUND as ETH_ROUND, signFor } from '../../packages/ethereum/test/scenario.js';
import {
  expectRefused,
  type Json,
  mutationsOf,
  throwsOnlyKuraError,
  timed,
  timedAsync,
} from './fuzz-helpers.js';

const round: Round = { exchange: 'Fuzz', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const challenge = ownershipChallenge(round);
const sk = (l: string) => sha256(utf8(`fuzz ${l}`));
const push = (b: Uint8Array) => Uint8Array.of(b.length, ...b);
const mk = [sk('m1'), sk('m2'), sk('m3')];
const ws = concatBytes(
  Uint8Array.of(0x52),
  ...mk.map((k) => push(ecc.pointFromScalar(k, true)!)),
  Uint8Array.of(0x53, 0xae)
);
const signers: { s: SignerScript; full: boolean }[] = [
  { s: { type: 'p2wpkh', secretKey: sk('w') }, full: false },
  { s: { type: 'p2tr', secretKey: sk('t') }, full: false },
  { s: { type: 'p2sh-p2wpkh', secretKey: sk('n') }, full: false },
  { s: { type: 'p2wsh', witnessScript: ws, secretKeys: [mk[0]!, mk[2]!] }, full: false },
  { s: { type: 'p2pkh', secretKey: sk('p') }, full: true },
  { s: { type: 'p2wpkh', secretKey: sk('w') }, full: true },
];
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));
const sigs = signers.map(({ s, full }) => ({
  s,
  spk: signerScriptPubKey(s),
  sig: signBip322(challenge, s, full ? { format: 'full' } : {}),
}));

/** Strip an smp/ful/pof prefix; mutate the payload bytes; re-attach. */
const split = (sig: string) => {
  const m = /^(smp|ful|pof)?(.*)$/.exec(sig)!;
  return { prefix: m[1] ?? '', body: unb64(m[2]!) };
};

describe('BIP-322', () => {
  it('baseline: every signer verifies', () => {
    for (const x of sigs) expect(verifyBip322(x.spk, challenge, x.sig).state).toBe('valid');
  });

  it('a mutated signature (bit flip, byte insert/delete, truncation) never verifies, never throws', () => {
    fc.assert(
      fc.property(
        fc.nat(sigs.length - 1),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom('flip', 'insert', 'delete', 'truncate'),
        (which, at, bit, op) => {
          const x = sigs[which]!;
          const { prefix, body } = split(x.sig);
          const i = at % body.length;
          let m: Uint8Array;
          if (op === 'flip') {
            m = Uint8Array.from(body);
            m[i] = m[i]! ^ (1 << bit);
          } else if (op === 'insert')
            m = Uint8Array.from([...body.subarray(0, i), bit, ...body.subarray(i)]);
          else if (op === 'delete')
            m = Uint8Array.from([...body.subarray(0, i), ...body.subarray(i + 1)]);
          else m = body.subarray(0, i);
          const r = timed(() => verifyBip322(x.spk, challenge, prefix + b64(m)));
          expect(r.state).not.toBe('valid');
        }
      ),
      { numRuns: 400 }
    );
  });

  it('the right signature over another message, or for another script, never verifies', () => {
    fc.assert(
      fc.property(fc.nat(sigs.length - 1), fc.nat(sigs.length - 1), fc.string(), (a, b, msg) => {
        const x = sigs[a]!;
        if (msg !== challenge)
          expect(timed(() => verifyBip322(x.spk, msg, x.sig)).state).not.toBe('valid');
        const y = sigs[b]!;
        const sameScript = Buffer.from(x.spk).equals(Buffer.from(y.spk));
        if (!sameScript)
          expect(timed(() => verifyBip322(y.spk, challenge, x.sig)).state).not.toBe('valid');
      }),
      { numRuns: 200 }
    );
  });

  it('random strings as signatures, through the ownership rule: a code, never a throw', () => {
    const addr = decodeAddress(addressOfScript(sigs[0]!.spk, NETWORKS[0]!), BITCOIN_MAINNET);
    if (!addr.ok) throw new Error(addr.message);
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.base64String({ maxLength: 400 })),
        fc.constantFrom('bip322-simple', 'bip322-full', 'bip137', 'bip127-psbt'),
        (signature, type) => {
          const r = timed(() =>
            verifyBtcOwnership({
              chain: BITCOIN_MAINNET,
              address: addr,
              ownership: { type, signature, challenge } as never,
              challenge,
              utxos: [],
            })
          );
          expectRefused(r);
        }
      ),
      { numRuns: 300 }
    );
  });

  it('BIP-137: any changed byte of a legacy signature never verifies for the address', () => {
    const key = sk('p');
    const addr = decodeAddress(
      addressOfScript(signerScriptPubKey({ type: 'p2pkh', secretKey: key }), NETWORKS[0]!),
      BITCOIN_MAINNET
    );
    if (!addr.ok) throw new Error(addr.message);
    const sig = signBip137(challenge, key);
    const body = unb64(sig);
    fc.assert(
      fc.property(fc.nat(body.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const m = Uint8Array.from(body);
        m[i] = m[i]! ^ x;
        const r = timed(() =>
          verifyBtcOwnership({
            chain: BITCOIN_MAINNET,
            address: addr,
            ownership: { type: 'bip137', signature: b64(m), challenge },
            challenge,
            utxos: [],
          })
        );
        expectRefused(r);
      }),
      { numRuns: 200 }
    );
  });

  it('BIP-127: random and near-PSBT inputs never throw and never verify', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.base64String({ maxLength: 600 }),
          fc
            .uint8Array({ maxLength: 300 })
            .map((b) => b64(Uint8Array.from([0x70, 0x73, 0x62, 0x74, 0xff, ...b])))
        ),
        (psbt) => {
          expectRefused(timed(() => verifyBip127(psbt, challenge, [])));
        }
      ),
      { numRuns: 300 }
    );
  });
});

describe('Bitcoin JSON Lines inputs', () => {
  const line = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 80 }),
    fc
      .record({
        address: fc.oneof(fc.string(), fc.constant('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')),
        custody: fc.oneof(fc.string(), fc.constant('customer-cold')),
        type: fc.constantFrom('bip322-simple', 'bip137', 'x'),
        signature: fc.string(),
        descriptor: fc.string(),
        range: fc.array(fc.integer(), { maxLength: 3 }),
      })
      .map((o) => JSON.stringify(o))
  );
  const file = fc.array(line, { maxLength: 8 }).map((ls) => ls.join('\n'));

  it('address, descriptor and signature files: rows or an InputError naming the file', () => {
    fc.assert(
      fc.property(file, (text) => {
        for (const parse of [parseAddressFile, parseDescriptorFile, parseSignatureFile]) {
          try {
            timed(() => parse(text, 'in.jsonl', BITCOIN_MAINNET));
          } catch (e) {
            expect(e).toBeInstanceOf(KuraError);
            expect((e as Error).message).toMatch(/in\.jsonl/);
          }
        }
      }),
      { numRuns: 300 }
    );
  });
});

describe('Ethereum', () => {
  const a191 = devWallet(1).address;
  const a712 = devWallet(2).address;
  const ctx = (address: string) => ({ round: ETH_ROUND, chainId: 31337n, address });
  /** The ownership record of dev wallet `dev` (`address`) for this round on chain 31337. */
  const signedRecord = async (type: 'eip191' | 'eip712', dev: number, address: string) =>
    ownershipRecord(
      type,
      hexToBytes((await signFor(type, dev, address, 31337)).slice(2).toLowerCase()),
      ETH_ROUND,
      31337n,
      address
    );

  it('a mutated EIP-191 / EIP-712 ownership record never verifies offline and never throws', async () => {
    const r191 = await signedRecord('eip191', 1, a191);
    const r712 = await signedRecord('eip712', 2, a712);
    expect(checkOwnershipOffline(r191, ctx(a191)).ok).toBe(true);
    expect(checkOwnershipOffline(r712, ctx(a712)).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.oneof(
          mutationsOf(r191 as Json).map((m) => [m, a191] as const),
          mutationsOf(r712 as Json).map((m) => [m, a712] as const)
        ),
        ([m, a]) => {
          const r = timed(() => checkOwnershipOffline(m, ctx(a)));
          // chainId written as the decimal string "31337" is the same uint256 in the digest
          const d = (m as { typedData?: { domain?: { chainId?: unknown } } } | null)?.typedData
            ?.domain;
          if (d?.chainId === '31337' && r.ok) return;
          expectRefused(r);
        }
      ),
      { numRuns: 400 }
    );
  });

  it('the valid record under another address, chain or round never verifies', async () => {
    const r712 = await signedRecord('eip712', 2, a712);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 53n }), fc.nat(9), (chain, dev) => {
        const other = devWallet(dev).address;
        if (chain !== 31337n)
          expectRefused(timed(() => checkOwnershipOffline(r712, { ...ctx(a712), chainId: chain })));
        if (other !== a712) expectRefused(timed(() => checkOwnershipOffline(r712, ctx(other))));
      }),
      { numRuns: 60 }
    );
  });

  it('address, signature and asset-table files: rows or an InputError', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
            fc.string({ maxLength: 60 })
          ),
          { maxLength: 6 }
        ),
        fc.jsonValue({ maxDepth: 4 }),
        (lines, table) => {
          const text = lines.join('\n');
          throwsOnlyKuraError(() => parseAddressList(text, 'a.jsonl'));
          throwsOnlyKuraError(() => parseSignatureList(text, 's.jsonl'));
          throwsOnlyKuraError(() => parseAssetTable(table, 't.json'));
          throwsOnlyKuraError(() =>
            parseAssetTable(
              { version: 'kura-eth-assets/1', networks: { 'eip155:1': table } },
              't.json'
            )
          );
        }
      ),
      { numRuns: 300 }
    );
  });

  it('verifyHeader: random block objects are refused, never thrown', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (b, h) => {
          expectRefused(timed(() => verifyHeader(b, h)));
        }
      ),
      { numRuns: 300 }
    );
  });

  it('verifyEthEvidence without endpoints: random and mutated files never come out valid, never throw', async () => {
    const base = {
      version: 'kura-evidence/1',
      round: ETH_ROUND,
      roundId: '00'.repeat(32),
      snapshots: [
        {
          chain: 'eip155:31337',
          height: 5,
          blockHash: `0x${'ab'.repeat(32)}`,
          time: '2026-11-30T15:00:00Z',
        },
      ],
      entries: [
        {
          chain: 'eip155:31337',
          address: a191,
          custody: 'customer-cold',
          balances: [{ asset: 'ETH', amount: '1' }],
          ownership: {
            type: 'eip191',
            signature: `0x${'11'.repeat(65)}`,
            challenge: ownershipChallenge(ETH_ROUND),
          },
        },
      ],
    } as unknown as Json;
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutationsOf(base), fc.jsonValue({ maxDepth: 3 })), async (ev) => {
        const r = await timedAsync(verifyEthEvidence(ev, { rpcs: [], confirmations: 0 }), 5000);
        expect(r.status).not.toBe('valid');
      }),
      { numRuns: 200 }
    );
  });
});
