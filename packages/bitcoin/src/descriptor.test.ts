/**
 * Output descriptors: BIP-380 checksums and BIP-381/382/383/386 derivation against public
 * vectors (BIP-380 `raw(deadbeef)#89f8spxm`; Bitcoin Core `descriptor_tests.cpp` wpkh xpub
 * scripts; libwally's pkh / wsh(multi) / wsh(sortedmulti) vectors at index 16; rust-miniscript's
 * sortedmulti address; BIP-386 `tr(a34b…)`), plus rejection of everything outside the subset and
 * fast-check fuzzing of the parser.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { bytesToHex } from '@kura/codec';
import { BIP32Factory } from 'bip32';
import { initEccLib, payments } from 'bitcoinjs-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressOfScript } from './address.js';
import {
  checkDescriptorChecksum,
  DescriptorError,
  deriveDescriptor,
  descriptorChecksum,
  findInDescriptor,
  parseDescriptor,
} from './descriptor.js';
import { BITCOIN_MAINNET, BITCOIN_REGTEST, NETWORKS, toBitcoinJs } from './networks.js';

initEccLib(ecc);
const X =
  'xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB';
const Y =
  'xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH';
const D34 =
  "[d34db33f/44'/0'/0']xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL";
const withSum = (b: string) => `${b}#${descriptorChecksum(b)}`;
const spkAt = (d: string, i: number) =>
  bytesToHex(deriveDescriptor(parseDescriptor(d, BITCOIN_MAINNET), i).scriptPubKey);

describe('BIP-380 checksum', () => {
  it.each([
    ['raw(deadbeef)', '89f8spxm'],
    ['addr(moUfpGiXWcFd5ueRn3988VDqRSkB5NrEmW)', '9amhxcar'],
    [`pkh(${D34}/1/*)`, 'ml40v0wf'],
    [`wsh(multi(1,${X}/1/0/*,${Y}/0/0/*))`, 't2zpj2eu'],
    [`wsh(sortedmulti(1,${X}/1/0/*,${Y}/0/0/*))`, 'v66cvalc'],
    [`wsh(sortedmulti(1,${X},${Y}))`, '7etm7zk7'],
    ['tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)', 'dh4fyxrd'],
  ])('%s#%s', (body, sum) => {
    expect(descriptorChecksum(body)).toBe(sum);
    expect(checkDescriptorChecksum(`${body}#${sum}`)).toBe(body);
  });
  it('a missing, short or wrong checksum is rejected', () => {
    expect(() => checkDescriptorChecksum('raw(deadbeef)')).toThrow(/missing checksum/);
    expect(() => checkDescriptorChecksum('raw(deadbeef)#')).toThrow(DescriptorError);
    expect(() => checkDescriptorChecksum('raw(deadbeef)#89f8spxmx')).toThrow(DescriptorError);
    expect(() => checkDescriptorChecksum('raw(deadbeef)#89f8spxn')).toThrow(/expected #89f8spxm/);
    expect(() => checkDescriptorChecksum('raw(deadbeef)#89f8spxM')).toThrow(DescriptorError);
  });
  it('property: any single-character change of the body is detected', () => {
    const body = `wsh(sortedmulti(1,${X}/1/0/*,${Y}/0/0/*))`;
    const sum = descriptorChecksum(body);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: body.length - 1 }),
        fc.constantFrom(...'0123456789abcdefxyz()/,*'),
        (i, c) => {
          if (body[i] === c) return true;
          const mutated = body.slice(0, i) + c + body.slice(i + 1);
          try {
            checkDescriptorChecksum(`${mutated}#${sum}`);
            return false;
          } catch (e) {
            return e instanceof DescriptorError;
          }
        }
      )
    );
  });
});

describe('derivation against public vectors', () => {
  it('wpkh(xpub/1/2/*) — Bitcoin Core descriptor_tests', () => {
    const d = withSum(`wpkh([ffffffff/13']${Y}/1/2/*)`);
    expect([0, 1, 2].map((i) => spkAt(d, i))).toEqual([
      '0014326b2249e3a25d5dc60935f044ee835d090ba859',
      '0014af0bd98abc2f2cae66e36896a39ffe2d32984fb7',
      '00141fa798efd1cbf95cebf912c031b8a4a6e9fb9f27',
    ]);
  });
  it('pkh, wsh(multi), wsh(sortedmulti) at index 16 — libwally vectors', () => {
    expect(spkAt(withSum(`pkh(${D34}/1/*)`), 16)).toBe(
      '76a914d234825a563de8b4fd31d2b30f60b1e60fe57ee788ac'
    );
    expect(spkAt(withSum(`wsh(multi(1,${X}/1/0/*,${Y}/0/0/*))`), 16)).toBe(
      '00204616bb4e66d0b540b480c5b26c619385c4c2b83ed79f4f3eab09b01745443a55'
    );
    expect(spkAt(withSum(`wsh(sortedmulti(1,${X}/1/0/*,${Y}/0/0/*))`), 16)).toBe(
      '002002aeee9c3773dfecfe6215f2eea2908776b1232513a700e1ee516b634883ecb0'
    );
  });
  it('sortedmulti ignores key order — rust-miniscript vector', () => {
    for (const d of [
      `wsh(sortedmulti(1,${X},${Y}))#7etm7zk7`,
      `wsh(sortedmulti(1,${Y},${X}))#ppmeel9k`,
    ])
      expect(addressOfScript(hexToSpk(spkAt(d, 0)), NETWORKS[0]!)).toBe(
        'bc1qpq2cfgz5lktxzr5zqv7nrzz46hsvq3492ump9pz8rzcl8wqtwqcspx5y6a'
      );
  });
  it('tr(KEY) — BIP-386 vector; compressed keys of either parity give the same output', () => {
    const k = 'a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd';
    const want = '512077aab6e066f8a7419c5ab714c12c67d25007ed55a43cadcacb4d7a970a093f11';
    for (const key of [k, `02${k}`, `03${k}`]) expect(spkAt(withSum(`tr(${key})`), 0)).toBe(want);
  });
  it('tr(xpub/0/*), sh(wpkh(xpub/0/*)), sh(wsh(sortedmulti)) agree with bitcoinjs-lib payments', () => {
    const bip32 = BIP32Factory(ecc);
    const node = bip32.fromBase58(Y);
    const tr = withSum(`tr(${Y}/0/*)`);
    const shw = withSum(`sh(wpkh(${Y}/0/*))`);
    const shm = withSum(`sh(wsh(sortedmulti(2,${X}/0/*,${Y}/0/*)))`);
    for (const i of [0, 5, 99]) {
      const pub = node.derive(0).derive(i).publicKey;
      expect(spkAt(tr, i)).toBe(
        bytesToHex(payments.p2tr({ internalPubkey: pub.subarray(1) }).output!)
      );
      expect(spkAt(shw, i)).toBe(
        bytesToHex(payments.p2sh({ redeem: payments.p2wpkh({ pubkey: pub }) }).output!)
      );
      const keys = [bip32.fromBase58(X).derive(0).derive(i).publicKey, pub].sort((a, b) =>
        Buffer.compare(Buffer.from(a), Buffer.from(b))
      );
      const ms = payments.p2ms({ m: 2, pubkeys: keys });
      expect(spkAt(shm, i)).toBe(
        bytesToHex(payments.p2sh({ redeem: payments.p2wsh({ redeem: ms }) }).output!)
      );
    }
  });
  it('findInDescriptor searches the declared range only', () => {
    const d = parseDescriptor(withSum(`wpkh([ffffffff/13']${Y}/1/2/*)`), BITCOIN_MAINNET);
    const target = hexToSpk('00141fa798efd1cbf95cebf912c031b8a4a6e9fb9f27');
    expect(findInDescriptor(d, target, [0, 5])?.index).toBe(2);
    expect(findInDescriptor(d, target, [3, 9])).toBeUndefined();
  });
});

describe('rejections', () => {
  const bad = (body: string, re: RegExp, chain = BITCOIN_MAINNET) =>
    expect(() => parseDescriptor(withSum(body), chain)).toThrow(re);
  it('constructs outside the subset are refused clearly', () => {
    bad('raw(deadbeef)', /unsupported descriptor "raw/);
    bad('addr(moUfpGiXWcFd5ueRn3988VDqRSkB5NrEmW)', /unsupported descriptor "addr/);
    bad(`combo(${X})`, /unsupported/);
    bad(`sh(multi(1,${X}))`, /unsupported/);
    bad(`tr(${X},pk(${Y}))`, /script tree/);
    bad(`wpkh(${X}/0/<0;1>/*)`, /multipath/);
  });
  it('private keys and hardened steps after an xpub are refused', () => {
    bad(
      'wpkh(xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U)',
      /private keys/
    );
    bad('wpkh(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)', /private keys/);
    bad(`wpkh(${X}/0'/*)`, /hardened/);
    bad(`wpkh(${X}/0/*')`, /hardened/);
  });
  it('bad thresholds and keys', () => {
    bad(`wsh(multi(3,${X},${Y}))`, /threshold 3 exceeds/);
    bad(`wsh(multi(0,${X}))`, /threshold/);
    bad(
      'wpkh(02a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5)',
      /compressed public key/
    );
    bad('wpkh(02A34B99F22C790C4E36B2B3C2C35A36DB06226E41C692FC82B8B56AC1C540C5BD)', /lower case/);
  });
  it('an xpub (mainnet) in a regtest descriptor, or a tpub in a mainnet one → refused', () => {
    bad(`wpkh(${X}/0/*)`, /extended key of mainnet/, BITCOIN_REGTEST);
    const tpub = BIP32Factory(ecc)
      .fromSeed(new Uint8Array(32).fill(1), toBitcoinJs(NETWORKS[4]!))
      .neutered()
      .toBase58();
    bad(`wpkh(${tpub}/0/*)`, /extended key of testnet3/);
    expect(() => parseDescriptor(withSum(`wpkh(${tpub}/0/*)`), BITCOIN_REGTEST)).not.toThrow();
  });
  it('property: arbitrary and mutated descriptors throw only DescriptorError', () => {
    const base = `wsh(sortedmulti(2,${X}/0/*,${Y}/1/*))`;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc
            .tuple(
              fc.integer({ min: 0, max: base.length }),
              fc.integer({ min: 0, max: 20 }),
              fc.string({ maxLength: 5 })
            )
            .map(([i, n, s]) => base.slice(0, i) + s + base.slice(i + n))
        ),
        (body) => {
          for (const text of [body, `${body}#${safeSum(body)}`]) {
            try {
              const d = parseDescriptor(text, BITCOIN_MAINNET);
              deriveDescriptor(d, 7);
            } catch (e) {
              if (!(e instanceof DescriptorError)) throw e;
            }
          }
          return true;
        }
      ),
      { numRuns: 300 }
    );
  });
});

function safeSum(b: string): string {
  try {
    return descriptorChecksum(b);
  } catch {
    return 'qqqqqqqq';
  }
}
function hexToSpk(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((x) => Number.parseInt(x, 16)));
}
