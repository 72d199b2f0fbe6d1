/**
 * The pre-segwit signature hash (Bitcoin Core `SignatureHash` for `SigVersion::BASE`) and the
 * script-code edits that go with it: `FindAndDelete` of the signature push and the removal of
 * `OP_CODESEPARATOR`s. Written here instead of taken from bitcoinjs-lib because its
 * `hashForSignature` re-encodes the script code (decompile → compile turns non-minimal pushes
 * into minimal ones), which changes the hash Core signs.
 *
 * Preimage (all integers little-endian): `version:i32 ‖ #inputs ‖ inputs ‖ #outputs ‖ outputs ‖
 * locktime:u32 ‖ hashType:i32`, hashed with double SHA-256, where input `nIn` carries the script
 * code (codeseparators removed) and the others an empty script; SIGHASH_NONE drops the outputs
 * and zeroes the other inputs' sequences; SIGHASH_SINGLE keeps outputs 0 … nIn (earlier ones
 * blanked to value −1 and an empty script) and zeroes the other sequences; ANYONECANPAY keeps
 * input nIn only. SINGLE with nIn ≥ #outputs hashes to the constant 1 (Core's historical bug).
 * @module
 */
import { equalBytes, sha256 } from '@kura/codec';
import type { Transaction } from 'bitcoinjs-lib';
import { OP } from './script.js';
import { ByteWriter } from './wire.js';

const SIGHASH_NONE = 2;
const SIGHASH_SINGLE = 3;
const ANYONECANPAY = 0x80;

/** `CScript() << data`: a push with the shortest length prefix (never an OP_n). */
export function serializePush(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n < OP.OP_PUSHDATA1) return Uint8Array.of(n, ...data);
  if (n <= 0xff) return Uint8Array.of(OP.OP_PUSHDATA1, n, ...data);
  if (n <= 0xffff) return Uint8Array.of(OP.OP_PUSHDATA2, n & 0xff, n >> 8, ...data);
  return Uint8Array.of(
    OP.OP_PUSHDATA4,
    n & 0xff,
    (n >> 8) & 0xff,
    (n >> 16) & 0xff,
    n >>> 24,
    ...data
  );
}

/** Core's `GetOp`: the offset just past the opcode at `pc`, or `undefined` (end / truncated). */
function opEnd(s: Uint8Array, pc: number): number | undefined {
  if (pc >= s.length) return undefined;
  const op = s[pc]!;
  let i = pc + 1;
  let n = 0;
  if (op < OP.OP_PUSHDATA1) n = op;
  else if (op <= OP.OP_PUSHDATA4) {
    const w = op === OP.OP_PUSHDATA1 ? 1 : op === OP.OP_PUSHDATA2 ? 2 : 4;
    if (s.length - i < w) return undefined;
    for (let k = w - 1; k >= 0; k--) n = n * 256 + s[i + k]!;
    i += w;
  }
  if (s.length - i < n) return undefined;
  return i + n;
}

/**
 * Core's `FindAndDelete(script, b)`: remove every occurrence of the byte string `b` that starts
 * at an opcode boundary (back-to-back copies all go; parsing resumes after the deleted bytes).
 * Returns the new script and the number removed.
 */
export function findAndDelete(
  script: Uint8Array,
  b: Uint8Array
): { script: Uint8Array; found: number } {
  if (b.length === 0) return { script, found: 0 };
  const out: number[] = [];
  let found = 0;
  let pc: number | undefined = 0;
  let pc2 = 0;
  do {
    for (let k = pc2; k < pc; k++) out.push(script[k]!);
    while (script.length - pc >= b.length && equalBytes(script.subarray(pc, pc + b.length), b)) {
      pc += b.length;
      found++;
    }
    pc2 = pc;
    pc = opEnd(script, pc);
  } while (pc !== undefined);
  if (found === 0) return { script, found: 0 };
  for (let k = pc2; k < script.length; k++) out.push(script[k]!);
  return { script: Uint8Array.from(out), found };
}

/** The script code as serialized into the legacy sighash: every OP_CODESEPARATOR removed. */
export function stripCodeSeparators(script: Uint8Array): Uint8Array {
  const drop = new Set<number>();
  for (let pc: number | undefined = 0; pc !== undefined && pc < script.length; ) {
    if (script[pc] === OP.OP_CODESEPARATOR) drop.add(pc);
    pc = opEnd(script, pc);
  }
  if (drop.size === 0) return script;
  return script.filter((_, i) => !drop.has(i));
}

/** Core's `SignatureHash(scriptCode, tx, nIn, hashType, _, SigVersion::BASE)`. */
export function legacySighash(
  tx: Transaction,
  nIn: number,
  scriptCode: Uint8Array,
  hashType: number
): Uint8Array {
  const one = new Uint8Array(32);
  one[0] = 1;
  if (nIn >= tx.ins.length) return one;
  const base = hashType & 0x1f;
  const single = base === SIGHASH_SINGLE;
  const none = base === SIGHASH_NONE;
  if (single && nIn >= tx.outs.length) return one;
  const anyone = (hashType & ANYONECANPAY) !== 0;
  const code = stripCodeSeparators(scriptCode);
  const w = new ByteWriter().u32le(tx.version >>> 0);
  const inputs = anyone ? [nIn] : tx.ins.map((_, i) => i);
  w.varint(inputs.length);
  for (const i of inputs) {
    const input = tx.ins[i]!;
    w.bytes(input.hash).u32le(input.index);
    w.varBytes(i === nIn ? code : new Uint8Array(0));
    w.u32le(i !== nIn && (single || none) ? 0 : input.sequence);
  }
  const nOut = none ? 0 : single ? nIn + 1 : tx.outs.length;
  w.varint(nOut);
  for (let o = 0; o < nOut; o++) {
    if (single && o !== nIn) {
      w.u64le(0xffffffffffffffffn).varint(0);
      continue;
    }
    const out = tx.outs[o]!;
    w.u64le(BigInt(out.value)).varBytes(out.script);
  }
  w.u32le(tx.locktime).u32le(hashType >>> 0);
  return sha256(sha256(w.finish()));
}
