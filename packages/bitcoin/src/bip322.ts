/**
 * BIP-322 generic signed messages: verification of *simple*, *full* and *full (proof of funds)*
 * signatures, with the `smp` / `ful` / `pof` prefixes of the current revision (an unprefixed
 * signature is read as simple, falling back to a full transaction).
 *
 * - `message_hash = TH("BIP0322-signed-message", m)`, `m` the message's UTF-8 bytes as is.
 * - `to_spend`: version 0, locktime 0, one input `0000…0000:0xFFFFFFFF`, sequence 0,
 *   scriptSig `OP_0 PUSH32[message_hash]`; one output of value 0 paying `message_challenge`
 *   (the scriptPubKey being proven).
 * - `to_sign`: version 0 (full: 0 or 2), locktime 0 (full: any), input 0 spends
 *   `to_spend.txid:0` with sequence 0 (full: any), one output of value 0 paying `OP_RETURN`.
 *
 * Outcomes follow the BIP: `valid` (at time T = nLockTime, age S = nSequence of input 0),
 * `inconclusive` (an upgradeable construct or an unverifiable input) or `invalid`.
 * @module
 */
import { base64ToBytes, EncodingError, equalBytes, sha256, taggedHash, utf8Raw } from '@kura/codec';
import { Transaction } from 'bitcoinjs-lib';
import { hash160 } from './hashes.js';
import { type Prevout, type ScriptOutcome, verifyInput } from './interpreter.js';
import { parseFinalPsbt } from './psbt.js';
import { decompile, parseMultisig, pushData } from './script.js';
import { ByteReader, displayHex as txidOf } from './wire.js';

/** Encodings of a BIP-322 signature. */
export type Bip322Format = 'simple' | 'full' | 'pof';

/** A BIP-322 verification result. */
export type Bip322Result =
  | {
      readonly state: 'valid';
      readonly format: Bip322Format;
      /** T: nLockTime of `to_sign`. */
      readonly lockTime: number;
      /** S: nSequence of `to_sign`'s first input. */
      readonly sequence: number;
      /** nVersion of `to_sign`. */
      readonly version: number;
      /** Public keys (hex) whose signatures verified. */
      readonly provenKeys: readonly string[];
      /** Proof of funds: the additional outpoints proven (`txid:vout`). */
      readonly outpoints: readonly string[];
    }
  | { readonly state: 'inconclusive'; readonly reason: string }
  | {
      readonly state: 'invalid';
      readonly reason: string;
      /** `encoding`: the signature could not be decoded; `sighash`: a non-ALL sighash. */
      readonly kind?: 'encoding' | 'sighash';
      readonly provenKeys: readonly string[];
      /** For an m-of-n CHECKMULTISIG script: its threshold, to tell a missing key from a bad one. */
      readonly multisig?: { readonly m: number; readonly n: number };
    };

/** Options of {@link verifyBip322}. */
export interface Bip322Options {
  /**
   * Proof of funds: the real prevout of an additional input (from the UTXO set at the
   * snapshot), or `undefined` when unknown (the result is then inconclusive).
   */
  readonly prevout?: (txid: string, vout: number) => Prevout | undefined;
}

/** `TH("BIP0322-signed-message", m)` over the message's UTF-8 bytes (no normalisation). */
export function bip322MessageHash(message: string): Uint8Array {
  return taggedHash('BIP0322-signed-message', utf8Raw(message));
}

/** The virtual `to_spend` transaction for a message and a scriptPubKey. */
export function bip322ToSpend(message: string, scriptPubKey: Uint8Array): Transaction {
  const tx = new Transaction();
  tx.version = 0;
  tx.locktime = 0;
  tx.addInput(
    new Uint8Array(32),
    0xffffffff,
    0,
    Uint8Array.of(0x00, 0x20, ...bip322MessageHash(message))
  );
  tx.addOutput(scriptPubKey, 0n);
  return tx;
}

/** The unsigned virtual `to_sign` transaction of the simple format. */
export function bip322ToSign(toSpend: Transaction): Transaction {
  const tx = new Transaction();
  tx.version = 0;
  tx.locktime = 0;
  tx.addInput(toSpend.getHash(), 0, 0);
  tx.addOutput(Uint8Array.of(0x6a), 0n);
  return tx;
}

/** Split a signature string into its format and bytes. Throws {@link EncodingError}. */
export function decodeBip322Signature(signature: string): {
  format: Bip322Format | 'unprefixed';
  bytes: Uint8Array;
} {
  if (typeof signature !== 'string' || signature.length === 0)
    throw new EncodingError('signature too short (empty)', 'signature');
  const prefix = signature.slice(0, 3);
  const format =
    prefix === 'smp'
      ? 'simple'
      : prefix === 'ful'
        ? 'full'
        : prefix === 'pof'
          ? 'pof'
          : 'unprefixed';
  const body = format === 'unprefixed' ? signature : signature.slice(3);
  const bytes = base64ToBytes(body, 'signature');
  if (bytes.length === 0) throw new EncodingError('signature too short (no bytes)', 'signature');
  return { format, bytes };
}

function decodeWitnessStack(bytes: Uint8Array): Uint8Array[] {
  const r = new ByteReader(bytes, 'signature');
  const n = r.varint(10_000);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(r.varBytes(4_000_000));
  r.end();
  return out;
}

/** For a simple signature on a P2SH address: the P2SH-wrapped segwit redeem script, if any. */
function nestedRedeemScript(spk: Uint8Array, witness: Uint8Array[]): Uint8Array | undefined {
  if (!(spk.length === 23 && spk[0] === 0xa9 && spk[1] === 0x14 && spk[22] === 0x87))
    return undefined;
  const last = witness[witness.length - 1];
  if (!last) return undefined;
  const hash = spk.subarray(2, 22);
  const candidates = [
    Uint8Array.of(0x00, 0x14, ...hash160(last)),
    Uint8Array.of(0x00, 0x20, ...sha256(last)),
  ];
  return candidates.find((c) => equalBytes(hash160(c), hash));
}

function invalid(
  reason: string,
  extra: { kind?: 'encoding' | 'sighash'; provenKeys?: readonly string[] } = {}
): Bip322Result {
  const r = { state: 'invalid' as const, reason, provenKeys: extra.provenKeys ?? [] };
  return extra.kind ? { ...r, kind: extra.kind } : r;
}

/** The m-of-n template an input's witness script or P2SH redeem script carries, if any. */
function multisigOfInput(tx: Transaction, index: number): { m: number; n: number } | undefined {
  const input = tx.ins[index];
  if (!input) return undefined;
  let script: Uint8Array | undefined = input.witness[input.witness.length - 1];
  if (!script) {
    const ops = decompile(input.script);
    script = ops?.[ops.length - 1]?.data;
  }
  const ms = script ? parseMultisig(script) : undefined;
  return ms ? { m: ms.m, n: ms.keys.length } : undefined;
}

function fromOutcome(
  o: ScriptOutcome,
  format: Bip322Format,
  tx: Transaction,
  outpoints: string[]
): Bip322Result {
  if (o.result === 'inconclusive') return { state: 'inconclusive', reason: o.reason };
  if (o.result === 'invalid' && o.kind !== 'sighash') {
    const ms = multisigOfInput(tx, 0);
    if (ms)
      return {
        state: 'invalid',
        reason: `invalid signature: ${o.reason}`,
        provenKeys: o.provenKeys,
        multisig: ms,
      };
  }
  if (o.result === 'invalid')
    return invalid(
      `invalid signature: ${o.reason}`,
      o.kind ? { kind: o.kind, provenKeys: o.provenKeys } : { provenKeys: o.provenKeys }
    );
  return {
    state: 'valid',
    format,
    lockTime: tx.locktime,
    sequence: tx.ins[0]!.sequence,
    version: tx.version,
    provenKeys: o.provenKeys,
    outpoints,
  };
}

/**
 * Verify a BIP-322 signature of `message` by `scriptPubKey`. Never throws: decoding problems
 * are `invalid` with `kind: 'encoding'`.
 */
export function verifyBip322(
  scriptPubKey: Uint8Array,
  message: string,
  signature: string,
  opts: Bip322Options = {}
): Bip322Result {
  let decoded: ReturnType<typeof decodeBip322Signature>;
  try {
    decoded = decodeBip322Signature(signature);
  } catch (e) {
    return invalid(`error decoding signature as base64: ${(e as Error).message}`, {
      kind: 'encoding',
    });
  }
  const toSpend = bip322ToSpend(message, scriptPubKey);
  const challenge: Prevout = { script: scriptPubKey, value: 0n };

  const trySimple = (): Bip322Result | undefined => {
    let witness: Uint8Array[];
    try {
      witness = decodeWitnessStack(decoded.bytes);
    } catch (e) {
      if (decoded.format === 'simple')
        return invalid(`error parsing signature as a witness stack: ${(e as Error).message}`, {
          kind: 'encoding',
        });
      return undefined;
    }
    const toSign = bip322ToSign(toSpend);
    toSign.setWitness(0, witness);
    const redeem = nestedRedeemScript(scriptPubKey, witness);
    if (redeem) toSign.setInputScript(0, pushData(redeem));
    return fromOutcome(verifyInput(toSign, 0, [challenge]), 'simple', toSign, []);
  };

  if (decoded.format === 'simple') return trySimple()!;
  if (decoded.format === 'unprefixed') {
    const r = trySimple();
    if (r) return r;
  }
  if (decoded.format === 'pof') return verifyProofOfFunds(decoded.bytes, toSpend, challenge, opts);

  let toSign: Transaction;
  try {
    toSign = Transaction.fromBuffer(decoded.bytes);
  } catch (e) {
    return invalid(`error parsing signature as full variant: ${(e as Error).message}`, {
      kind: 'encoding',
    });
  }
  const shape = checkToSignShape(toSign, toSpend);
  if (shape) return shape;
  if (toSign.ins.length !== 1)
    return {
      state: 'inconclusive',
      reason: 'a full signature with additional inputs is a proof of funds; use the pof format',
    };
  return fromOutcome(verifyInput(toSign, 0, [challenge]), 'full', toSign, []);
}

function checkToSignShape(toSign: Transaction, toSpend: Transaction): Bip322Result | undefined {
  if (toSign.ins.length < 1) return invalid('to_sign has no inputs', { kind: 'encoding' });
  const in0 = toSign.ins[0]!;
  if (!equalBytes(in0.hash, toSpend.getHash()) || in0.index !== 0)
    return invalid(
      'invalid signature: to_sign input 0 does not spend to_spend:0 (other message or address)'
    );
  if (toSign.outs.length !== 1)
    return invalid(`to_sign must have exactly one output, has ${toSign.outs.length}`);
  const out = toSign.outs[0]!;
  if (out.value !== 0n || !equalBytes(out.script, Uint8Array.of(0x6a)))
    return invalid('to_sign output must be value 0 paying OP_RETURN');
  if (toSign.version !== 0 && toSign.version !== 2)
    return {
      state: 'inconclusive',
      reason: `to_sign version ${toSign.version} (only 0 and 2 are defined)`,
    };
  return undefined;
}

function verifyProofOfFunds(
  bytes: Uint8Array,
  toSpend: Transaction,
  challenge: Prevout,
  opts: Bip322Options
): Bip322Result {
  let parsed: ReturnType<typeof parseFinalPsbt>;
  try {
    parsed = parseFinalPsbt(bytes, 'signature');
  } catch (e) {
    return invalid(`error parsing signature as a proof-of-funds PSBT: ${(e as Error).message}`, {
      kind: 'encoding',
    });
  }
  const { tx, inputs } = parsed;
  const shape = checkToSignShape(tx, toSpend);
  if (shape) return shape;
  const prevouts: Prevout[] = [challenge];
  const outpoints: string[] = [];
  for (let i = 1; i < tx.ins.length; i++) {
    const txid = txidOf(tx.ins[i]!.hash);
    const vout = tx.ins[i]!.index;
    const real = opts.prevout?.(txid, vout);
    if (!real)
      return {
        state: 'inconclusive',
        reason: `prevout ${txid}:${vout} is unknown to the verifier`,
      };
    const claimed = inputs[i]!.prevout;
    if (claimed && (!equalBytes(claimed.script, real.script) || claimed.value !== real.value))
      return invalid(`PSBT input ${i} claims a prevout that differs from the chain's`);
    prevouts.push(real);
    outpoints.push(`${txid}:${vout}`);
  }
  const keys = new Set<string>();
  for (let i = 0; i < tx.ins.length; i++) {
    const o = verifyInput(tx, i, prevouts);
    if (o.result !== 'valid') {
      const r = fromOutcome(o, 'pof', tx, outpoints);
      return r.state === 'invalid'
        ? invalid(`input ${i}: ${r.reason}`, r.kind ? { kind: r.kind } : {})
        : r;
    }
    for (const k of o.provenKeys) keys.add(k);
  }
  return {
    state: 'valid',
    format: 'pof',
    lockTime: tx.locktime,
    sequence: tx.ins[0]!.sequence,
    version: tx.version,
    provenKeys: [...keys],
    outpoints,
  };
}
