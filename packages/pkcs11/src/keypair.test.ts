/**
 * Signing keys in a real SoftHSM2 token: generation (non-extractable, sensitive), signing of
 * Kura digests inside the token, and verification with the very verifier file keys go through.
 */
import {
  attestationDigest,
  checkPublicKey,
  ecdsaCompactLowS,
  keyFingerprint,
  SIG_ALGS,
  trustEntry,
  verifySignature,
} from '@kura/attest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, openSigner, readPublicKey } from './keypair.js';
import { createSoftHsmToken, type SoftHsmToken } from './testing.js';
import { attrs, bool, findObjects, withToken } from './token.js';
import { parsePkcs11Uri } from './uri.js';

let tok: SoftHsmToken;
beforeAll(() => {
  tok = createSoftHsmToken();
});
afterAll(() => tok.remove());

const N = secp256k1.Point.Fn.ORDER;

describe.each(SIG_ALGS)('%s key pair in a token', (alg) => {
  const label = `kura-${alg}`;
  let pub: Uint8Array;
  it('generates a key pair whose public key Kura pins', () => {
    pub = generateKeyPair(parsePkcs11Uri(tok.uri(label)), alg, 'exchange').publicKey;
    expect(pub.length).toBe(alg === 'ed25519' ? 32 : 33);
    expect(checkPublicKey(alg, pub).ok).toBe(true);
    expect(readPublicKey(parsePkcs11Uri(tok.uri(label)))).toEqual({ alg, publicKey: pub });
    // the trust entry (public key file content) is the one a file key gives
    expect(trustEntry(alg, pub, { role: 'exchange' })).toEqual({
      role: 'exchange',
      alg,
      publicKey: Buffer.from(pub).toString('hex'),
      fingerprint: keyFingerprint(alg, pub),
    });
  });

  it('the private key is sensitive, not extractable, and its value cannot be read', () => {
    withToken(parsePkcs11Uri(tok.uri(label)), (t) => {
      const [h] = findObjects(t, t.c.CKO_PRIVATE_KEY);
      const [sens, ext, never, tokenObj] = attrs(t, h!, [
        t.c.CKA_SENSITIVE,
        t.c.CKA_EXTRACTABLE,
        t.c.CKA_NEVER_EXTRACTABLE,
        t.c.CKA_TOKEN,
      ]);
      expect(bool(sens!)).toBe(true);
      expect(bool(ext!)).toBe(false);
      expect(bool(never!)).toBe(true);
      expect(bool(tokenObj!)).toBe(true);
      expect(() => t.p.C_GetAttributeValue(t.session, h!, [{ type: t.c.CKA_VALUE }])).toThrow(
        /CKR_ATTRIBUTE_SENSITIVE/
      );
    });
  });

  it('signs attestation digests that verify with verifySignature (both roles’ digests)', () => {
    const s = openSigner(parsePkcs11Uri(tok.uri(label)), { role: 'exchange', alg });
    expect(s.publicKey).toEqual(pub);
    const statement = { version: 'x', n: alg } as never;
    const d = attestationDigest(statement, 'exchange');
    const sig = s.signDigest(d);
    expect(sig.length).toBe(64);
    expect(verifySignature(alg, pub, d, sig)).toEqual({ ok: true });
    // a different digest does not verify with it
    const other = attestationDigest(statement, 'auditor');
    expect(verifySignature(alg, pub, other, sig).ok).toBe(false);
  });

  if (alg === 'ecdsa-secp256k1') {
    it('normalises every token signature to low-S compact (200 signatures)', () => {
      const s = openSigner(parsePkcs11Uri(tok.uri(label)));
      for (let i = 0; i < 200; i++) {
        const d = new Uint8Array(32);
        d[0] = i;
        d[31] = 0xa5;
        const sig = s.signDigest(d);
        const sv = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
        expect(sv <= N >> 1n).toBe(true);
        expect(verifySignature(alg, pub, d, sig)).toEqual({ ok: true });
      }
    });
    it("the token's raw CKM_ECDSA signatures are high-S about half the time; normalised they verify", () => {
      let high = 0;
      withToken(parsePkcs11Uri(tok.uri(label)), (t) => {
        const [h] = findObjects(t, t.c.CKO_PRIVATE_KEY);
        for (let i = 0; i < 100; i++) {
          const d = new Uint8Array(32).fill(i + 1);
          t.p.C_SignInit(t.session, { mechanism: t.c.CKM_ECDSA }, h!);
          const raw = Uint8Array.from(t.p.C_Sign(t.session, Buffer.from(d), Buffer.alloc(128)));
          expect(raw.length).toBe(64);
          const sv = BigInt(`0x${Buffer.from(raw.subarray(32)).toString('hex')}`);
          if (sv > N >> 1n) {
            high++;
            expect(verifySignature(alg, pub, d, raw)).toMatchObject({
              ok: false,
              code: 'ECDSA_HIGH_S',
            });
          }
          expect(verifySignature(alg, pub, d, ecdsaCompactLowS(raw))).toEqual({ ok: true });
        }
      });
      expect(high).toBeGreaterThan(10);
    });
  }
});

describe('key pairs made by other tools', () => {
  const make = (label: string, pubLabel: string, params: Buffer, id: Buffer) =>
    withToken(
      parsePkcs11Uri(tok.uri(label)),
      (t) => {
        t.p.C_GenerateKeyPair(
          t.session,
          { mechanism: t.c.CKM_EC_KEY_PAIR_GEN },
          [
            { type: t.c.CKA_TOKEN, value: true },
            { type: t.c.CKA_LABEL, value: pubLabel },
            { type: t.c.CKA_ID, value: id },
            { type: t.c.CKA_EC_PARAMS, value: params },
            { type: t.c.CKA_VERIFY, value: true },
          ],
          [
            { type: t.c.CKA_TOKEN, value: true },
            { type: t.c.CKA_LABEL, value: label },
            { type: t.c.CKA_ID, value: id },
            { type: t.c.CKA_PRIVATE, value: true },
            { type: t.c.CKA_SENSITIVE, value: true },
            { type: t.c.CKA_SIGN, value: true },
          ]
        );
      },
      { rw: true }
    );
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return 'ok';
  };
  it('a secp256k1 pair whose halves share only CKA_ID signs (no role recorded: any role)', () => {
    const K1 = Buffer.from('06052b8104000a', 'hex');
    make('hsm-tool-k1', 'hsm-tool-k1-pub', K1, Buffer.from('a1b2', 'hex'));
    const s = openSigner(parsePkcs11Uri(tok.uri('hsm-tool-k1')), { role: 'auditor' });
    expect(s.alg).toBe('ecdsa-secp256k1');
    const d = new Uint8Array(32).fill(3);
    expect(verifySignature(s.alg, s.publicKey, d, s.signDigest(d))).toEqual({ ok: true });
  });
  it('a P-256 key is refused (PKCS11_KEY_TYPE): Kura signs with Ed25519 or secp256k1 only', () => {
    const P256 = Buffer.from('06082a8648ce3d030107', 'hex');
    make('hsm-tool-p256', 'hsm-tool-p256', P256, Buffer.from('c3d4', 'hex'));
    expect(code(() => openSigner(parsePkcs11Uri(tok.uri('hsm-tool-p256'))))).toBe(
      'PKCS11_KEY_TYPE'
    );
  });
  it('asking for the other algorithm than the key has is refused', () => {
    expect(
      code(() => openSigner(parsePkcs11Uri(tok.uri('kura-ed25519')), { alg: 'ecdsa-secp256k1' }))
    ).toBe('PKCS11_KEY_TYPE');
  });
});
