/** EIP-55 mixed-case checksum addresses (attack D7-a). Vectors: the examples of EIP-55. */
import { describe, expect, test } from 'vitest';
import { checkAddress } from './address.js';

const VALID = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];

describe('EIP-55', () => {
  test('the EIP examples are accepted; the checksummed spelling is returned', () => {
    for (const a of VALID) {
      const r = checkAddress(a);
      expect(r.ok, a).toBe(true);
    }
    expect(checkAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toMatchObject({
      ok: true,
      address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    });
    const mixed = VALID.slice(4);
    for (const a of mixed)
      expect(checkAddress(a.toLowerCase())).toMatchObject({ ok: true, address: a });
  });
  test('a mixed-case address with one letter of wrong case → BAD_CHECKSUM', () => {
    for (const a of VALID.slice(4)) {
      const i = [...a].findIndex((c, k) => k > 1 && /[a-fA-F]/.test(c));
      const c = a[i]!;
      const bad =
        a.slice(0, i) +
        (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) +
        a.slice(i + 1);
      expect(checkAddress(bad), bad).toMatchObject({ ok: false, code: 'BAD_CHECKSUM' });
    }
  });
  test('not an address → BAD_ADDRESS', () => {
    for (const a of [
      '',
      '0x',
      '5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe',
      '0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg',
      42,
      null,
    ])
      expect(checkAddress(a)).toMatchObject({ ok: false, code: 'BAD_ADDRESS' });
  });
});
