/**
 * The JSON Lines input files of `collect` (addresses, descriptors, signatures): errors name file,
 * line and field; duplicates in any spelling; fuzzed lines only ever raise InputError.
 */
import { InputError } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descriptorChecksum } from './descriptor.js';
import { parseAddressFile, parseDescriptorFile, parseSignatureFile } from './inputs.js';
import { BITCOIN_MAINNET } from './networks.js';

const A = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const P = '1F3sAm6ZtwLAUnj7d38pGFxtP3RVEvtsbV';
const X =
  'xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB';
const D = `wpkh(${X}/0/*)#${descriptorChecksum(`wpkh(${X}/0/*)`)}`;
const lines = (...o: unknown[]) =>
  o.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n');
const fails = (f: () => unknown, re: RegExp) => {
  expect(f).toThrow(InputError);
  expect(f).toThrow(re);
};

describe('addresses file', () => {
  it('parses rows with custody and label; blank lines and CRLF are fine', () => {
    const rows = parseAddressFile(
      `${lines({ address: A.toUpperCase(), custody: 'customer-cold', label: 'cold' })}\r\n\n${lines({ address: P, custody: 'exchange-own' })}\n`,
      'a.jsonl',
      BITCOIN_MAINNET
    );
    expect(rows).toEqual([
      { address: A, custody: 'customer-cold', label: 'cold', line: 1 },
      { address: P, custody: 'exchange-own', line: 3 },
    ]);
  });
  it('errors name file, line and field', () => {
    fails(
      () => parseAddressFile(lines({ address: A, custody: 'cold' }), 'a.jsonl', BITCOIN_MAINNET),
      /a\.jsonl:1: field "custody": expected one of/
    );
    fails(
      () =>
        parseAddressFile(
          lines({ address: A, custody: 'customer-cold' }, '{"address": '),
          'a.jsonl',
          BITCOIN_MAINNET
        ),
      /a\.jsonl:2: not valid JSON/
    );
    fails(
      () =>
        parseAddressFile(
          lines({ address: A, custody: 'customer-cold', x: 1 }),
          'a.jsonl',
          BITCOIN_MAINNET
        ),
      /field "x": unknown field/
    );
    fails(
      () =>
        parseAddressFile(
          lines({
            address: 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
            custody: 'customer-cold',
          }),
          'a.jsonl',
          BITCOIN_MAINNET
        ),
      /a\.jsonl:1: field "address": E_NETWORK/
    );
    fails(() => parseAddressFile('[1]', 'a.jsonl', BITCOIN_MAINNET), /one JSON object per line/);
    fails(() => parseAddressFile('\n\n', 'a.jsonl', BITCOIN_MAINNET), /no addresses/);
  });
  it('the same script twice (upper- and lower-case bech32) → error naming both lines', () => {
    fails(
      () =>
        parseAddressFile(
          lines(
            { address: A, custody: 'customer-cold' },
            { address: A.toUpperCase(), custody: 'customer-hot' }
          ),
          'a.jsonl',
          BITCOIN_MAINNET
        ),
      /a\.jsonl:2: field "address": address listed twice \(first on line 1\)/
    );
  });
});

describe('descriptors and signatures files', () => {
  it('a ranged descriptor needs a sane range', () => {
    expect(
      parseDescriptorFile(
        lines({ descriptor: D, range: [0, 99], custody: 'customer-cold' }),
        'd.jsonl',
        BITCOIN_MAINNET
      )[0]
    ).toMatchObject({ range: [0, 99], text: D });
    fails(
      () =>
        parseDescriptorFile(
          lines({ descriptor: D, custody: 'customer-cold' }),
          'd.jsonl',
          BITCOIN_MAINNET
        ),
      /field "range"/
    );
    fails(
      () =>
        parseDescriptorFile(
          lines({ descriptor: D, range: [5, 1], custody: 'customer-cold' }),
          'd.jsonl',
          BITCOIN_MAINNET
        ),
      /field "range"/
    );
    fails(
      () =>
        parseDescriptorFile(
          lines({ descriptor: D, range: [0, 200_000], custody: 'customer-cold' }),
          'd.jsonl',
          BITCOIN_MAINNET
        ),
      /at most 100000/
    );
    fails(
      () =>
        parseDescriptorFile(
          lines({
            descriptor: D.replace(/#.*/, '#aaaaaaaa'),
            range: [0, 1],
            custody: 'customer-cold',
          }),
          'd.jsonl',
          BITCOIN_MAINNET
        ),
      /d\.jsonl:1: field "descriptor": checksum mismatch/
    );
  });
  it('signatures: known types, one per address', () => {
    expect(
      parseSignatureFile(
        lines({ address: A, type: 'bip322-simple', signature: 'smpAA==' }),
        's.jsonl',
        BITCOIN_MAINNET
      )
    ).toHaveLength(1);
    fails(
      () =>
        parseSignatureFile(
          lines({ address: A, type: 'eip191', signature: 'x' }),
          's.jsonl',
          BITCOIN_MAINNET
        ),
      /field "type"/
    );
    fails(
      () =>
        parseSignatureFile(
          lines({ address: A, type: 'bip137', signature: '' }),
          's.jsonl',
          BITCOIN_MAINNET
        ),
      /field "signature"/
    );
    fails(
      () =>
        parseSignatureFile(
          lines(
            { address: A, type: 'bip137', signature: 'x' },
            { address: A, type: 'bip137', signature: 'y' }
          ),
          's.jsonl',
          BITCOIN_MAINNET
        ),
      /second signature/
    );
  });
  it('rows are checked against their declared shapes: file, line and the field below the row', () => {
    fails(
      () =>
        parseDescriptorFile(
          lines({ descriptor: D, range: [0, -1], custody: 'customer-cold' }),
          'd.jsonl',
          BITCOIN_MAINNET
        ),
      /^d\.jsonl:1: field "range\[1\]": /
    );
    fails(
      () =>
        parseAddressFile(
          lines({ address: A, custody: 'customer-cold', label: 'x'.repeat(201) }),
          'a.jsonl',
          BITCOIN_MAINNET
        ),
      /^a\.jsonl:1: field "label": expected at most 200 characters$/
    );
    fails(
      () =>
        parseAddressFile(
          lines({ address: A, custody: 'customer-cold', label: 'e\u0301' }),
          'a.jsonl',
          BITCOIN_MAINNET
        ),
      /^a\.jsonl:1: field "label": string is not in Unicode NFC/
    );
    fails(
      () =>
        parseSignatureFile(
          lines({ address: 7, type: 'bip137', signature: 'x' }),
          's.jsonl',
          BITCOIN_MAINNET
        ),
      /^s\.jsonl:1: field "address": expected a string, got number 7$/
    );
    fails(
      () => parseSignatureFile(lines({ address: A, type: 'bip137' }), 's.jsonl', BITCOIN_MAINNET),
      /^s\.jsonl:1: missing required field "signature"$/
    );
  });
  it('property: arbitrary lines raise only InputError', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.json(),
            fc.constant(lines({ address: A, custody: 'customer-cold' }))
          ),
          { maxLength: 5 }
        ),
        (ls) => {
          for (const parse of [parseAddressFile, parseDescriptorFile, parseSignatureFile])
            try {
              parse(ls.join('\n'), 'f.jsonl', BITCOIN_MAINNET);
            } catch (e) {
              if (!(e instanceof InputError)) throw e;
            }
          return true;
        }
      )
    );
  });
});
