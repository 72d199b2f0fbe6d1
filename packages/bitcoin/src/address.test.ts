/**
 * BIP-173 / BIP-350 addresses and base58check, network binding (attacks C4-d, D7).
 */
import { bytesToHex, hexToBytes } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressOfScript, decodeAddress, encodeSegwitAddress, scriptOf } from './address.js';
import {
  BITCOIN_MAINNET,
  BITCOIN_REGTEST,
  chainIdOfNetwork,
  NETWORKS,
  networkByName,
} from './networks.js';

const TESTNET = 'bip122:000000000933ea01ad0ee984209779ba';

describe('decodeAddress', () => {
  it.each([
    [
      'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
      'p2wpkh',
      '0014751e76e8199196d454941c45d1b3a323f1433bd6',
    ],
    [
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
      'p2tr',
      '512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
    ],
    [
      '1F3sAm6ZtwLAUnj7d38pGFxtP3RVEvtsbV',
      'p2pkh',
      '76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac',
    ],
    ['3JZJNxvDKe6Y55ZaF5223XHwfF2eoMNnoV', 'p2sh', undefined],
  ])('%s is a mainnet %s', (a, type, spk) => {
    const d = decodeAddress(a, BITCOIN_MAINNET);
    expect(d).toMatchObject({ ok: true, type, address: a.startsWith('BC1') ? a.toLowerCase() : a });
    if (d.ok && spk) expect(bytesToHex(d.scriptPubKey)).toBe(spk);
  });

  it('a testnet address in a mainnet evidence file → E_NETWORK (and the reverse)', () => {
    expect(
      decodeAddress(
        'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
        BITCOIN_MAINNET
      )
    ).toMatchObject({
      ok: false,
      code: 'E_NETWORK',
    });
    expect(decodeAddress('muZpTpBYhxmRFuCjLc7C6BBDF32C8XVJUi', BITCOIN_MAINNET)).toMatchObject({
      ok: false,
      code: 'E_NETWORK',
    });
    expect(decodeAddress('1F3sAm6ZtwLAUnj7d38pGFxtP3RVEvtsbV', TESTNET)).toMatchObject({
      ok: false,
      code: 'E_NETWORK',
    });
    expect(
      decodeAddress('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', TESTNET)
    ).toMatchObject({ ok: true, type: 'p2wsh' });
  });

  it('regtest has two spellings (Bitcoin Core bcrt1…, bcoin rb1…) of the same scripts', () => {
    const spk = scriptOf('p2wpkh', new Uint8Array(20).fill(7));
    const core = addressOfScript(spk, networkByName('regtest'));
    const bcoin = addressOfScript(spk, networkByName('regtest-bcoin'));
    expect(core.startsWith('bcrt1')).toBe(true);
    expect(bcoin.startsWith('rb1')).toBe(true);
    for (const a of [core, bcoin]) {
      const d = decodeAddress(a, BITCOIN_REGTEST);
      expect(d.ok && bytesToHex(d.scriptPubKey)).toBe(bytesToHex(spk));
      expect(decodeAddress(a, BITCOIN_MAINNET)).toMatchObject({ ok: false, code: 'E_NETWORK' });
    }
  });

  it('bech32 for witness v1 and bech32m for v0 are rejected (BIP-350)', () => {
    const prog = hexToBytes('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    expect(
      decodeAddress(encodeSegwitAddress('bc', 1, prog, 'bech32m'), BITCOIN_MAINNET)
    ).toMatchObject({ ok: true, type: 'p2tr' });
    expect(
      decodeAddress(encodeSegwitAddress('bc', 1, prog, 'bech32'), BITCOIN_MAINNET)
    ).toMatchObject({ ok: false, code: 'E_ADDRESS' });
    const h = new Uint8Array(20).fill(1);
    expect(decodeAddress(encodeSegwitAddress('bc', 0, h, 'bech32'), BITCOIN_MAINNET)).toMatchObject(
      { ok: true, type: 'p2wpkh' }
    );
    expect(
      decodeAddress(encodeSegwitAddress('bc', 0, h, 'bech32m'), BITCOIN_MAINNET)
    ).toMatchObject({ ok: false, code: 'E_ADDRESS' });
  });

  it('malformed and unsupported addresses → E_ADDRESS', () => {
    for (const a of [
      '',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3T4', // mixed case
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', // bad checksum
      '1F3sAm6ZtwLAUnj7d38pGFxtP3RVEvtsbW', // bad base58 checksum
      encodeSegwitAddress('bc', 2, new Uint8Array(32), 'bech32m'), // witness v2
      encodeSegwitAddress('bc', 0, new Uint8Array(25), 'bech32'), // v0 of 25 bytes
      '0x52908400098527886E0F7030069857D2E4169EE7',
    ])
      expect(decodeAddress(a, BITCOIN_MAINNET)).toMatchObject({ ok: false, code: 'E_ADDRESS' });
  });

  it('property: every supported script round-trips through every network spelling', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('p2pkh', 'p2sh', 'p2wpkh', 'p2wsh', 'p2tr' as const),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.constantFrom(...NETWORKS),
        (type, bytes, net) => {
          const prog =
            type === 'p2pkh' || type === 'p2sh' || type === 'p2wpkh'
              ? bytes.subarray(0, 20)
              : bytes;
          const spk = scriptOf(type, prog);
          const chain = chainIdOfNetwork(net);
          if (!net.segwit && type !== 'p2pkh' && type !== 'p2sh') {
            // no segwit spelling on BCH / DOGE
            expect(() => addressOfScript(spk, net)).toThrow(RangeError);
            return true;
          }
          const d = decodeAddress(addressOfScript(spk, net), chain);
          if (type === 'p2tr') {
            // x-only keys off the curve still encode (the address layer does not check points)
            expect(d.ok).toBe(true);
          }
          return d.ok && bytesToHex(d.scriptPubKey) === bytesToHex(spk) && d.type === type;
        }
      )
    );
  });

  it('property: arbitrary strings never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        const r = decodeAddress(s, BITCOIN_MAINNET);
        return r.ok || r.code === 'E_ADDRESS' || r.code === 'E_NETWORK';
      })
    );
  });
});
