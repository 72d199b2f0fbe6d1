/** The XRPL asset table `kura-xrpl-assets/1`: read through its declared shape; errors name the path. */
import { DocumentError, toJsonSchema } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import { checkXrplAddress } from './address.js';
import { parseXrplAssetTable, readXrplAssetTable, xrplAssetTableShape } from './inputs.js';

// the genesis account of the XRP Ledger (a valid classic address on every network)
const ISSUER = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const table = (list: unknown[], chain = 'xrpl:0') => ({
  version: 'kura-xrpl-assets/1',
  networks: { [chain]: list },
});
const XRP = { symbol: 'XRP', decimals: 6 };
const USD = { symbol: 'USD.B', decimals: 15, currency: 'USD', issuer: ISSUER };

function refused(v: unknown): DocumentError {
  try {
    parseXrplAssetTable(v, 'xrp-assets.json');
  } catch (e) {
    if (e instanceof DocumentError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('kura-xrpl-assets/1', () => {
  test('XRP and an issued currency', () => {
    expect(checkXrplAddress('xrpl:0', ISSUER).ok).toBe(true);
    expect(parseXrplAssetTable(table([XRP, USD])).get('xrpl:0')).toEqual([
      { symbol: 'XRP', decimals: 6, native: true },
      { symbol: 'USD.B', decimals: 15, native: false, currency: 'USD', issuer: ISSUER },
    ]);
  });

  test('every refusal is BAD_INPUT naming the file and the JSON path', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...table([XRP]), version: 'x' }, '$.version', /expected "kura-xrpl-assets\/1"/],
      [table([XRP], 'eip155:1'), '$.networks["eip155:1"]', /xrpl:<network_id>/],
      [table([{ ...XRP, extra: 1 }]), '$.networks["xrpl:0"][0].extra', /unknown field/],
      [table([{ ...XRP, decimals: 8 }]), '$.networks["xrpl:0"][0].decimals', /6 decimals/],
      [table([{ ...XRP, decimals: 37 }]), '$.networks["xrpl:0"][0].decimals', /0 … 36/],
      [table([XRP, { ...XRP, symbol: 'XRP2' }]), '$.networks["xrpl:0"]', /XRP listed twice/],
      [table([XRP, { ...USD, symbol: 'XRP' }]), '$.networks["xrpl:0"][1].symbol', /twice/],
      [table([{ ...USD, currency: 'XRP' }]), '$.networks["xrpl:0"][0].currency', /not XRP/],
      [table([{ ...USD, currency: 'usdc' }]), '$.networks["xrpl:0"][0].currency', /currency/],
      [table([{ ...USD, issuer: 'rNope' }]), '$.networks["xrpl:0"][0].issuer', /./],
      [table([USD, { ...USD, symbol: 'U2' }]), '$.networks["xrpl:0"][1]', /listed twice/],
    ];
    for (const [v, path, reason] of cases) {
      const e = refused(v);
      expect([path, e.code, e.path, e.file]).toEqual([path, 'BAD_INPUT', path, 'xrp-assets.json']);
      expect(e.reason).toMatch(reason);
      expect(e.message).toContain(`xrp-assets.json: field "${path}"`);
    }
  });

  test('readXrplAssetTable: the bytes read as parseXrplAssetTable reads the value, errors placed', () => {
    const text = JSON.stringify(table([XRP, USD]), null, 2);
    expect(readXrplAssetTable(new TextEncoder().encode(text), 'x.json')).toEqual(
      parseXrplAssetTable(JSON.parse(text), 'x.json')
    );
    // a shape error and a check no shape makes both name the line and column of the field
    const bad = (list: unknown[]): DocumentError => {
      try {
        readXrplAssetTable(JSON.stringify(table(list), null, 2), 'x.json');
      } catch (e) {
        if (e instanceof DocumentError) return e;
        throw e;
      }
      throw new Error('accepted');
    };
    const decimals = bad([{ ...XRP, decimals: 8 }]);
    expect([decimals.code, decimals.file, decimals.line, decimals.path]).toEqual([
      'BAD_INPUT',
      'x.json',
      7,
      '$.networks["xrpl:0"][0].decimals',
    ]);
    expect(decimals.column).toBeGreaterThan(1);
    const twice = bad([XRP, { ...USD, symbol: 'XRP' }]);
    expect([twice.line, twice.path]).toEqual([10, '$.networks["xrpl:0"][1].symbol']);
    // bad JSON is the strict parser's error, naming the file
    expect(() => readXrplAssetTable('{"version": 1, "version": 2}', 'x.json')).toThrow(/x\.json/);
  });

  test('its JSON Schema maps chain ids to closed asset objects', () => {
    expect(toJsonSchema(xrplAssetTableShape, { id: 'x' })).toMatchObject({
      required: ['version', 'networks'],
      properties: {
        networks: {
          type: 'object',
          additionalProperties: { type: 'array', items: { additionalProperties: false } },
        },
      },
    });
  });
});
