/**
 * The Bitcoin family beside Bitcoin — Litecoin, Bitcoin Cash, Dogecoin, Monacoin (attacks
 * S17-b1 … S17-b8): chain parameters checked by recomputing each genesis block hash (and, for
 * the scrypt chains, its proof of work) from the header fields in the chain's chainparams.cpp;
 * addresses of one chain refused on another; the message magic of each chain; BIP-137 segwit
 * signatures as wallets make them; BIP-322 / BIP-127 refused where the chain has no segwit.
 *
 * Public fixtures: bitcoinjs/bitcoinjs-message `test/fixtures.json` (Dogecoin signature by
 * DFpN6QqFfUm3gKNaxN6tNcab1FArL9cZLE; magic hashes; segwit signatures with headers 36 / 40 for
 * 3JvL6Ymt8MVWiCNHC7oWU6nLeHNJKLZGLN / bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 by the key
 * d = 1, and the same r, s under the compressed-P2PKH header 32, which is what Electrum and
 * Trezor's variant put on a segwit address).
 */
import { bytesToHex, concatBytes, hexToBytes, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge, type Round } from '@kura/tree';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { addressOfScript, type DecodedAddress, decodeAddress, scriptOf } from './address.js';
import { bip137Digest, verifyBip137 } from './bip137.js';
import {
  DescriptorError,
  deriveDescriptor,
  descriptorChecksum,
  parseDescriptor,
} from './descriptor.js';
import { hash160, hash256 } from './hashes.js';
import { checkProofOfWork, parseBlockHeader } from './merkleblock.js';
import {
  BITCOIN_MAINNET,
  type BitcoinNetwork,
  chainIdOfNetwork,
  chainOfCoin,
  chainOfSource,
  NETWORKS,
  networkByName,
} from './networks.js';
import { verifyOwnership } from './ownership.js';
import { OP } from './script.js';
import { signBip127, signBip137, signBip322 } from './sign.js';
import { ByteWriter } from './wire.js';

const round: Round = { exchange: 'Kura', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const lastMonth: Round = { ...round, period: '2026-10', snapshotTime: '2026-10-31T15:00:00Z' };
const challenge = ownershipChallenge(round);
const SK = sha256(utf8('family key'));
const PUB = secp256k1.getPublicKey(SK, true);
const PKH = hash160(PUB);
const NESTED = hash160(concatBytes(Uint8Array.of(0x00, 0x14), PKH));

const addr = (
  net: BitcoinNetwork,
  type: 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr',
  prog: Uint8Array
) => addressOfScript(scriptOf(type, prog), net);
const dec = (a: string, net: BitcoinNetwork): DecodedAddress => {
  const d = decodeAddress(a, chainIdOfNetwork(net));
  if (!d.ok) throw new Error(d.message);
  return d;
};

/** Genesis header fields as written in each chain's chainparams.cpp CreateGenesisBlock call. */
const GENESIS: [string, number, number, number, string][] = [
  // name, nTime, nNonce, nBits, merkle root
  [
    'ltc-mainnet',
    1317972665,
    2084524493,
    0x1e0ffff0,
    '97ddfbbae6be97fd6cdf3e7ca13232a3afff2353e29badfab7f73011edd4ced9',
  ],
  [
    'ltc-testnet',
    1486949366,
    293345,
    0x1e0ffff0,
    '97ddfbbae6be97fd6cdf3e7ca13232a3afff2353e29badfab7f73011edd4ced9',
  ],
  [
    'doge-mainnet',
    1386325540,
    99943,
    0x1e0ffff0,
    '5b2a3f53f605d62c53e62932dac6925e3d74afa5a4b459745c36d42d0ed26a69',
  ],
  [
    'mona-mainnet',
    1388479472,
    1234534,
    0x1e0ffff0,
    '35e405a8a46f4dbc1941727aaf338939323c3b955232d0317f8731fe07ac4ba6',
  ],
  [
    'mona-testnet',
    1488924140,
    2122860,
    0x1e0ffff0,
    '35e405a8a46f4dbc1941727aaf338939323c3b955232d0317f8731fe07ac4ba6',
  ],
];

function genesisHeader(time: number, nonce: number, bits: number, merkle: string): Uint8Array {
  return new ByteWriter()
    .u32le(1)
    .bytes(new Uint8Array(32))
    .bytes(hexToBytes(merkle).reverse())
    .u32le(time)
    .u32le(bits)
    .u32le(nonce)
    .finish();
}

describe('Bitcoin-family chain parameters', () => {
  it('each genesis hash is the hash of the header chainparams.cpp builds (and LTC/DOGE meet scrypt PoW)', () => {
    for (const [name, time, nonce, bits, merkle] of GENESIS) {
      const raw = genesisHeader(time, nonce, bits, merkle);
      const h = parseBlockHeader(raw);
      expect(h.hash, name).toBe(networkByName(name).genesis);
      if (name.startsWith('ltc') || name.startsWith('doge'))
        expect(checkProofOfWork(h, 'scrypt', raw), name).toBe(true);
      // sha256d does not meet a scrypt chain's target: the check is not vacuous
      if (name === 'ltc-mainnet') expect(checkProofOfWork(h, 'sha256d', raw)).toBe(false);
    }
  });

  it('CAIP-2 ids: genesis prefix, except Bitcoin Cash (its fork block 478559)', () => {
    expect(chainOfCoin('btc')).toBe(BITCOIN_MAINNET);
    expect(chainOfCoin('ltc')).toBe('bip122:12a765e31ffd4059bada1e25190f6e98');
    expect(chainOfCoin('doge')).toBe('bip122:1a91e3dace36e2be3bf030a65679fe82');
    expect(chainOfCoin('mona')).toBe('bip122:ff9f1c0116d19de7c9963845e129f9ed');
    expect(chainOfCoin('bch')).toBe('bip122:000000000000000000651ef99cb9fcbe');
    expect(chainOfCoin('bch', 'testnet')).toBe('bip122:00000000000e38fef93ed9582a7df438');
    expect(new Set(NETWORKS.map(chainIdOfNetwork)).size).toBe(
      // Bitcoin's testnet3/4, signet and the two regtest spellings; all others distinct
      NETWORKS.length - 1
    );
    expect(() => chainOfCoin('xrp')).toThrow(/unknown Bitcoin-family chain/);
  });

  it('a node is BCH only if its block at the fork height is the BCH fork block (S17-b4)', async () => {
    const node = (forkHash: string) => ({
      genesisHash: async () => networkByName('mainnet').genesis,
      blockHash: async (h: number) => (h === 478559 ? forkHash : '00'.repeat(32)),
    });
    const bch = chainOfCoin('bch');
    const bchFork = networkByName('bch-mainnet').fork!.hash;
    expect(await chainOfSource(node(bchFork), bch)).toBe(bch);
    // Bitcoin's block 478559
    const btcFork = '00000000000000000019f112ec0a9982926f1258cdcc558dd7c3b7e5dc7fa148';
    expect(await chainOfSource(node(btcFork), bch)).toBe(BITCOIN_MAINNET);
    expect(await chainOfSource(node(bchFork), undefined)).toBe(BITCOIN_MAINNET);
  });
});

describe('Bitcoin-family addresses', () => {
  it('each chain writes its own prefixes', () => {
    const ltc = networkByName('ltc-mainnet');
    const mona = networkByName('mona-mainnet');
    const doge = networkByName('doge-mainnet');
    const bch = networkByName('bch-mainnet');
    expect(addr(ltc, 'p2pkh', PKH)).toMatch(/^L/);
    expect(addr(ltc, 'p2sh', NESTED)).toMatch(/^3/); // Core writes the legacy 0x05 …
    expect(addr(ltc, 'p2wpkh', PKH)).toMatch(/^ltc1q/);
    expect(addr(mona, 'p2pkh', PKH)).toMatch(/^M/);
    expect(addr(mona, 'p2wpkh', PKH)).toMatch(/^mona1q/);
    expect(addr(doge, 'p2pkh', PKH)).toMatch(/^D/);
    expect(addr(doge, 'p2sh', NESTED)).toMatch(/^[9A]/);
    expect(addr(bch, 'p2pkh', PKH)).toMatch(/^bitcoincash:q/);
    expect(addr(bch, 'p2sh', NESTED)).toMatch(/^bitcoincash:p/);
    expect(() => addr(doge, 'p2wpkh', PKH)).toThrow(RangeError);
    expect(() => addr(bch, 'p2wpkh', PKH)).toThrow(RangeError);
  });

  it('a segwit descriptor on a chain without segwit → DescriptorError; pkh derives CashAddr / D… addresses', () => {
    const xpub =
      'xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8';
    for (const c of ['bch', 'doge'])
      expect(() =>
        parseDescriptor(
          `wpkh(${xpub}/0/*)#${descriptorChecksum(`wpkh(${xpub}/0/*)`)}`,
          chainOfCoin(c)
        )
      ).toThrow(DescriptorError);
    const body = `pkh(${xpub}/0/*)`;
    const d = parseDescriptor(`${body}#${descriptorChecksum(body)}`, chainOfCoin('bch'));
    expect(
      addressOfScript(deriveDescriptor(d, 0).scriptPubKey, networkByName('bch-mainnet'))
    ).toMatch(/^bitcoincash:q/);
  });

  it("Litecoin's M… (0x32) is P2SH on LTC and P2PKH on MONA: each chain reads its own meaning", () => {
    const ltc = networkByName('ltc-mainnet');
    const mona = networkByName('mona-mainnet');
    const m = addr(mona, 'p2pkh', PKH); // version 0x32
    expect(dec(m, mona)).toMatchObject({ type: 'p2pkh' });
    const asLtc = decodeAddress(m, chainIdOfNetwork(ltc));
    expect(asLtc).toMatchObject({ ok: true, type: 'p2sh' });
    // … but the scripts differ, so the balance found is not the MONA one
    if (asLtc.ok)
      expect(bytesToHex(asLtc.scriptPubKey)).not.toBe(bytesToHex(dec(m, mona).scriptPubKey));
    // LTC's legacy 3… and M… P2SH spellings name the same script
    const a3 = addr(ltc, 'p2sh', NESTED);
    const aM = addressOfScript(scriptOf('p2sh', NESTED), { ...ltc, scriptHash: 0x32 });
    expect(aM).toMatch(/^M/);
    expect(bytesToHex(dec(aM, ltc).scriptPubKey)).toBe(bytesToHex(dec(a3, ltc).scriptPubKey));
  });

  it('an address of another chain or network → E_NETWORK (S17-b1, S17-b3)', () => {
    const ltc = networkByName('ltc-mainnet');
    const doge = networkByName('doge-mainnet');
    const bch = networkByName('bch-mainnet');
    const mona = networkByName('mona-mainnet');
    const btc = networkByName('mainnet');
    const cases: [string, BitcoinNetwork][] = [
      [addr(ltc, 'p2pkh', PKH), doge], // LTC on DOGE
      [addr(doge, 'p2pkh', PKH), ltc], // DOGE on LTC
      [addr(ltc, 'p2wpkh', PKH), mona], // ltc1 on MONA
      [addr(mona, 'p2wpkh', PKH), ltc], // mona1 on LTC
      [addr(btc, 'p2pkh', PKH), bch], // BTC 1… = BCH legacy bytes, on BCH
      [addr(btc, 'p2sh', NESTED), bch],
      [addr(bch, 'p2pkh', PKH), btc], // CashAddr on BTC
      [addr(networkByName('bch-testnet'), 'p2pkh', PKH), bch], // bchtest: on BCH mainnet
      [addr(btc, 'p2wpkh', PKH), bch], // bc1 on BCH
      [addr(networkByName('ltc-testnet'), 'p2wpkh', PKH), ltc], // tltc1 on LTC mainnet
      [addr(networkByName('doge-testnet'), 'p2pkh', PKH), doge],
      [addr(btc, 'p2wpkh', PKH), ltc], // bc1 on LTC (same program)
    ];
    for (const [a, net] of cases)
      expect(decodeAddress(a, chainIdOfNetwork(net)), `${a} on ${net.name}`).toMatchObject({
        ok: false,
        code: 'E_NETWORK',
      });
    const r = decodeAddress(addr(btc, 'p2pkh', PKH), chainIdOfNetwork(bch));
    expect(!r.ok && r.message).toMatch(/CashAddr/);
  });
});

describe('Bitcoin-family message signatures (BIP-137 per chain)', () => {
  it('bitcoinjs-message fixtures: magic hashes and the Dogecoin signature', () => {
    expect(bytesToHex(bip137Digest('Vires is Numeris'))).toBe(
      'f8a5affbef4a3241b19067aa694562f64f513310817297089a8929a930f4f933'
    );
    const doge = networkByName('doge-mainnet');
    expect(bytesToHex(bip137Digest('Vires is Numeris', doge.messageMagic))).toBe(
      'c0963d20d0accd0ea0df6c1020bf85a7e629a40e7b5363f2c3e9dcafd5638f12'
    );
    const a = dec('DFpN6QqFfUm3gKNaxN6tNcab1FArL9cZLE', doge);
    const sig =
      'H6k+dZwJ8oOei3PCSpdj603fDvhlhQ+sqaFNIDvo/bI+Xh6zyIKGzZpyud6YhZ1a5mcrwMVtTWL+VXq/hC5Zj7s=';
    expect(verifyBip137(a, 'vires is numeris', sig)).toMatchObject({ ok: true });
    expect(verifyBip137(a, 'vires is numeris!', sig)).toMatchObject({
      ok: false,
      code: 'E_SIGNATURE',
    });
  });

  it('bitcoinjs-message segwit fixtures (Trezor headers 36 / 40; Electrum-style header 32) verify', () => {
    const btc = networkByName('mainnet');
    const nested = dec('3JvL6Ymt8MVWiCNHC7oWU6nLeHNJKLZGLN', btc);
    const native = dec('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', btc);
    const rs =
      'F8nHqFr3K2UKYahhX3soVeoW8W1ECNbr0wfck7lzyXjCS5Q16Ek45zyBuy1Fiy9sTPKVgsqqOuPvbycuVSSVl8=';
    const m = 'vires is numeris';
    expect(verifyBip137(nested, m, `J${rs}`)).toMatchObject({ ok: true });
    expect(verifyBip137(native, m, `K${rs}`)).toMatchObject({ ok: true });
    expect(verifyBip137(nested, m, `I${rs}`)).toMatchObject({ ok: true });
    expect(verifyBip137(native, m, `I${rs}`)).toMatchObject({ ok: true });
    // claims crossed: a P2WPKH header on a P2SH address and the reverse (S17-b6)
    expect(verifyBip137(nested, m, `K${rs}`)).toMatchObject({ ok: false, code: 'E_ADDRESS_TYPE' });
    expect(verifyBip137(native, m, `J${rs}`)).toMatchObject({ ok: false, code: 'E_ADDRESS_TYPE' });
    // the uncompressed header (27–30) cannot name a segwit key
    expect(verifyBip137(native, m, `H${rs}`)).toMatchObject({ ok: false, code: 'E_ADDRESS_TYPE' });
  });

  for (const name of [
    'ltc-mainnet',
    'bch-mainnet',
    'doge-mainnet',
    'mona-mainnet',
    'ltc-regtest',
  ]) {
    const net = networkByName(name);
    describe(name, () => {
      const a = dec(addr(net, 'p2pkh', PKH), net);
      const own = (signature: string, ch = challenge) =>
        verifyOwnership({
          chain: chainIdOfNetwork(net),
          address: a,
          ownership: { type: 'bip137', signature, challenge: ch },
          challenge,
          utxos: [],
        });
      it("this round's challenge under the chain's magic → ok", () => {
        expect(own(signBip137(challenge, SK, 'p2pkh', net.messageMagic))).toMatchObject({
          ok: true,
        });
      });
      it("a signature over last month's challenge → E_SIGNATURE / E_OWNERSHIP_MESSAGE (S17-b2)", () => {
        const old = ownershipChallenge(lastMonth);
        const s = signBip137(old, SK, 'p2pkh', net.messageMagic);
        expect(own(s)).toMatchObject({ ok: false, code: 'E_SIGNATURE' });
        expect(own(s, old)).toMatchObject({ ok: false, code: 'E_OWNERSHIP_MESSAGE' });
      });
      it("another chain's magic → E_SIGNATURE (a signature made for another coin does not carry over)", () => {
        const other = net.messageMagic.startsWith('Bitcoin')
          ? 'Litecoin Signed Message:\n'
          : 'Bitcoin Signed Message:\n';
        expect(own(signBip137(challenge, SK, 'p2pkh', other))).toMatchObject({
          ok: false,
          code: 'E_SIGNATURE',
        });
      });
      if (net.segwit) {
        it('P2WPKH and P2SH-P2WPKH signed by their key (BIP-137 and Electrum headers) → ok', () => {
          const w = dec(addr(net, 'p2wpkh', PKH), net);
          const n = dec(addr(net, 'p2sh', NESTED), net);
          for (const k of ['p2wpkh', 'p2pkh'] as const)
            expect(
              verifyBip137(w, challenge, signBip137(challenge, SK, k, net.messageMagic))
            ).toMatchObject({ ok: true });
          for (const k of ['p2sh-p2wpkh', 'p2pkh'] as const)
            expect(
              verifyBip137(n, challenge, signBip137(challenge, SK, k, net.messageMagic))
            ).toMatchObject({ ok: true });
        });
        it('segwit chain: BIP-322 simple (P2WPKH) and BIP-127 (P2PKH UTXO) proofs verify', () => {
          const w = dec(addr(net, 'p2wpkh', PKH), net);
          expect(
            verifyOwnership({
              chain: chainIdOfNetwork(net),
              address: w,
              ownership: {
                type: 'bip322-simple',
                signature: signBip322(challenge, { type: 'p2wpkh', secretKey: SK }),
                challenge,
              },
              challenge,
              utxos: [],
            })
          ).toMatchObject({ ok: true });
          const utxo = {
            txid: '11'.repeat(32),
            vout: 1,
            value: 5_000n,
            scriptPubKey: a.scriptPubKey,
          };
          const psbt = signBip127(
            challenge,
            [{ txid: utxo.txid, vout: 1, value: 5_000n, signer: { type: 'p2pkh', secretKey: SK } }],
            a.scriptPubKey
          );
          expect(
            verifyOwnership({
              chain: chainIdOfNetwork(net),
              address: a,
              ownership: { type: 'bip127-psbt', signature: psbt, challenge },
              challenge,
              utxos: [utxo],
            })
          ).toMatchObject({ ok: true, type: 'bip127-psbt' });
        });
        it('P2WSH, P2TR → E_ADDRESS_TYPE; a P2SH multisig of the key → E_SIGNATURE (S17-b7)', () => {
          const s = signBip137(challenge, SK, 'p2pkh', net.messageMagic);
          const ms = Uint8Array.of(OP.OP_1, 33, ...PUB, OP.OP_1, OP.OP_CHECKMULTISIG);
          const wsh = dec(addr(net, 'p2wsh', sha256(ms)), net);
          const tr = dec(addr(net, 'p2tr', PUB.subarray(1)), net);
          const sh = dec(addr(net, 'p2sh', hash160(ms)), net);
          expect(verifyBip137(wsh, challenge, s)).toMatchObject({
            ok: false,
            code: 'E_ADDRESS_TYPE',
          });
          expect(verifyBip137(tr, challenge, s)).toMatchObject({
            ok: false,
            code: 'E_ADDRESS_TYPE',
          });
          expect(verifyBip137(sh, challenge, s)).toMatchObject({ ok: false, code: 'E_SIGNATURE' });
        });
      } else {
        it('no segwit: BIP-322 and BIP-127 → E_OWNERSHIP_TYPE; a segwit header on P2SH → E_ADDRESS_TYPE (S17-b5)', () => {
          for (const type of ['bip322-simple', 'bip322-full', 'bip127-psbt'])
            expect(
              verifyOwnership({
                chain: chainIdOfNetwork(net),
                address: a,
                ownership: { type, signature: 'AA==', challenge },
                challenge,
                utxos: [],
              })
            ).toMatchObject({ ok: false, code: 'E_OWNERSHIP_TYPE' });
          const n = dec(addr(net, 'p2sh', NESTED), net);
          const s = signBip137(challenge, SK, 'p2sh-p2wpkh', net.messageMagic);
          expect(verifyBip137(n, challenge, s)).toMatchObject({
            ok: false,
            code: 'E_ADDRESS_TYPE',
          });
        });
      }
    });
  }

  it('hash256 sanity: the digest depends on the magic length byte', () => {
    const m = 'x';
    const l = networkByName('ltc-mainnet').messageMagic;
    expect(bytesToHex(bip137Digest(m, l))).toBe(
      bytesToHex(hash256(concatBytes(Uint8Array.of(l.length), utf8(l), Uint8Array.of(1), utf8(m))))
    );
  });
});
