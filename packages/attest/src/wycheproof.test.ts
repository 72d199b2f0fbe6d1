/**
 * Wycheproof (C2SP/wycheproof, testvectors_v1, Apache-2.0 — test/vectors/wycheproof/LICENSE)
 * run through `verifySignature`, the very function attestation signatures go through. Wycheproof
 * signs SHA-256(msg); Kura signs a 32-byte digest, so each test feeds SHA-256(msg) as the digest.
 * `acceptable` would count as reject (none occur in these files). Counts are asserted so a silently
 * skipped group fails the test.
 */
import { readFileSync } from 'node:fs';
import { hexToBytes, sha256 } from '@kura/codec';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './sig.js';

interface WTest {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WFile {
  numberOfTests: number;
  testGroups: { publicKey: { uncompressed?: string; pk?: string }; tests: WTest[] }[];
}
const load = (name: string): WFile =>
  JSON.parse(
    readFileSync(new URL(`../test/vectors/wycheproof/${name}`, import.meta.url), 'utf8')
  ) as WFile;

const N = secp256k1.Point.Fn.ORDER;
const hx = (s: string) => hexToBytes(s.toLowerCase());
const compress = (uncompressed: string) =>
  secp256k1.Point.fromBytes(hx(uncompressed)).toBytes(true);

/**
 * Strict DER → 64-byte r‖s (test adapter for the bitcoin file, whose signatures are DER): minimal
 * lengths, minimal positive INTEGERs, nothing trailing; an integer wider than 32 bytes cannot be
 * written as r‖s and is a rejection. Returns null for any encoding fault.
 */
function derToCompact(der: Uint8Array): Uint8Array | null {
  let i = 0;
  const len = (): number | null => {
    const b = der[i++];
    if (b === undefined || b >= 0x80) return null; // short form only: a signature is < 128 bytes
    return b;
  };
  if (der[i++] !== 0x30) return null;
  const total = len();
  if (total === null || i + total !== der.length) return null;
  const int = (): Uint8Array | null => {
    if (der[i++] !== 0x02) return null;
    const l = len();
    if (l === null || l === 0 || i + l > der.length) return null;
    const v = der.subarray(i, i + l);
    i += l;
    if (v[0]! & 0x80) return null; // negative
    if (v[0] === 0 && (v.length === 1 ? false : !(v[1]! & 0x80))) return null; // not minimal
    const body = v[0] === 0 && v.length > 1 ? v.subarray(1) : v;
    if (body.length > 32) return null;
    const out = new Uint8Array(32);
    out.set(body, 32 - body.length);
    return out;
  };
  const r = int();
  const s = int();
  if (!r || !s || i !== der.length) return null;
  const out = new Uint8Array(64);
  out.set(r);
  out.set(s, 32);
  return out;
}

describe('Wycheproof ECDSA secp256k1 through verifySignature', () => {
  it('ecdsa_secp256k1_sha256_p1363_test.json: valid low-S accepted, valid high-S refused as ECDSA_HIGH_S, invalid refused', () => {
    const f = load('ecdsa_secp256k1_sha256_p1363_test.json');
    const tally = { total: 0, validLow: 0, validHighRefused: 0, invalidRefused: 0, acceptable: 0 };
    const invalidCodes = new Map<string, number>();
    for (const g of f.testGroups) {
      const pk = compress(g.publicKey.uncompressed!);
      for (const t of g.tests) {
        tally.total++;
        const digest = sha256(hx(t.msg));
        const sig = hx(t.sig);
        const r = verifySignature('ecdsa-secp256k1', pk, digest, sig);
        if (t.result === 'valid') {
          const s = BigInt(`0x${t.sig.slice(64)}`);
          if (s > N >> 1n) {
            // strict policy: high S is refused; its low-S twin (n − s) is the same signature
            expect(r, `tc ${t.tcId}`).toMatchObject({ ok: false, code: 'ECDSA_HIGH_S' });
            const twin = hexToBytes(t.sig.slice(0, 64) + (N - s).toString(16).padStart(64, '0'));
            expect(verifySignature('ecdsa-secp256k1', pk, digest, twin).ok, `tc ${t.tcId}`).toBe(
              true
            );
            tally.validHighRefused++;
          } else {
            expect(r, `tc ${t.tcId} ${t.comment}`).toEqual({ ok: true });
            tally.validLow++;
          }
        } else {
          if (t.result === 'acceptable') tally.acceptable++;
          else tally.invalidRefused++;
          expect(r.ok, `tc ${t.tcId} ${t.comment}`).toBe(false);
          if (!r.ok) invalidCodes.set(r.code, (invalidCodes.get(r.code) ?? 0) + 1);
        }
      }
    }
    expect(tally.total).toBe(f.numberOfTests);
    expect(tally).toEqual({
      total: 252,
      validLow: 95,
      validHighRefused: 72,
      invalidRefused: 85,
      acceptable: 0,
    });
    // the wrong-length signatures are encoding faults, the r/s = 0 or ≥ n ones range faults
    expect(invalidCodes.get('SIG_ENCODING')).toBeGreaterThan(0);
    expect(invalidCodes.get('ECDSA_SCALAR_RANGE')).toBeGreaterThan(0);
  });

  it('ecdsa_secp256k1_sha256_bitcoin_test.json (DER, low-S enforced): the same verdict for all 463', () => {
    const f = load('ecdsa_secp256k1_sha256_bitcoin_test.json');
    let total = 0;
    let accepted = 0;
    let refusedEncoding = 0;
    let refusedVerify = 0;
    for (const g of f.testGroups) {
      const pk = compress(g.publicKey.uncompressed!);
      for (const t of g.tests) {
        total++;
        const compact = derToCompact(hx(t.sig));
        const ok =
          compact !== null &&
          verifySignature('ecdsa-secp256k1', pk, sha256(hx(t.msg)), compact).ok === true;
        expect(ok, `tc ${t.tcId} ${t.comment} ${t.flags.join(',')}`).toBe(t.result === 'valid');
        if (ok) accepted++;
        else if (compact === null) refusedEncoding++;
        else refusedVerify++;
      }
    }
    expect(total).toBe(463);
    expect(accepted).toBe(162);
    expect(refusedEncoding + refusedVerify).toBe(301);
    expect(refusedVerify).toBeGreaterThan(50); // many refusals reach verifySignature itself
  });
});

describe('Wycheproof Ed25519 through verifySignature', () => {
  it('ed25519_test.json: 88 valid accepted, 63 invalid refused (strict RFC 8032)', () => {
    const f = load('ed25519_test.json');
    let valid = 0;
    let refused = 0;
    let acceptable = 0;
    const codes = new Map<string, number>();
    for (const g of f.testGroups) {
      const pk = hx(g.publicKey.pk!);
      for (const t of g.tests) {
        // Ed25519 signs the message itself (SHA-512 inside); attestations pass their digest
        const r = verifySignature('ed25519', pk, hx(t.msg), hx(t.sig));
        if (t.result === 'valid') {
          expect(r, `tc ${t.tcId}`).toEqual({ ok: true });
          valid++;
        } else {
          if (t.result === 'acceptable') acceptable++;
          expect(r.ok, `tc ${t.tcId} ${t.comment}`).toBe(false);
          if (!r.ok) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
          refused++;
        }
      }
    }
    expect(valid + refused).toBe(f.numberOfTests);
    expect({ valid, refused, acceptable }).toEqual({ valid: 88, refused: 63, acceptable: 0 });
    // every refusal has its specific code
    expect(Object.fromEntries(codes)).toEqual({
      ED25519_NONCANONICAL_POINT: 7,
      ED25519_NONCANONICAL_SCALAR: 13,
      ED25519_SMALL_ORDER: 7,
      SIGNATURE_INVALID: 24,
      SIG_ENCODING: 12,
    });
  });
});
