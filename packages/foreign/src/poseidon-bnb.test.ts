/**
 * Poseidon over BN254 as the bnb-chain gnark-crypto fork computes it, checked against the fork's
 * own test vectors (ecc/bn254/fr/poseidon/poseidon_test.go): chunk 12 as of commit 7c643ad
 * (pinned by Binance's 2023 release), chunk 16 as of commit 97e2184.
 */
import { describe, expect, test } from 'vitest';
import { BN254_R, poseidonBnb } from './poseidon-bnb.js';

const seq = (n: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt(i + 1));

describe('bnb-chain/gnark-crypto poseidon_test.go, chunk 12 (commit 7c643ad)', () => {
  test.each([
    [2, '0fca49b798923ab0239de1c9e7a4a9a2210312b6a2f616d18b5a87f9b628ae29'],
    [4, '1148aaef609aa338b27dafd89bb98862d8bb2b429aceac47d86206154ffe053d'],
    [24, '06c7676e83ef8cb9ef6c25746a5f6b2d39fba4548b4c29b3d41490bbf3c1108d'],
    [30, '2ff47ab8e9e9f6134600a8de8b8e99596e573620a7d8d39ed7b2c7cef9f105f1'],
  ])('Poseidon(1 … %i)', (n, hex) => {
    expect(poseidonBnb(seq(n), 12)).toBe(BigInt(`0x${hex}`));
  });
});

describe('bnb-chain/gnark-crypto poseidon_test.go, chunk 16 (commit 97e2184)', () => {
  test.each([
    [1, '7764075183688725171230668857402392634761334547267776368103645048439717572548'],
    [2, '7142104613055408817911962100316808866448378443474503659992478482890339429929'],
    [4, '7817711165059374331357136443537800893307845083525445872661165200086166013245'],
    [13, '1709610050961943784828399921362905178787999827108026634048665681910636069934'],
    [16, '8319791455060392555425392842391403897548969645190976863995973180967774875286'],
    [24, '14281896993318141900551144554156181598834585543901557749703302979893059224887'],
    [30, '3706864405066113783363062549980271879113588784557216652303342540436728346372'],
    [256, '3889232958018785041730045800798978544000060048890444628344970190264245196615'],
  ])('Poseidon(1 … %i)', (n, dec) => {
    expect(poseidonBnb(seq(n), 16)).toBe(BigInt(dec));
  });

  test('chunk sizes agree up to 12 inputs and differ beyond', () => {
    for (const n of [1, 5, 12]) expect(poseidonBnb(seq(n), 12)).toBe(poseidonBnb(seq(n), 16));
    expect(poseidonBnb(seq(13), 12)).not.toBe(poseidonBnb(seq(13), 16));
  });
});

describe('argument errors', () => {
  test('empty input and elements outside [0, r) are refused', () => {
    expect(() => poseidonBnb([], 12)).toThrow(/input must not be empty/);
    expect(() => poseidonBnb([BN254_R, 1n], 12)).toThrow(/outside \[0, r\)/);
    expect(() => poseidonBnb([-1n, 1n], 16)).toThrow(/outside \[0, r\)/);
  });
});
