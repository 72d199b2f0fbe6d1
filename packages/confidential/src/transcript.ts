/**
 * The Fiat–Shamir transcript of protocol v2 (SPEC.md §16.6): a chain of BIP-340 tagged
 * hashes (SHA-256), challenges by a wide SHA-512 reduction. Every message carries its label and
 * length, so no two different message sequences give the same state.
 *
 * - start:     `s_0 = TH("kura/v2/transcript", utf8(domain))`
 * - append:    `s ← TH("kura/v2/transcript/append", s ‖ u8(|label|) ‖ label ‖ u32(|data|) ‖ data)`
 * - challenge: `c = LE(SHA-512(utf8("kura/v2/transcript/challenge") ‖ s ‖ u8(|label|) ‖ label)) mod ℓ`,
 *   then `append(label, scalar(c))`, so every challenge is bound into all later ones.
 * @module
 */
import { concatBytes, taggedHash, u8, u32, utf8Raw } from '@kura/codec';
import { sha512 } from '@noble/hashes/sha2.js';
import { encodePoint, encodeScalar, type Point, scalarFromWide } from './group.js';

const CHALLENGE_PREFIX = utf8Raw('kura/v2/transcript/challenge');

function labelBytes(label: string): Uint8Array {
  const l = utf8Raw(label);
  if (l.length === 0 || l.length > 255) throw new RangeError('"label" expected 1 … 255 bytes');
  return l;
}

/** A running transcript; the prover and the verifier feed it the same messages in order. */
export class Transcript {
  private state: Uint8Array;

  constructor(domain: string) {
    this.state = taggedHash('kura/v2/transcript', utf8Raw(domain));
  }

  /** Absorb labelled bytes. */
  append(label: string, data: Uint8Array): void {
    const l = labelBytes(label);
    this.state = taggedHash(
      'kura/v2/transcript/append',
      this.state,
      u8(l.length),
      l,
      u32(data.length),
      data
    );
  }

  /** Absorb a point in its canonical encoding. */
  appendPoint(label: string, p: Point): void {
    this.append(label, encodePoint(p));
  }

  /** Absorb a scalar in its canonical encoding. */
  appendScalar(label: string, s: bigint): void {
    this.append(label, encodeScalar(s));
  }

  /** Squeeze a challenge scalar in `[0, ℓ)`; it is absorbed back under the same label. */
  challenge(label: string): bigint {
    const l = labelBytes(label);
    const c = scalarFromWide(sha512(concatBytes(CHALLENGE_PREFIX, this.state, u8(l.length), l)));
    this.appendScalar(label, c);
    return c;
  }

  /** The current state (for tests and vectors). */
  snapshot(): Uint8Array {
    return this.state.slice();
  }
}
