/**
 * Legacy message signatures (BIP-137 header bytes), restricted to P2PKH (attacks D6).
 * Public vector: bitcoinjs-message README (key L4rK1yDt…, "This is an example of a signed message.").
 */

import * as ecc from '@bitcoinerlab/secp256k1';
import { base64ToBytes, bytesToBase64 } from '@kura/codec';
import { ECPairFactory } from 'ecpair';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressOfScript, type DecodedAddress, decodeAddress, scriptOf } from './address.js';
import { verifyBip137 } from './bip137.js';
import { hash160 } from './hashes.js';
import { BITCOIN_MAINNET, NETWORKS } from './networks.js';
import { signBip137 } from './sign.js';

const KEY = ECPairFactory(ecc).fromWIF('L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1')
  .privateKey!;
const MSG = 'This is an example of a signed message.';
const SIG =
  'H9L5yLFjti0QTHhPyFrZCT1V/MMnBtXKmoiKDZ78NDBjERki6ZTQZdSMCtkgoNmp17By9ItJr8o7ChX0XxY91nk=';
const dec = (a: string): DecodedAddress => {
  const d = decodeAddress(a, BITCOIN_MAINNET);
  if (!d.ok) throw new Error(d.message);
  return d;
};
const P2PKH = dec('1F3sAm6ZtwLAUnj7d38pGFxtP3RVEvtsbV');

describe('BIP-137 legacy signatures', () => {
  it('verifies and reproduces the public vector (RFC 6979 deterministic)', () => {
    expect(verifyBip137(P2PKH, MSG, SIG)).toMatchObject({ ok: true });
    expect(signBip137(MSG, KEY)).toBe(SIG);
  });
  it('wrong message or wrong address → E_SIGNATURE', () => {
    expect(verifyBip137(P2PKH, `${MSG} `, SIG)).toMatchObject({ ok: false, code: 'E_SIGNATURE' });
    expect(verifyBip137(dec('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'), MSG, SIG)).toMatchObject({
      ok: false,
      code: 'E_SIGNATURE',
    });
  });
  it('an uncompressed-key P2PKH address signs with headers 27–30', () => {
    const pub = ecc.pointFromScalar(KEY, false)!;
    const a = dec(addressOfScript(scriptOf('p2pkh', hash160(pub)), NETWORKS[0]!));
    const s = signBip137(MSG, KEY, 'p2pkh-uncompressed');
    expect(base64ToBytes(s)[0]).toBeLessThanOrEqual(30);
    expect(verifyBip137(a, MSG, s)).toMatchObject({ ok: true });
    expect(verifyBip137(P2PKH, MSG, s)).toMatchObject({ ok: false, code: 'E_SIGNATURE' });
  });
  it('header 39 (P2WPKH) or 35 (P2SH-P2WPKH) on a P2PKH address → E_ADDRESS_TYPE (D6-b)', () => {
    expect(verifyBip137(P2PKH, MSG, signBip137(MSG, KEY, 'p2wpkh'))).toMatchObject({
      ok: false,
      code: 'E_ADDRESS_TYPE',
    });
    expect(verifyBip137(P2PKH, MSG, signBip137(MSG, KEY, 'p2sh-p2wpkh'))).toMatchObject({
      ok: false,
      code: 'E_ADDRESS_TYPE',
    });
  });
  it('a P2WPKH address signed with header 39–42 by its own key is accepted; 35–38 or 27–30 → E_ADDRESS_TYPE', () => {
    const wpkh = dec(
      addressOfScript(scriptOf('p2wpkh', hash160(ecc.pointFromScalar(KEY, true)!)), NETWORKS[0]!)
    );
    expect(verifyBip137(wpkh, MSG, signBip137(MSG, KEY, 'p2wpkh'))).toMatchObject({ ok: true });
    for (const k of ['p2sh-p2wpkh', 'p2pkh-uncompressed'] as const)
      expect(verifyBip137(wpkh, MSG, signBip137(MSG, KEY, k))).toMatchObject({
        ok: false,
        code: 'E_ADDRESS_TYPE',
      });
  });
  it('malformed signatures → E_MALFORMED_SIGNATURE', () => {
    const raw = base64ToBytes(SIG);
    for (const s of [
      '',
      'not base64!',
      bytesToBase64(raw.subarray(0, 64)),
      bytesToBase64(Uint8Array.of(26, ...raw.subarray(1))),
      bytesToBase64(Uint8Array.of(43, ...raw.subarray(1))),
    ])
      expect(verifyBip137(P2PKH, MSG, s)).toMatchObject({
        ok: false,
        code: 'E_MALFORMED_SIGNATURE',
      });
  });
  it('property: a changed signature byte never verifies for the same address', () => {
    const raw = base64ToBytes(SIG);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const m = Uint8Array.from(raw);
        m[i] = m[i]! ^ x;
        return !verifyBip137(P2PKH, MSG, bytesToBase64(m)).ok;
      })
    );
  });
});
