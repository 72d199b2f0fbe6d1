/**
 * RFC 7512 (The PKCS #11 URI Scheme): the examples of §3, strict refusals, and round trips.
 * Every example below is from RFC 7512 §3; Kura requires `module-path`, so it is appended.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPkcs11Uri, isPkcs11Uri, Pkcs11UriError, parsePkcs11Uri } from './uri.js';

const M = 'module-path=/usr/lib/softhsm/libsofthsm2.so';
const withModule = (u: string) => `${u}${u.includes('?') ? '&' : '?'}${M}`;

describe('RFC 7512 §3 examples', () => {
  it('object and type', () => {
    const u = parsePkcs11Uri(withModule('pkcs11:object=my-pubkey;type=public'));
    expect(u.object).toBe('my-pubkey');
    expect(u.type).toBe('public');
    expect(u.modulePath).toBe('/usr/lib/softhsm/libsofthsm2.so');
  });
  it('pin-source=file:/etc/token', () => {
    const u = parsePkcs11Uri(
      withModule('pkcs11:object=my-key;type=private?pin-source=file:/etc/token')
    );
    expect(u.pinSource).toEqual({ kind: 'file', path: '/etc/token' });
  });
  it('percent-encoded token, manufacturer with a comma, id bytes, empty serial', () => {
    const u = parsePkcs11Uri(
      withModule(
        'pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;' +
          'model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=' +
          '?pin-source=file:/etc/token_pin'
      )
    );
    expect(u.token).toBe('The Software PKCS#11 Softtoken');
    expect(u.manufacturer).toBe('Snake Oil, Inc.');
    expect(u.model).toBe('1.0');
    expect(u.type).toBe('cert');
    expect(Buffer.from(u.id!).toString('hex')).toBe('69953e5cf4bdec91');
    expect(u.serial).toBe('');
  });
  it('module-name and module-path', () => {
    expect(
      parsePkcs11Uri(withModule('pkcs11:object=my-sign-key;type=private?module-name=mypkcs11'))
        .moduleName
    ).toBe('mypkcs11');
    expect(
      parsePkcs11Uri('pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1')
        .modulePath
    ).toBe('/mnt/libmypkcs11.so.1');
  });
  it('library attributes and slot description', () => {
    const u = parsePkcs11Uri(
      withModule(
        'pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;library-description=Soft%20Token%20Library;library-version=1.23'
      )
    );
    expect(u.libraryManufacturer).toBe('Snake Oil, Inc.');
    expect(u.libraryDescription).toBe('Soft Token Library');
    expect(u.libraryVersion).toBe('1.23');
    expect(
      parsePkcs11Uri(withModule('pkcs11:slot-description=Sun%20Metaslot')).slotDescription
    ).toBe('Sun Metaslot');
  });
  it('"%25" and mixed-case hex in id', () => {
    const u = parsePkcs11Uri(
      withModule(
        'pkcs11:token=My%20token%25%20created%20by%20Joe;library-version=3;id=%01%02%03%Ba%dd%Ca%fe%04%05%06'
      )
    );
    expect(u.token).toBe('My token% created by Joe');
    expect(Buffer.from(u.id!).toString('hex')).toBe('010203baddcafe040506');
  });
  it('encoded ";" and UTF-8 (U+00E1)', () => {
    expect(
      parsePkcs11Uri(
        withModule(
          'pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert'
        )
      ).token
    ).toBe('A name with a substring %;');
    expect(
      parsePkcs11Uri(
        withModule(
          'pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert'
        )
      ).token
    ).toBe('Name with a small A with acute: á');
  });
  it('slot-id, pin-source=env:NAME and vendor x- attributes', () => {
    const u = parsePkcs11Uri(`pkcs11:slot-id=1234;x-foo=bar?${M}&pin-source=env:KURA_PIN`);
    expect(u.slotId).toBe(1234n);
    expect(u.pinSource).toEqual({ kind: 'env', name: 'KURA_PIN' });
    expect(u.vendor).toEqual({ 'x-foo': 'bar' });
  });
  it('pin-source forms: file:///abs, file:rel, bare path', () => {
    expect(parsePkcs11Uri(`pkcs11:object=a?${M}&pin-source=file:///etc/pin`).pinSource).toEqual({
      kind: 'file',
      path: '/etc/pin',
    });
    expect(parsePkcs11Uri(`pkcs11:object=a?${M}&pin-source=file:pin.txt`).pinSource).toEqual({
      kind: 'file',
      path: 'pin.txt',
    });
    expect(parsePkcs11Uri(`pkcs11:object=a?${M}&pin-source=/run/pin`).pinSource).toEqual({
      kind: 'file',
      path: '/run/pin',
    });
  });
  it('isPkcs11Uri', () => {
    expect(isPkcs11Uri('pkcs11:token=a')).toBe(true);
    expect(isPkcs11Uri('PKCS11:token=a')).toBe(true);
    expect(isPkcs11Uri('./pkcs11:key')).toBe(false);
    expect(isPkcs11Uri('exchange.key')).toBe(false);
  });
});

describe('strict refusals', () => {
  const bad: [string, RegExp][] = [
    ['pkcs11:token=kura;object=k', /module-path is required/],
    [`pkcs11:token=kura?${M}&pin-value=123456`, /pin-value is refused/],
    [`pkcs11:token=kura;token=other?${M}`, /appears twice/],
    [`pkcs11:token=kura?${M}&${M}`, /appears twice/],
    [`pkcs11:colour=red?${M}`, /unknown path attribute "colour"/],
    [`pkcs11:module-path=/x`, /belongs after "\?"/],
    [`pkcs11:token=kura?${M}&frobnicate=1`, /unknown query attribute/],
    [`pkcs11:token=a%2?${M}`, /two hex digits/],
    [`pkcs11:token=a%zz?${M}`, /two hex digits/],
    [`pkcs11:token=a b?${M}`, /percent-encoded/],
    [`pkcs11:token=ä?${M}`, /percent-encoded/],
    [`pkcs11:token=%C3?${M}`, /not UTF-8/],
    [`pkcs11:object=a/b?${M}`, /percent-encoded/],
    [`pkcs11:slot-id=0x10?${M}`, /decimal/],
    [`pkcs11:type=secret?${M}`, /type must be one of/],
    [`pkcs11:token?${M}`, /not name=value/],
    [`pkcs11:token=a?`, /empty query/],
    [`pkcs11:token=a?${M}&pin-source=env:1BAD`, /environment variable name/],
    [`pkcs11:token=a?${M}&pin-source=file://host/pin`, /host/],
    [`pkcs11:token=a?${M}&pin-source=https://x/pin`, /not supported/],
    [`pkcs11:token=a?module-path=`, /module-path is empty/],
    ['file:key.json', /must start with "pkcs11:"/],
  ];
  for (const [u, re] of bad)
    it(u, () => {
      let err: unknown;
      try {
        parsePkcs11Uri(u);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Pkcs11UriError);
      expect((err as Pkcs11UriError).code).toBe('BAD_PKCS11_URI');
      expect((err as Error).message).toMatch(re);
    });
  it('a refused pin-value is never echoed', () => {
    try {
      parsePkcs11Uri(`pkcs11:token=kura?${M}&pin-value=s3cr3t-PIN-9876`);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cr3t');
      expect((e as Error).message).toMatch(/pin-source=file:PATH or pin-source=env:NAME/);
    }
  });
});

describe('pin-source paths', () => {
  it('a file path with a line break round-trips (the fast-check counterexample of the property below)', () => {
    const u = {
      token: 't',
      object: 'o',
      id: new Uint8Array(),
      modulePath: '/usr/lib/softhsm/libsofthsm2.so',
      pinSource: { kind: 'file' as const, path: '/p/\n\u2028 ' },
      vendor: {},
    };
    expect(parsePkcs11Uri(formatPkcs11Uri(u))).toEqual(u);
  });
});

describe('properties', () => {
  it('format → parse gives back every attribute (any label, any id bytes)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 24 }),
        fc.string({ unit: 'grapheme', maxLength: 24 }),
        fc.uint8Array({ maxLength: 20 }),
        fc.option(fc.bigInt({ min: 0n, max: 2n ** 63n })),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
        (token, object, id, slotId, pinPath) => {
          const u = {
            token,
            object,
            id,
            ...(slotId !== null ? { slotId } : {}),
            modulePath: '/usr/lib/softhsm/libsofthsm2.so',
            pinSource: { kind: 'file' as const, path: `/p/${pinPath}` },
            vendor: {},
          };
          const text = formatPkcs11Uri(u);
          expect(text.startsWith('pkcs11:')).toBe(true);
          expect(/[^\x21-\x7e]/.test(text)).toBe(false);
          expect(parsePkcs11Uri(text)).toEqual(u);
        }
      )
    );
  });
  it('any string either parses or throws Pkcs11UriError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        for (const input of [s, `pkcs11:${s}`, `pkcs11:${s}?${M}`])
          try {
            parsePkcs11Uri(input);
          } catch (e) {
            expect(e).toBeInstanceOf(Pkcs11UriError);
          }
      })
    );
  });
});
