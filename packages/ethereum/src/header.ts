/**
 * Block headers: rebuild the RLP encoding of a header from a JSON-RPC block object and check
 * `keccak256(RLP(header)) = blockHash`, so the header's `stateRoot` is trusted because of the
 * pinned block hash alone — not because an RPC node said so.
 *
 * Field order (Yellow Paper §4.3 and the EIPs that appended fields): parentHash, sha3Uncles,
 * miner, stateRoot, transactionsRoot, receiptsRoot, logsBloom, difficulty, number, gasLimit,
 * gasUsed, timestamp, extraData, mixHash, nonce, then as present baseFeePerGas (EIP-1559),
 * withdrawalsRoot (EIP-4895), blobGasUsed and excessBlobGas (EIP-4844), parentBeaconBlockRoot
 * (EIP-4788), requestsHash (EIP-7685). Integers are minimal big-endian scalars.
 * @module
 */
import { EncodingError, equalBytes, fail, type VerifyResult } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bigintToMinimalBytes, parseData, parseQuantity, toData } from './hex.js';
import { rlpEncode } from './rlp.js';

type FieldKind = number | 'data' | 'quantity';
const BASE_FIELDS: readonly [string, FieldKind][] = [
  ['parentHash', 32],
  ['sha3Uncles', 32],
  ['miner', 20],
  ['stateRoot', 32],
  ['transactionsRoot', 32],
  ['receiptsRoot', 32],
  ['logsBloom', 256],
  ['difficulty', 'quantity'],
  ['number', 'quantity'],
  ['gasLimit', 'quantity'],
  ['gasUsed', 'quantity'],
  ['timestamp', 'quantity'],
  ['extraData', 'data'],
  ['mixHash', 32],
  ['nonce', 8],
];
const OPTIONAL_FIELDS: readonly [string, FieldKind][] = [
  ['baseFeePerGas', 'quantity'],
  ['withdrawalsRoot', 32],
  ['blobGasUsed', 'quantity'],
  ['excessBlobGas', 'quantity'],
  ['parentBeaconBlockRoot', 32],
  ['requestsHash', 32],
];

/** The parts of a verified header Kura uses. */
export interface BlockHeader {
  /** `keccak256(rlp)`, 32 bytes. */
  readonly hash: Uint8Array;
  readonly number: bigint;
  /** Seconds since the epoch. */
  readonly timestamp: bigint;
  readonly stateRoot: Uint8Array;
  readonly parentHash: Uint8Array;
  /** The header's RLP encoding. */
  readonly rlp: Uint8Array;
}

function field(o: Record<string, unknown>, name: string, kind: FieldKind): Uint8Array {
  const f = `block.${name}`;
  if (kind === 'quantity') return bigintToMinimalBytes(parseQuantity(o[name], f));
  if (kind === 'data') return parseData(o[name], f);
  return parseData(o[name], f, kind);
}

/**
 * Encode a JSON-RPC block object's header as RLP. Throws {@link EncodingError} naming the field
 * for a missing or malformed field, or an optional field present after an absent one.
 */
export function encodeHeader(block: unknown): BlockHeader {
  if (typeof block !== 'object' || block === null || Array.isArray(block))
    throw new EncodingError('expected a block object', 'block');
  const o = block as Record<string, unknown>;
  const items = BASE_FIELDS.map(([n, k]) => field(o, n, k));
  let missing: string | undefined;
  for (const [n, k] of OPTIONAL_FIELDS) {
    if (o[n] === undefined || o[n] === null) {
      missing ??= n;
      continue;
    }
    if (missing !== undefined)
      throw new EncodingError(
        `present although the earlier field "${missing}" is absent`,
        `block.${n}`
      );
    items.push(field(o, n, k));
  }
  const rlp = rlpEncode(items);
  return {
    hash: keccak_256(rlp),
    number: parseQuantity(o.number, 'block.number'),
    timestamp: parseQuantity(o.timestamp, 'block.timestamp'),
    stateRoot: items[3]!,
    parentHash: items[0]!,
    rlp,
  };
}

/** Failure codes of {@link verifyHeader}. */
export type HeaderErrorCode = 'HEADER_BAD' | 'HEADER_HASH_MISMATCH';

/**
 * Check that a JSON-RPC block object is the header with hash `expectedHash`: its RLP encoding
 * must hash to it (and the object's own `hash` field, when present, must agree). Never throws.
 */
export function verifyHeader(
  block: unknown,
  expectedHash: Uint8Array
): VerifyResult<HeaderErrorCode, { header: BlockHeader }> {
  let header: BlockHeader;
  try {
    header = encodeHeader(block);
  } catch (e) {
    return fail('HEADER_BAD', (e as Error).message);
  }
  if (!equalBytes(header.hash, expectedHash))
    return fail(
      'HEADER_HASH_MISMATCH',
      `keccak256(RLP(header)) = ${toData(header.hash)}, expected ${toData(expectedHash)} ` +
        '(the node returned another block, altered fields, or header fields this version does not know)'
    );
  const claimed = (block as Record<string, unknown>).hash;
  if (claimed !== undefined && claimed !== null) {
    try {
      if (!equalBytes(parseData(claimed, 'block.hash', 32), header.hash))
        return fail('HEADER_HASH_MISMATCH', 'the block object names another hash');
    } catch (e) {
      return fail('HEADER_BAD', (e as Error).message);
    }
  }
  return { ok: true, header };
}
