/**
 * Bitcoin Core's script-test harness, for running Core's `script_tests.json`: the assembly
 * parser of `core_read.cpp` (`ParseScript`: decimal numbers, `0x…` raw bytes, `'strings'`,
 * opcode names with or without `OP_`) and the crediting/spending transactions of
 * `script_tests.cpp` (`BuildCreditingTransaction`, `BuildSpendingTransaction`).
 */
import { hexToBytes } from '@kura/codec';
import { Transaction } from 'bitcoinjs-lib';
import { encodeScriptNum } from '../src/script.js';
import { serializePush } from '../src/sighash-legacy.js';

const NAMES: Record<string, number> = {
  RESERVED: 0x50,
  NOP: 0x61,
  VER: 0x62,
  IF: 0x63,
  NOTIF: 0x64,
  VERIF: 0x65,
  VERNOTIF: 0x66,
  ELSE: 0x67,
  ENDIF: 0x68,
  VERIFY: 0x69,
  RETURN: 0x6a,
  TOALTSTACK: 0x6b,
  FROMALTSTACK: 0x6c,
  '2DROP': 0x6d,
  '2DUP': 0x6e,
  '3DUP': 0x6f,
  '2OVER': 0x70,
  '2ROT': 0x71,
  '2SWAP': 0x72,
  IFDUP: 0x73,
  DEPTH: 0x74,
  DROP: 0x75,
  DUP: 0x76,
  NIP: 0x77,
  OVER: 0x78,
  PICK: 0x79,
  ROLL: 0x7a,
  ROT: 0x7b,
  SWAP: 0x7c,
  TUCK: 0x7d,
  CAT: 0x7e,
  SUBSTR: 0x7f,
  LEFT: 0x80,
  RIGHT: 0x81,
  SIZE: 0x82,
  INVERT: 0x83,
  AND: 0x84,
  OR: 0x85,
  XOR: 0x86,
  EQUAL: 0x87,
  EQUALVERIFY: 0x88,
  RESERVED1: 0x89,
  RESERVED2: 0x8a,
  '1ADD': 0x8b,
  '1SUB': 0x8c,
  '2MUL': 0x8d,
  '2DIV': 0x8e,
  NEGATE: 0x8f,
  ABS: 0x90,
  NOT: 0x91,
  '0NOTEQUAL': 0x92,
  ADD: 0x93,
  SUB: 0x94,
  MUL: 0x95,
  DIV: 0x96,
  MOD: 0x97,
  LSHIFT: 0x98,
  RSHIFT: 0x99,
  BOOLAND: 0x9a,
  BOOLOR: 0x9b,
  NUMEQUAL: 0x9c,
  NUMEQUALVERIFY: 0x9d,
  NUMNOTEQUAL: 0x9e,
  LESSTHAN: 0x9f,
  GREATERTHAN: 0xa0,
  LESSTHANOREQUAL: 0xa1,
  GREATERTHANOREQUAL: 0xa2,
  MIN: 0xa3,
  MAX: 0xa4,
  WITHIN: 0xa5,
  RIPEMD160: 0xa6,
  SHA1: 0xa7,
  SHA256: 0xa8,
  HASH160: 0xa9,
  HASH256: 0xaa,
  CODESEPARATOR: 0xab,
  CHECKSIG: 0xac,
  CHECKSIGVERIFY: 0xad,
  CHECKMULTISIG: 0xae,
  CHECKMULTISIGVERIFY: 0xaf,
  NOP1: 0xb0,
  CHECKLOCKTIMEVERIFY: 0xb1,
  NOP2: 0xb1,
  CHECKSEQUENCEVERIFY: 0xb2,
  NOP3: 0xb2,
  NOP4: 0xb3,
  NOP5: 0xb4,
  NOP6: 0xb5,
  NOP7: 0xb6,
  NOP8: 0xb7,
  NOP9: 0xb8,
  NOP10: 0xb9,
};

/** Core's `ParseScript` (core_read.cpp). Throws on a word it does not know. */
export function parseScriptAsm(src: string): Uint8Array {
  const out: number[] = [];
  for (const w of src.split(/[ \t\n]+/)) {
    if (w === '') continue;
    if (/^-?[0-9]+$/.test(w) && w !== '-') {
      const n = BigInt(w);
      // this copy predates Core's ±0xffffffff limit on decimal words: any int64 is accepted
      if (n >= 1n << 63n || n < -(1n << 63n)) throw new Error(`number out of range: ${w}`);
      if (n === -1n || (n >= 1n && n <= 16n)) out.push(0x50 + Number(n));
      else if (n === 0n) out.push(0);
      else out.push(...serializePush(encodeScriptNum(n)));
    } else if (w.startsWith('0x') && w.length > 2 && /^([0-9a-fA-F]{2})+$/.test(w.slice(2))) {
      out.push(...hexToBytes(w.slice(2).toLowerCase()));
    } else if (w.length >= 2 && w.startsWith("'") && w.endsWith("'")) {
      out.push(...serializePush(new TextEncoder().encode(w.slice(1, -1))));
    } else {
      const name = w.startsWith('OP_') ? w.slice(3) : w;
      const op = NAMES[name];
      if (op === undefined) throw new Error(`unknown opcode name ${w}`);
      out.push(op);
    }
  }
  return Uint8Array.from(out);
}

/** Core's `BuildCreditingTransaction` + `BuildSpendingTransaction`. */
export function coreSpend(
  scriptPubKey: Uint8Array,
  scriptSig: Uint8Array,
  witness: Uint8Array[],
  amount: bigint
): Transaction {
  const credit = new Transaction();
  credit.version = 1;
  credit.locktime = 0;
  credit.addInput(new Uint8Array(32), 0xffffffff, 0xffffffff, Uint8Array.of(0, 0));
  credit.addOutput(scriptPubKey, amount);
  const spend = new Transaction();
  spend.version = 1;
  spend.locktime = 0;
  spend.addInput(credit.getHash(), 0, 0xffffffff, scriptSig);
  spend.setWitness(0, witness);
  spend.addOutput(new Uint8Array(0), amount);
  return spend;
}
