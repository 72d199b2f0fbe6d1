/** The collector's input files: errors name file, line and field; nothing is guessed. */
import { InputError } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import { decodeBalanceWord, parseAssetTable } from './assets.js';
import { parseAddressList, parseSignatureList } from './inputs.js';

const A = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const B = '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359';
const SIG = `0x${'11'.repeat(32)}${'22'.repeat(32)}1b`;

function refused(f: () => unknown, re: RegExp): void {
  expect(f).toThrow(InputError);
  expect(f).toThrow(re);
}

describe('addresses (JSON Lines)', () => {
  test('parsed with custody and label; EIP-55 spelling returned; blank lines skipped', () => {
    const rows = parseAddressList(
      `{"address":"${A.toLowerCase()}","custody":"customer-cold","label":"cold 1"}\n\n{"address":"${B}","custody":"exchange-own"}\n`,
      'a.jsonl'
    );
    expect(rows).toEqual([
      { address: A, custody: 'customer-cold', label: 'cold 1', line: 1 },
      { address: B, custody: 'exchange-own', line: 3 },
    ]);
  });
  test('errors name the file, the line and the field', () => {
    refused(
      () =>
        parseAddressList(
          `{"address":"${A}","custody":"customer-cold"}\n{"address":"${A.replace('aAeb', 'AAeb')}","custody":"customer-cold"}`,
          'a.jsonl'
        ),
      /^a\.jsonl:2: field "address": mixed-case address .* wrong EIP-55 checksum/
    );
    refused(
      () =>
        parseAddressList(
          `{"address":"${A}","custody":"customer-cold"}\n{"address":"${A.toLowerCase()}","custody":"customer-hot"}`,
          'a.jsonl'
        ),
      /a\.jsonl:2: field "address": address listed twice \(first on line 1\)/
    );
    refused(
      () => parseAddressList(`{"address":"${A}","custody":"cold"}`, 'a.jsonl'),
      /a\.jsonl:1: field "custody": expected one of customer-cold, customer-hot, exchange-own/
    );
    refused(
      () => parseAddressList(`{"address":"${A}","custody":"customer-cold","x":1}`, 'a.jsonl'),
      /a\.jsonl:1: field "x": unknown field/
    );
    refused(
      () => parseAddressList(`{"address":"${A}",`, 'a.jsonl'),
      /a\.jsonl:1: not a JSON object/
    );
    refused(
      () => parseAddressList(`["${A}"]`, 'a.jsonl'),
      /a\.jsonl:1: expected one JSON object per line/
    );
    refused(() => parseAddressList('\n\n', 'a.jsonl'), /a\.jsonl: no addresses/);
    refused(
      () => parseAddressList(`{"address":"${A}","custody":"customer-cold","label":""}`, 'a.jsonl'),
      /field "label"/
    );
  });
});

describe('signatures (JSON Lines)', () => {
  test('parsed; any hex case accepted on input', () => {
    const rows = parseSignatureList(
      `{"address":"${A}","type":"eip191","signature":"${SIG.toUpperCase().replace('0X', '0x')}"}\n{"address":"${B}","type":"eip1271","signature":"0xabcd"}`
    );
    expect(rows.map((r) => [r.address, r.type, r.signature.length, r.line])).toEqual([
      [A, 'eip191', 65, 1],
      [B, 'eip1271', 2, 2],
    ]);
  });
  test('errors name the file, the line and the field', () => {
    refused(
      () =>
        parseSignatureList(
          `{"address":"${A}","type":"bip322-simple","signature":"${SIG}"}`,
          's.jsonl'
        ),
      /s\.jsonl:1: field "type": expected one of eip191, eip712, eip1271/
    );
    refused(
      () =>
        parseSignatureList(`{"address":"${A}","type":"eip191","signature":"0x1234"}`, 's.jsonl'),
      /s\.jsonl:1: field "signature": an eip191 signature is 65 bytes/
    );
    refused(
      () => parseSignatureList(`{"address":"${A}","type":"eip712","signature":"zz"}`, 's.jsonl'),
      /field "signature": expected 0x-prefixed hex/
    );
    refused(
      () =>
        parseSignatureList(
          `{"address":"${A}","type":"eip191","signature":"${SIG}"}\n{"address":"${A}","type":"eip712","signature":"${SIG}"}`,
          's.jsonl'
        ),
      /s\.jsonl:2: field "address": second signature/
    );
  });
  test('the declared row shape: unknown and missing members, non-string values, lengths', () => {
    const row = (o: Record<string, unknown>) =>
      JSON.stringify({ address: A, type: 'eip191', signature: SIG, ...o });
    refused(
      () => parseSignatureList(row({ note: 'x' }), 's.jsonl'),
      /s\.jsonl:1: field "note": unknown field/
    );
    refused(
      () => parseSignatureList(`{"address":"${A}","type":"eip191"}`, 's.jsonl'),
      /s\.jsonl:1: missing required field "signature"/
    );
    refused(
      () => parseSignatureList(row({ type: 1 }), 's.jsonl'),
      /s\.jsonl:1: field "type": expected one of eip191, eip712, eip1271$/
    );
    refused(
      () => parseSignatureList(row({ type: '' }), 's.jsonl'),
      /field "type": expected one of eip191, eip712, eip1271/
    );
    refused(
      () => parseSignatureList(row({ signature: '0x123' }), 's.jsonl'),
      /field "signature": expected 0x-prefixed hex/
    );
    refused(
      () => parseSignatureList(row({ type: 'eip1271', signature: '0x' }), 's.jsonl'),
      /field "signature": expected 1 … 16384 bytes/
    );
    refused(
      () =>
        parseSignatureList(
          row({ type: 'eip1271', signature: `0x${'ab'.repeat(16385)}` }),
          's.jsonl'
        ),
      /field "signature": expected 1 … 16384 bytes/
    );
    expect(
      parseSignatureList(row({ type: 'eip1271', signature: `0x${'ab'.repeat(16384)}` }))[0]!
        .signature.length
    ).toBe(16384);
    refused(
      () => parseSignatureList(row({ address: 5 }), 's.jsonl'),
      /s\.jsonl:1: field "address": expected a string/
    );
    refused(
      () => parseSignatureList(row({ address: '0x1234' }), 's.jsonl'),
      /field "address": expected 0x followed by 40 hex characters/
    );
  });
});

describe('asset table', () => {
  const ok = {
    version: 'kura-eth-assets/1',
    networks: {
      'eip155:1': [
        { symbol: 'ETH', native: true, decimals: 18 },
        {
          symbol: 'USDC',
          contract: A.toLowerCase(),
          decimals: 6,
          balanceSlot: '9',
          encoding: 'fiattoken-v2.2',
        },
        { symbol: 'DAI', contract: B, decimals: 18 },
      ],
    },
  };
  test('parsed: contracts in EIP-55, slots as bigint, defaults filled', () => {
    const t = parseAssetTable(ok, 'assets.json');
    expect(t.networks.get('eip155:1')).toEqual([
      { symbol: 'ETH', native: true, decimals: 18 },
      {
        symbol: 'USDC',
        native: false,
        contract: A,
        decimals: 6,
        balanceSlot: 9n,
        layout: 'solidity',
        encoding: 'fiattoken-v2.2',
      },
      {
        symbol: 'DAI',
        native: false,
        contract: B,
        decimals: 18,
        layout: 'solidity',
        encoding: 'uint256',
      },
    ]);
  });
  const net = (list: unknown[]) => ({
    version: 'kura-eth-assets/1',
    networks: { 'eip155:1': list },
  });
  test('errors name the file and the field', () => {
    refused(
      () => parseAssetTable({ ...ok, version: 'x' }, 'assets.json'),
      /assets\.json: field "version"/
    );
    refused(
      () =>
        parseAssetTable(
          { version: 'kura-eth-assets/1', networks: { 'bip122:x': [] } },
          'assets.json'
        ),
      /field "networks\.bip122:x": expected an eip155/
    );
    refused(
      () => parseAssetTable(net([{ symbol: 'ETH', native: true, decimals: 6 }]), 'assets.json'),
      /networks\.eip155:1\[0\]\.decimals": the native asset of an EVM chain has 18 decimals/
    );
    refused(
      () =>
        parseAssetTable(
          net([{ symbol: 'X', contract: A.replace('aAeb', 'AAeb'), decimals: 6 }]),
          'assets.json'
        ),
      /\[0\]\.contract": mixed-case/
    );
    refused(
      () =>
        parseAssetTable(
          net([
            { symbol: 'X', contract: A, decimals: 6 },
            { symbol: 'Y', contract: A.toLowerCase(), decimals: 6 },
          ]),
          'assets.json'
        ),
      /\[1\]\.contract": contract listed twice/
    );
    refused(
      () =>
        parseAssetTable(
          net([
            { symbol: 'X', contract: A, decimals: 6 },
            { symbol: 'X', contract: B, decimals: 6 },
          ]),
          'assets.json'
        ),
      /\[1\]\.symbol": duplicate symbol/
    );
    refused(
      () =>
        parseAssetTable(
          net([{ symbol: 'X', contract: A, decimals: 6, balanceSlot: 9 }]),
          'assets.json'
        ),
      /balanceSlot": expected a decimal string/
    );
    refused(
      () =>
        parseAssetTable(
          net([{ symbol: 'X', contract: A, decimals: 6, layout: 'vyper' }]),
          'assets.json'
        ),
      /layout and encoding need a balanceSlot/
    );
    refused(
      () => parseAssetTable(net([{ symbol: 'X', contract: A, decimals: 37 }]), 'assets.json'),
      /decimals": expected an integer 0 … 36/
    );
  });
  test('FiatToken 2.2 storage word: balance in the low 255 bits, blacklist flag in bit 255', () => {
    expect(decodeBalanceWord((1n << 255n) | 42n, 'fiattoken-v2.2')).toEqual({
      balance: 42n,
      frozen: true,
    });
    expect(decodeBalanceWord(42n, 'fiattoken-v2.2')).toEqual({ balance: 42n, frozen: false });
    expect(decodeBalanceWord((1n << 255n) | 42n, 'uint256')).toEqual({
      balance: (1n << 255n) | 42n,
      frozen: false,
    });
  });
});
