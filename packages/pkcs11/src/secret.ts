/**
 * The master secret inside a PKCS#11 token (protocol v1 §Secrets): a 32-byte generic secret
 * (`CKK_GENERIC_SECRET`, `CKA_VALUE_LEN` 32, `CKA_SENSITIVE`, not `CKA_EXTRACTABLE`,
 * `CKA_SIGN` only). The per-round key
 * `roundKey = HMAC-SHA256(masterSecret, utf8("kura/v1/round-key") ‖ roundId)` is computed
 * inside the token with `CKM_SHA256_HMAC` (C_Sign over exactly those bytes, which
 * `deriveRoundKey` of @kura/tree builds); the master secret never enters Kura's memory — only
 * the round key does, for the run.
 * @module
 */
import type { MasterSecretHandle } from '@kura/tree';
import {
  attrs,
  bool,
  findObjects,
  Pkcs11Error,
  requireMechanism,
  type TokenContext,
  ulong,
  withToken,
} from './token.js';
import { describeUri, type Pkcs11Uri } from './uri.js';

const SECRET_LEN = 32;

function secretTemplate(t: TokenContext, uri: Pkcs11Uri, id: Buffer | undefined) {
  return [
    { type: t.c.CKA_CLASS, value: t.c.CKO_SECRET_KEY },
    { type: t.c.CKA_KEY_TYPE, value: t.c.CKK_GENERIC_SECRET },
    { type: t.c.CKA_TOKEN, value: true },
    { type: t.c.CKA_PRIVATE, value: true },
    { type: t.c.CKA_SENSITIVE, value: true },
    { type: t.c.CKA_EXTRACTABLE, value: false },
    { type: t.c.CKA_SIGN, value: true },
    { type: t.c.CKA_VERIFY, value: false },
    { type: t.c.CKA_ENCRYPT, value: false },
    { type: t.c.CKA_DECRYPT, value: false },
    { type: t.c.CKA_DERIVE, value: false },
    { type: t.c.CKA_WRAP, value: false },
    { type: t.c.CKA_UNWRAP, value: false },
    { type: t.c.CKA_LABEL, value: uri.object! },
    ...(id ? [{ type: t.c.CKA_ID, value: id }] : []),
  ];
}

function refuseTaken(t: TokenContext): void {
  const taken = t.call('C_FindObjects', () => {
    t.p.C_FindObjectsInit(t.session, [{ type: t.c.CKA_LABEL, value: t.uri.object! }]);
    try {
      return t.p.C_FindObjects(t.session, 1);
    } finally {
      t.p.C_FindObjectsFinal(t.session);
    }
  });
  if (taken.length > 0)
    throw new Pkcs11Error(
      'PKCS11_OBJECT_EXISTS',
      `${describeUri(t.uri)}: the token already holds an object with this label; refusing to add another`
    );
}

function needLabel(uri: Pkcs11Uri): void {
  if (uri.object === undefined)
    throw new Pkcs11Error(
      'PKCS11_OBJECT_NOT_FOUND',
      'the URI must name the new secret with object=LABEL'
    );
}

/** Generate a fresh 32-byte master secret inside the token (`CKM_GENERIC_SECRET_KEY_GEN`). */
export function generateSecret(uri: Pkcs11Uri): void {
  needLabel(uri);
  withToken(
    uri,
    (t) => {
      refuseTaken(t);
      requireMechanism(t, t.c.CKM_GENERIC_SECRET_KEY_GEN, 'CKM_GENERIC_SECRET_KEY_GEN');
      requireMechanism(t, t.c.CKM_SHA256_HMAC, 'CKM_SHA256_HMAC');
      t.call('C_GenerateKey', () =>
        t.p.C_GenerateKey(t.session, { mechanism: t.c.CKM_GENERIC_SECRET_KEY_GEN }, [
          ...secretTemplate(t, uri, uri.id ? Buffer.from(uri.id) : undefined),
          { type: t.c.CKA_VALUE_LEN, value: SECRET_LEN },
        ])
      );
    },
    { rw: true }
  );
}

/**
 * Import an existing 32-byte master secret into the token as a non-extractable generic secret
 * (moving a file secret into an HSM keeps every derived value — proof ids, trees — the same).
 * The caller should destroy the file afterwards.
 */
export function importSecret(uri: Pkcs11Uri, secret: Uint8Array): void {
  needLabel(uri);
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_LEN)
    throw new RangeError('"secret" must be 32 bytes');
  withToken(
    uri,
    (t) => {
      refuseTaken(t);
      requireMechanism(t, t.c.CKM_SHA256_HMAC, 'CKM_SHA256_HMAC');
      const value = Buffer.from(secret);
      try {
        t.call('C_CreateObject', () =>
          t.p.C_CreateObject(t.session, [
            ...secretTemplate(t, uri, uri.id ? Buffer.from(uri.id) : undefined),
            { type: t.c.CKA_VALUE, value },
          ])
        );
      } finally {
        value.fill(0);
      }
    },
    { rw: true }
  );
}

function locateSecret(t: TokenContext) {
  const where = describeUri(t.uri);
  if (t.uri.type !== undefined && t.uri.type !== 'secret-key')
    throw new Pkcs11Error(
      'PKCS11_KEY_TYPE',
      `${where}: type=${t.uri.type} does not name the master secret (use type=secret-key or leave it out)`
    );
  const hs = findObjects(t, t.c.CKO_SECRET_KEY);
  if (hs.length === 0) {
    if (findObjects(t, t.c.CKO_PRIVATE_KEY).length > 0)
      throw new Pkcs11Error(
        'PKCS11_KEY_TYPE',
        `${where}: a signing key pair, not the master secret (a generic secret)`
      );
    throw new Pkcs11Error('PKCS11_OBJECT_NOT_FOUND', `${where}: no secret key found`);
  }
  if (hs.length > 1)
    throw new Pkcs11Error(
      'PKCS11_OBJECT_AMBIGUOUS',
      `${where}: ${hs.length} secret keys match; add object= or id=`
    );
  const h = hs[0]!;
  const [type, len, sign] = attrs(t, h, [t.c.CKA_KEY_TYPE, t.c.CKA_VALUE_LEN, t.c.CKA_SIGN]);
  const kt = ulong(type!);
  if (kt !== t.c.CKK_GENERIC_SECRET && kt !== t.c.CKK_SHA256_HMAC)
    throw new Pkcs11Error(
      'PKCS11_KEY_TYPE',
      `${where}: a secret key of type 0x${kt.toString(16)}, not a generic secret`
    );
  if (ulong(len!) !== SECRET_LEN)
    throw new Pkcs11Error(
      'PKCS11_KEY_TYPE',
      `${where}: the master secret must be ${SECRET_LEN} bytes, this one is ${ulong(len!)}`
    );
  if (!bool(sign!))
    throw new Pkcs11Error('PKCS11_KEY_TYPE', `${where}: the secret may not sign (CKA_SIGN)`);
  requireMechanism(t, t.c.CKM_SHA256_HMAC, 'CKM_SHA256_HMAC');
  return h;
}

/**
 * Open the master secret the URI names. Checks now — before anything is written — the module,
 * PIN, that exactly one 32-byte generic secret matches, that it may sign and that the token
 * offers `CKM_SHA256_HMAC`. Each {@link MasterSecretHandle.hmacSha256} runs in a fresh session.
 */
export function openTokenSecret(uri: Pkcs11Uri): MasterSecretHandle {
  withToken(uri, (t) => {
    locateSecret(t);
  });
  return {
    hmacSha256: (message: Uint8Array): Uint8Array =>
      withToken(uri, (t) => {
        const h = locateSecret(t);
        const mac = t.call('C_Sign', () => {
          t.p.C_SignInit(t.session, { mechanism: t.c.CKM_SHA256_HMAC }, h);
          return t.p.C_Sign(t.session, Buffer.from(message), Buffer.alloc(32));
        });
        if (mac.length !== 32)
          throw new Pkcs11Error(
            'PKCS11_FAILED',
            `${describeUri(uri)}: CKM_SHA256_HMAC returned ${mac.length} bytes`
          );
        return Uint8Array.from(mac);
      }),
  };
}
