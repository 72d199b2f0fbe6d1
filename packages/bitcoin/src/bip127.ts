/**
 * BIP-127 proof-of-reserves transactions (as a finalized PSBT): a transaction that *would* spend
 * the reserve UTXOs, made unspendable by a first "commitment" input that spends a non-existent
 * output derived from the message.
 *
 * Checks (attacks C5), in this order:
 * 1. the PSBT parses; it has the commitment input plus ≥ 1 reserve input (`E_BIP127_INPUTS`);
 * 2. input 0 spends `SHA-256("Proof-of-Reserves: " ‖ challenge)` (internal byte order) vout 0
 *    with an empty scriptSig (`E_BIP127_CHALLENGE`). bdk-reserves builds this txid with
 *    double SHA-256; both bind the exact challenge, both are accepted and the result names
 *    which one was used;
 * 3. exactly one output (`E_BIP127_OUTPUTS`);
 * 4. the reserve inputs are exactly the entry's UTXOs, no duplicates (`E_BIP127_INPUTS`); the
 *    prevout the PSBT claims for each equals the real one (`E_BIP127_PREVOUT`);
 * 5. the output's value equals the sum of the real reserve inputs — no fee (`E_BIP127_FEE`);
 * 6. no time lock: nLockTime = 0 and no BIP-68 relative lock on any input (`E_TIMELOCK`);
 * 7. every reserve input is signed and its scriptSig/witness satisfies the *real* prevout's
 *    script and amount with SIGHASH_ALL (DEFAULT for taproot) checked inside each signature —
 *    so the signature commits to the commitment input (`E_SIGHASH`, `E_SIGNATURE`,
 *    `E_THRESHOLD`, `E_INCONCLUSIVE`).
 * @module
 */
import {
  base64ToBytes,
  concatBytes,
  equalBytes,
  fail,
  sha256,
  utf8Raw,
  type VerifyResult,
} from '@kura/codec';
import { hash256 } from './hashes.js';
import { type Prevout, verifyInput } from './interpreter.js';
import { type FinalPsbt, parseFinalPsbt } from './psbt.js';
import { parseMultisig } from './script.js';
import { displayHex as display } from './wire.js';

/** A reserve UTXO the proof must cover (already checked against the chain). */
export interface ReserveUtxo {
  /** Display-order txid hex. */
  readonly txid: string;
  readonly vout: number;
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
}

/** Codes of {@link verifyBip127}. */
export type Bip127Code =
  | 'E_MALFORMED_SIGNATURE'
  | 'E_BIP127_INPUTS'
  | 'E_BIP127_CHALLENGE'
  | 'E_BIP127_OUTPUTS'
  | 'E_BIP127_PREVOUT'
  | 'E_BIP127_FEE'
  | 'E_TIMELOCK'
  | 'E_SIGHASH'
  | 'E_SIGNATURE'
  | 'E_THRESHOLD'
  | 'E_INCONCLUSIVE';

/** What a valid BIP-127 proof establishes. */
export interface Bip127Ok {
  /** How the commitment txid was derived. */
  readonly commitment: 'sha256' | 'sha256d';
  /** Sum of the reserve inputs (= the output value). */
  readonly total: bigint;
  /** `txid:vout` of the reserve inputs. */
  readonly outpoints: readonly string[];
  /** Public keys (hex) whose signatures verified. */
  readonly provenKeys: readonly string[];
}

/** The commitment prevout hash: `SHA-256("Proof-of-Reserves: " ‖ challenge)`, internal order. */
export function bip127CommitmentHash(challenge: string, double = false): Uint8Array {
  const msg = concatBytes(utf8Raw('Proof-of-Reserves: '), utf8Raw(challenge));
  return double ? hash256(msg) : sha256(msg);
}

/** BIP-68: does this input sequence impose a relative lock (tx version ≥ 2)? */
export function hasRelativeLock(version: number, sequence: number): boolean {
  return version >= 2 && (sequence & 0x80000000) === 0 && (sequence & 0x0040ffff) !== 0;
}

/** Verify a base64 BIP-127 PSBT against the challenge and the entry's UTXOs. Never throws. */
export function verifyBip127(
  psbtBase64: string,
  challenge: string,
  utxos: readonly ReserveUtxo[]
): VerifyResult<Bip127Code, Bip127Ok> {
  let parsed: FinalPsbt;
  try {
    parsed = parseFinalPsbt(base64ToBytes(psbtBase64, 'signature'), 'signature');
  } catch (e) {
    return fail('E_MALFORMED_SIGNATURE', `BIP-127 proof: ${(e as Error).message}`);
  }
  const { tx, inputs } = parsed;
  if (tx.ins.length < 2)
    return fail(
      'E_BIP127_INPUTS',
      `the proof has ${tx.ins.length} input(s); it needs the commitment input and ≥ 1 reserve UTXO`
    );

  const in0 = tx.ins[0]!;
  let commitment: 'sha256' | 'sha256d';
  if (equalBytes(in0.hash, bip127CommitmentHash(challenge))) commitment = 'sha256';
  else if (equalBytes(in0.hash, bip127CommitmentHash(challenge, true))) commitment = 'sha256d';
  else
    return fail(
      'E_BIP127_CHALLENGE',
      `input 0 spends ${display(in0.hash)}, not the commitment to this round's challenge (${display(bip127CommitmentHash(challenge))})`
    );
  if (in0.index !== 0)
    return fail('E_BIP127_CHALLENGE', `the commitment input spends vout ${in0.index}, not 0`);
  if (in0.script.length !== 0)
    return fail('E_BIP127_CHALLENGE', 'the commitment input must have an empty scriptSig');

  if (tx.outs.length !== 1)
    return fail(
      'E_BIP127_OUTPUTS',
      `the proof has ${tx.outs.length} outputs; exactly one is allowed`
    );

  const byOutpoint = new Map(utxos.map((u) => [`${u.txid}:${u.vout}`, u]));
  const seen = new Set<string>();
  const prevouts: Prevout[] = [inputs[0]!.prevout ?? { script: new Uint8Array(0), value: 0n }];
  if (prevouts[0]!.value !== 0n)
    return fail('E_BIP127_CHALLENGE', 'the commitment input must claim value 0');
  let total = 0n;
  for (let i = 1; i < tx.ins.length; i++) {
    const op = `${display(tx.ins[i]!.hash)}:${tx.ins[i]!.index}`;
    if (seen.has(op)) return fail('E_BIP127_INPUTS', `input ${i} spends ${op} twice`);
    seen.add(op);
    const u = byOutpoint.get(op);
    if (!u)
      return fail('E_BIP127_INPUTS', `input ${i} spends ${op}, which is not a UTXO of this entry`);
    const claimed = inputs[i]!.prevout;
    if (claimed && (!equalBytes(claimed.script, u.scriptPubKey) || claimed.value !== u.value))
      return fail(
        'E_BIP127_PREVOUT',
        `input ${i}: the PSBT's prevout for ${op} differs from the chain's (script or amount)`
      );
    prevouts.push({ script: u.scriptPubKey, value: u.value });
    total += u.value;
  }
  for (const op of byOutpoint.keys())
    if (!seen.has(op))
      return fail('E_BIP127_INPUTS', `UTXO ${op} of this entry is not covered by the proof`);

  const outValue = tx.outs[0]!.value;
  if (outValue !== total)
    return fail(
      'E_BIP127_FEE',
      `the output pays ${outValue} sat but the reserve inputs sum to ${total} sat (no fee allowed)`
    );

  if (tx.locktime !== 0)
    return fail(
      'E_TIMELOCK',
      `nLockTime is ${tx.locktime}; a reserve proof must not be time-locked`
    );
  for (let i = 0; i < tx.ins.length; i++)
    if (hasRelativeLock(tx.version, tx.ins[i]!.sequence))
      return fail(
        'E_TIMELOCK',
        `input ${i} sets a relative lock (nSequence 0x${tx.ins[i]!.sequence.toString(16)})`
      );

  const keys = new Set<string>();
  for (let i = 1; i < tx.ins.length; i++) {
    if (!inputs[i]!.finalized)
      return fail('E_SIGNATURE', `input ${i} is not signed (no final scriptSig or witness)`);
    const o = verifyInput(tx, i, prevouts);
    if (o.result === 'inconclusive') return fail('E_INCONCLUSIVE', `input ${i}: ${o.reason}`);
    if (o.result === 'invalid') {
      if (o.kind === 'sighash') return fail('E_SIGHASH', `input ${i}: ${o.reason}`);
      const ms = multisigOf(tx.ins[i]!.witness);
      if (ms && o.provenKeys.length < ms.m)
        return fail(
          'E_THRESHOLD',
          `input ${i}: ${o.provenKeys.length} of the required ${ms.m} keys proven (${ms.m}-of-${ms.keys.length})`
        );
      return fail('E_SIGNATURE', `input ${i}: ${o.reason}`);
    }
    for (const k of o.provenKeys) keys.add(k);
  }
  return { ok: true, commitment, total, outpoints: [...seen], provenKeys: [...keys] };
}

/** The multisig template of a P2WSH witness (its last item), if any. */
export function multisigOf(witness: readonly Uint8Array[]): ReturnType<typeof parseMultisig> {
  const ws = witness[witness.length - 1];
  return ws ? parseMultisig(ws) : undefined;
}
