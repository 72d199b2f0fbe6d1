/**
 * CashAddr against the official vectors of its specification: bitcoincashorg/bitcoincash.org
 * `spec/cashaddr.md` v1.1, §Checksum (checksum-only vectors), §Test vectors (legacy translation
 * table and "Larger test vectors" with 20 … 64-byte hashes).
 */
import { hexToBytes } from '@kura/codec';
import { address as bjsAddress } from 'bitcoinjs-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CashAddress,
  cashChecksumValid,
  decodeCashAddress,
  encodeCashAddress,
} from './cashaddr.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** spec §Checksum: valid checksums on deliberately invalid payloads. */
const CHECKSUM_ONLY = [
  'prefix:x64nx6hz',
  'p:gpf8m4h7',
  'bitcoincash:qpzry9x8gf2tvdw0s3jn54khce6mua7lcw20ayyn',
  'bchtest:spectestnetaddressrealrealaddressqpan2k9lh',
  'bchreg:555555555555555555555555555555555555555555555udxmlmrz',
];

/** spec §Examples of address translation (legacy base58 ↔ CashAddr). */
const TRANSLATION: [string, string][] = [
  ['1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a'],
  ['1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR', 'bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy'],
  ['16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb', 'bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r'],
  ['3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC', 'bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq'],
  ['3LDsS579y7sruadqu11beEJoTjdFiFCdX4', 'bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e'],
  ['31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw', 'bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37'],
];

/** spec §Larger test vectors: [size, type, address, data]. */
const LARGER: [number, number, string, string][] = [
  [
    20,
    0,
    'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2',
    'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9',
  ],
  [
    20,
    1,
    'bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t',
    'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9',
  ],
  [
    20,
    1,
    'pref:pr6m7j9njldwwzlg9v7v53unlr4jkmx6ey65nvtks5',
    'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9',
  ],
  [
    24,
    0,
    'bitcoincash:q9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2ws4mr9g0',
    '7ADBF6C17084BC86C1706827B41A56F5CA32865925E946EA',
  ],
  [
    24,
    1,
    'bchtest:p9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2u94tsynr',
    '7ADBF6C17084BC86C1706827B41A56F5CA32865925E946EA',
  ],
  [
    28,
    0,
    'bitcoincash:qgagf7w02x4wnz3mkwnchut2vxphjzccwxgjvvjmlsxqwkcw59jxxuz',
    '3A84F9CF51AAE98A3BB3A78BF16A6183790B18719126325BFC0C075B',
  ],
  [
    32,
    0,
    'bitcoincash:qvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq5nlegake',
    '3173EF6623C6B48FFD1A3DCC0CC6489B0A07BB47A37F47CFEF4FE69DE825C060',
  ],
  [
    32,
    1,
    'pref:pvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq4k9m7qf9',
    '3173EF6623C6B48FFD1A3DCC0CC6489B0A07BB47A37F47CFEF4FE69DE825C060',
  ],
  [
    40,
    0,
    'bitcoincash:qnq8zwpj8cq05n7pytfmskuk9r4gzzel8qtsvwz79zdskftrzxtar994cgutavfklv39gr3uvz',
    'C07138323E00FA4FC122D3B85B9628EA810B3F381706385E289B0B25631197D194B5C238BEB136FB',
  ],
  [
    48,
    1,
    'bchtest:ph3krj5607v3qlqh5c3wq3lrw3wnuxw0sp8dv0zugrrt5a3kj6ucysfz8kxwv2k53krr7n933jfsunqnzf7mt6x',
    'E361CA9A7F99107C17A622E047E3745D3E19CF804ED63C5C40C6BA763696B98241223D8CE62AD48D863F4CB18C930E4C',
  ],
  [
    56,
    0,
    'bitcoincash:qmvl5lzvdm6km38lgga64ek5jhdl7e3aqd9895wu04fvhlnare5937w4ywkq57juxsrhvw8ym5d8qx7sz7zz0zvcypqscw8jd03f',
    'D9FA7C4C6EF56DC4FF423BAAE6D495DBFF663D034A72D1DC7D52CBFE7D1E6858F9D523AC0A7A5C34077638E4DD1A701BD017842789982041',
  ],
  [
    64,
    1,
    'pref:plg0x333p4238k0qrc5ej7rzfw5g8e4a4r6vvzyrcy8j3s5k0en7calvclhw46hudk5flttj6ydvjc0pv3nchp52amk97tqa5zygg96mg7pj3lh8',
    'D0F346310D5513D9E01E299978624BA883E6BDA8F4C60883C10F28C2967E67EC77ECC7EEEAEAFC6DA89FAD72D11AC961E164678B868AEEEC5F2C1DA08884175B',
  ],
];

describe('CashAddr (bitcoincash.org spec/cashaddr.md v1.1)', () => {
  it('checksum-only vectors have a valid checksum; one changed character breaks it', () => {
    for (const a of CHECKSUM_ONLY) {
      expect(cashChecksumValid(a)).toBe(true);
      const i = a.length - 3;
      const flipped = a.slice(0, i) + (a[i] === 'q' ? 'p' : 'q') + a.slice(i + 1);
      expect(cashChecksumValid(flipped)).toBe(false);
    }
  });

  it('legacy translation table: the same hash, type 0 for 1… and 1 for 3…', () => {
    for (const [legacy, cash] of TRANSLATION) {
      const b = bjsAddress.fromBase58Check(legacy);
      const d = decodeCashAddress(cash) as CashAddress;
      expect(d.prefix).toBe('bitcoincash');
      expect(d.type).toBe(b.version === 0 ? 0 : 1);
      expect(hex(d.hash)).toBe(hex(b.hash));
      expect(encodeCashAddress('bitcoincash', d.type, b.hash)).toBe(cash);
    }
  });

  it('larger vectors: 20 … 64-byte hashes decode and re-encode exactly', () => {
    for (const [size, type, addr, data] of LARGER) {
      const d = decodeCashAddress(addr) as CashAddress;
      expect(typeof d).toBe('object');
      expect(d.type).toBe(type);
      expect(d.hash.length).toBe(size);
      expect(hex(d.hash)).toBe(data.toLowerCase());
      expect(encodeCashAddress(d.prefix, type, hexToBytes(data.toLowerCase()))).toBe(addr);
    }
  });

  it('upper case is accepted, mixed case, missing prefix, wrong prefix or bad checksum is not', () => {
    const a = TRANSLATION[0]![1];
    expect(decodeCashAddress(a.toUpperCase())).toMatchObject({ prefix: 'bitcoincash' });
    expect(decodeCashAddress(a.replace('q', 'Q'))).toBe('mixed upper and lower case');
    expect(typeof decodeCashAddress(a.slice('bitcoincash:'.length))).toBe('string');
    expect(decodeCashAddress(a.replace('bitcoincash', 'bchtest'))).toBe('bad checksum');
    expect(decodeCashAddress(`${a.slice(0, -1)}q`)).toBe('bad checksum');
  });

  it('property: encode → decode round-trips every size and type; arbitrary text never throws', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(20, 24, 28, 32, 40, 48, 56, 64),
        fc.integer({ min: 0, max: 15 }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (size, type, bytes) => {
          const h = bytes.subarray(0, size);
          const d = decodeCashAddress(encodeCashAddress('bitcoincash', type, h)) as CashAddress;
          return d.type === type && hex(d.hash) === hex(h);
        }
      )
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        const r = decodeCashAddress(s);
        return typeof r === 'string' || typeof r === 'object';
      })
    );
  });
});
