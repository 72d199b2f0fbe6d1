/**
 * Token selection and session plumbing on a real SoftHSM2 module: which token a URI names
 * (`token=`, `serial=`, `slot-id=`, several tokens), PIN sources, and the module checks.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, openTokenSecret } from './secret.js';
import { createSoftHsmToken, type SoftHsmToken } from './testing.js';
import { Pkcs11Error, withToken } from './token.js';
import { parsePkcs11Uri } from './uri.js';

let tok: SoftHsmToken;
let serial: string;
let slotId: bigint;
beforeAll(() => {
  tok = createSoftHsmToken({ label: 'kura-a' });
  // a second token in the same module
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', 'kura-b', '--pin', tok.pin, '--so-pin', 'so-pin-b'],
    { env: { ...process.env, SOFTHSM2_CONF: tok.conf }, stdio: 'pipe' }
  );
  withToken(parsePkcs11Uri(tok.uri('x')), (t) => {
    serial = t.p.C_GetTokenInfo(t.slot).serialNumber.trim();
    slotId = t.slot.readBigUInt64LE(0);
  });
  generateSecret(parsePkcs11Uri(tok.uri('only-in-a')));
});
afterAll(() => tok.remove());

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof Pkcs11Error ? e.code : `other: ${(e as Error).message}`;
  }
  return undefined;
};
const M = () => `module-path=${tok.modulePath}&pin-source=file:${tok.pinFile}`;

describe('which token', () => {
  it('token=, serial= and slot-id= each select token A; the object is found there', () => {
    for (const path of [`token=kura-a`, `serial=${serial}`, `slot-id=${slotId}`])
      expect(
        openTokenSecret(parsePkcs11Uri(`pkcs11:${path};object=only-in-a?${M()}`)).hmacSha256(
          new Uint8Array(1)
        ).length
      ).toBe(32);
  });
  it('type= must name the class: secret-key for the master secret', () => {
    const u = (type: string) =>
      parsePkcs11Uri(`pkcs11:token=kura-a;object=only-in-a;type=${type}?${M()}`);
    expect(openTokenSecret(u('secret-key')).hmacSha256(new Uint8Array(1)).length).toBe(32);
    expect(code(() => openTokenSecret(u('private')))).toBe('PKCS11_KEY_TYPE');
  });
  it('token B does not hold the object; no token= at all matches two tokens', () => {
    expect(
      code(() => openTokenSecret(parsePkcs11Uri(`pkcs11:token=kura-b;object=only-in-a?${M()}`)))
    ).toBe('PKCS11_OBJECT_NOT_FOUND');
    expect(code(() => openTokenSecret(parsePkcs11Uri(`pkcs11:object=only-in-a?${M()}`)))).toBe(
      'PKCS11_TOKEN_AMBIGUOUS'
    );
    expect(code(() => openTokenSecret(parsePkcs11Uri(`pkcs11:token=kura-c;object=x?${M()}`)))).toBe(
      'PKCS11_TOKEN_NOT_FOUND'
    );
    expect(code(() => openTokenSecret(parsePkcs11Uri(`pkcs11:slot-id=1;object=x?${M()}`)))).toBe(
      'PKCS11_TOKEN_NOT_FOUND'
    );
  });
});

describe('PIN sources and modules', () => {
  it('reads the PIN from an environment variable; refuses an unset one and an empty file', () => {
    process.env.KURA_TOKEN_TEST_PIN = tok.pin;
    const env = (name: string) =>
      parsePkcs11Uri(
        `pkcs11:token=kura-a;object=only-in-a?module-path=${tok.modulePath}&pin-source=env:${name}`
      );
    expect(openTokenSecret(env('KURA_TOKEN_TEST_PIN')).hmacSha256(new Uint8Array(1)).length).toBe(
      32
    );
    expect(code(() => openTokenSecret(env('KURA_TOKEN_TEST_UNSET')))).toBe('PKCS11_PIN_SOURCE');
    const empty = join(tok.dir, 'empty-pin');
    writeFileSync(empty, '', { mode: 0o600 });
    const u = parsePkcs11Uri(
      `pkcs11:token=kura-a;object=only-in-a?module-path=${tok.modulePath}&pin-source=file:${empty}`
    );
    expect(code(() => openTokenSecret(u))).toBe('PKCS11_PIN_SOURCE');
    const none = parsePkcs11Uri(
      `pkcs11:token=kura-a;object=only-in-a?module-path=${tok.modulePath}`
    );
    expect(code(() => openTokenSecret(none))).toBe('PKCS11_PIN_SOURCE');
  });
  it('a missing module file and a file that is no PKCS#11 module are PKCS11_MODULE', () => {
    for (const m of ['/nonexistent/libx.so', tok.conf])
      expect(
        code(() =>
          openTokenSecret(
            parsePkcs11Uri(
              `pkcs11:token=kura-a;object=only-in-a?module-path=${m}&pin-source=file:${tok.pinFile}`
            )
          )
        )
      ).toBe('PKCS11_MODULE');
  });
});
