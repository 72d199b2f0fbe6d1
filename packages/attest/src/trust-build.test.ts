import { InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { AUDITOR_SECRET, EXCHANGE_SEED } from '../test/fixtures.js';
import { publicKeyOf } from './sig.js';
import { TRUST_VERSION, trustEntry } from './trust.js';
import { buildTrustFile, trustEntryFromKeyFile } from './trust-build.js';

const EX = trustEntry('ed25519', publicKeyOf('ed25519', EXCHANGE_SEED), { name: 'Example K.K.' });
const AU = trustEntry('ecdsa-secp256k1', publicKeyOf('ecdsa-secp256k1', AUDITOR_SECRET));

const refusal = (f: () => unknown): InputError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
};

describe('trustEntryFromKeyFile', () => {
  it("takes the caller's role, or the file's own", () => {
    expect(trustEntryFromKeyFile(EX, 'ex.pub.json', 'exchange')).toEqual({
      ...EX,
      role: 'exchange',
    });
    expect(trustEntryFromKeyFile({ ...AU, role: 'auditor' }, 'au.pub.json')).toMatchObject({
      role: 'auditor',
    });
  });

  it('refuses, naming the file: not an object, another document, a private key, no role, two roles', () => {
    const cases: [unknown, string | undefined, RegExp][] = [
      [[EX], 'exchange', /expected a public-key file/],
      [{ version: TRUST_VERSION, keys: [] }, 'exchange', /this is a kura-trust\/1 document/],
      [{ ...EX, privateKey: '00' }, 'exchange', /holds a private key/],
      [EX, undefined, /no role/],
      [
        { ...EX, role: 'auditor' },
        'exchange',
        /the file says role "auditor", the option says exchange/,
      ],
    ];
    for (const [v, role, msg] of cases) {
      const e = refusal(() =>
        trustEntryFromKeyFile(v, 'k.pub.json', role as 'exchange' | undefined)
      );
      expect(e.reason).toMatch(msg);
      expect(e.location.file).toBe('k.pub.json');
    }
  });

  it('refuses a key a verifier would refuse (a wrong fingerprint), without the $.keys[0] prefix', () => {
    const e = refusal(() =>
      trustEntryFromKeyFile({ ...EX, fingerprint: '00'.repeat(32) }, 'k.pub.json', 'exchange')
    );
    expect(e.location.file).toBe('k.pub.json');
    expect(e.reason).not.toContain('$.keys[0]');
  });
});

describe('buildTrustFile', () => {
  it('builds the trust file of the entries', () => {
    const keys = [
      trustEntryFromKeyFile(EX, 'ex.pub.json', 'exchange'),
      trustEntryFromKeyFile(AU, 'au.pub.json', 'auditor'),
    ];
    const t = buildTrustFile(keys, ['ex.pub.json', 'au.pub.json']);
    expect(t.keys.map((k) => [k.role, k.alg])).toEqual([
      ['exchange', 'ed25519'],
      ['auditor', 'ecdsa-secp256k1'],
    ]);
  });

  it('names the file of a key given twice, with the code', () => {
    const keys = [
      trustEntryFromKeyFile(EX, 'ex.pub.json', 'exchange'),
      trustEntryFromKeyFile(EX, 'again.pub.json', 'auditor'),
    ];
    const e = refusal(() => buildTrustFile(keys, ['ex.pub.json', 'again.pub.json']));
    expect(e.location.file).toBe('again.pub.json');
    expect(e.reason).toMatch(/^[A-Z_]+: /);
  });
});
