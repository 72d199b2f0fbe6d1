/** The XRPL signatures file: codec's JSON Lines reader against the declared row shape. */
import { InputError } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import { parseXrplSignatureList } from './inputs.js';

const CHAIN = 'xrpl:0';
const ACCOUNT = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const BLOB = '12000022800000002400000001';

function refused(f: () => unknown, re: RegExp): void {
  expect(f).toThrow(InputError);
  expect(f).toThrow(re);
}
const row = (o: Record<string, unknown> = {}) =>
  JSON.stringify({ address: ACCOUNT, type: 'xrpl-tx', signature: BLOB, ...o });

describe('signatures (JSON Lines)', () => {
  test('parsed; the blob in upper case; blank lines and CRLF skipped', () => {
    const rows = parseXrplSignatureList(
      `${row({ signature: BLOB.toLowerCase() })}\r\n\n`,
      CHAIN,
      's.jsonl'
    );
    expect(rows).toEqual([{ address: ACCOUNT, type: 'xrpl-tx', signature: BLOB, line: 1 }]);
  });
  test('errors name the file, the line and the field', () => {
    refused(
      () => parseXrplSignatureList(row({ type: 'eip191' }), CHAIN, 's.jsonl'),
      /s\.jsonl:1: field "type": expected "xrpl-tx"/
    );
    for (const signature of ['', 'ABC', 'zz', 5])
      refused(
        () => parseXrplSignatureList(row({ signature }), CHAIN, 's.jsonl'),
        /s\.jsonl:1: field "signature": expected (the signed transaction blob as hex|a string)/
      );
    refused(
      () => parseXrplSignatureList(row({ extra: true }), CHAIN, 's.jsonl'),
      /s\.jsonl:1: field "extra": unknown field/
    );
    refused(
      () => parseXrplSignatureList(`{"address":"${ACCOUNT}","type":"xrpl-tx"}`, CHAIN, 's.jsonl'),
      /s\.jsonl:1: missing required field "signature"/
    );
    refused(
      () => parseXrplSignatureList(row({ address: 'rNotAnAddress' }), CHAIN, 's.jsonl'),
      /s\.jsonl:1: field "address": /
    );
    refused(
      () => parseXrplSignatureList(`${row()}\n${row()}`, CHAIN, 's.jsonl'),
      /s\.jsonl:2: field "address": second signature for this address \(first on line 1\)/
    );
    refused(
      () => parseXrplSignatureList('{"address":', CHAIN, 's.jsonl'),
      /s\.jsonl:1: not a JSON object/
    );
  });
});
