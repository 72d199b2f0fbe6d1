/**
 * Producing ownership signatures over the Kura challenge from raw private keys: BIP-322 simple
 * and full (P2WPKH, P2TR key path per BIP-86, P2SH-P2WPKH, P2WSH m-of-n, and P2PKH for full) and
 * legacy BIP-137 message signatures. Wallet owners normally sign with their own wallets; these
 * helpers serve tests, fixtures and cold-storage tooling that holds keys offline.
 * @module
 */
import { bytesToBase64, concatBytes, sha256, taggedHash } from '@kura/codec';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { Psbt, Transaction } from 'bitcoinjs-lib';
import { type AddressType, scriptOf } from './address.js';
import { bip127CommitmentHash } from './bip127.js';
import { bip137Digest } from './bip137.js';
import { bip322ToSign, bip322ToSpend } from './bip322.js';
import { hash160 } from './hashes.js';
import { parseMultisig, pushData } from './script.js';
import { be32, toBig } from './sig.js';
import { ByteWriter } from './wire.js';

const N = secp256k1.Point.CURVE().n;

/** Compressed public key of a 32-byte secret key. */
export function publicKeyOf(secretKey: Uint8Array, compressed = true): Uint8Array {
  return secp256k1.getPublicKey(secretKey, compressed);
}

/** BIP-86 output key (x-only) of a single-key taproot output without a script tree. */
export function taprootOutputKey(secretKey: Uint8Array): Uint8Array {
  const internal = schnorr.getPublicKey(secretKey);
  const t = toBig(taggedHash('TapTweak', internal));
  const P = schnorr.utils.lift_x(toBig(internal));
  return be32(P.add(secp256k1.Point.BASE.multiply(t)).toAffine().x);
}

function taprootTweakedKey(secretKey: Uint8Array): Uint8Array {
  const P = secp256k1.Point.BASE.multiply(toBig(secretKey));
  let d = toBig(secretKey);
  if (P.toAffine().y & 1n) d = N - d;
  const t = toBig(taggedHash('TapTweak', schnorr.getPublicKey(secretKey)));
  return be32((d + t) % N);
}

/** A single-key or multisig script the helpers can sign for. */
export type SignerScript =
  | { readonly type: 'p2wpkh' | 'p2tr' | 'p2sh-p2wpkh' | 'p2pkh'; readonly secretKey: Uint8Array }
  | {
      readonly type: 'p2wsh' | 'p2sh-p2wsh';
      /** The `m <keys> n CHECKMULTISIG` witness script. */
      readonly witnessScript: Uint8Array;
      /** Secret keys of the signing members (any order; at least m of them). */
      readonly secretKeys: readonly Uint8Array[];
    };

/** scriptPubKey of a signer script. */
export function signerScriptPubKey(s: SignerScript): Uint8Array {
  switch (s.type) {
    case 'p2wpkh':
      return scriptOf('p2wpkh', hash160(publicKeyOf(s.secretKey)));
    case 'p2pkh':
      return scriptOf('p2pkh', hash160(publicKeyOf(s.secretKey)));
    case 'p2sh-p2wpkh':
      return scriptOf(
        'p2sh',
        hash160(concatBytes(Uint8Array.of(0, 0x14), hash160(publicKeyOf(s.secretKey))))
      );
    case 'p2tr':
      return scriptOf('p2tr', taprootOutputKey(s.secretKey));
    case 'p2wsh':
      return scriptOf('p2wsh', sha256(s.witnessScript));
    case 'p2sh-p2wsh':
      return scriptOf(
        'p2sh',
        hash160(concatBytes(Uint8Array.of(0, 0x20), sha256(s.witnessScript)))
      );
  }
}

/** The {@link AddressType} of a signer script's output. */
export function signerAddressType(s: SignerScript): AddressType {
  return s.type === 'p2sh-p2wpkh' || s.type === 'p2sh-p2wsh' ? 'p2sh' : s.type;
}

function ecdsaSig(digest: Uint8Array, key: Uint8Array, hashType: number): Uint8Array {
  const der = secp256k1.sign(digest, key, { prehash: false, lowS: true, format: 'der' });
  return concatBytes(der, Uint8Array.of(hashType));
}

/** Options of {@link signInput}. */
export interface SignInputOptions {
  /** Sighash type byte (default ALL; DEFAULT for taproot). Tests use others to build attacks. */
  readonly hashType?: number;
}

/**
 * Fill in scriptSig / witness of input `index` of `tx`, spending `prevouts[index]` with
 * `signer`. `prevouts` lists every input's prevout (taproot signs all of them).
 */
export function signInput(
  tx: Transaction,
  index: number,
  prevouts: readonly { script: Uint8Array; value: bigint }[],
  signer: SignerScript,
  opts: SignInputOptions = {}
): void {
  const value = prevouts[index]!.value;
  switch (signer.type) {
    case 'p2wpkh':
    case 'p2sh-p2wpkh': {
      const pub = publicKeyOf(signer.secretKey);
      const code = scriptOf('p2pkh', hash160(pub));
      const ht = opts.hashType ?? 1;
      const sig = ecdsaSig(tx.hashForWitnessV0(index, code, value, ht), signer.secretKey, ht);
      tx.setWitness(index, [sig, pub]);
      if (signer.type === 'p2sh-p2wpkh')
        tx.setInputScript(index, pushData(scriptOf('p2wpkh', hash160(pub))));
      return;
    }
    case 'p2pkh': {
      const pub = publicKeyOf(signer.secretKey);
      const ht = opts.hashType ?? 1;
      const sig = ecdsaSig(
        tx.hashForSignature(index, prevouts[index]!.script, ht),
        signer.secretKey,
        ht
      );
      tx.setInputScript(index, concatBytes(pushData(sig), pushData(pub)));
      return;
    }
    case 'p2tr': {
      const ht = opts.hashType ?? 0;
      const digest = tx.hashForWitnessV1(
        index,
        prevouts.map((p) => p.script),
        prevouts.map((p) => p.value),
        ht
      );
      const sig = schnorr.sign(digest, taprootTweakedKey(signer.secretKey));
      tx.setWitness(index, [ht === 0 ? sig : concatBytes(sig, Uint8Array.of(ht))]);
      return;
    }
    case 'p2wsh':
    case 'p2sh-p2wsh': {
      const ms = parseMultisig(signer.witnessScript);
      if (!ms) throw new RangeError('"witnessScript": not an m-of-n CHECKMULTISIG script');
      const ht = opts.hashType ?? 1;
      const digest = tx.hashForWitnessV0(index, signer.witnessScript, value, ht);
      const sigs: Uint8Array[] = [];
      for (const key of ms.keys) {
        const sk = signer.secretKeys.find((k) => equal(publicKeyOf(k, key.length === 33), key));
        if (sk && sigs.length < ms.m) sigs.push(ecdsaSig(digest, sk, ht));
      }
      // fewer than m members sign: pad with empty signatures (the script then fails)
      while (sigs.length < ms.m) sigs.push(new Uint8Array(0));
      tx.setWitness(index, [new Uint8Array(0), ...sigs, signer.witnessScript]);
      if (signer.type === 'p2sh-p2wsh')
        tx.setInputScript(index, pushData(scriptOf('p2wsh', sha256(signer.witnessScript))));
      return;
    }
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function encodeWitness(w: readonly Uint8Array[]): Uint8Array {
  const wr = new ByteWriter().varint(w.length);
  for (const x of w) wr.varBytes(x);
  return wr.finish();
}

/** Options of {@link signBip322}. */
export interface SignBip322Options extends SignInputOptions {
  /** `simple` (witness only; segwit scripts) or `full` (the whole `to_sign`). Default simple. */
  readonly format?: 'simple' | 'full';
  /** Full only: nLockTime of `to_sign` (a time lock, which Kura rejects). */
  readonly lockTime?: number;
  /** Full only: nSequence of input 0. */
  readonly sequence?: number;
  /** Full only: nVersion (default 0, or 2 when a lock is set). */
  readonly version?: number;
  /** Write the `smp` / `ful` prefix (default true). */
  readonly prefix?: boolean;
}

/** BIP-322-sign `message` for the output of `signer`. */
export function signBip322(
  message: string,
  signer: SignerScript,
  opts: SignBip322Options = {}
): string {
  const spk = signerScriptPubKey(signer);
  const toSpend = bip322ToSpend(message, spk);
  const toSign = bip322ToSign(toSpend);
  const format = opts.format ?? 'simple';
  if (format === 'full') {
    toSign.locktime = opts.lockTime ?? 0;
    toSign.ins[0]!.sequence = opts.sequence ?? 0;
    toSign.version = opts.version ?? (toSign.locktime || toSign.ins[0]!.sequence ? 2 : 0);
  }
  signInput(toSign, 0, [{ script: spk, value: 0n }], signer, opts);
  const prefix = opts.prefix === false ? '' : format === 'simple' ? 'smp' : 'ful';
  if (format === 'simple') return prefix + bytesToBase64(encodeWitness(toSign.ins[0]!.witness));
  return prefix + bytesToBase64(toSign.toBuffer());
}

/** Which address a BIP-137 signature claims (its header byte range). */
export type Bip137Kind = 'p2pkh-uncompressed' | 'p2pkh' | 'p2sh-p2wpkh' | 'p2wpkh';

/**
 * Legacy message signature (BIP-137 header byte ‖ r ‖ s, base64) under the chain's message
 * `magic` (Bitcoin's by default; `network.messageMagic` for the other coins of the family).
 */
export function signBip137(
  message: string,
  secretKey: Uint8Array,
  kind: Bip137Kind = 'p2pkh',
  magic?: string
): string {
  const digest = bip137Digest(message, magic);
  const rec = secp256k1.sign(digest, secretKey, {
    prehash: false,
    lowS: true,
    format: 'recovered',
  });
  // noble 'recovered' = recovery ‖ r ‖ s
  const recovery = rec[0]!;
  const base = { 'p2pkh-uncompressed': 27, p2pkh: 31, 'p2sh-p2wpkh': 35, p2wpkh: 39 }[kind];
  return bytesToBase64(concatBytes(Uint8Array.of(base + recovery), rec.subarray(1)));
}

/** One reserve UTXO to put into a BIP-127 proof, with the keys that spend it. */
export interface Bip127SignInput {
  /** Display-order txid hex. */
  readonly txid: string;
  readonly vout: number;
  readonly value: bigint;
  readonly signer: SignerScript;
}

/** Options of {@link signBip127}; the non-default ones build the attacks tests need. */
export interface SignBip127Options extends SignInputOptions {
  /** Subtract a miner fee from the single output (an invalid proof). */
  readonly fee?: bigint;
  /** Add a second output of this script and value (an invalid proof). */
  readonly extraOutput?: { readonly script: Uint8Array; readonly value: bigint };
  /** Derive the commitment with double SHA-256 like bdk-reserves (default single, BIP-127). */
  readonly doubleSha256?: boolean;
  readonly lockTime?: number;
  readonly sequence?: number;
}

/**
 * Build and sign a BIP-127 proof-of-reserves PSBT (base64) for `challenge` over `utxos`, paying
 * their sum to `outputScript`. The commitment input carries a zero-value `witness_utxo` with the
 * first UTXO's script and no signature.
 */
export function signBip127(
  challenge: string,
  utxos: readonly Bip127SignInput[],
  outputScript: Uint8Array,
  opts: SignBip127Options = {}
): string {
  const psbt = new Psbt();
  psbt.setVersion(2);
  psbt.setLocktime(opts.lockTime ?? 0);
  const seq = opts.sequence ?? 0xffffffff;
  const first = signerScriptPubKey(utxos[0]!.signer);
  psbt.addInput({
    hash: bip127CommitmentHash(challenge, opts.doubleSha256 ?? false),
    index: 0,
    sequence: seq,
    witnessUtxo: { script: first, value: 0n },
  });
  const prevouts = [{ script: first, value: 0n }];
  let total = 0n;
  for (const u of utxos) {
    const script = signerScriptPubKey(u.signer);
    psbt.addInput({
      hash: u.txid,
      index: u.vout,
      sequence: seq,
      witnessUtxo: { script, value: u.value },
    });
    prevouts.push({ script, value: u.value });
    total += u.value;
  }
  psbt.addOutput({ script: outputScript, value: total - (opts.fee ?? 0n) });
  if (opts.extraOutput)
    psbt.addOutput({ script: opts.extraOutput.script, value: opts.extraOutput.value });
  const tx = Transaction.fromBuffer(
    (psbt.data.globalMap.unsignedTx as unknown as { toBuffer(): Uint8Array }).toBuffer()
  );
  utxos.forEach((u, k) => {
    const i = k + 1;
    signInput(tx, i, prevouts, u.signer, opts);
    const fin: { finalScriptSig?: Uint8Array; finalScriptWitness?: Uint8Array } = {};
    if (tx.ins[i]!.script.length) fin.finalScriptSig = tx.ins[i]!.script;
    if (tx.ins[i]!.witness.length) fin.finalScriptWitness = encodeWitness(tx.ins[i]!.witness);
    psbt.updateInput(i, fin);
  });
  return psbt.toBase64();
}
