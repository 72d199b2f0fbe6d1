/**
 * The legacy sighash and script-code edits (sighash-legacy.ts): against bitcoinjs-lib's
 * independent `hashForSignature` on canonical scripts for every hash type (SIGHASH_SINGLE's
 * "one" included), and Core's FindAndDelete semantics (deletion only at opcode boundaries,
 * back-to-back copies, parsing resumed after a deletion). Core's script_tests (interpreter.core
 * .test.ts) check the same code through real signatures.
 */
import { bytesToHex, hexToBytes, sha256, utf8 } from '@kura/codec';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { findAndDelete, legacySighash, stripCodeSeparators } from './sighash-legacy.js';

function tx(): Transaction {
  const t = new Transaction();
  t.version = 2;
  t.locktime = 700_000;
  for (let i = 0; i < 3; i++)
    t.addInput(sha256(utf8(`prev ${i}`)), i * 2, 0xfffffffe - i, Uint8Array.of(0x51 + i));
  t.addOutput(hexToBytes('0014'.concat('11'.repeat(20))), 5_000n);
  t.addOutput(hexToBytes('a914'.concat('22'.repeat(20), '87')), 7_000n);
  return t;
}

describe('legacySighash', () => {
  const code = hexToBytes(`76a914${'33'.repeat(20)}88ac`);
  it('equals bitcoinjs-lib hashForSignature for every hash type and input (canonical scripts)', () => {
    const t = tx();
    for (const ht of [0x00, 0x01, 0x02, 0x03, 0x04, 0x81, 0x82, 0x83])
      for (let i = 0; i < 3; i++) {
        // SINGLE without a matching output: bitcoinjs-lib returns 00…01, Core signs the bytes
        // of uint256::ONE (01 00 … 00) — tested below
        if ((ht & 0x1f) === 3 && i >= t.outs.length) continue;
        expect(bytesToHex(legacySighash(t, i, code, ht)), `type ${ht} input ${i}`).toBe(
          bytesToHex(t.hashForSignature(i, code, ht))
        );
      }
  });
  it("SIGHASH_SINGLE without a matching output signs Core's uint256 one (bytes 01 00 … 00)", () => {
    const one = `01${'00'.repeat(31)}`;
    expect(bytesToHex(legacySighash(tx(), 2, code, 0x03))).toBe(one);
  });
  it('keeps non-minimal pushes of the script code as they are (bitcoinjs-lib would re-encode them)', () => {
    const nonMinimal = hexToBytes(`4c0151${bytesToHex(code)}`); // PUSHDATA1 of 0x51
    const t = tx();
    expect(bytesToHex(legacySighash(t, 0, nonMinimal, 1))).not.toBe(
      bytesToHex(legacySighash(t, 0, hexToBytes(`0151${bytesToHex(code)}`), 1))
    );
  });
  it('drops OP_CODESEPARATOR opcodes, not 0xab bytes inside pushes', () => {
    expect(bytesToHex(stripCodeSeparators(hexToBytes('ab51ab02abab')))).toBe('5102abab');
  });
});

describe('findAndDelete (Core semantics)', () => {
  const fd = (s: string, d: string) => {
    const r = findAndDelete(hexToBytes(s), hexToBytes(d));
    return [bytesToHex(r.script), r.found];
  };
  it('deletes at opcode boundaries only, back-to-back copies too', () => {
    expect(fd('5152', '52')).toEqual(['51', 1]);
    expect(fd('535153535453', '53')).toEqual(['5154', 4]);
    expect(fd('0302ff03', '0302ff03')).toEqual(['', 1]);
    expect(fd('0302ff030302ff03', '0302ff03')).toEqual(['', 2]);
    expect(fd('0302ff030302ff03', '02')).toEqual(['0302ff030302ff03', 0]);
    expect(fd('0302ff030302ff03', 'ff')).toEqual(['0302ff030302ff03', 0]);
  });
  it('resumes parsing after a deleted match (which may split a push)', () => {
    expect(fd('0302ff030302ff03', '03')).toEqual(['02ff0302ff03', 2]);
    expect(fd('0003feed', '03feed')).toEqual(['00', 1]);
    expect(fd('0003feed', '00')).toEqual(['03feed', 1]);
  });
  it('an empty pattern deletes nothing', () => {
    expect(fd('5152', '')).toEqual(['5152', 0]);
  });
});
