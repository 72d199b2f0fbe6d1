/**
 * Kura's ownership rule for a Bitcoin reserve address (protocol v1 §Address-ownership
 * challenge; attacks C3, C5, C6, D1, D6): the proof must be a signature over *this round's*
 * challenge text — which the verifier builds itself from the round, never takes from the
 * prover — by the address's own script, currently spendable by the proven keys alone.
 *
 * | proof type      | accepted for                                   | check                       |
 * |-----------------|------------------------------------------------|-----------------------------|
 * | `bip322-simple` | P2WPKH, P2TR (key path), P2SH-P2WPKH, P2WSH    | BIP-322 simple, T = S = 0   |
 * | `bip322-full`   | any of those and P2PKH, P2SH                   | BIP-322 full, no time lock  |
 * | `bip137`        | P2PKH; P2WPKH, P2SH-P2WPKH (segwit chains)     | legacy message signature    |
 * | `bip127-psbt`   | any supported script                           | BIP-127 over the entry UTXOs|
 *
 * On a chain without segwit (Bitcoin Cash, Dogecoin) only `bip137` is accepted: BIP-322 and
 * BIP-127 rest on BIP-143 segwit signing (and Bitcoin Cash signs with SIGHASH_FORKID, which
 * neither format defines), so both fail there with `E_OWNERSHIP_TYPE` (attacks S17-b5).
 *
 * Outcomes: `inconclusive` → `E_INCONCLUSIVE`; a set nLockTime or a BIP-68 relative lock →
 * `E_TIMELOCK`; an m-of-n script with fewer than m keys proven → `E_THRESHOLD`; a sighash other
 * than ALL/DEFAULT → `E_SIGHASH`. An optional `descriptor` (with `derivationIndex`) in the
 * ownership object declares the address's wallet: the address must be that descriptor's output
 * at that index (`E_DESCRIPTOR`).
 * @module
 */
import { fail, bytesToHex as hex, isCanonicalInt, showValue, type VerifyResult } from '@kura/codec';
import type { DecodedAddress } from './address.js';
import { type Bip127Code, hasRelativeLock, type ReserveUtxo, verifyBip127 } from './bip127.js';
import { verifyBip137 } from './bip137.js';
import { verifyBip322 } from './bip322.js';
import { DescriptorError, deriveDescriptor, parseDescriptor } from './descriptor.js';

/** Codes of {@link verifyOwnership}. */
export type OwnershipCode =
  | Bip127Code
  | 'E_OWNERSHIP_MISSING'
  | 'E_OWNERSHIP_MESSAGE'
  | 'E_OWNERSHIP_TYPE'
  | 'E_ADDRESS_TYPE'
  | 'E_DESCRIPTOR';

/** The ownership object of an evidence entry (pinned fields plus Bitcoin's optional ones). */
export interface BitcoinOwnership {
  readonly type: string;
  readonly signature: string;
  readonly challenge: string;
  /** Optional: the wallet's output descriptor (with `#checksum`). */
  readonly descriptor?: unknown;
  /** Optional: the address's index in a ranged descriptor. */
  readonly derivationIndex?: unknown;
  readonly [extra: string]: unknown;
}

/** What a verified ownership proof establishes. */
export interface OwnershipOk {
  readonly type: string;
  /** Public keys (hex) whose signatures verified. */
  readonly provenKeys: readonly string[];
  /** One line for reports. */
  readonly detail: string;
}

/** Input of {@link verifyOwnership}. */
export interface OwnershipInput {
  readonly chain: string;
  readonly address: DecodedAddress;
  readonly ownership: BitcoinOwnership | undefined;
  /** This round's challenge, built by the verifier from the round. */
  readonly challenge: string;
  /** The entry's UTXOs (BIP-127 must cover exactly these). */
  readonly utxos: readonly ReserveUtxo[];
}

const BIP322_SIMPLE_TYPES = new Set(['p2wpkh', 'p2tr', 'p2sh', 'p2wsh']);

/** Verify an address's ownership proof for this round. Never throws. */
export function verifyOwnership(input: OwnershipInput): VerifyResult<OwnershipCode, OwnershipOk> {
  const { address, ownership, challenge } = input;
  if (!ownership || typeof ownership.signature !== 'string' || ownership.signature.length === 0)
    return fail('E_OWNERSHIP_MISSING', `${address.address} has no ownership proof`);
  if (ownership.challenge !== challenge)
    return fail(
      'E_OWNERSHIP_MESSAGE',
      `${address.address}: the proof signs a text other than this round's challenge (another round, exchange or message)`
    );
  if (ownership.descriptor !== undefined || ownership.derivationIndex !== undefined) {
    const d = checkDescriptor(input);
    if (!d.ok) return d;
  }
  if (
    !address.network.segwit &&
    (ownership.type === 'bip322-simple' ||
      ownership.type === 'bip322-full' ||
      ownership.type === 'bip127-psbt')
  )
    return fail(
      'E_OWNERSHIP_TYPE',
      `${address.address}: ${ownership.type} is not defined on ${address.network.name} (no segwit${address.network.coin === 'bch' ? '; BCH signs with SIGHASH_FORKID' : ''}); use bip137`
    );
  switch (ownership.type) {
    case 'bip322-simple':
    case 'bip322-full': {
      if (ownership.type === 'bip322-simple' && !BIP322_SIMPLE_TYPES.has(address.type))
        return fail(
          'E_ADDRESS_TYPE',
          `${address.address} is ${address.type}: BIP-322 simple needs a segwit address; use bip322-full`
        );
      const r = verifyBip322(address.scriptPubKey, challenge, ownership.signature);
      if (r.state === 'inconclusive')
        return fail('E_INCONCLUSIVE', `${address.address}: BIP-322 inconclusive: ${r.reason}`);
      if (r.state === 'invalid') {
        if (r.kind === 'encoding')
          return fail('E_MALFORMED_SIGNATURE', `${address.address}: ${r.reason}`);
        if (r.kind === 'sighash') return fail('E_SIGHASH', `${address.address}: ${r.reason}`);
        if (r.multisig && r.provenKeys.length < r.multisig.m)
          return fail(
            'E_THRESHOLD',
            `${address.address}: ${r.provenKeys.length} of the required ${r.multisig.m} keys proven (${r.multisig.m}-of-${r.multisig.n})`
          );
        return fail('E_SIGNATURE', `${address.address}: ${r.reason}`);
      }
      const wanted = ownership.type === 'bip322-simple' ? 'simple' : 'full';
      if (r.format !== wanted)
        return fail(
          'E_MALFORMED_SIGNATURE',
          `${address.address}: declared ${ownership.type} but the signature is ${r.format}`
        );
      if (r.lockTime !== 0)
        return fail(
          'E_TIMELOCK',
          `${address.address}: valid only at time ${r.lockTime} (nLockTime ≠ 0): not spendable now`
        );
      if (
        hasRelativeLock(r.version, r.sequence) ||
        (r.version < 2 && r.sequence !== 0 && r.sequence !== 0xffffffff)
      )
        return fail(
          'E_TIMELOCK',
          `${address.address}: valid only at age ${r.sequence} (nSequence relative lock): not spendable now`
        );
      return {
        ok: true,
        type: ownership.type,
        provenKeys: r.provenKeys,
        detail: `BIP-322 ${r.format} signature by ${r.provenKeys.length} key(s)`,
      };
    }
    case 'bip137': {
      const r = verifyBip137(address, challenge, ownership.signature);
      if (!r.ok) return fail(r.code, `${address.address}: ${r.message}`);
      return {
        ok: true,
        type: 'bip137',
        provenKeys: [r.publicKey],
        detail: 'legacy message signature',
      };
    }
    case 'bip127-psbt': {
      const r = verifyBip127(ownership.signature, challenge, input.utxos);
      if (!r.ok) return fail(r.code, `${address.address}: ${r.message}`);
      return {
        ok: true,
        type: 'bip127-psbt',
        provenKeys: r.provenKeys,
        detail: `BIP-127 proof over ${r.outpoints.length} UTXO(s) (commitment ${r.commitment})`,
      };
    }
    default:
      return fail(
        'E_OWNERSHIP_TYPE',
        `${address.address}: proof type "${showValue(ownership.type)}" is not a Bitcoin proof`
      );
  }
}

function checkDescriptor(input: OwnershipInput): VerifyResult<'E_DESCRIPTOR'> {
  const { ownership, address } = input;
  if (typeof ownership?.descriptor !== 'string')
    return fail('E_DESCRIPTOR', `${address.address}: "derivationIndex" without a "descriptor"`);
  let d: ReturnType<typeof parseDescriptor>;
  try {
    d = parseDescriptor(ownership.descriptor, input.chain);
  } catch (e) {
    return fail(
      'E_DESCRIPTOR',
      `${address.address}: ${e instanceof DescriptorError ? e.message : String(e)}`
    );
  }
  const idx = ownership.derivationIndex ?? 0;
  if (!isCanonicalInt(idx) || idx < 0 || idx >= 0x80000000)
    return fail(
      'E_DESCRIPTOR',
      `${address.address}: "derivationIndex" must be an integer 0 … 2^31 − 1`
    );
  if (d.ranged && ownership.derivationIndex === undefined)
    return fail('E_DESCRIPTOR', `${address.address}: a ranged descriptor needs "derivationIndex"`);
  const out = deriveDescriptor(d, idx);
  if (hex(out.scriptPubKey) !== hex(address.scriptPubKey))
    return fail(
      'E_DESCRIPTOR',
      `${address.address} is not output ${idx} of the declared descriptor`
    );
  return { ok: true };
}
