/**
 * store.json of both store versions through the one document reader: each version's shape
 * accepts what its builder writes and nothing else, and a damaged store.json is a
 * DocumentError naming the file, line, column and field — before any secret is checked.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentError, InputError, KuraError, readDocument } from '@kura/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssets } from '../index.js';
import { buildTreeStore, isTreeStore, isTreeStoreV2, TreeStore, TreeStoreV2 } from '../node.js';
import { storeMetaShape, storeMetaV2Shape } from './store-shapes.js';
import { buildTreeStoreV2 } from './v2/build.js';

const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const secret = new Uint8Array(32).fill(7);
const csv = 'uid,BTC\nalice,1.5\nbob,0.25\ncarol,3\n';
let tmp: string;
let v1: string;
let v2: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kura-store-shapes-'));
  const input = join(tmp, 'in.csv');
  writeFileSync(input, csv);
  v1 = join(tmp, 'v1');
  v2 = join(tmp, 'v2');
  const assets = parseAssets([{ symbol: 'BTC', decimals: 8 }]);
  await buildTreeStore({ input, round, assets, masterSecret: secret, out: v1, workers: 0 });
  await buildTreeStoreV2({
    input,
    round,
    assets: [{ symbol: 'BTC', decimals: 8, treeDecimals: 8 }],
    masterSecret: secret,
    out: v2,
    workers: 0,
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const meta = (dir: string) => readFileSync(join(dir, 'store.json'), 'utf8');

/** A copy of the store in `dir` whose store.json is `text`. */
function damaged(dir: string, name: string, text: string): string {
  const out = join(tmp, name);
  cpSync(dir, out, { recursive: true });
  writeFileSync(join(out, 'store.json'), text);
  return out;
}

describe('store.json shapes', () => {
  it('each version reads what its builder wrote, and only its own version', () => {
    expect(readDocument(storeMetaShape, meta(v1))).toMatchObject({
      version: 'kura-store/1',
      users: 3,
    });
    expect(readDocument(storeMetaV2Shape, meta(v2))).toMatchObject({
      version: 'kura-store/2',
      users: 3,
    });
    expect(() => readDocument(storeMetaShape, meta(v2), { file: 'store.json' })).toThrow(
      /store\.json:2:\d+: field "\$\.version": expected "kura-store\/1", got "kura-store\/2"/
    );
    expect(() => readDocument(storeMetaV2Shape, meta(v1))).toThrow(DocumentError);
    expect([isTreeStore(v1), isTreeStoreV2(v1), isTreeStore(v2), isTreeStoreV2(v2)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('a damaged store.json is a located DocumentError before the secret is checked', () => {
    const wrong = new Uint8Array(32).fill(1);
    const text1 = meta(v1);
    const text2 = meta(v2);
    const cases: [string, string, RegExp][] = [
      [
        'users',
        text1.replace(/"users": 3/, '"users": 0'),
        /field "\$\.users": expected an integer 1/,
      ],
      ['levels', text1.replace(/"levels": \[/, '"levels": ["x", '), /field "\$\.levels\[0\]"/],
      ['key', text1.replace(/"keyCheck": "[0-9a-f]+"/, '"keyCheck": "ab"'), /"\$\.keyCheck"/],
      ['extra', text1.replace(/\{/, '{"note": 1,'), /field "\$\.note": unknown field/],
      ['dup', text1.replace(/\{/, '{"users": 3,'), /JSON_DUPLICATE_KEY|duplicate/],
    ];
    for (const [name, text, re] of cases) {
      for (const [dir, open] of [
        [damaged(v1, `v1-${name}`, text), (d: string) => TreeStore.open(d, wrong)],
        [
          damaged(v2, `v2-${name}`, text.replace('kura-store/1', 'kura-store/2')),
          (d: string) => TreeStoreV2.open(d, wrong),
        ],
      ] as const) {
        const f = () => open(dir);
        expect(f).toThrow(DocumentError);
        expect(f).toThrow(new RegExp(`${name}/store\\.json:\\d+:\\d+: .*${re.source}`));
      }
    }
    expect(text2).toContain('kura-store/2');
    // a sound store.json and a wrong secret: the secret is named, as before
    expect(() => TreeStore.open(v1, wrong)).toThrow(KuraError);
    expect(() => TreeStore.open(v1, wrong)).toThrow(/master secret does not belong/);
    expect(() => TreeStoreV2.open(v2, wrong)).toThrow(InputError);
    expect(() => TreeStoreV2.open(v2, wrong)).toThrow(/did not build this tree/);
    // levels that do not match the root's height: named as before
    const short = text1.replace(/"levels": \[\s*(\d+),[^\]]*\]/, '"levels": [$1]');
    expect(() => TreeStore.open(damaged(v1, 'v1-short', short), secret)).toThrow(/bad level list/);
  });
});
