import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { readCustomers } from './customers.js';

const assets = [
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 18 },
];
const dir = mkdtempSync(join(tmpdir(), 'kura-customers-'));
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('readCustomers (the whole export in memory, the builder’s row parser)', () => {
  it('reads CSV (any column order, decimals to base units, NFC uids) and JSON Lines alike', () => {
    const csv = readCustomers(
      file('a.csv', 'uid,ETH,BTC\nalice,1.5,0.00000001\nzoe\u0308,0,2\n'),
      assets
    );
    expect(csv).toEqual([
      { uid: 'alice', balances: [1n, 1_500_000_000_000_000_000n] },
      { uid: 'zoë', balances: [200_000_000n, 0n] },
    ]);
    const jsonl = readCustomers(
      file(
        'a.jsonl',
        '{"uid":"alice","balances":{"BTC":"0.00000001","ETH":"1.5"}}\n{"uid":"zoë","balances":{"BTC":"2","ETH":"0"}}\n'
      ),
      assets
    );
    expect(jsonl).toEqual(csv);
  });

  it('names file and line: a bad amount, a duplicate uid (after NFC), an empty file', () => {
    const bad = file('b.csv', 'uid,BTC,ETH\nalice,1,1\nbob,0.000000001,0\n');
    expect(() => readCustomers(bad, assets)).toThrow(InputError);
    try {
      readCustomers(bad, assets);
    } catch (e) {
      expect((e as InputError).location).toMatchObject({ file: bad, line: 3 });
    }
    const dup = file('d.csv', 'uid,BTC,ETH\nzoë,1,1\nx,1,1\nzoe\u0308,1,1\n');
    expect(() => readCustomers(dup, assets)).toThrow(/d\.csv:4.*duplicate uid \(also on line 2\)/);
    expect(() => readCustomers(file('e.csv', ''), assets)).toThrow(/empty input/);
  });
});
