/**
 * Kura's ownership rule over BIP-322 / BIP-137 (attacks C3, C6, D1, D6): this round's
 * challenge only, the right proof type for the address type, no time locks, inconclusive is
 * failure, the multisig threshold met by the proven keys alone, SIGHASH_ALL only.
 */

import { readFileSync } from 'node:fs';
import * as ecc from '@bitcoinerlab/secp256k1';
import { bytesToBase64, bytesToHex, concatBytes, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge, type Round } from '@kura/tree';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { addressOfScript, type DecodedAddress, decodeAddress, scriptOf } from './address.js';
import { bip322ToSign, bip322ToSpend } from './bip322.js';
import { BITCOIN_MAINNET, NETWORKS } from './networks.js';
import { type BitcoinOwnership, verifyOwnership } from './ownership.js';
import { OP, pushData } from './script.js';
import { type SignerScript, signBip137, signBip322, signerScriptPubKey } from './sign.js';
import { ByteWriter } from './wire.js';

const round: Round = { exchange: 'Kura', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const challenge = ownershipChallenge(round);
const sk = (l: string) => sha256(utf8(`ownership ${l}`));
const dec = (s: SignerScript | Uint8Array): DecodedAddress => {
  const spk = s instanceof Uint8Array ? s : signerScriptPubKey(s);
  const d = decodeAddress(addressOfScript(spk, NETWORKS[0]!), BITCOIN_MAINNET);
  if (!d.ok) throw new Error(d.message);
  return d;
};
const check = (s: SignerScript | Uint8Array, ownership: Partial<BitcoinOwnership> | undefined) =>
  verifyOwnership({
    chain: BITCOIN_MAINNET,
    address: dec(s),
    ownership: ownership
      ? ({ challenge, type: 'bip322-simple', signature: '', ...ownership } as BitcoinOwnership)
      : undefined,
    challenge,
    utxos: [],
  });
const codeOf = (r: ReturnType<typeof check>) => (r.ok ? 'ok' : r.code);

const wpkh: SignerScript = { type: 'p2wpkh', secretKey: sk('w') };
const tr: SignerScript = { type: 'p2tr', secretKey: sk('t') };
const nested: SignerScript = { type: 'p2sh-p2wpkh', secretKey: sk('n') };
const pkh: SignerScript = { type: 'p2pkh', secretKey: sk('p') };
const keys = [sk('m1'), sk('m2'), sk('m3')];
const ws = concatBytes(
  Uint8Array.of(0x52),
  ...keys.map((k) => pushData(ecc.pointFromScalar(k, true)!)),
  Uint8Array.of(0x53, 0xae)
);
const msig: SignerScript = { type: 'p2wsh', witnessScript: ws, secretKeys: [keys[0]!, keys[2]!] };
const shMsig: SignerScript = {
  type: 'p2sh-p2wsh',
  witnessScript: ws,
  secretKeys: [keys[1]!, keys[2]!],
};

describe('valid proofs per address type', () => {
  it.each([wpkh, tr, nested, msig, shMsig].map((s) => [s.type, s] as const))(
    '%s: bip322-simple and bip322-full',
    (_t, s) => {
      expect(
        check(s, { type: 'bip322-simple', signature: signBip322(challenge, s) })
      ).toMatchObject({ ok: true });
      expect(
        check(s, { type: 'bip322-full', signature: signBip322(challenge, s, { format: 'full' }) })
      ).toMatchObject({ ok: true });
    }
  );
  it('p2pkh: bip322-full and bip137; bip322-simple is refused for P2PKH', () => {
    expect(
      check(pkh, { type: 'bip322-full', signature: signBip322(challenge, pkh, { format: 'full' }) })
    ).toMatchObject({ ok: true });
    expect(check(pkh, { type: 'bip137', signature: signBip137(challenge, sk('p')) })).toMatchObject(
      { ok: true, type: 'bip137' }
    );
    expect(
      codeOf(check(pkh, { type: 'bip322-simple', signature: signBip322(challenge, wpkh) }))
    ).toBe('E_ADDRESS_TYPE');
  });
  it('the multisig result names the proven keys', () => {
    const r = check(msig, { signature: signBip322(challenge, msig) });
    expect(r.ok && [...r.provenKeys].sort()).toEqual(
      [keys[0]!, keys[2]!].map((k) => bytesToHex(ecc.pointFromScalar(k, true)!)).sort()
    );
  });
});

describe('rejections', () => {
  it('another round, another exchange, a free-text message → E_OWNERSHIP_MESSAGE (D1)', () => {
    for (const text of [
      ownershipChallenge({ ...round, period: '2026-10' }),
      ownershipChallenge({ ...round, exchange: 'other-exchange' }),
      'I own this address',
    ])
      expect(codeOf(check(wpkh, { challenge: text, signature: signBip322(text, wpkh) }))).toBe(
        'E_OWNERSHIP_MESSAGE'
      );
    // last month's signature presented under this month's text
    const old = signBip322(ownershipChallenge({ ...round, period: '2026-10' }), wpkh);
    expect(codeOf(check(wpkh, { signature: old }))).toBe('E_SIGNATURE');
  });
  it('no proof → E_OWNERSHIP_MISSING; an Ethereum proof type → E_OWNERSHIP_TYPE', () => {
    expect(codeOf(check(wpkh, undefined))).toBe('E_OWNERSHIP_MISSING');
    expect(codeOf(check(wpkh, { signature: '' }))).toBe('E_OWNERSHIP_MISSING');
    expect(codeOf(check(wpkh, { type: 'eip191', signature: '0x00' }))).toBe('E_OWNERSHIP_TYPE');
  });
  it('malformed signatures, or a full signature declared simple → E_MALFORMED_SIGNATURE', () => {
    for (const signature of ['smp!!', 'fulAAAA', 'AA', 'smpAA'])
      expect(codeOf(check(wpkh, { signature }))).toBe('E_MALFORMED_SIGNATURE');
    expect(
      codeOf(
        check(wpkh, {
          type: 'bip322-simple',
          signature: signBip322(challenge, wpkh, { format: 'full' }),
        })
      )
    ).toBe('E_MALFORMED_SIGNATURE');
  });
  it('a signature by another key → E_SIGNATURE', () => {
    const other: SignerScript = { type: 'p2wpkh', secretKey: sk('x') };
    expect(codeOf(check(wpkh, { signature: signBip322(challenge, other) }))).toBe('E_SIGNATURE');
    expect(
      codeOf(check(tr, { signature: signBip322(challenge, { type: 'p2tr', secretKey: sk('y') }) }))
    ).toBe('E_SIGNATURE');
  });
  it('time-locked full signatures → E_TIMELOCK (C6-a)', () => {
    const full = (o: { lockTime?: number; sequence?: number; version?: number }) =>
      codeOf(
        check(wpkh, {
          type: 'bip322-full',
          signature: signBip322(challenge, wpkh, { format: 'full', ...o }),
        })
      );
    expect(full({ lockTime: 800_000 })).toBe('E_TIMELOCK');
    expect(full({ sequence: 144, version: 2 })).toBe('E_TIMELOCK');
    expect(full({ sequence: 144, version: 0 })).toBe('E_TIMELOCK');
    expect(full({ sequence: 0xffffffff, version: 2 })).toBe('ok');
  });
  it('the official BIP-322 full vectors (T = S = 2016) are valid BIP-322 but time-locked for Kura', () => {
    const g = JSON.parse(
      readFileSync(
        new URL('../test/vectors/bip322/generated-test-vectors.json', import.meta.url),
        'utf8'
      )
    );
    for (const v of g.full as { address: string; message: string; bip322_signatures: string[] }[]) {
      const d = decodeAddress(v.address, BITCOIN_MAINNET);
      if (!d.ok) throw new Error(d.message);
      const r = verifyOwnership({
        chain: BITCOIN_MAINNET,
        address: d,
        ownership: {
          type: 'bip322-full',
          signature: v.bip322_signatures[0]!,
          challenge: v.message,
        },
        challenge: v.message,
        utxos: [],
      });
      expect(r).toMatchObject({ ok: false, code: 'E_TIMELOCK' });
    }
  });
  it('inconclusive → E_INCONCLUSIVE (C6-b): an unknown to_sign version, an upgradeable NOP', () => {
    expect(
      codeOf(
        check(wpkh, {
          type: 'bip322-full',
          signature: signBip322(challenge, wpkh, { format: 'full', version: 1 }),
        })
      )
    ).toBe('E_INCONCLUSIVE');
    // P2WSH  OP_NOP5 <pk> OP_CHECKSIG, correctly signed: still inconclusive (reserved NOP)
    const k = sk('nop');
    const script = concatBytes(
      Uint8Array.of(OP.OP_NOP4 + 1),
      pushData(ecc.pointFromScalar(k, true)!),
      Uint8Array.of(OP.OP_CHECKSIG)
    );
    const spk = scriptOf('p2wsh', sha256(script));
    const toSign = bip322ToSign(bip322ToSpend(challenge, spk));
    const digest = toSign.hashForWitnessV0(0, script, 0n, 1);
    const sig = concatBytes(
      secp256k1.sign(digest, k, { prehash: false, lowS: true, format: 'der' }),
      Uint8Array.of(1)
    );
    const wit = new ByteWriter().varint(2).varBytes(sig).varBytes(script).finish();
    expect(codeOf(check(spk, { signature: `smp${bytesToBase64(wit)}` }))).toBe('E_INCONCLUSIVE');
  });
  it('2-of-3 with one key, or one key signing twice → E_THRESHOLD (C3-d)', () => {
    expect(
      codeOf(check(msig, { signature: signBip322(challenge, { ...msig, secretKeys: [keys[1]!] }) }))
    ).toBe('E_THRESHOLD');
    expect(
      codeOf(
        check(shMsig, {
          type: 'bip322-full',
          signature: signBip322(
            challenge,
            { ...shMsig, secretKeys: [keys[0]!] },
            { format: 'full' }
          ),
        })
      )
    ).toBe('E_THRESHOLD');
  });
  it('SIGHASH other than ALL / DEFAULT → E_SIGHASH', () => {
    expect(
      codeOf(check(wpkh, { signature: signBip322(challenge, wpkh, { hashType: 0x81 }) }))
    ).toBe('E_SIGHASH');
    expect(
      codeOf(check(wpkh, { signature: signBip322(challenge, wpkh, { hashType: 0x02 }) }))
    ).toBe('E_SIGHASH');
    expect(codeOf(check(tr, { signature: signBip322(challenge, tr, { hashType: 0x83 }) }))).toBe(
      'E_SIGHASH'
    );
    expect(codeOf(check(tr, { signature: signBip322(challenge, tr, { hashType: 0x01 }) }))).toBe(
      'ok'
    );
  });
});
