/**
 * BIP-127 proof-of-reserves PSBTs (attacks C5): valid proofs over P2WPKH, P2TR, P2WSH 2-of-3,
 * P2PKH and P2SH-P2WPKH reserves, and the tampering cases of bdk-reserves' `tests/tampering.rs`
 * plus the sighash, prevout, time-lock and threshold attacks, each with its exact code.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, sha256, utf8 } from '@kura/codec';
import { Psbt } from 'bitcoinjs-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bip127CommitmentHash, type ReserveUtxo, verifyBip127 } from './bip127.js';
import { pushData } from './script.js';
import { type Bip127SignInput, type SignerScript, signBip127, signerScriptPubKey } from './sign.js';

const sk = (l: string) => sha256(utf8(`bip127 ${l}`));
const challenge = `kura proof of reserves v1\nexchange: X\nperiod: 2026-11\nround: ${'00'.repeat(32)}`;
const ms = [sk('m1'), sk('m2'), sk('m3')];
const ws = concatBytes(
  Uint8Array.of(0x52),
  ...ms.map((k) => pushData(ecc.pointFromScalar(k, true)!)),
  Uint8Array.of(0x53, 0xae)
);
const signers: SignerScript[] = [
  { type: 'p2wpkh', secretKey: sk('a') },
  { type: 'p2tr', secretKey: sk('b') },
  { type: 'p2wsh', witnessScript: ws, secretKeys: [ms[0]!, ms[1]!] },
  { type: 'p2pkh', secretKey: sk('d') },
  { type: 'p2sh-p2wpkh', secretKey: sk('e') },
];
const inputs: Bip127SignInput[] = signers.map((signer, i) => ({
  txid: bytesToHex(sha256(Uint8Array.of(i))),
  vout: i,
  value: BigInt(1_000_000 * (i + 1)),
  signer,
}));
const reserve = (xs: Bip127SignInput[]): ReserveUtxo[] =>
  xs.map((x) => ({
    txid: x.txid,
    vout: x.vout,
    value: x.value,
    scriptPubKey: signerScriptPubKey(x.signer),
  }));
const out = signerScriptPubKey(signers[0]!);

describe('BIP-127 valid proofs', () => {
  it.each(signers.map((s, i) => [s.type, i] as const))('single %s reserve', (_t, i) => {
    const one = [inputs[i]!];
    const r = verifyBip127(signBip127(challenge, one, out), challenge, reserve(one));
    expect(r).toMatchObject({
      ok: true,
      commitment: 'sha256',
      total: one[0]!.value,
      outpoints: [`${one[0]!.txid}:${i}`],
    });
  });
  it('all five script types in one proof; the multisig proves its two signing keys', () => {
    const r = verifyBip127(signBip127(challenge, inputs, out), challenge, reserve(inputs));
    expect(r).toMatchObject({ ok: true, total: 15_000_000n });
    if (r.ok)
      for (const k of [ms[0]!, ms[1]!])
        expect(r.provenKeys).toContain(bytesToHex(ecc.pointFromScalar(k, true)!));
  });
  it("bdk-reserves' double-SHA-256 commitment is accepted and reported", () => {
    const r = verifyBip127(
      signBip127(challenge, inputs, out, { doubleSha256: true }),
      challenge,
      reserve(inputs)
    );
    expect(r).toMatchObject({ ok: true, commitment: 'sha256d' });
  });
});

describe('BIP-127 tampering and attacks', () => {
  const code = (psbt: string, utxos = reserve(inputs), msg = challenge) => {
    const r = verifyBip127(psbt, msg, utxos);
    return r.ok ? 'ok' : r.code;
  };
  it('message changed after signing → E_BIP127_CHALLENGE (C5-a)', () => {
    expect(
      code(
        signBip127(challenge, inputs, out),
        reserve(inputs),
        challenge.replace('2026-11', '2026-12')
      )
    ).toBe('E_BIP127_CHALLENGE');
  });
  it('output = sum − 100 sat (miner fee) → E_BIP127_FEE (C5-b)', () => {
    expect(code(signBip127(challenge, inputs, out, { fee: 100n }))).toBe('E_BIP127_FEE');
  });
  it('signatures with SIGHASH 0x81 (ALL|ANYONECANPAY), NONE, SINGLE → E_SIGHASH (C5-c)', () => {
    for (const hashType of [0x81, 0x02, 0x03, 0x82]) {
      const one = [inputs[0]!];
      expect(code(signBip127(challenge, one, out, { hashType }), reserve(one))).toBe('E_SIGHASH');
    }
    const tr = [inputs[1]!];
    expect(code(signBip127(challenge, tr, out, { hashType: 0x81 }), reserve(tr))).toBe('E_SIGHASH');
    expect(code(signBip127(challenge, tr, out, { hashType: 0x01 }), reserve(tr))).toBe('ok'); // explicit ALL is fine
  });
  it('a second output → E_BIP127_OUTPUTS (C5-d)', () => {
    expect(
      code(signBip127(challenge, inputs, out, { extraOutput: { script: out, value: 0n } }))
    ).toBe('E_BIP127_OUTPUTS');
  });
  it('UTXOs left out of, or foreign to, the entry → E_BIP127_INPUTS', () => {
    expect(code(signBip127(challenge, inputs.slice(1), out))).toBe('E_BIP127_INPUTS');
    expect(code(signBip127(challenge, inputs, out), reserve(inputs.slice(1)))).toBe(
      'E_BIP127_INPUTS'
    );
  });
  it('a PSBT prevout that differs from the chain → E_BIP127_PREVOUT; a lying chain record breaks the signature', () => {
    const real = reserve(inputs);
    const bumped = real.map((u, i) => (i === 0 ? { ...u, value: u.value + 1n } : u));
    expect(code(signBip127(challenge, inputs, out), bumped)).toBe('E_BIP127_PREVOUT');
  });
  it('signed for other prevout amounts (PSBT agrees with itself, not with the chain) → E_SIGNATURE', () => {
    const lie = inputs.map((x, i) => (i === 0 ? { ...x, value: x.value + 5n } : x));
    const psbt = Psbt.fromBase64(signBip127(challenge, lie, out));
    // strip the lying witness_utxo so only the signature itself can tell
    delete (psbt.data.inputs[1] as { witnessUtxo?: unknown }).witnessUtxo;
    const utxos = reserve(inputs);
    // the fee check sees the real sum ≠ output first; give the output the real sum to reach the signatures
    expect(code(psbt.toBase64(), utxos)).toBe('E_BIP127_FEE');
    const lie2 = inputs.map((x, i) =>
      i === 0 ? { ...x, value: x.value + 5n } : i === 1 ? { ...x, value: x.value - 5n } : x
    );
    const p2 = Psbt.fromBase64(signBip127(challenge, lie2, out));
    for (const i of [1, 2]) delete (p2.data.inputs[i] as { witnessUtxo?: unknown }).witnessUtxo;
    expect(code(p2.toBase64(), utxos)).toBe('E_SIGNATURE');
  });
  it('a time lock (nLockTime, or a BIP-68 relative lock) → E_TIMELOCK', () => {
    expect(code(signBip127(challenge, inputs, out, { lockTime: 800_000 }))).toBe('E_TIMELOCK');
    expect(code(signBip127(challenge, inputs, out, { sequence: 144 }))).toBe('E_TIMELOCK');
    expect(code(signBip127(challenge, inputs, out, { sequence: 0xfffffffe }))).toBe('ok');
  });
  it('2-of-3 multisig signed by one key → E_THRESHOLD; an unsigned input → E_SIGNATURE', () => {
    const one = [
      {
        ...inputs[2]!,
        signer: { type: 'p2wsh' as const, witnessScript: ws, secretKeys: [ms[2]!] },
      },
    ];
    expect(code(signBip127(challenge, one, out), reserve(one))).toBe('E_THRESHOLD');
    const psbt = Psbt.fromBase64(signBip127(challenge, [inputs[0]!], out));
    delete (psbt.data.inputs[1] as { finalScriptWitness?: unknown }).finalScriptWitness;
    expect(code(psbt.toBase64(), reserve([inputs[0]!]))).toBe('E_SIGNATURE');
  });
  it('only a commitment input, or a commitment to another vout → refused', () => {
    const p = new Psbt();
    p.addInput({ hash: bip127CommitmentHash(challenge), index: 0 });
    p.addOutput({ script: out, value: 0n });
    expect(code(p.toBase64(), [])).toBe('E_BIP127_INPUTS');
    const q = new Psbt();
    q.addInput({ hash: bip127CommitmentHash(challenge), index: 1 });
    q.addInput({ hash: inputs[0]!.txid, index: 0 });
    q.addOutput({ script: out, value: inputs[0]!.value });
    expect(code(q.toBase64(), reserve([inputs[0]!]))).toBe('E_BIP127_CHALLENGE');
  });
  it('malformed → E_MALFORMED_SIGNATURE; property: random byte flips never verify, never throw', () => {
    expect(code('cHNidP8=')).toBe('E_MALFORMED_SIGNATURE');
    expect(code('not base64')).toBe('E_MALFORMED_SIGNATURE');
    const two = inputs.slice(0, 2);
    const good = base64ToBytes(signBip127(challenge, two, out));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: good.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (i, x) => {
          const m = Uint8Array.from(good);
          m[i] = m[i]! ^ x;
          const r = verifyBip127(bytesToBase64(m), challenge, reserve(two));
          // a flip may land in data no signature covers (e.g. a PSBT key byte that still parses);
          // it must never change what is proven
          return !r.ok || (r.total === 3_000_000n && r.outpoints.length === 2);
        }
      ),
      { numRuns: 150 }
    );
  });
});
