/**
 * The address-ownership challenge (protocol v1 §Address-ownership challenge).
 * @module
 */
import { bytesToHex } from '@kura/codec';
import { type Round, roundId } from './round.js';

/**
 * The exact text every reserve address signs for a round:
 * ```
 * kura proof of reserves v1
 * exchange: {exchange}
 * period: {period}
 * round: {roundId as 64 lowercase hex}
 * ```
 * lines joined by `\n`, no trailing newline.
 */
export function ownershipChallenge(round: Round): string {
  return [
    'kura proof of reserves v1',
    `exchange: ${round.exchange}`,
    `period: ${round.period}`,
    `round: ${bytesToHex(roundId(round))}`,
  ].join('\n');
}
