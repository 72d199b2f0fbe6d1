/**
 * Reading finalized PSBTs (BIP-174) as used by BIP-322 proof-of-funds and BIP-127 reserve
 * proofs: the final transaction (the unsigned transaction with each input's final scriptSig and
 * witness put in place) and, per input, the prevout the PSBT claims. The claimed prevouts are
 * only hints — verifiers check them against the real chain.
 * @module
 */
import { EncodingError, equalBytes } from '@kura/codec';
import { Psbt, Transaction } from 'bitcoinjs-lib';
import type { Prevout } from './interpreter.js';
import { ByteReader } from './wire.js';

/** One input of a parsed PSBT. */
export interface PsbtInputInfo {
  /** Has a final scriptSig or final witness. */
  readonly finalized: boolean;
  /** The prevout from `witness_utxo` or `non_witness_utxo` (checked against the txid), if any. */
  readonly prevout?: Prevout;
  /** `PSBT_IN_SIGHASH_TYPE`, if present (informational; the signature's own byte is checked). */
  readonly sighashType?: number;
}

/** A finalized PSBT. */
export interface FinalPsbt {
  readonly tx: Transaction;
  readonly inputs: readonly PsbtInputInfo[];
}

/** Decode a consensus-serialised witness stack (CompactSize count, then CompactSize items). */
export function decodeWitness(bytes: Uint8Array, field = 'witness'): Uint8Array[] {
  const r = new ByteReader(bytes, field);
  const n = r.varint(10_000);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(r.varBytes(4_000_000));
  r.end();
  return out;
}

/** Parse PSBT bytes and assemble the final transaction. Throws {@link EncodingError}. */
export function parseFinalPsbt(bytes: Uint8Array, field = 'psbt'): FinalPsbt {
  let psbt: Psbt;
  try {
    psbt = Psbt.fromBuffer(bytes);
  } catch (e) {
    throw new EncodingError(`not a valid PSBT (${(e as Error).message})`, field);
  }
  const unsigned = (
    psbt.data.globalMap.unsignedTx as unknown as { toBuffer(): Uint8Array }
  ).toBuffer();
  const tx = Transaction.fromBuffer(unsigned);
  const inputs: PsbtInputInfo[] = psbt.data.inputs.map((inp, i) => {
    const txin = tx.ins[i]!;
    if (inp.finalScriptSig) txin.script = inp.finalScriptSig;
    if (inp.finalScriptWitness)
      txin.witness = decodeWitness(
        inp.finalScriptWitness,
        `${field}.inputs[${i}].finalScriptWitness`
      );
    let prevout: Prevout | undefined;
    if (inp.nonWitnessUtxo) {
      const prev = Transaction.fromBuffer(inp.nonWitnessUtxo);
      if (!equalBytes(prev.getHash(), txin.hash))
        throw new EncodingError(
          'non_witness_utxo does not hash to the input txid',
          `${field}.inputs[${i}]`
        );
      const out = prev.outs[txin.index];
      if (!out)
        throw new EncodingError('non_witness_utxo lacks the spent output', `${field}.inputs[${i}]`);
      prevout = { script: out.script, value: out.value };
    }
    if (inp.witnessUtxo) {
      const w = { script: inp.witnessUtxo.script, value: inp.witnessUtxo.value };
      if (prevout && (!equalBytes(prevout.script, w.script) || prevout.value !== w.value))
        throw new EncodingError(
          'witness_utxo contradicts non_witness_utxo',
          `${field}.inputs[${i}]`
        );
      prevout = w;
    }
    const info: { finalized: boolean; prevout?: Prevout; sighashType?: number } = {
      finalized: inp.finalScriptSig !== undefined || inp.finalScriptWitness !== undefined,
    };
    if (prevout) info.prevout = prevout;
    if (inp.sighashType !== undefined) info.sighashType = inp.sighashType;
    return info;
  });
  return { tx, inputs };
}
