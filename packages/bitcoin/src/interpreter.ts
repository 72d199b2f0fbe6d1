/**
 * A Bitcoin Script interpreter for *verifying signatures*, with the rule set BIP-322 requires
 * ("Verification Process", steps 3–4): consensus rules plus SIGHASH_ALL only (SIGHASH_DEFAULT
 * for taproot), no OP_CODESEPARATOR / FindAndDelete, LOW_S, STRICTENC, NULLFAIL, NULLDUMMY,
 * MINIMALDATA, CLEANSTACK, MINIMALIF, WITNESS_PUBKEYTYPE; upgradeable constructs (reserved NOPs,
 * witness versions ≥ 2, unknown taproot leaf versions or key types, OP_SUCCESSx, annexes) give
 * `inconclusive`.
 *
 * Covers legacy (P2PKH, bare and P2SH scripts), segwit v0 (P2WPKH, P2WSH, both also P2SH-nested;
 * BIP-141/143) and taproot (BIP-341 key path, BIP-342 tapscript). Sighashes come from
 * bitcoinjs-lib (`hashForSignature`, `hashForWitnessV0`, `hashForWitnessV1`); signatures are
 * checked with @noble/curves. It is not a consensus engine for whole blocks — it only answers
 * "does this input's witness/scriptSig satisfy this prevout under BIP-322's rules".
 * @module
 */
import { equalBytes, bytesToHex as hex, sha256, taggedHash } from '@kura/codec';
import { ripemd160, sha1 } from '@noble/hashes/legacy.js';
import type { Transaction } from 'bitcoinjs-lib';
import { hash160 } from './hashes.js';
import {
  containsPush,
  decodeScriptNum,
  decompile,
  encodeScriptNum,
  isMinimalPush,
  isPushOnly,
  OP,
  pushData,
  ScriptNumError,
  type ScriptOp,
} from './script.js';
import {
  checkTapTweak,
  derRS,
  ecdsaVerify,
  isCompressedPubkey,
  isStrictDer,
  isStrictPubkey,
  schnorrVerify,
} from './sig.js';
import { compactSize } from './wire.js';

/** The output an input spends. */
export interface Prevout {
  readonly script: Uint8Array;
  readonly value: bigint;
}

/** BIP-322's three verification states, per input. */
export type ScriptOutcome =
  | { readonly result: 'valid'; readonly provenKeys: readonly string[] }
  | { readonly result: 'inconclusive'; readonly reason: string }
  | {
      readonly result: 'invalid';
      readonly reason: string;
      /** `sighash` when a signature used a sighash type other than ALL / DEFAULT. */
      readonly kind?: 'sighash';
      /** Keys whose signatures verified before the failure (multisig threshold analysis). */
      readonly provenKeys: readonly string[];
    };

class Invalid extends Error {
  readonly kind?: 'sighash';
  constructor(reason: string, kind?: 'sighash') {
    super(reason);
    if (kind) this.kind = kind;
  }
}
class Inconclusive extends Error {}

type SigVersion = 'base' | 'v0' | 'tapscript';

const MAX_ELEMENT = 520;
const MAX_SCRIPT = 10_000;
const MAX_OPS = 201;
const MAX_STACK = 1000;
const SIGHASH_ALL = 0x01;
const SEQUENCE_FINAL = 0xffffffff;
const LOCKTIME_THRESHOLD = 500_000_000;
const DISABLED = new Set([
  0x7e, 0x7f, 0x80, 0x81, 0x83, 0x84, 0x85, 0x86, 0x8d, 0x8e, 0x95, 0x96, 0x97, 0x98, 0x99,
]);

function isOpSuccess(op: number): boolean {
  return (
    op === 80 ||
    op === 98 ||
    (op >= 126 && op <= 129) ||
    (op >= 131 && op <= 134) ||
    (op >= 137 && op <= 138) ||
    (op >= 141 && op <= 142) ||
    (op >= 149 && op <= 153) ||
    (op >= 187 && op <= 254)
  );
}

function castToBool(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    if (b[i] !== 0) return !(i === b.length - 1 && b[i] === 0x80);
  }
  return false;
}

const TRUE = Uint8Array.of(1);
const FALSE = new Uint8Array(0);

interface Ctx {
  readonly tx: Transaction;
  readonly index: number;
  readonly prevouts: readonly Prevout[];
  readonly proven: Set<string>;
  /** Tapscript only. */
  tapleafHash?: Uint8Array;
  budget?: number;
}

/** Verify input `index` of `tx` against its prevout under BIP-322's rules. Never throws. */
export function verifyInput(
  tx: Transaction,
  index: number,
  prevouts: readonly Prevout[]
): ScriptOutcome {
  const ctx: Ctx = { tx, index, prevouts, proven: new Set() };
  try {
    if (prevouts.length !== tx.ins.length) throw new Invalid('prevouts do not match the inputs');
    verifyScript(ctx);
    return { result: 'valid', provenKeys: [...ctx.proven] };
  } catch (e) {
    if (e instanceof Inconclusive) return { result: 'inconclusive', reason: e.message };
    if (e instanceof Invalid)
      return e.kind
        ? { result: 'invalid', reason: e.message, kind: e.kind, provenKeys: [...ctx.proven] }
        : { result: 'invalid', reason: e.message, provenKeys: [...ctx.proven] };
    if (e instanceof ScriptNumError)
      return { result: 'invalid', reason: e.message, provenKeys: [...ctx.proven] };
    return {
      result: 'invalid',
      reason: `script error: ${(e as Error).message}`,
      provenKeys: [...ctx.proven],
    };
  }
}

function parse(script: Uint8Array, what: string): ScriptOp[] {
  const ops = decompile(script);
  if (!ops) throw new Invalid(`${what}: push past the end of the script`);
  return ops;
}

function witnessProgram(spk: Uint8Array): { version: number; program: Uint8Array } | undefined {
  if (spk.length < 4 || spk.length > 42) return undefined;
  const v = spk[0]!;
  if (v !== OP.OP_0 && (v < OP.OP_1 || v > OP.OP_16)) return undefined;
  if (spk[1]! + 2 !== spk.length) return undefined;
  return { version: v === 0 ? 0 : v - OP.OP_1 + 1, program: spk.subarray(2) };
}

function isP2sh(spk: Uint8Array): boolean {
  return spk.length === 23 && spk[0] === 0xa9 && spk[1] === 0x14 && spk[22] === 0x87;
}

function verifyScript(ctx: Ctx): void {
  const input = ctx.tx.ins[ctx.index];
  if (!input) throw new Invalid(`no input ${ctx.index}`);
  const scriptSig = input.script;
  const witness = input.witness;
  const spk = ctx.prevouts[ctx.index]!.script;
  const sigOps = parse(scriptSig, 'scriptSig');
  if (!isPushOnly(sigOps)) throw new Invalid('scriptSig is not push-only (SIGPUSHONLY)');

  let stack: Uint8Array[] = [];
  execute(ctx, scriptSig, stack, 'base');
  const stackCopy = stack.slice();
  execute(ctx, spk, stack, 'base');
  if (stack.length === 0 || !castToBool(stack[stack.length - 1]!))
    throw new Invalid('scriptPubKey evaluated to false');

  let hadWitness = false;
  const wp = witnessProgram(spk);
  if (wp) {
    hadWitness = true;
    if (scriptSig.length !== 0) throw new Invalid('native witness program with a scriptSig');
    verifyWitnessProgram(ctx, witness, wp.version, wp.program, false);
    stack = [stack[stack.length - 1]!];
  }
  if (isP2sh(spk)) {
    stack = stackCopy;
    if (stack.length === 0) throw new Invalid('P2SH: empty scriptSig');
    const redeem = stack.pop()!;
    execute(ctx, redeem, stack, 'base');
    if (stack.length === 0 || !castToBool(stack[stack.length - 1]!))
      throw new Invalid('P2SH redeem script evaluated to false');
    const rwp = witnessProgram(redeem);
    if (rwp) {
      hadWitness = true;
      if (!equalBytes(scriptSig, pushData(redeem)))
        throw new Invalid(
          'P2SH-wrapped witness program: scriptSig must be exactly the redeem script push'
        );
      verifyWitnessProgram(ctx, witness, rwp.version, rwp.program, true);
      stack = [stack[stack.length - 1]!];
    }
  }
  if (stack.length !== 1) throw new Invalid(`CLEANSTACK: ${stack.length} elements left`);
  if (!hadWitness && witness.length > 0) throw new Invalid('witness data on a non-witness spend');
}

function verifyWitnessProgram(
  ctx: Ctx,
  witness: readonly Uint8Array[],
  version: number,
  program: Uint8Array,
  nested: boolean
): void {
  if (version === 0) {
    if (program.length === 32) {
      if (witness.length === 0) throw new Invalid('P2WSH: empty witness');
      const ws = witness[witness.length - 1]!;
      if (ws.length > MAX_SCRIPT) throw new Invalid('P2WSH: witness script too large');
      if (!equalBytes(sha256(ws), program))
        throw new Invalid('P2WSH: witness script hash mismatch');
      const stack = witness.slice(0, -1);
      execWitness(ctx, ws, stack, 'v0');
      return;
    }
    if (program.length === 20) {
      if (witness.length !== 2) throw new Invalid('P2WPKH: witness must have exactly 2 items');
      const code = Uint8Array.of(0x76, 0xa9, 0x14, ...program, 0x88, 0xac);
      execWitness(ctx, code, witness.slice(), 'v0');
      return;
    }
    throw new Invalid(`witness v0 program of ${program.length} bytes`);
  }
  if (version === 1 && program.length === 32 && !nested) {
    verifyTaproot(ctx, witness, program);
    return;
  }
  throw new Inconclusive(
    `witness version ${version} (${program.length}-byte program${nested ? ', P2SH-nested' : ''}) is reserved for upgrades`
  );
}

function execWitness(ctx: Ctx, script: Uint8Array, stack: Uint8Array[], sv: SigVersion): void {
  for (const el of stack)
    if (el.length > MAX_ELEMENT) throw new Invalid('witness element > 520 bytes');
  if (stack.length > MAX_STACK) throw new Invalid('witness stack too large');
  execute(ctx, script, stack, sv);
  if (stack.length !== 1) throw new Invalid(`CLEANSTACK: ${stack.length} witness elements left`);
  if (!castToBool(stack[0]!)) throw new Invalid('witness script evaluated to false');
}

function verifyTaproot(ctx: Ctx, witnessIn: readonly Uint8Array[], program: Uint8Array): void {
  const witness = witnessIn.slice();
  if (witness.length === 0) throw new Invalid('taproot: empty witness');
  if (witness.length >= 2 && witness[witness.length - 1]![0] === 0x50)
    throw new Inconclusive('taproot annex present (reserved for upgrades)');
  if (witness.length === 1) {
    checkSchnorr(ctx, witness[0]!, program, undefined, true);
    return;
  }
  const cb = witness.pop()!;
  const script = witness.pop()!;
  if (cb.length < 33 || (cb.length - 33) % 32 !== 0 || (cb.length - 33) / 32 > 128)
    throw new Invalid(`taproot: control block of ${cb.length} bytes`);
  const leafVersion = cb[0]! & 0xfe;
  const leafHash = taggedHash(
    'TapLeaf',
    Uint8Array.of(leafVersion),
    compactSize(script.length),
    script
  );
  let k = leafHash;
  for (let i = 33; i < cb.length; i += 32) {
    const e = cb.subarray(i, i + 32);
    k = compareBytes(k, e) < 0 ? taggedHash('TapBranch', k, e) : taggedHash('TapBranch', e, k);
  }
  const internal = cb.subarray(1, 33);
  const tweak = taggedHash('TapTweak', internal, k);
  if (!checkTapTweak(internal, tweak, program, cb[0]! & 1))
    throw new Invalid('taproot: control block does not commit to the output key');
  if (leafVersion !== 0xc0)
    throw new Inconclusive(`taproot leaf version 0x${leafVersion.toString(16)}`);
  const ops = parse(script, 'tapscript');
  if (ops.some((o) => o.data === undefined && isOpSuccess(o.op)))
    throw new Inconclusive('tapscript uses an OP_SUCCESSx opcode');
  let witnessSize = compactSize(witnessIn.length).length;
  for (const w of witnessIn) witnessSize += compactSize(w.length).length + w.length;
  ctx.tapleafHash = leafHash;
  ctx.budget = 50 + witnessSize;
  execWitness(ctx, script, witness, 'tapscript');
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Schnorr check (key path or tapscript). Returns false only for an empty signature in tapscript. */
function checkSchnorr(
  ctx: Ctx,
  sig: Uint8Array,
  key: Uint8Array,
  leafHash: Uint8Array | undefined,
  keyPath: boolean
): boolean {
  if (!keyPath && sig.length === 0) return false;
  if (!keyPath) {
    ctx.budget = (ctx.budget ?? 0) - 50;
    if (ctx.budget < 0) throw new Invalid('tapscript validation weight budget exceeded');
  }
  if (key.length === 0) throw new Invalid('tapscript: empty public key');
  if (key.length !== 32)
    throw new Inconclusive(`tapscript: unknown public key type (${key.length} bytes)`);
  let hashType = 0;
  let sig64 = sig;
  if (sig.length === 65) {
    hashType = sig[64]!;
    if (hashType === 0) throw new Invalid('taproot: explicit SIGHASH_DEFAULT byte');
    sig64 = sig.subarray(0, 64);
  } else if (sig.length !== 64) throw new Invalid(`taproot: signature of ${sig.length} bytes`);
  if (hashType !== 0 && hashType !== SIGHASH_ALL)
    throw new Invalid(
      `signature uses sighash 0x${hashType.toString(16)}; BIP-322 requires ALL/DEFAULT`,
      'sighash'
    );
  const { tx, index, prevouts } = ctx;
  const digest = tx.hashForWitnessV1(
    index,
    prevouts.map((p) => p.script),
    prevouts.map((p) => p.value),
    hashType,
    leafHash
  );
  if (!schnorrVerify(sig64, digest, key)) throw new Invalid('invalid Schnorr signature');
  ctx.proven.add(hex(key));
  return true;
}

/** ECDSA check under STRICTENC / LOW_S / NULLFAIL. Returns false only for an empty signature. */
function checkEcdsa(
  ctx: Ctx,
  sig: Uint8Array,
  pub: Uint8Array,
  code: Uint8Array,
  sv: SigVersion
): boolean {
  if (sig.length === 0) return false;
  if (!isStrictDer(sig)) throw new Invalid('signature is not strict DER (BIP-66)');
  const hashType = sig[sig.length - 1]!;
  if (hashType !== SIGHASH_ALL)
    throw new Invalid(
      `signature uses sighash 0x${hashType.toString(16)}; BIP-322 requires ALL`,
      'sighash'
    );
  const { r, s } = derRS(sig);
  if (s > 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n)
    throw new Invalid('signature S value is not low (LOW_S)');
  if (!isStrictPubkey(pub))
    throw new Invalid('public key is not a valid SEC1 encoding (STRICTENC)');
  if (sv === 'v0' && !isCompressedPubkey(pub))
    throw new Invalid('uncompressed public key in segwit v0 (WITNESS_PUBKEYTYPE)');
  const { tx, index, prevouts } = ctx;
  let digest: Uint8Array;
  if (sv === 'base') {
    if (containsPush(code, sig))
      throw new Invalid('FindAndDelete would alter the script (forbidden)');
    digest = tx.hashForSignature(index, code, hashType);
  } else digest = tx.hashForWitnessV0(index, code, prevouts[index]!.value, hashType);
  if (!ecdsaVerify(r, s, digest, pub)) throw new Invalid('invalid ECDSA signature (NULLFAIL)');
  ctx.proven.add(hex(pub));
  return true;
}

/** Exhaustively find which keys have a valid signature among `sigs` (threshold analysis only). */
function proveMultisigKeys(
  ctx: Ctx,
  sigs: Uint8Array[],
  keys: Uint8Array[],
  code: Uint8Array,
  sv: SigVersion
): void {
  for (const sig of sigs)
    for (const key of keys)
      try {
        checkEcdsa(ctx, sig, key, code, sv);
      } catch {
        // only collecting the keys that verify
      }
}

function num(b: Uint8Array | undefined, maxLen = 4): bigint {
  if (b === undefined) throw new Invalid('stack underflow');
  return decodeScriptNum(b, maxLen, true);
}

function execute(ctx: Ctx, script: Uint8Array, stack: Uint8Array[], sv: SigVersion): void {
  if (sv !== 'tapscript' && script.length > MAX_SCRIPT)
    throw new Invalid('script larger than 10,000 bytes');
  const ops = parse(script, 'script');
  const vfExec: boolean[] = [];
  const alt: Uint8Array[] = [];
  let opCount = 0;
  const pop = (): Uint8Array => {
    const v = stack.pop();
    if (v === undefined) throw new Invalid('stack underflow');
    return v;
  };
  const top = (i = 1): Uint8Array => {
    const v = stack[stack.length - i];
    if (v === undefined) throw new Invalid('stack underflow');
    return v;
  };
  const pushNum = (n: bigint): void => {
    stack.push(encodeScriptNum(n));
  };
  const pushBool = (b: boolean): void => {
    stack.push(b ? TRUE : FALSE);
  };

  for (const { op, data } of ops) {
    const fExec = vfExec.every((x) => x);
    if (data !== undefined && data.length > MAX_ELEMENT)
      throw new Invalid('push larger than 520 bytes');
    if (sv !== 'tapscript' && op > OP.OP_16 && ++opCount > MAX_OPS)
      throw new Invalid('more than 201 opcodes');
    if (DISABLED.has(op)) throw new Invalid(`disabled opcode 0x${op.toString(16)}`);
    if (op === OP.OP_CODESEPARATOR) throw new Invalid('OP_CODESEPARATOR is forbidden by BIP-322');
    if (op === OP.OP_VERIF || op === OP.OP_VERNOTIF) throw new Invalid('OP_VERIF/OP_VERNOTIF');

    if (fExec && data !== undefined) {
      if (!isMinimalPush(op, data)) throw new Invalid('non-minimal push (MINIMALDATA)');
      stack.push(data);
    } else if (fExec || (op >= OP.OP_IF && op <= OP.OP_ENDIF)) {
      switch (op) {
        case OP.OP_1NEGATE:
          pushNum(-1n);
          break;
        case OP.OP_NOP:
          break;
        case OP.OP_CHECKLOCKTIMEVERIFY: {
          const n = num(top(), 5);
          if (n < 0n) throw new Invalid('CLTV: negative locktime');
          const lt = BigInt(ctx.tx.locktime);
          const thr = BigInt(LOCKTIME_THRESHOLD);
          if (lt < thr !== n < thr) throw new Invalid('CLTV: locktime type mismatch');
          if (n > lt) throw new Invalid('CLTV: locktime not reached');
          if (ctx.tx.ins[ctx.index]!.sequence === SEQUENCE_FINAL)
            throw new Invalid('CLTV: input is final');
          break;
        }
        case OP.OP_CHECKSEQUENCEVERIFY: {
          const n = num(top(), 5);
          if (n < 0n) throw new Invalid('CSV: negative sequence');
          if ((n & (1n << 31n)) !== 0n) break;
          if (ctx.tx.version < 2) throw new Invalid('CSV: transaction version < 2');
          const seq = BigInt(ctx.tx.ins[ctx.index]!.sequence);
          if ((seq & (1n << 31n)) !== 0n)
            throw new Invalid('CSV: input sequence disables relative locks');
          const mask = (1n << 22n) | 0xffffn;
          const a = n & mask;
          const b = seq & mask;
          if (a < 1n << 22n !== b < 1n << 22n) throw new Invalid('CSV: lock type mismatch');
          if (a > b) throw new Invalid('CSV: relative lock not reached');
          break;
        }
        case OP.OP_NOP1:
        case 0xb3:
        case 0xb4:
        case 0xb5:
        case 0xb6:
        case 0xb7:
        case 0xb8:
        case 0xb9:
          throw new Inconclusive(`upgradeable NOP 0x${op.toString(16)} is reserved`);
        case OP.OP_IF:
        case OP.OP_NOTIF: {
          let value = false;
          if (fExec) {
            const v = pop();
            if (v.length > 1 || (v.length === 1 && v[0] !== 1))
              throw new Invalid('IF argument must be empty or 0x01 (MINIMALIF)');
            value = castToBool(v);
            if (op === OP.OP_NOTIF) value = !value;
          }
          vfExec.push(value);
          break;
        }
        case OP.OP_ELSE:
          if (vfExec.length === 0) throw new Invalid('OP_ELSE without OP_IF');
          vfExec[vfExec.length - 1] = !vfExec[vfExec.length - 1];
          break;
        case OP.OP_ENDIF:
          if (vfExec.length === 0) throw new Invalid('OP_ENDIF without OP_IF');
          vfExec.pop();
          break;
        case OP.OP_VERIFY:
          if (!castToBool(pop())) throw new Invalid('OP_VERIFY failed');
          break;
        case OP.OP_RETURN:
          throw new Invalid('OP_RETURN');
        case OP.OP_TOALTSTACK:
          alt.push(pop());
          break;
        case OP.OP_FROMALTSTACK: {
          const v = alt.pop();
          if (!v) throw new Invalid('alt stack underflow');
          stack.push(v);
          break;
        }
        case OP.OP_2DROP:
          pop();
          pop();
          break;
        case OP.OP_2DUP: {
          const a = top(2);
          const b = top(1);
          stack.push(a, b);
          break;
        }
        case OP.OP_3DUP: {
          const a = top(3);
          const b = top(2);
          const c = top(1);
          stack.push(a, b, c);
          break;
        }
        case OP.OP_2OVER: {
          const a = top(4);
          const b = top(3);
          stack.push(a, b);
          break;
        }
        case OP.OP_2SWAP: {
          top(4);
          const [a, b, c, d] = stack.splice(stack.length - 4, 4) as [
            Uint8Array,
            Uint8Array,
            Uint8Array,
            Uint8Array,
          ];
          stack.push(c, d, a, b);
          break;
        }
        case OP.OP_2ROT: {
          top(6);
          const moved = stack.splice(stack.length - 6, 2);
          stack.push(...moved);
          break;
        }
        case OP.OP_IFDUP:
          if (castToBool(top())) stack.push(top());
          break;
        case OP.OP_DEPTH:
          pushNum(BigInt(stack.length));
          break;
        case OP.OP_DROP:
          pop();
          break;
        case OP.OP_DUP:
          stack.push(top());
          break;
        case OP.OP_NIP: {
          top(2);
          stack.splice(stack.length - 2, 1);
          break;
        }
        case OP.OP_OVER:
          stack.push(top(2));
          break;
        case OP.OP_PICK:
        case OP.OP_ROLL: {
          const n = num(pop());
          if (n < 0n || n >= BigInt(stack.length)) throw new Invalid('PICK/ROLL out of range');
          const idx = stack.length - 1 - Number(n);
          const v = stack[idx]!;
          if (op === OP.OP_ROLL) stack.splice(idx, 1);
          stack.push(v);
          break;
        }
        case OP.OP_ROT: {
          top(3);
          const [v] = stack.splice(stack.length - 3, 1) as [Uint8Array];
          stack.push(v);
          break;
        }
        case OP.OP_SWAP: {
          const a = pop();
          const b = pop();
          stack.push(a, b);
          break;
        }
        case OP.OP_TUCK: {
          const a = pop();
          const b = pop();
          stack.push(a, b, a);
          break;
        }
        case OP.OP_SIZE:
          pushNum(BigInt(top().length));
          break;
        case OP.OP_EQUAL:
        case OP.OP_EQUALVERIFY: {
          const eq = equalBytes(pop(), pop());
          if (op === OP.OP_EQUALVERIFY) {
            if (!eq) throw new Invalid('OP_EQUALVERIFY failed');
          } else pushBool(eq);
          break;
        }
        case OP.OP_1ADD:
          pushNum(num(pop()) + 1n);
          break;
        case OP.OP_1SUB:
          pushNum(num(pop()) - 1n);
          break;
        case OP.OP_NEGATE:
          pushNum(-num(pop()));
          break;
        case OP.OP_ABS: {
          const n = num(pop());
          pushNum(n < 0n ? -n : n);
          break;
        }
        case OP.OP_NOT:
          pushBool(num(pop()) === 0n);
          break;
        case OP.OP_0NOTEQUAL:
          pushBool(num(pop()) !== 0n);
          break;
        case OP.OP_ADD:
        case OP.OP_SUB:
        case OP.OP_BOOLAND:
        case OP.OP_BOOLOR:
        case OP.OP_NUMEQUAL:
        case OP.OP_NUMEQUALVERIFY:
        case OP.OP_NUMNOTEQUAL:
        case OP.OP_LESSTHAN:
        case OP.OP_GREATERTHAN:
        case OP.OP_LESSTHANOREQUAL:
        case OP.OP_GREATERTHANOREQUAL:
        case OP.OP_MIN:
        case OP.OP_MAX: {
          const b = num(pop());
          const a = num(pop());
          switch (op) {
            case OP.OP_ADD:
              pushNum(a + b);
              break;
            case OP.OP_SUB:
              pushNum(a - b);
              break;
            case OP.OP_BOOLAND:
              pushBool(a !== 0n && b !== 0n);
              break;
            case OP.OP_BOOLOR:
              pushBool(a !== 0n || b !== 0n);
              break;
            case OP.OP_NUMEQUAL:
              pushBool(a === b);
              break;
            case OP.OP_NUMEQUALVERIFY:
              if (a !== b) throw new Invalid('OP_NUMEQUALVERIFY failed');
              break;
            case OP.OP_NUMNOTEQUAL:
              pushBool(a !== b);
              break;
            case OP.OP_LESSTHAN:
              pushBool(a < b);
              break;
            case OP.OP_GREATERTHAN:
              pushBool(a > b);
              break;
            case OP.OP_LESSTHANOREQUAL:
              pushBool(a <= b);
              break;
            case OP.OP_GREATERTHANOREQUAL:
              pushBool(a >= b);
              break;
            case OP.OP_MIN:
              // biome-ignore lint/complexity/useMathMinMax: bigint operands
              pushNum(a < b ? a : b);
              break;
            default:
              // biome-ignore lint/complexity/useMathMinMax: bigint operands
              pushNum(a > b ? a : b);
          }
          break;
        }
        case OP.OP_WITHIN: {
          const max = num(pop());
          const min = num(pop());
          const x = num(pop());
          pushBool(min <= x && x < max);
          break;
        }
        case OP.OP_RIPEMD160:
          stack.push(ripemd160(pop()));
          break;
        case OP.OP_SHA1:
          stack.push(sha1(pop()));
          break;
        case OP.OP_SHA256:
          stack.push(sha256(pop()));
          break;
        case OP.OP_HASH160:
          stack.push(hash160(pop()));
          break;
        case OP.OP_HASH256:
          stack.push(sha256(sha256(pop())));
          break;
        case OP.OP_CHECKSIG:
        case OP.OP_CHECKSIGVERIFY: {
          const pub = pop();
          const sig = pop();
          const ok =
            sv === 'tapscript'
              ? checkSchnorr(ctx, sig, pub, ctx.tapleafHash, false)
              : checkEcdsa(ctx, sig, pub, script, sv);
          if (op === OP.OP_CHECKSIGVERIFY) {
            if (!ok) throw new Invalid('OP_CHECKSIGVERIFY failed');
          } else pushBool(ok);
          break;
        }
        case OP.OP_CHECKSIGADD: {
          if (sv !== 'tapscript') throw new Invalid('OP_CHECKSIGADD outside tapscript');
          const pub = pop();
          const n = num(pop());
          const sig = pop();
          pushNum(n + (checkSchnorr(ctx, sig, pub, ctx.tapleafHash, false) ? 1n : 0n));
          break;
        }
        case OP.OP_CHECKMULTISIG:
        case OP.OP_CHECKMULTISIGVERIFY: {
          if (sv === 'tapscript') throw new Invalid('OP_CHECKMULTISIG is disabled in tapscript');
          let i = 1;
          const nKeys = Number(num(top(i)));
          if (nKeys < 0 || nKeys > 20) throw new Invalid('CHECKMULTISIG: key count out of range');
          opCount += nKeys;
          if (opCount > MAX_OPS) throw new Invalid('more than 201 opcodes');
          const keys: Uint8Array[] = [];
          for (let k = 0; k < nKeys; k++) keys.push(top(++i));
          const nSigs = Number(num(top(++i)));
          if (nSigs < 0 || nSigs > nKeys)
            throw new Invalid('CHECKMULTISIG: signature count out of range');
          const sigs: Uint8Array[] = [];
          for (let k = 0; k < nSigs; k++) sigs.push(top(++i));
          const dummy = top(++i);
          // keys and sigs were read from the top down: the first key/sig is deepest
          keys.reverse();
          sigs.reverse();
          let success = true;
          let ks = 0;
          let ss = 0;
          try {
            while (success && ss < sigs.length) {
              const sig = sigs[ss]!;
              const key = keys[ks]!;
              if (sig.length > 0 && !isStrictPubkey(key))
                throw new Invalid('public key is not a valid SEC1 encoding (STRICTENC)');
              let ok = false;
              if (sig.length > 0) {
                try {
                  ok = checkEcdsa(ctx, sig, key, script, sv);
                } catch (e) {
                  // NULLFAIL: a failed non-empty signature aborts; a wrong-key pairing is a
                  // failed check only when no later key can take this signature
                  if (!(e instanceof Invalid) || !/invalid ECDSA signature/.test(e.message))
                    throw e;
                  ok = false;
                }
              }
              if (ok) ss++;
              ks++;
              if (sigs.length - ss > keys.length - ks) success = false;
            }
          } catch (e) {
            proveMultisigKeys(ctx, sigs, keys, script, sv);
            throw e;
          }
          if (!success) {
            proveMultisigKeys(ctx, sigs, keys, script, sv);
            if (sigs.some((s) => s.length > 0))
              throw new Invalid(
                `CHECKMULTISIG: signatures do not meet the threshold (NULLFAIL); ${ctx.proven.size} key(s) proven`
              );
          }
          if (dummy.length !== 0)
            throw new Invalid('CHECKMULTISIG dummy element must be empty (NULLDUMMY)');
          stack.splice(stack.length - i, i);
          if (op === OP.OP_CHECKMULTISIGVERIFY) {
            if (!success) throw new Invalid('OP_CHECKMULTISIGVERIFY failed');
          } else pushBool(success);
          break;
        }
        default:
          if (op >= OP.OP_1 && op <= OP.OP_16) {
            pushNum(BigInt(op - OP.OP_1 + 1));
            break;
          }
          throw new Invalid(`bad opcode 0x${op.toString(16)}`);
      }
    }
    if (stack.length + alt.length > MAX_STACK) throw new Invalid('stack larger than 1000 elements');
  }
  if (vfExec.length !== 0) throw new Invalid('unbalanced OP_IF');
}
