/**
 * The script interpreter's BIP-322 rule set (Verification Process, steps 3–4), by malleating
 * valid signatures: NULLDUMMY, LOW_S, strict DER, CLEANSTACK, MINIMALIF, CODESEPARATOR,
 * WITNESS_PUBKEYTYPE → invalid; witness v2+, annexes, unknown leaf versions → inconclusive.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { base64ToBytes, bytesToBase64, concatBytes, sha256, utf8 } from '@kura/codec';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { coreSpend } from '../test/core-script.js';
import { scriptOf } from './address.js';
import { bip322ToSign, bip322ToSpend, verifyBip322 } from './bip322.js';
import { hash160 } from './hashes.js';
import { verifyInput } from './interpreter.js';
import { decodeWitness } from './psbt.js';
import { OP, pushData } from './script.js';
import { derRS } from './sig.js';
import { legacySighash } from './sighash-legacy.js';
import { type SignerScript, signBip322, signerScriptPubKey } from './sign.js';
import { ByteWriter } from './wire.js';

const msg = 'interpreter rules';
const sk = (l: string) => sha256(utf8(`interp ${l}`));
const keys = [sk('1'), sk('2'), sk('3')];
const pub = (k: Uint8Array, c = true) => ecc.pointFromScalar(k, c)!;
const ws = concatBytes(
  Uint8Array.of(0x52),
  ...keys.map((k) => pushData(pub(k))),
  Uint8Array.of(0x53, 0xae)
);
const msig: SignerScript = { type: 'p2wsh', witnessScript: ws, secretKeys: [keys[0]!, keys[1]!] };
const N = secp256k1.Point.CURVE().n;

const stackOf = (sig: string) => decodeWitness(base64ToBytes(sig.slice(3)));
const enc = (stack: Uint8Array[]) => {
  const w = new ByteWriter().varint(stack.length);
  for (const x of stack) w.varBytes(x);
  return `smp${bytesToBase64(w.finish())}`;
};
const verdict = (spk: Uint8Array, stack: Uint8Array[]) => {
  const r = verifyBip322(spk, msg, enc(stack));
  return r.state === 'valid' ? 'valid' : `${r.state}: ${r.reason}`;
};
/** Sign a P2WSH witness script (ALL) with `k` for the simple format. */
const wshSig = (script: Uint8Array, k: Uint8Array) => {
  const toSign = bip322ToSign(bip322ToSpend(msg, scriptOf('p2wsh', sha256(script))));
  const d = toSign.hashForWitnessV0(0, script, 0n, 1);
  return concatBytes(
    secp256k1.sign(d, k, { prehash: false, lowS: true, format: 'der' }),
    Uint8Array.of(1)
  );
};

describe('invalid: BIP-322 required rules', () => {
  const spk = signerScriptPubKey(msig);
  const good = stackOf(signBip322(msg, msig));
  it('the untouched witness is valid', () => expect(verdict(spk, good)).toBe('valid'));
  it('NULLDUMMY: a non-empty CHECKMULTISIG dummy', () => {
    expect(verdict(spk, [Uint8Array.of(1), ...good.slice(1)])).toMatch(/^invalid: .*NULLDUMMY/);
  });
  it('LOW_S: the same signature with s replaced by n − s', () => {
    const sig = good[1]!;
    const { r, s } = derRS(sig);
    const compact = new Uint8Array(64);
    const be = (v: bigint) =>
      Uint8Array.from(
        v
          .toString(16)
          .padStart(64, '0')
          .match(/../g)!
          .map((h) => Number.parseInt(h, 16))
      );
    compact.set(be(r), 0);
    compact.set(be(N - s), 32);
    const der = secp256k1.Signature.fromBytes(compact, 'compact').toBytes('der');
    expect(verdict(spk, [good[0]!, concatBytes(der, Uint8Array.of(1)), ...good.slice(2)])).toMatch(
      /^invalid: .*LOW_S/
    );
  });
  it('strict DER: a trailing byte inside the signature', () => {
    const sig = good[1]!;
    const bad = concatBytes(sig.subarray(0, -1), Uint8Array.of(0), sig.subarray(-1));
    expect(verdict(spk, [good[0]!, bad, ...good.slice(2)])).toMatch(/^invalid: .*DER/);
  });
  it('CLEANSTACK: an extra witness element', () => {
    expect(verdict(spk, [Uint8Array.of(1), ...good])).toMatch(/^invalid: .*(CLEANSTACK|NULLDUMMY)/);
    const single: SignerScript = { type: 'p2wpkh', secretKey: sk('w') };
    const s = stackOf(signBip322(msg, single));
    expect(verdict(signerScriptPubKey(single), [...s, Uint8Array.of(1)])).toMatch(
      /^invalid: .*exactly 2 items/
    );
  });
  it('MINIMALIF: an IF argument other than empty or 0x01', () => {
    const k = sk('if');
    const script = concatBytes(
      Uint8Array.of(OP.OP_IF),
      pushData(pub(k)),
      Uint8Array.of(OP.OP_CHECKSIG, OP.OP_ELSE, OP.OP_0, OP.OP_ENDIF)
    );
    const sig = wshSig(script, k);
    const spkIf = scriptOf('p2wsh', sha256(script));
    expect(verdict(spkIf, [sig, Uint8Array.of(1), script])).toBe('valid');
    expect(verdict(spkIf, [sig, Uint8Array.of(2), script])).toMatch(/^invalid: .*MINIMALIF/);
  });
  it('OP_CODESEPARATOR is forbidden', () => {
    const k = sk('cs');
    const script = concatBytes(
      Uint8Array.of(OP.OP_CODESEPARATOR),
      pushData(pub(k)),
      Uint8Array.of(OP.OP_CHECKSIG)
    );
    expect(verdict(scriptOf('p2wsh', sha256(script)), [wshSig(script, k), script])).toMatch(
      /^invalid: .*CODESEPARATOR/
    );
  });
  it('WITNESS_PUBKEYTYPE: an uncompressed key in P2WPKH', () => {
    const k = sk('u');
    const u = pub(k, false);
    const spkU = scriptOf('p2wpkh', hash160(u));
    const toSign = bip322ToSign(bip322ToSpend(msg, spkU));
    const d = toSign.hashForWitnessV0(0, scriptOf('p2pkh', hash160(u)), 0n, 1);
    const sig = concatBytes(
      secp256k1.sign(d, k, { prehash: false, lowS: true, format: 'der' }),
      Uint8Array.of(1)
    );
    expect(verdict(spkU, [sig, u])).toMatch(/^invalid: .*WITNESS_PUBKEYTYPE/);
  });
});

describe('inconclusive: upgradeable constructs', () => {
  it('witness version 2', () => {
    const spk = concatBytes(Uint8Array.of(0x52, 0x20), new Uint8Array(32).fill(3));
    expect(verdict(spk, [Uint8Array.of(1)])).toMatch(/^inconclusive: witness version 2/);
  });
  it('a taproot annex', () => {
    const tr: SignerScript = { type: 'p2tr', secretKey: sk('t') };
    const s = stackOf(signBip322(msg, tr));
    expect(verdict(signerScriptPubKey(tr), [...s, Uint8Array.of(0x50, 1)])).toMatch(
      /^inconclusive: .*annex/
    );
  });
});

/** `OP_m <keys…> OP_n OP_CHECKMULTISIG`. */
const multisig = (m: number, ks: readonly Uint8Array[]) =>
  concatBytes(
    Uint8Array.of(0x50 + m),
    ...ks.map((k) => pushData(k)),
    Uint8Array.of(0x50 + ks.length, OP.OP_CHECKMULTISIG)
  );
const der = (d: Uint8Array, k: Uint8Array) =>
  concatBytes(
    secp256k1.sign(d, k, { prehash: false, lowS: true, format: 'der' }),
    Uint8Array.of(1)
  );
/** Hybrid SEC1 encoding (0x06/0x07 + x + y), which Core parses but STRICTENC refuses. */
const hybrid = (k: Uint8Array) => {
  const u = pub(k, false);
  return Uint8Array.of(6 + (u[64]! & 1), ...u.subarray(1));
};

describe("CHECKMULTISIG walks keys and signatures as Bitcoin Core does (from the top of the stack; only visited keys' encodings are checked)", () => {
  const k1 = sk('ms-1');
  const k2 = sk('ms-2');
  const K1 = pub(k1);
  const K2u = pub(k2, false);

  it('S12-c1: 1-of-2 P2WSH [compressed K1, uncompressed K2] signed by K1 → invalid WITNESS_PUBKEYTYPE (Core visits K2 first)', () => {
    const script = multisig(1, [K1, K2u]);
    const spk = scriptOf('p2wsh', sha256(script));
    expect(verdict(spk, [new Uint8Array(0), wshSig(script, k1), script])).toMatch(
      /^invalid: .*WITNESS_PUBKEYTYPE/
    );
    const tx = coreSpend(spk, new Uint8Array(0), [], 0n);
    const d = tx.hashForWitnessV0(0, script, 0n, 1);
    tx.setWitness(0, [new Uint8Array(0), der(d, k1), script]);
    const r = verifyInput(tx, 0, [{ script: spk, value: 0n }]);
    expect(r.result === 'invalid' && r.code).toBe('WITNESS_PUBKEYTYPE');
  });

  it('S12-c1: the mirror order [uncompressed K2, compressed K1] signed by K1 → valid (K2 is never visited)', () => {
    const script = multisig(1, [K2u, K1]);
    const spk = scriptOf('p2wsh', sha256(script));
    expect(verdict(spk, [new Uint8Array(0), wshSig(script, k1), script])).toBe('valid');
  });

  it('S12-c1: legacy P2SH 1-of-2 [K1, hybrid K2] signed by K1 → PUBKEYTYPE (STRICTENC on the visited hybrid key); the mirror order is valid', () => {
    for (const [keys, want] of [
      [[K1, hybrid(k2)], 'PUBKEYTYPE'],
      [[hybrid(k2), K1], 'valid'],
    ] as const) {
      const redeem = multisig(1, keys);
      const spk = scriptOf('p2sh', hash160(redeem));
      const tx = coreSpend(spk, new Uint8Array(0), [], 0n);
      const sig = der(legacySighash(tx, 0, redeem, 1), k1);
      tx.ins[0]!.script = concatBytes(Uint8Array.of(0), pushData(sig), pushData(redeem));
      const r = verifyInput(tx, 0, [{ script: spk, value: 0n }]);
      expect(r.result === 'valid' ? 'valid' : r.result === 'invalid' && r.code).toBe(want);
    }
  });

  it('2-of-3: signatures must come in key order; swapped they fail (NULLFAIL), in order they pass', () => {
    const ks = [sk('o-1'), sk('o-2'), sk('o-3')];
    const script = multisig(
      2,
      ks.map((k) => pub(k))
    );
    const spk = scriptOf('p2wsh', sha256(script));
    const s1 = wshSig(script, ks[0]!);
    const s3 = wshSig(script, ks[2]!);
    expect(verdict(spk, [new Uint8Array(0), s1, s3, script])).toBe('valid');
    expect(verdict(spk, [new Uint8Array(0), s3, s1, script])).toMatch(/^invalid: .*NULLFAIL/);
  });
});
