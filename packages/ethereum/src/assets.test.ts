/**
 * The asset table read from its file (`readAssetTable`): the strict JSON parser first, then the
 * declared shape (`ethAssetTableShape`); errors name the file, the line and the field. The
 * hand reader's accepted set is kept: a null `layout` or `encoding` reads as the default.
 */
import { InputError } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import { parseAssetTable, readAssetTable } from './assets.js';

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const text = (decimals: string) =>
  [
    '{',
    '  "version": "kura-eth-assets/1",',
    '  "networks": {',
    '    "eip155:1": [',
    '      { "symbol": "ETH", "native": true, "decimals": 18 },',
    `      { "symbol": "USDC", "contract": "${USDC}", "decimals": ${decimals} }`,
    '    ]',
    '  }',
    '}',
  ].join('\n');

describe('readAssetTable', () => {
  test('reads the bytes of a table as parseAssetTable reads its value', () => {
    const t = text('6');
    expect(readAssetTable(new TextEncoder().encode(t), 'a.json')).toEqual(
      parseAssetTable(JSON.parse(t), 'a.json')
    );
  });
  test('an error names the file, the line and the field', () => {
    try {
      readAssetTable(text('37'), 'a.json');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).location).toEqual({
        file: 'a.json',
        line: 6,
        field: 'networks.eip155:1[1].decimals',
      });
      expect((e as Error).message).toMatch(
        /^a\.json:6: field "networks\.eip155:1\[1\]\.decimals": expected an integer 0 … 36/
      );
    }
  });
  test('the strict parser refuses a duplicate member before any shape', () => {
    expect(() => readAssetTable(text('6, "decimals": 6'), 'a.json')).toThrow(
      /a\.json:\d+:\d+: field "\$\.networks\["eip155:1"\]\[1\]\.decimals": duplicate member/
    );
  });
  test('a null layout or encoding is the default, as in the hand reader', () => {
    const t = parseAssetTable({
      version: 'kura-eth-assets/1',
      networks: {
        'eip155:1': [
          {
            symbol: 'USDC',
            contract: USDC,
            decimals: 6,
            balanceSlot: '9',
            layout: null,
            encoding: null,
          },
        ],
      },
    });
    expect(t.networks.get('eip155:1')?.[0]).toMatchObject({
      layout: 'solidity',
      encoding: 'uint256',
    });
  });
});
