/** Hand-written Multicall3 aggregate3 ABI coding: identical to a generic ABI coder; malformed replies refused. */

import { Interface } from 'ethers';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeAggregate3, encodeAggregate3 } from './multicall.js';

const IFACE = new Interface([
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)',
]);
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const call = fc.record({
  target: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hex),
  data: fc.uint8Array({ maxLength: 100 }).map(hex),
});
const result = fc.record({
  success: fc.boolean(),
  returnData: fc.uint8Array({ maxLength: 100 }).map(hex),
});

describe('aggregate3', () => {
  test('encoding equals the generic ABI coder (allowFailure = true)', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 12 }), (calls) => {
        expect(encodeAggregate3(calls)).toBe(
          IFACE.encodeFunctionData('aggregate3', [calls.map((c) => [c.target, true, c.data])])
        );
      }),
      { numRuns: 300 }
    );
  });
  test('decoding inverts the generic ABI coder', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 12 }), (rs) => {
        const enc = IFACE.encodeFunctionResult('aggregate3', [
          rs.map((r) => [r.success, r.returnData]),
        ]);
        expect(decodeAggregate3(enc)).toEqual(rs);
      }),
      { numRuns: 300 }
    );
  });
  test('malformed results throw a TypeError, never read out of bounds', () => {
    const good = IFACE.encodeFunctionResult('aggregate3', [
      [
        [true, '0x1234'],
        [false, '0x'],
      ],
    ]);
    expect(() => decodeAggregate3('0x')).toThrow(TypeError);
    expect(() => decodeAggregate3(good.slice(0, -64))).toThrow(TypeError);
    expect(() => decodeAggregate3(`0x${'ff'.repeat(32)}`)).toThrow(TypeError);
    expect(() => decodeAggregate3('nothex')).toThrow(TypeError);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const b = Buffer.from(good.slice(2), 'hex');
        b[at % b.length]! ^= x;
        try {
          decodeAggregate3(`0x${b.toString('hex')}`);
        } catch (e) {
          expect(e).toBeInstanceOf(TypeError);
        }
      }),
      { numRuns: 1000 }
    );
  });
});
