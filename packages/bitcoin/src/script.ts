/**
 * Bitcoin Script parsing: opcodes, pushes (with the MINIMALDATA rule of BIP-62), script numbers
 * and the m-of-n CHECKMULTISIG template. Isomorphic.
 * @module
 */

/** The opcodes Kura's interpreter and templates refer to by name. */
export const OP = {
  OP_0: 0x00,
  OP_PUSHDATA1: 0x4c,
  OP_PUSHDATA2: 0x4d,
  OP_PUSHDATA4: 0x4e,
  OP_1NEGATE: 0x4f,
  OP_RESERVED: 0x50,
  OP_1: 0x51,
  OP_16: 0x60,
  OP_NOP: 0x61,
  OP_VER: 0x62,
  OP_IF: 0x63,
  OP_NOTIF: 0x64,
  OP_VERIF: 0x65,
  OP_VERNOTIF: 0x66,
  OP_ELSE: 0x67,
  OP_ENDIF: 0x68,
  OP_VERIFY: 0x69,
  OP_RETURN: 0x6a,
  OP_TOALTSTACK: 0x6b,
  OP_FROMALTSTACK: 0x6c,
  OP_2DROP: 0x6d,
  OP_2DUP: 0x6e,
  OP_3DUP: 0x6f,
  OP_2OVER: 0x70,
  OP_2ROT: 0x71,
  OP_2SWAP: 0x72,
  OP_IFDUP: 0x73,
  OP_DEPTH: 0x74,
  OP_DROP: 0x75,
  OP_DUP: 0x76,
  OP_NIP: 0x77,
  OP_OVER: 0x78,
  OP_PICK: 0x79,
  OP_ROLL: 0x7a,
  OP_ROT: 0x7b,
  OP_SWAP: 0x7c,
  OP_TUCK: 0x7d,
  OP_SIZE: 0x82,
  OP_EQUAL: 0x87,
  OP_EQUALVERIFY: 0x88,
  OP_1ADD: 0x8b,
  OP_1SUB: 0x8c,
  OP_NEGATE: 0x8f,
  OP_ABS: 0x90,
  OP_NOT: 0x91,
  OP_0NOTEQUAL: 0x92,
  OP_ADD: 0x93,
  OP_SUB: 0x94,
  OP_BOOLAND: 0x9a,
  OP_BOOLOR: 0x9b,
  OP_NUMEQUAL: 0x9c,
  OP_NUMEQUALVERIFY: 0x9d,
  OP_NUMNOTEQUAL: 0x9e,
  OP_LESSTHAN: 0x9f,
  OP_GREATERTHAN: 0xa0,
  OP_LESSTHANOREQUAL: 0xa1,
  OP_GREATERTHANOREQUAL: 0xa2,
  OP_MIN: 0xa3,
  OP_MAX: 0xa4,
  OP_WITHIN: 0xa5,
  OP_RIPEMD160: 0xa6,
  OP_SHA1: 0xa7,
  OP_SHA256: 0xa8,
  OP_HASH160: 0xa9,
  OP_HASH256: 0xaa,
  OP_CODESEPARATOR: 0xab,
  OP_CHECKSIG: 0xac,
  OP_CHECKSIGVERIFY: 0xad,
  OP_CHECKMULTISIG: 0xae,
  OP_CHECKMULTISIGVERIFY: 0xaf,
  OP_NOP1: 0xb0,
  OP_CHECKLOCKTIMEVERIFY: 0xb1,
  OP_CHECKSEQUENCEVERIFY: 0xb2,
  OP_NOP4: 0xb3,
  OP_NOP10: 0xb9,
  OP_CHECKSIGADD: 0xba,
} as const;

/** One parsed script element: an opcode, and for pushes the pushed bytes. */
export interface ScriptOp {
  readonly op: number;
  /** The pushed data for push opcodes (0x00 … 0x4e); `undefined` for other opcodes. */
  readonly data?: Uint8Array;
  /** Offset of the opcode in the script. */
  readonly pos: number;
}

/** Parse a script into opcodes; returns `undefined` if a push runs past the end. */
export function decompile(script: Uint8Array): ScriptOp[] | undefined {
  const out: ScriptOp[] = [];
  let i = 0;
  while (i < script.length) {
    const pos = i;
    const op = script[i++]!;
    if (op > OP.OP_PUSHDATA4) {
      out.push({ op, pos });
      continue;
    }
    let n: number;
    if (op < OP.OP_PUSHDATA1) n = op;
    else if (op === OP.OP_PUSHDATA1) {
      if (i + 1 > script.length) return undefined;
      n = script[i]!;
      i += 1;
    } else if (op === OP.OP_PUSHDATA2) {
      if (i + 2 > script.length) return undefined;
      n = script[i]! | (script[i + 1]! << 8);
      i += 2;
    } else {
      if (i + 4 > script.length) return undefined;
      n =
        (script[i]! | (script[i + 1]! << 8) | (script[i + 2]! << 16) | (script[i + 3]! << 24)) >>>
        0;
      i += 4;
    }
    if (i + n > script.length) return undefined;
    out.push({ op, data: script.subarray(i, i + n), pos });
    i += n;
  }
  return out;
}

/** Is this push encoded minimally (BIP-62 rule 3, Bitcoin Core `CheckMinimalPush`)? */
export function isMinimalPush(op: number, data: Uint8Array): boolean {
  if (data.length === 0) return op === OP.OP_0;
  if (data.length === 1 && data[0]! >= 1 && data[0]! <= 16) return false; // use OP_1 … OP_16
  if (data.length === 1 && data[0] === 0x81) return false; // use OP_1NEGATE
  if (data.length <= 75) return op === data.length;
  if (data.length <= 255) return op === OP.OP_PUSHDATA1;
  if (data.length <= 65535) return op === OP.OP_PUSHDATA2;
  return true;
}

/** Is the script push-only (every opcode ≤ OP_16)? */
export function isPushOnly(ops: readonly ScriptOp[]): boolean {
  return ops.every((o) => o.op <= OP.OP_16);
}

/** Minimal push of `data` as script bytes. */
export function pushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n === 0) return Uint8Array.of(OP.OP_0);
  if (n === 1 && data[0]! >= 1 && data[0]! <= 16) return Uint8Array.of(OP.OP_1 + data[0]! - 1);
  if (n === 1 && data[0] === 0x81) return Uint8Array.of(OP.OP_1NEGATE);
  if (n <= 75) return Uint8Array.of(n, ...data);
  if (n <= 255) return Uint8Array.of(OP.OP_PUSHDATA1, n, ...data);
  return Uint8Array.of(OP.OP_PUSHDATA2, n & 0xff, n >> 8, ...data);
}

/** Error thrown by {@link decodeScriptNum} (caught by the interpreter). */
export class ScriptNumError extends Error {}

/** Decode a script number (little-endian sign-magnitude), at most `maxLen` bytes, minimal. */
export function decodeScriptNum(b: Uint8Array, maxLen = 4, requireMinimal = true): bigint {
  if (b.length > maxLen) throw new ScriptNumError(`script number longer than ${maxLen} bytes`);
  if (b.length === 0) return 0n;
  if (requireMinimal && (b[b.length - 1]! & 0x7f) === 0) {
    if (b.length <= 1 || (b[b.length - 2]! & 0x80) === 0)
      throw new ScriptNumError('non-minimally encoded script number');
  }
  let v = 0n;
  for (let i = 0; i < b.length; i++) v |= BigInt(b[i]!) << BigInt(8 * i);
  const last = b[b.length - 1]!;
  if (last & 0x80) {
    v &= ~(0x80n << BigInt(8 * (b.length - 1)));
    return -v;
  }
  return v;
}

/** Encode a script number minimally. */
export function encodeScriptNum(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  const neg = n < 0n;
  let abs = neg ? -n : n;
  const out: number[] = [];
  while (abs > 0n) {
    out.push(Number(abs & 0xffn));
    abs >>= 8n;
  }
  if (out[out.length - 1]! & 0x80) out.push(neg ? 0x80 : 0);
  else if (neg) out[out.length - 1]! |= 0x80;
  return Uint8Array.from(out);
}

/** A bare m-of-n `OP_m <key>… OP_n OP_CHECKMULTISIG` script. */
export interface MultisigScript {
  readonly m: number;
  readonly keys: readonly Uint8Array[];
}

/** Parse the standard m-of-n CHECKMULTISIG template (compressed or uncompressed keys). */
export function parseMultisig(script: Uint8Array): MultisigScript | undefined {
  const ops = decompile(script);
  if (!ops || ops.length < 4) return undefined;
  const first = ops[0]!.op;
  const nOp = ops[ops.length - 2]!.op;
  if (ops[ops.length - 1]!.op !== OP.OP_CHECKMULTISIG) return undefined;
  if (first < OP.OP_1 || first > OP.OP_16 || nOp < OP.OP_1 || nOp > OP.OP_16) return undefined;
  const m = first - OP.OP_1 + 1;
  const n = nOp - OP.OP_1 + 1;
  const keyOps = ops.slice(1, -2);
  if (keyOps.length !== n || m > n) return undefined;
  const keys: Uint8Array[] = [];
  for (const k of keyOps) {
    if (!k.data || !isMinimalPush(k.op, k.data)) return undefined;
    if (
      !(k.data.length === 33 && (k.data[0] === 2 || k.data[0] === 3)) &&
      !(k.data.length === 65 && k.data[0] === 4)
    )
      return undefined;
    keys.push(k.data);
  }
  return { m, keys };
}
