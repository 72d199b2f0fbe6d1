/**
 * A Bitcoin Script interpreter for *verifying signatures*, following Bitcoin Core's
 * `VerifyScript` / `EvalScript` (src/script/interpreter.cpp) rule by rule under a set of script
 * verification flags ({@link ScriptFlag}).
 *
 * {@link verifyInput} applies the rule set BIP-322 requires ("Verification Process", steps 3–4):
 * every flag below, plus SIGHASH_ALL only (SIGHASH_DEFAULT for taproot) and no
 * OP_CODESEPARATOR; what the discouragement flags reject (reserved NOPs, witness versions ≥ 2,
 * unknown taproot leaf versions or key types, OP_SUCCESSx, annexes) gives `inconclusive`.
 * {@link verifyInputWithFlags} runs Core's rules under any flag set and reports Core's error
 * name; it is what Core's own `script_tests.json` is run through (interpreter.core.test.ts).
 *
 * Covers legacy (P2PKH, bare and P2SH scripts; FindAndDelete and OP_CODESEPARATOR with Core's
 * script-code rules; lax DER without DERSIG), segwit v0 (P2WPKH, P2WSH, both also P2SH-nested;
 * BIP-141/143) and taproot (BIP-341 key path, BIP-342 tapscript). The legacy sighash is
 * {@link legacySighash}; segwit sighashes come from bitcoinjs-lib (`hashForWitnessV0`,
 * `hashForWitnessV1`); signatures are checked with @noble/curves. It is not a consensus engine
 * for whole blocks — it only answers "does this input's witness/scriptSig satisfy this prevout".
 * @module
 */
import { equalBytes, bytesToHex as hex, sha256, taggedHash } from '@kura/codec';
import { ripemd160, sha1 } from '@noble/hashes/legacy.js';
import type { Transaction } from 'bitcoinjs-lib';
import { hash160 } from './hashes.js';
import {
  decodeScriptNum,
  decompile,
  encodeScriptNum,
  isMinimalPush,
  isPushOnly,
  OP,
  ScriptNumError,
  type ScriptOp,
} from './script.js';
import {
  checkTapTweak,
  derRS,
  ecdsaVerifyNormalized,
  isCompressedPubkey,
  isHighS,
  isStrictDer,
  isStrictPubkey,
  parseDerLax,
  parsePubkeyCore,
  schnorrVerify,
} from './sig.js';
import { findAndDelete, legacySighash, serializePush } from './sighash-legacy.js';
import { compactSize } from './wire.js';

/** The output an input spends. */
export interface Prevout {
  readonly script: Uint8Array;
  readonly value: bigint;
}

/** Bitcoin Core's script verification flags (`SCRIPT_VERIFY_*`) that Kura implements. */
export type ScriptFlag =
  | 'P2SH'
  | 'STRICTENC'
  | 'DERSIG'
  | 'LOW_S'
  | 'NULLDUMMY'
  | 'SIGPUSHONLY'
  | 'MINIMALDATA'
  | 'DISCOURAGE_UPGRADABLE_NOPS'
  | 'CLEANSTACK'
  | 'CHECKLOCKTIMEVERIFY'
  | 'CHECKSEQUENCEVERIFY'
  | 'WITNESS'
  | 'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM'
  | 'MINIMALIF'
  | 'NULLFAIL'
  | 'WITNESS_PUBKEYTYPE'
  | 'CONST_SCRIPTCODE'
  | 'TAPROOT';

/** Every flag Kura implements (the BIP-322 rule set uses all of them). */
export const SCRIPT_FLAGS: readonly ScriptFlag[] = [
  'P2SH',
  'STRICTENC',
  'DERSIG',
  'LOW_S',
  'NULLDUMMY',
  'SIGPUSHONLY',
  'MINIMALDATA',
  'DISCOURAGE_UPGRADABLE_NOPS',
  'CLEANSTACK',
  'CHECKLOCKTIMEVERIFY',
  'CHECKSEQUENCEVERIFY',
  'WITNESS',
  'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM',
  'MINIMALIF',
  'NULLFAIL',
  'WITNESS_PUBKEYTYPE',
  'CONST_SCRIPTCODE',
  'TAPROOT',
];

/** BIP-322's three verification states, per input. */
export type ScriptOutcome =
  | { readonly result: 'valid'; readonly provenKeys: readonly string[] }
  | {
      readonly result: 'inconclusive';
      readonly reason: string;
      /** Core's `ScriptError` name of the discouragement rule (e.g. `DISCOURAGE_UPGRADABLE_NOPS`). */
      readonly code: string;
    }
  | {
      readonly result: 'invalid';
      readonly reason: string;
      /** Core's `ScriptError` name (without `SCRIPT_ERR_`), e.g. `WITNESS_PUBKEYTYPE`, `NULLFAIL`. */
      readonly code: string;
      /** `sighash` when a signature used a sighash type other than ALL / DEFAULT. */
      readonly kind?: 'sighash';
      /** Keys whose signatures verified before the failure (multisig threshold analysis). */
      readonly provenKeys: readonly string[];
    };

/** Result of {@link verifyInputWithFlags}: Core's verdict, with Core's error name. */
export type FlagsOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly reason: string };

/** A script failure; `code` is Core's `ScriptError` name without the `SCRIPT_ERR_` prefix. */
class Invalid extends Error {
  readonly code: string;
  readonly kind?: 'sighash';
  constructor(code: string, reason: string, kind?: 'sighash') {
    super(reason);
    this.code = code;
    if (kind) this.kind = kind;
  }
}
/** What a discouragement flag rejects (an upgrade hook): `inconclusive` under BIP-322. */
class Inconclusive extends Invalid {}

type SigVersion = 'base' | 'v0' | 'tapscript';

const MAX_ELEMENT = 520;
const MAX_SCRIPT = 10_000;
const MAX_OPS = 201;
const MAX_STACK = 1000;
const MAX_PUBKEYS = 20;
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
  readonly flags: ReadonlySet<ScriptFlag>;
  /** BIP-322's additions: SIGHASH_ALL/DEFAULT only, no OP_CODESEPARATOR anywhere. */
  readonly bip322: boolean;
  /** Tapscript only. */
  tapleafHash?: Uint8Array;
  budget?: number;
}

const ALL_FLAGS: ReadonlySet<ScriptFlag> = new Set(SCRIPT_FLAGS);

/** Verify input `index` of `tx` against its prevout under BIP-322's rules. Never throws. */
export function verifyInput(
  tx: Transaction,
  index: number,
  prevouts: readonly Prevout[]
): ScriptOutcome {
  const ctx: Ctx = { tx, index, prevouts, proven: new Set(), flags: ALL_FLAGS, bip322: true };
  try {
    run(ctx);
    return { result: 'valid', provenKeys: [...ctx.proven] };
  } catch (e) {
    if (e instanceof Inconclusive)
      return { result: 'inconclusive', reason: e.message, code: e.code };
    const x = asInvalid(e);
    const r = { result: 'invalid' as const, reason: x.message, code: x.code };
    return x.kind
      ? { ...r, kind: x.kind, provenKeys: [...ctx.proven] }
      : { ...r, provenKeys: [...ctx.proven] };
  }
}

/**
 * Bitcoin Core's `VerifyScript` for input `index` of `tx` under `flags` (Core's names, e.g.
 * `P2SH`, `WITNESS`, `NULLFAIL`), any sighash type allowed. `error` is Core's `ScriptError`
 * name. Never throws.
 */
export function verifyInputWithFlags(
  tx: Transaction,
  index: number,
  prevouts: readonly Prevout[],
  flags: Iterable<ScriptFlag>
): FlagsOutcome {
  const ctx: Ctx = { tx, index, prevouts, proven: new Set(), flags: new Set(flags), bip322: false };
  try {
    run(ctx);
    return { ok: true };
  } catch (e) {
    const x = asInvalid(e);
    return { ok: false, error: x.code, reason: x.message };
  }
}

function asInvalid(e: unknown): Invalid {
  if (e instanceof Invalid) return e;
  if (e instanceof ScriptNumError) return new Invalid('UNKNOWN_ERROR', e.message);
  return new Invalid('UNKNOWN_ERROR', `script error: ${(e as Error).message}`);
}

function run(ctx: Ctx): void {
  if (ctx.prevouts.length !== ctx.tx.ins.length)
    throw new Invalid('UNKNOWN_ERROR', 'prevouts do not match the inputs');
  verifyScript(ctx);
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

function pushOnly(script: Uint8Array): boolean {
  const ops = decompile(script);
  return ops !== undefined && isPushOnly(ops);
}

/** Core `VerifyScript`. */
function verifyScript(ctx: Ctx): void {
  const { flags } = ctx;
  const input = ctx.tx.ins[ctx.index];
  if (!input) throw new Invalid('UNKNOWN_ERROR', `no input ${ctx.index}`);
  const scriptSig = input.script;
  const witness = input.witness;
  const spk = ctx.prevouts[ctx.index]!.script;
  if (flags.has('SIGPUSHONLY') && !pushOnly(scriptSig))
    throw new Invalid('SIG_PUSHONLY', 'scriptSig is not push-only (SIGPUSHONLY)');

  let stack: Uint8Array[] = [];
  execute(ctx, scriptSig, stack, 'base');
  const stackCopy = flags.has('P2SH') ? stack.slice() : [];
  execute(ctx, spk, stack, 'base');
  if (stack.length === 0 || !castToBool(stack[stack.length - 1]!))
    throw new Invalid('EVAL_FALSE', 'scriptPubKey evaluated to false');

  let hadWitness = false;
  const wp = flags.has('WITNESS') ? witnessProgram(spk) : undefined;
  if (wp) {
    hadWitness = true;
    if (scriptSig.length !== 0)
      throw new Invalid('WITNESS_MALLEATED', 'native witness program with a scriptSig');
    verifyWitnessProgram(ctx, witness, wp.version, wp.program, false);
    stack = stack.slice(0, 1);
  }
  if (flags.has('P2SH') && isP2sh(spk)) {
    if (!pushOnly(scriptSig)) throw new Invalid('SIG_PUSHONLY', 'P2SH scriptSig is not push-only');
    stack = stackCopy;
    const redeem = stack.pop();
    if (redeem === undefined) throw new Invalid('EVAL_FALSE', 'P2SH: empty scriptSig');
    execute(ctx, redeem, stack, 'base');
    if (stack.length === 0 || !castToBool(stack[stack.length - 1]!))
      throw new Invalid('EVAL_FALSE', 'P2SH redeem script evaluated to false');
    const rwp = flags.has('WITNESS') ? witnessProgram(redeem) : undefined;
    if (rwp) {
      hadWitness = true;
      if (!equalBytes(scriptSig, serializePush(redeem)))
        throw new Invalid(
          'WITNESS_MALLEATED_P2SH',
          'P2SH-wrapped witness program: scriptSig must be exactly the redeem script push'
        );
      verifyWitnessProgram(ctx, witness, rwp.version, rwp.program, true);
      stack = stack.slice(0, 1);
    }
  }
  if (flags.has('CLEANSTACK') && stack.length !== 1)
    throw new Invalid('CLEANSTACK', `CLEANSTACK: ${stack.length} elements left`);
  if (flags.has('WITNESS') && !hadWitness && witness.length > 0)
    throw new Invalid('WITNESS_UNEXPECTED', 'witness data on a non-witness spend');
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
      if (witness.length === 0)
        throw new Invalid('WITNESS_PROGRAM_WITNESS_EMPTY', 'P2WSH: empty witness');
      const ws = witness[witness.length - 1]!;
      if (!equalBytes(sha256(ws), program))
        throw new Invalid('WITNESS_PROGRAM_MISMATCH', 'P2WSH: witness script hash mismatch');
      execWitness(ctx, ws, witness.slice(0, -1), 'v0');
      return;
    }
    if (program.length === 20) {
      if (witness.length !== 2)
        throw new Invalid('WITNESS_PROGRAM_MISMATCH', 'P2WPKH: witness must have exactly 2 items');
      const code = Uint8Array.of(0x76, 0xa9, 0x14, ...program, 0x88, 0xac);
      execWitness(ctx, code, witness.slice(), 'v0');
      return;
    }
    throw new Invalid(
      'WITNESS_PROGRAM_WRONG_LENGTH',
      `witness v0 program of ${program.length} bytes`
    );
  }
  if (version === 1 && program.length === 32 && !nested && ctx.flags.has('TAPROOT')) {
    verifyTaproot(ctx, witness, program);
    return;
  }
  if (ctx.flags.has('DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM'))
    throw new Inconclusive(
      'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM',
      `witness version ${version} (${program.length}-byte program${nested ? ', P2SH-nested' : ''}) is reserved for upgrades`
    );
  // an upgradeable program without the discouragement flag: anyone can spend it (Core: true)
}

function execWitness(ctx: Ctx, script: Uint8Array, stack: Uint8Array[], sv: SigVersion): void {
  for (const el of stack)
    if (el.length > MAX_ELEMENT) throw new Invalid('PUSH_SIZE', 'witness element > 520 bytes');
  if (stack.length > MAX_STACK) throw new Invalid('STACK_SIZE', 'witness stack too large');
  execute(ctx, script, stack, sv);
  if (stack.length !== 1)
    throw new Invalid('CLEANSTACK', `CLEANSTACK: ${stack.length} witness elements left`);
  if (!castToBool(stack[0]!)) throw new Invalid('EVAL_FALSE', 'witness script evaluated to false');
}

function verifyTaproot(ctx: Ctx, witnessIn: readonly Uint8Array[], program: Uint8Array): void {
  const witness = witnessIn.slice();
  if (witness.length === 0)
    throw new Invalid('WITNESS_PROGRAM_WITNESS_EMPTY', 'taproot: empty witness');
  if (witness.length >= 2 && witness[witness.length - 1]![0] === 0x50)
    throw new Inconclusive(
      'DISCOURAGE_UPGRADABLE_ANNEX',
      'taproot annex present (reserved for upgrades)'
    );
  if (witness.length === 1) {
    checkSchnorr(ctx, witness[0]!, program, undefined, true);
    return;
  }
  const cb = witness.pop()!;
  const script = witness.pop()!;
  if (cb.length < 33 || (cb.length - 33) % 32 !== 0 || (cb.length - 33) / 32 > 128)
    throw new Invalid('TAPROOT_WRONG_CONTROL_SIZE', `taproot: control block of ${cb.length} bytes`);
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
    throw new Invalid(
      'WITNESS_PROGRAM_MISMATCH',
      'taproot: control block does not commit to the output key'
    );
  if (leafVersion !== 0xc0)
    throw new Inconclusive(
      'DISCOURAGE_UPGRADABLE_TAPROOT_VERSION',
      `taproot leaf version 0x${leafVersion.toString(16)}`
    );
  const ops = decompile(script);
  if (!ops) throw new Invalid('BAD_OPCODE', 'tapscript: push past the end of the script');
  if (ops.some((o) => o.data === undefined && isOpSuccess(o.op)))
    throw new Inconclusive('DISCOURAGE_OP_SUCCESS', 'tapscript uses an OP_SUCCESSx opcode');
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
    if (ctx.budget < 0)
      throw new Invalid(
        'TAPSCRIPT_VALIDATION_WEIGHT',
        'tapscript validation weight budget exceeded'
      );
  }
  if (key.length === 0) throw new Invalid('TAPSCRIPT_EMPTY_PUBKEY', 'tapscript: empty public key');
  if (key.length !== 32)
    throw new Inconclusive(
      'DISCOURAGE_UPGRADABLE_PUBKEYTYPE',
      `tapscript: unknown public key type (${key.length} bytes)`
    );
  let hashType = 0;
  let sig64 = sig;
  if (sig.length === 65) {
    hashType = sig[64]!;
    if (hashType === 0)
      throw new Invalid('SCHNORR_SIG_HASHTYPE', 'taproot: explicit SIGHASH_DEFAULT byte');
    sig64 = sig.subarray(0, 64);
  } else if (sig.length !== 64)
    throw new Invalid('SCHNORR_SIG_SIZE', `taproot: signature of ${sig.length} bytes`);
  if (hashType !== 0 && hashType !== SIGHASH_ALL)
    throw new Invalid(
      'SCHNORR_SIG_HASHTYPE',
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
  if (!schnorrVerify(sig64, digest, key))
    throw new Invalid('SCHNORR_SIG', 'invalid Schnorr signature');
  ctx.proven.add(hex(key));
  return true;
}

/** Core `CheckSignatureEncoding` (+ BIP-322's SIGHASH_ALL-only rule). */
function checkSigEncoding(ctx: Ctx, sig: Uint8Array): void {
  if (sig.length === 0) return;
  const f = ctx.flags;
  if ((f.has('DERSIG') || f.has('LOW_S') || f.has('STRICTENC')) && !isStrictDer(sig))
    throw new Invalid('SIG_DER', 'signature is not strict DER (BIP-66)');
  if (f.has('LOW_S')) {
    const { s } = derRS(sig);
    if (isHighS(s)) throw new Invalid('SIG_HIGH_S', 'signature S value is not low (LOW_S)');
  }
  const hashType = sig[sig.length - 1]!;
  if (f.has('STRICTENC')) {
    const base = hashType & ~0x80;
    if (base < 1 || base > 3)
      throw new Invalid('SIG_HASHTYPE', `undefined sighash type 0x${hashType.toString(16)}`);
  }
  if (ctx.bip322 && hashType !== SIGHASH_ALL)
    throw new Invalid(
      'SIG_HASHTYPE',
      `signature uses sighash 0x${hashType.toString(16)}; BIP-322 requires ALL`,
      'sighash'
    );
}

/** Core `CheckPubKeyEncoding` (pre-tapscript). */
function checkPubKeyEncoding(ctx: Ctx, pub: Uint8Array, sv: SigVersion): void {
  if (ctx.flags.has('STRICTENC') && !isStrictPubkey(pub))
    throw new Invalid('PUBKEYTYPE', 'public key is not a valid SEC1 encoding (STRICTENC)');
  if (ctx.flags.has('WITNESS_PUBKEYTYPE') && sv === 'v0' && !isCompressedPubkey(pub))
    throw new Invalid(
      'WITNESS_PUBKEYTYPE',
      'uncompressed public key in segwit v0 (WITNESS_PUBKEYTYPE)'
    );
}

/** Core `CheckECDSASignature`: does `sig` (with its sighash byte) verify for `pub`? */
function ecdsaCheck(
  ctx: Ctx,
  sig: Uint8Array,
  pub: Uint8Array,
  scriptCode: Uint8Array,
  sv: SigVersion
): boolean {
  const key = parsePubkeyCore(pub);
  if (!key || sig.length === 0) return false;
  const hashType = sig[sig.length - 1]!;
  const rs = parseDerLax(sig.subarray(0, -1));
  if (!rs) return false;
  const { tx, index, prevouts } = ctx;
  const digest =
    sv === 'base'
      ? legacySighash(tx, index, scriptCode, hashType)
      : tx.hashForWitnessV0(index, scriptCode, prevouts[index]!.value, hashType);
  if (!ecdsaVerifyNormalized(rs.r, rs.s, digest, key)) return false;
  ctx.proven.add(hex(pub));
  return true;
}

/** Core `EvalChecksigPreTapscript`: encoding rules, FindAndDelete, NULLFAIL. */
function checkSigPre(
  ctx: Ctx,
  sig: Uint8Array,
  pub: Uint8Array,
  code: Uint8Array,
  sv: SigVersion
): boolean {
  let scriptCode = code;
  if (sv === 'base') {
    const fd = findAndDelete(scriptCode, serializePush(sig));
    if (fd.found > 0 && ctx.flags.has('CONST_SCRIPTCODE'))
      throw new Invalid('SIG_FINDANDDELETE', 'FindAndDelete would alter the script (forbidden)');
    scriptCode = fd.script;
  }
  checkSigEncoding(ctx, sig);
  checkPubKeyEncoding(ctx, pub, sv);
  const ok = ecdsaCheck(ctx, sig, pub, scriptCode, sv);
  if (!ok && ctx.flags.has('NULLFAIL') && sig.length > 0)
    throw new Invalid('NULLFAIL', 'invalid ECDSA signature (NULLFAIL)');
  return ok;
}

/** Exhaustively find which keys have a valid signature among `sigs` (threshold analysis only). */
function proveMultisigKeys(
  ctx: Ctx,
  sigs: readonly Uint8Array[],
  keys: readonly Uint8Array[],
  code: Uint8Array,
  sv: SigVersion
): void {
  for (const sig of sigs)
    for (const key of keys)
      try {
        checkSigEncoding(ctx, sig);
        checkPubKeyEncoding(ctx, key, sv);
        ecdsaCheck(ctx, sig, key, code, sv);
      } catch {
        // only collecting the keys that verify
      }
}

/** Core `EvalScript`. */
function execute(ctx: Ctx, script: Uint8Array, stack: Uint8Array[], sv: SigVersion): void {
  const { flags } = ctx;
  if (sv !== 'tapscript' && script.length > MAX_SCRIPT)
    throw new Invalid('SCRIPT_SIZE', 'script larger than 10,000 bytes');
  const parsed = decompile(script);
  if (!parsed) throw new Invalid('BAD_OPCODE', 'push past the end of the script');
  const ops: ScriptOp[] = parsed;
  const minimal = flags.has('MINIMALDATA');
  const minimalIf = sv === 'tapscript' || (sv === 'v0' && flags.has('MINIMALIF'));
  const vfExec: boolean[] = [];
  const alt: Uint8Array[] = [];
  let opCount = 0;
  let codeStart = 0;
  const pop = (): Uint8Array => {
    const v = stack.pop();
    if (v === undefined) throw new Invalid('INVALID_STACK_OPERATION', 'stack underflow');
    return v;
  };
  const top = (i = 1): Uint8Array => {
    const v = stack[stack.length - i];
    if (v === undefined || i < 1) throw new Invalid('INVALID_STACK_OPERATION', 'stack underflow');
    return v;
  };
  const num = (b: Uint8Array, maxLen = 4): bigint => decodeScriptNum(b, maxLen, minimal);
  const pushNum = (n: bigint): void => {
    stack.push(encodeScriptNum(n));
  };
  const pushBool = (b: boolean): void => {
    stack.push(b ? TRUE : FALSE);
  };
  const discourageNop = (op: number): void => {
    if (flags.has('DISCOURAGE_UPGRADABLE_NOPS'))
      throw new Inconclusive(
        'DISCOURAGE_UPGRADABLE_NOPS',
        `upgradeable NOP 0x${op.toString(16)} is reserved`
      );
  };

  for (const { op, data, pos } of ops) {
    const fExec = vfExec.every((x) => x);
    if (data !== undefined && data.length > MAX_ELEMENT)
      throw new Invalid('PUSH_SIZE', 'push larger than 520 bytes');
    if (sv !== 'tapscript' && op > OP.OP_16 && ++opCount > MAX_OPS)
      throw new Invalid('OP_COUNT', 'more than 201 opcodes');
    if (DISABLED.has(op))
      throw new Invalid('DISABLED_OPCODE', `disabled opcode 0x${op.toString(16)}`);
    if (op === OP.OP_CODESEPARATOR) {
      if (ctx.bip322 || sv === 'tapscript')
        throw new Invalid('OP_CODESEPARATOR', 'OP_CODESEPARATOR is forbidden by BIP-322');
      if (sv === 'base' && flags.has('CONST_SCRIPTCODE'))
        throw new Invalid(
          'OP_CODESEPARATOR',
          'OP_CODESEPARATOR in a legacy script (CONST_SCRIPTCODE)'
        );
    }

    if (fExec && data !== undefined) {
      if (minimal && !isMinimalPush(op, data))
        throw new Invalid('MINIMALDATA', 'non-minimal push (MINIMALDATA)');
      stack.push(data);
    } else if (fExec || (op >= OP.OP_IF && op <= OP.OP_ENDIF)) {
      switch (op) {
        case OP.OP_1NEGATE:
          pushNum(-1n);
          break;
        case OP.OP_NOP:
          break;
        case OP.OP_CHECKLOCKTIMEVERIFY: {
          if (!flags.has('CHECKLOCKTIMEVERIFY')) {
            discourageNop(op);
            break;
          }
          const n = num(top(), 5);
          if (n < 0n) throw new Invalid('NEGATIVE_LOCKTIME', 'CLTV: negative locktime');
          const lt = BigInt(ctx.tx.locktime);
          const thr = BigInt(LOCKTIME_THRESHOLD);
          if (lt < thr !== n < thr)
            throw new Invalid('UNSATISFIED_LOCKTIME', 'CLTV: locktime type mismatch');
          if (n > lt) throw new Invalid('UNSATISFIED_LOCKTIME', 'CLTV: locktime not reached');
          if (ctx.tx.ins[ctx.index]!.sequence === SEQUENCE_FINAL)
            throw new Invalid('UNSATISFIED_LOCKTIME', 'CLTV: input is final');
          break;
        }
        case OP.OP_CHECKSEQUENCEVERIFY: {
          if (!flags.has('CHECKSEQUENCEVERIFY')) {
            discourageNop(op);
            break;
          }
          const n = num(top(), 5);
          if (n < 0n) throw new Invalid('NEGATIVE_LOCKTIME', 'CSV: negative sequence');
          if ((n & (1n << 31n)) !== 0n) break;
          if (ctx.tx.version < 2)
            throw new Invalid('UNSATISFIED_LOCKTIME', 'CSV: transaction version < 2');
          const seq = BigInt(ctx.tx.ins[ctx.index]!.sequence);
          if ((seq & (1n << 31n)) !== 0n)
            throw new Invalid(
              'UNSATISFIED_LOCKTIME',
              'CSV: input sequence disables relative locks'
            );
          const mask = (1n << 22n) | 0xffffn;
          const a = n & mask;
          const b = seq & mask;
          if (a < 1n << 22n !== b < 1n << 22n)
            throw new Invalid('UNSATISFIED_LOCKTIME', 'CSV: lock type mismatch');
          if (a > b) throw new Invalid('UNSATISFIED_LOCKTIME', 'CSV: relative lock not reached');
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
          discourageNop(op);
          break;
        case OP.OP_IF:
        case OP.OP_NOTIF: {
          let value = false;
          if (fExec) {
            if (stack.length < 1)
              throw new Invalid('UNBALANCED_CONDITIONAL', 'IF without an argument');
            const v = pop();
            if (minimalIf && (v.length > 1 || (v.length === 1 && v[0] !== 1)))
              throw new Invalid('MINIMALIF', 'IF argument must be empty or 0x01 (MINIMALIF)');
            value = castToBool(v);
            if (op === OP.OP_NOTIF) value = !value;
          }
          vfExec.push(value);
          break;
        }
        case OP.OP_ELSE:
          if (vfExec.length === 0)
            throw new Invalid('UNBALANCED_CONDITIONAL', 'OP_ELSE without OP_IF');
          vfExec[vfExec.length - 1] = !vfExec[vfExec.length - 1];
          break;
        case OP.OP_ENDIF:
          if (vfExec.length === 0)
            throw new Invalid('UNBALANCED_CONDITIONAL', 'OP_ENDIF without OP_IF');
          vfExec.pop();
          break;
        case OP.OP_VERIFY:
          if (!castToBool(pop())) throw new Invalid('VERIFY', 'OP_VERIFY failed');
          break;
        case OP.OP_RETURN:
          throw new Invalid('OP_RETURN', 'OP_RETURN');
        case OP.OP_TOALTSTACK:
          alt.push(pop());
          break;
        case OP.OP_FROMALTSTACK: {
          const v = alt.pop();
          if (!v) throw new Invalid('INVALID_ALTSTACK_OPERATION', 'alt stack underflow');
          stack.push(v);
          break;
        }
        case OP.OP_2DROP:
          top(2);
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
          top(2);
          const n = num(pop());
          if (n < 0n || n >= BigInt(stack.length))
            throw new Invalid('INVALID_STACK_OPERATION', 'PICK/ROLL out of range');
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
          top(2);
          const a = pop();
          const b = pop();
          stack.push(a, b);
          break;
        }
        case OP.OP_TUCK: {
          top(2);
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
          top(2);
          const eq = equalBytes(pop(), pop());
          if (op === OP.OP_EQUALVERIFY) {
            if (!eq) throw new Invalid('EQUALVERIFY', 'OP_EQUALVERIFY failed');
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
          top(2);
          const a = num(top(2));
          const b = num(top(1));
          pop();
          pop();
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
              if (a !== b) throw new Invalid('NUMEQUALVERIFY', 'OP_NUMEQUALVERIFY failed');
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
          top(3);
          const x = num(top(3));
          const min = num(top(2));
          const max = num(top(1));
          pop();
          pop();
          pop();
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
        case OP.OP_CODESEPARATOR:
          codeStart = pos + 1;
          break;
        case OP.OP_CHECKSIG:
        case OP.OP_CHECKSIGVERIFY: {
          const pub = top(1);
          const sig = top(2);
          const ok =
            sv === 'tapscript'
              ? checkSchnorr(ctx, sig, pub, ctx.tapleafHash, false)
              : checkSigPre(ctx, sig, pub, script.subarray(codeStart), sv);
          pop();
          pop();
          if (op === OP.OP_CHECKSIGVERIFY) {
            if (!ok) throw new Invalid('CHECKSIGVERIFY', 'OP_CHECKSIGVERIFY failed');
          } else pushBool(ok);
          break;
        }
        case OP.OP_CHECKSIGADD: {
          if (sv !== 'tapscript')
            throw new Invalid('BAD_OPCODE', 'OP_CHECKSIGADD outside tapscript');
          const pub = pop();
          const n = num(pop());
          const sig = pop();
          pushNum(n + (checkSchnorr(ctx, sig, pub, ctx.tapleafHash, false) ? 1n : 0n));
          break;
        }
        case OP.OP_CHECKMULTISIG:
        case OP.OP_CHECKMULTISIGVERIFY: {
          if (sv === 'tapscript')
            throw new Invalid(
              'TAPSCRIPT_CHECKMULTISIG',
              'OP_CHECKMULTISIG is disabled in tapscript'
            );
          const ok = checkMultisig(ctx, stack, script.subarray(codeStart), sv, opCount);
          opCount = ok.opCount;
          if (op === OP.OP_CHECKMULTISIGVERIFY) {
            if (!ok.success)
              throw new Invalid('CHECKMULTISIGVERIFY', 'OP_CHECKMULTISIGVERIFY failed');
          } else pushBool(ok.success);
          break;
        }
        default:
          if (op >= OP.OP_1 && op <= OP.OP_16) {
            pushNum(BigInt(op - OP.OP_1 + 1));
            break;
          }
          throw new Invalid('BAD_OPCODE', `bad opcode 0x${op.toString(16)}`);
      }
    }
    if (stack.length + alt.length > MAX_STACK)
      throw new Invalid('STACK_SIZE', 'stack larger than 1000 elements');
  }
  if (vfExec.length !== 0) throw new Invalid('UNBALANCED_CONDITIONAL', 'unbalanced OP_IF');
}

/**
 * Core's OP_CHECKMULTISIG, step for step: the key count, keys, signature count and signatures
 * are read downwards from the top of the stack, and the walk starts at the TOP-most key and the
 * top-most signature (`ikey`, `isig` in Core), advancing the key after every check and the
 * signature after every match, stopping early once more signatures remain than keys. Only the
 * keys and signatures actually visited have their encodings checked (STRICTENC, DERSIG, LOW_S,
 * WITNESS_PUBKEYTYPE). NULLFAIL: on failure every signature must be empty; NULLDUMMY: the extra
 * element must be empty. Leaves the arguments popped (the caller pushes the result).
 */
function checkMultisig(
  ctx: Ctx,
  stack: Uint8Array[],
  code: Uint8Array,
  sv: SigVersion,
  opCountIn: number
): { success: boolean; opCount: number } {
  const minimal = ctx.flags.has('MINIMALDATA');
  const at = (i: number): Uint8Array => {
    const v = stack[stack.length - i];
    if (v === undefined)
      throw new Invalid('INVALID_STACK_OPERATION', 'CHECKMULTISIG: stack underflow');
    return v;
  };
  let i = 1;
  let nKeys = Number(decodeScriptNum(at(i), 4, minimal));
  if (nKeys < 0 || nKeys > MAX_PUBKEYS)
    throw new Invalid('PUBKEY_COUNT', 'CHECKMULTISIG: key count out of range');
  const opCount = opCountIn + nKeys;
  if (opCount > MAX_OPS) throw new Invalid('OP_COUNT', 'more than 201 opcodes');
  let ikey = ++i;
  // position of the last non-signature item (top = 1)
  let ikey2 = nKeys + 2;
  i += nKeys;
  let nSigs = Number(decodeScriptNum(at(i), 4, minimal));
  if (nSigs < 0 || nSigs > nKeys)
    throw new Invalid('SIG_COUNT', 'CHECKMULTISIG: signature count out of range');
  let isig = ++i;
  i += nSigs;
  if (stack.length < i)
    throw new Invalid('INVALID_STACK_OPERATION', 'CHECKMULTISIG: stack underflow');
  const keys = Array.from({ length: nKeys }, (_, k) => at(ikey + k));
  const sigs = Array.from({ length: nSigs }, (_, k) => at(isig + k));

  let scriptCode = code;
  if (sv === 'base')
    for (const sig of sigs) {
      const fd = findAndDelete(scriptCode, serializePush(sig));
      if (fd.found > 0 && ctx.flags.has('CONST_SCRIPTCODE'))
        throw new Invalid('SIG_FINDANDDELETE', 'FindAndDelete would alter the script (forbidden)');
      scriptCode = fd.script;
    }

  let success = true;
  try {
    while (success && nSigs > 0) {
      const sig = at(isig);
      const key = at(ikey);
      checkSigEncoding(ctx, sig);
      checkPubKeyEncoding(ctx, key, sv);
      if (ecdsaCheck(ctx, sig, key, scriptCode, sv)) {
        isig++;
        nSigs--;
      }
      ikey++;
      nKeys--;
      if (nSigs > nKeys) success = false;
    }
    while (i-- > 1) {
      if (!success && ctx.flags.has('NULLFAIL') && ikey2 === 0 && at(1).length > 0)
        throw new Invalid(
          'NULLFAIL',
          `CHECKMULTISIG: signatures do not meet the threshold (NULLFAIL)`
        );
      if (ikey2 > 0) ikey2--;
      stack.pop();
    }
  } catch (e) {
    proveMultisigKeys(ctx, sigs, keys, scriptCode, sv);
    throw e;
  }
  if (!success) proveMultisigKeys(ctx, sigs, keys, scriptCode, sv);
  if (stack.length < 1)
    throw new Invalid('INVALID_STACK_OPERATION', 'CHECKMULTISIG: no dummy element');
  if (ctx.flags.has('NULLDUMMY') && stack[stack.length - 1]!.length !== 0)
    throw new Invalid('SIG_NULLDUMMY', 'CHECKMULTISIG dummy element must be empty (NULLDUMMY)');
  stack.pop();
  return { success, opCount };
}
