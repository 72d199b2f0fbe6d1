/**
 * The verifier of other exchanges' proofs (OKX, Bitget, Bybit, BitMEX), loaded by
 * `src/lazy.ts` only when a customer uses the "proof from another exchange" card: a Kura
 * customer never downloads it.
 * @module
 */
import { detectLineFormat, linesOfBlob, verifyForeign } from '@kura/foreign';
import { findingText } from './findings.ts';

/** What the card calls once the chunk is loaded. */
export const foreign = { detectLineFormat, linesOfBlob, verifyForeign, findingText };
