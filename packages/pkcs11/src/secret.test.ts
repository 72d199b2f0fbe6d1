/**
 * The master secret as a generic secret in a real SoftHSM2 token: the round key derived inside
 * the token (CKM_SHA256_HMAC) is byte-identical to the one derived from the same secret in a
 * file, and so is every tree built with it.
 */
import { randomBytes } from 'node:crypto';
import { buildTree, deriveRoundKey, roundId } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, importSecret, openTokenSecret } from './secret.js';
import { createSoftHsmToken, type SoftHsmToken } from './testing.js';
import { attrs, bool, findObjects, withToken } from './token.js';
import { parsePkcs11Uri } from './uri.js';

let tok: SoftHsmToken;
beforeAll(() => {
  tok = createSoftHsmToken();
});
afterAll(() => tok.remove());

const SECRET = Uint8Array.from(
  Buffer.from('6b7572612d7465737420736563726574206b6e6f776e20746f20746865207465', 'hex')
);

describe('master secret in a token', () => {
  it('imports a known secret as a sensitive, non-extractable generic secret', () => {
    const uri = parsePkcs11Uri(tok.uri('master-known'));
    importSecret(uri, SECRET);
    withToken(uri, (t) => {
      const [h] = findObjects(t, t.c.CKO_SECRET_KEY);
      const [sens, ext, sign, len] = attrs(t, h!, [
        t.c.CKA_SENSITIVE,
        t.c.CKA_EXTRACTABLE,
        t.c.CKA_SIGN,
        t.c.CKA_VALUE_LEN,
      ]);
      expect([bool(sens!), bool(ext!), bool(sign!), len!.readUInt32LE(0)]).toEqual([
        true,
        false,
        true,
        32,
      ]);
      expect(() => t.p.C_GetAttributeValue(t.session, h!, [{ type: t.c.CKA_VALUE }])).toThrow(
        /CKR_ATTRIBUTE_SENSITIVE/
      );
    });
  });

  it('derives the same round keys inside the token as from the bytes (20 rounds)', () => {
    const handle = openTokenSecret(parsePkcs11Uri(tok.uri('master-known')));
    for (let i = 0; i < 20; i++) {
      const rid = roundId({
        exchange: 'kura-test',
        period: `2026-${String((i % 12) + 1).padStart(2, '0')}`,
        snapshotTime: `2026-01-${String(i + 1).padStart(2, '0')}T15:00:00Z`,
      });
      expect(deriveRoundKey(handle, rid)).toEqual(deriveRoundKey(SECRET, rid));
    }
  });

  it('builds byte-identical trees (dense and sparse) from the token and from the bytes', () => {
    const handle = openTokenSecret(parsePkcs11Uri(tok.uri('master-known')));
    const users = Array.from({ length: 37 }, (_, i) => ({
      uid: `user-${i}@example.jp`,
      balances: [BigInt(i * 1000 + 1), BigInt(i % 3)],
    }));
    const base = {
      round: { exchange: 'kura-test', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
      assets: [
        { symbol: 'BTC', decimals: 8 },
        { symbol: 'ETH', decimals: 18 },
      ],
      users,
    };
    for (const placement of ['dense', 'sparse'] as const) {
      const a = buildTree({ ...base, placement, masterSecret: SECRET });
      const b = buildTree({ ...base, placement, masterSecret: handle });
      expect(b.rootHash).toEqual(a.rootHash);
      expect(b.rootCommitment).toEqual(a.rootCommitment);
      expect(JSON.stringify(b.rootFile())).toBe(JSON.stringify(a.rootFile()));
      expect(JSON.stringify(b.proof('user-5@example.jp'))).toBe(
        JSON.stringify(a.proof('user-5@example.jp'))
      );
      expect(b.leaves.map((l) => [l.position, l.nonce, l.leafHash])).toEqual(
        a.leaves.map((l) => [l.position, l.nonce, l.leafHash])
      );
    }
  });

  it('generates a fresh secret in the token that derives round keys (and differs from others)', () => {
    const uri = parsePkcs11Uri(tok.uri('master-fresh'));
    generateSecret(uri);
    const rid = randomBytes(32);
    const k1 = deriveRoundKey(openTokenSecret(uri), rid);
    expect(k1.length).toBe(32);
    expect(deriveRoundKey(openTokenSecret(uri), rid)).toEqual(k1);
    expect(k1).not.toEqual(deriveRoundKey(SECRET, rid));
  });
});
