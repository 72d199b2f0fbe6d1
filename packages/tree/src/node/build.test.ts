/**
 * The streaming builder and tree store: identical bytes to the in-memory tree (reference vectors
 * and random trees, dense and sparse, with and without worker threads, with spilled sort runs),
 * O(log n) proof extraction and bulk export, atomic output, and every class of bad input.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex, formatUnits, hexToBytes, InputError } from '@kura/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedRoot } from '../../../../circuits-free-spec/runner/expected.mjs';
import {
  type Asset,
  buildTree,
  getHashBackend,
  nobleBackend,
  parseAssets,
  parseRound,
  setHashBackend,
  verifyProof,
} from '../index.js';
import { buildTreeStore, exportProofs, nodeCryptoBackend, TreeStore } from '../node.js';
import { workerPath } from './pool.js';

const vdir = new URL('../../../../circuits-free-spec/vectors/reference/', import.meta.url);
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kura-tree-build-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const csvOf = (assets: readonly Asset[], users: { uid: string; balances: readonly bigint[] }[]) =>
  `${[
    ['uid', ...assets.map((a) => a.symbol)].join(','),
    ...users.map((u) =>
      [u.uid, ...u.balances.map((b, i) => formatUnits(b, assets[i]!.decimals))].join(',')
    ),
  ].join('\n')}\n`;

let fileNo = 0;
function write(name: string, text: string | Uint8Array): string {
  const p = join(tmp, `${fileNo++}-${name}`);
  writeFileSync(p, text);
  return p;
}

describe('hash backends', () => {
  it('node:crypto gives exactly the noble bytes', () => {
    expect(getHashBackend().name).toBe('node:crypto');
    for (let n = 0; n < 200; n += 7) {
      const m = new Uint8Array(n).map((_, i) => i * 7 + n);
      const key = new Uint8Array(32).map((_, i) => i + n);
      expect(bytesToHex(nodeCryptoBackend.taggedHash('kura/v1/x', m, m))).toBe(
        bytesToHex(nobleBackend.taggedHash('kura/v1/x', m, m))
      );
      expect(bytesToHex(nodeCryptoBackend.hmac(key, m))).toBe(
        bytesToHex(nobleBackend.hmac(key, m))
      );
    }
    setHashBackend(nobleBackend);
    setHashBackend(nodeCryptoBackend);
  });
});

describe('reference vectors through the streaming builder and the store', () => {
  for (const f of readdirSync(vdir).filter((n) => n.endsWith('.json'))) {
    for (const workers of [0, 2]) {
      it(`${f} (workers: ${workers})`, async () => {
        if (workers > 0) workerPath(); // needs the built package
        const v = JSON.parse(readFileSync(new URL(f, vdir), 'utf8'));
        const assets = parseAssets(v.assets);
        const users = v.users.map((u: { uid: string; balances: string[] }) => ({
          uid: u.uid,
          balances: u.balances.map(BigInt),
        }));
        const out = join(tmp, `vec-${f}-${workers}`);
        const r = await buildTreeStore({
          input: write('users.csv', csvOf(assets, users)),
          round: parseRound(v.round),
          assets,
          masterSecret: hexToBytes(v.masterSecret),
          out,
          placement: v.placement,
          height: v.height,
          workers,
        });
        expect(r.users).toBe(v.users.length);
        const root = JSON.parse(readFileSync(join(out, 'root.json'), 'utf8'));
        expect(root).toEqual(expectedRoot(v));
        const store = TreeStore.open(out, hexToBytes(v.masterSecret));
        try {
          for (const u of v.users) {
            const p = store.proof(u.uid);
            expect(p.position).toBe(u.position);
            expect(p.nonce).toBe(u.nonce);
            expect(p.siblings).toEqual(u.proofPath);
            expect(verifyProof(p, { rootCommitment: v.rootCommitment }).ok).toBe(true);
          }
          const all = [...store.proofs()];
          expect(all.map((p) => p.uid).sort()).toEqual(
            v.users.map((u: { uid: string }) => u.uid).sort()
          );
          for (const p of all) expect(p).toEqual(store.proof(p.uid));
        } finally {
          store.close();
        }
      });
    }
  }
});

describe('random trees: streaming store = in-memory tree', () => {
  const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
  const assets = parseAssets([
    { symbol: 'BTC', decimals: 8 },
    { symbol: 'ETH', decimals: 18 },
    { symbol: 'JPY', decimals: 0 },
  ]);
  const secret = new Uint8Array(32).fill(9);
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const users = Array.from({ length: 2500 }, (_, i) => ({
    uid: i % 97 === 0 ? `üser-ñ-${i}` : `user-${i}`,
    balances: [
      BigInt(rnd() % 100000),
      BigInt(rnd()) * 10n ** 10n,
      i % 3 === 0 ? 0n : BigInt(rnd() % 1000),
    ],
  }));
  const input = () => write('random.csv', csvOf(assets, users));
  for (const [placement, height, workers, segmentLevels] of [
    ['dense', undefined, 2, undefined],
    ['dense', 14, 0, 3],
    ['dense', undefined, 2, 5],
    ['sparse', 20, 2, 9],
    ['sparse', undefined, 0, undefined],
    ['sparse', 13, 0, 4],
  ] as const) {
    it(`${placement} height ${height ?? 'default'} workers ${workers} segments 2^${segmentLevels ?? 'auto'}, spilled to disk`, async () => {
      const mem = buildTree({ round, assets, masterSecret: secret, users, placement, height });
      const out = join(tmp, `rand-${placement}-${height}-${workers}`);
      const r = await buildTreeStore({
        input: input(),
        round,
        assets,
        masterSecret: secret,
        out,
        placement,
        height,
        workers,
        sortMemory: 64 << 10, // spill to disk several times
        chunkBytes: 8 << 10,
        segmentLevels,
      });
      expect(r.runs).toBeGreaterThan(1);
      expect(r.root).toEqual(mem.rootFile());
      const store = TreeStore.open(out, secret);
      try {
        for (const u of users.filter((_, i) => i % 50 === 0))
          expect(store.proof(u.uid)).toEqual(mem.proof(u.uid));
        let count = 0;
        for (const p of store.proofs()) {
          if (count % 97 === 0) expect(p).toEqual(mem.proof(p.uid));
          count++;
        }
        expect(count).toBe(users.length);
        expect(store.meta.users).toBe(users.length);
        const ex = exportProofs(store, `${out}-proofs`, { shard: 1000 });
        expect(ex.files.length).toBe(3);
        const lines = ex.files.flatMap((f) =>
          readFileSync(join(ex.dir, f), 'utf8').trim().split('\n')
        );
        expect(lines.length).toBe(users.length);
        const rc = bytesToHex(mem.rootCommitment);
        for (const l of lines.filter((_, i) => i % 101 === 0)) {
          const p = JSON.parse(l);
          expect(p).toEqual(mem.proof(p.uid));
          expect(verifyProof(p, { rootCommitment: rc }).ok).toBe(true);
        }
        expect(() => store.proof('nobody')).toThrow(/not in the tree/);
      } finally {
        store.close();
      }
      expect(() => TreeStore.open(out, new Uint8Array(32))).toThrow(
        /master secret does not belong/
      );
    });
  }

  it('JSON Lines input gives the same tree as CSV', async () => {
    const jsonl = users
      .slice(0, 300)
      .map((u) =>
        JSON.stringify({
          uid: u.uid,
          balances: Object.fromEntries(
            assets.map((a, i) => [a.symbol, formatUnits(u.balances[i]!, a.decimals)])
          ),
        })
      )
      .join('\n');
    const mem = buildTree({ round, assets, masterSecret: secret, users: users.slice(0, 300) });
    const r = await buildTreeStore({
      input: write('u.jsonl', jsonl),
      round,
      assets,
      masterSecret: secret,
      out: join(tmp, 'jsonl'),
      workers: 0,
    });
    expect(r.root.rootCommitment).toBe(bytesToHex(mem.rootCommitment));
  });

  it('a rebuild replaces a previous store; a foreign directory is refused', async () => {
    const out = join(tmp, 'replace');
    const small = (n: number) => write('s.csv', csvOf(assets, users.slice(0, n)));
    const a = await buildTreeStore({
      input: small(10),
      round,
      assets,
      masterSecret: secret,
      out,
      workers: 0,
    });
    const b = await buildTreeStore({
      input: small(20),
      round,
      assets,
      masterSecret: secret,
      out,
      workers: 0,
    });
    expect(a.root.rootCommitment).not.toBe(b.root.rootCommitment);
    expect(JSON.parse(readFileSync(join(out, 'root.json'), 'utf8')).rootCommitment).toBe(
      b.root.rootCommitment
    );
    expect(readdirSync(tmp).filter((n) => n.startsWith('.replace.tmp'))).toEqual([]);
    const foreign = join(tmp, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    await expect(
      buildTreeStore({
        input: small(3),
        round,
        assets,
        masterSecret: secret,
        out: foreign,
        workers: 0,
      })
    ).rejects.toThrow(/not a Kura tree store/);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('bad input: located errors, nothing written', () => {
  const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
  const assets = parseAssets([
    { symbol: 'BTC', decimals: 8 },
    { symbol: 'ETH', decimals: 18 },
  ]);
  const secret = new Uint8Array(32).fill(1);
  const cases: [
    string,
    string | Uint8Array,
    RegExp,
    number | undefined,
    number | undefined,
    string | undefined,
  ][] = [
    ['negative', 'uid,BTC,ETH\na,1,2\nb,-1,2\n', /negative amount "-1"/, 3, 2, 'BTC'],
    [
      'too many decimals',
      'uid,BTC,ETH\na,0.123456789,2\n',
      /more fractional digits than BTC's 8 decimals/,
      2,
      2,
      'BTC',
    ],
    ['non-numeric', 'uid,BTC,ETH\na,1,2\nb,1,abc\n', /"abc" is not a decimal number/, 3, 3, 'ETH'],
    ['exponent', 'uid,BTC,ETH\na,1e3,2\n', /not a decimal number/, 2, 2, 'BTC'],
    ['leading zeros', 'uid,BTC,ETH\na,007,2\n', /leading zeros/, 2, 2, 'BTC'],
    ['empty amount', 'uid,BTC,ETH\na,,2\n', /empty amount/, 2, 2, 'BTC'],
    [
      'too large',
      `uid,BTC,ETH\na,1,${(2n ** 96n).toString()}\n`,
      /more than 2\^96−1 base units/,
      2,
      3,
      'ETH',
    ],
    [
      'too large after scaling',
      'uid,BTC,ETH\na,792281625142643375935.43950336,0\n',
      /more than 2\^96−1/,
      2,
      2,
      'BTC',
    ],
    [
      'duplicate uid',
      'uid,BTC,ETH\na,1,2\nb,1,2\na,3,4\n',
      /duplicate uid "a" \(also on line 2\)/,
      4,
      1,
      'uid',
    ],
    [
      'duplicate uid after NFC',
      'uid,BTC,ETH\ncaf\u00e9,1,2\ncafe\u0301,1,2\n',
      /duplicate uid/,
      3,
      1,
      'uid',
    ],
    ['unknown column', 'uid,BTC,ETH,DOGE\na,1,2,3\n', /unknown asset column "DOGE"/, 1, 4, 'DOGE'],
    ['missing column', 'uid,BTC\na,1\n', /missing asset column\(s\): ETH/, 1, undefined, undefined],
    ['duplicate column', 'uid,BTC,ETH,BTC\na,1,2,3\n', /duplicate asset column "BTC"/, 1, 4, 'BTC'],
    ['no uid column', 'user,BTC,ETH\na,1,2\n', /first column must be "uid"/, 1, 1, undefined],
    ['too few fields', 'uid,BTC,ETH\na,1\n', /expected 3 fields/, 2, 3, 'ETH'],
    ['too many fields', 'uid,BTC,ETH\na,1,2,3\n', /expected 3 fields/, 2, 4, undefined],
    ['empty file', '', /empty input/, 1, undefined, undefined],
    ['header only', 'uid,BTC,ETH\n', /empty input: no users/, 2, undefined, undefined],
    ['empty line', 'uid,BTC,ETH\na,1,2\n\nb,1,2\n', /empty line/, 3, undefined, undefined],
    ['empty uid', 'uid,BTC,ETH\n,1,2\n', /empty uid/, 2, 1, 'uid'],
    [
      'invalid UTF-8',
      new Uint8Array([
        ...new TextEncoder().encode('uid,BTC,ETH\na,1,2\nb'),
        0xff,
        ...new TextEncoder().encode(',1,2\n'),
      ]),
      /invalid UTF-8/,
      3,
      1,
      undefined,
    ],
    [
      'JSONL number amount',
      '{"uid":"a","balances":{"BTC":1,"ETH":"2"}}\n',
      /must be JSON strings/,
      1,
      24,
      'balances.BTC',
    ],
    [
      'JSONL missing asset',
      '{"uid":"a","balances":{"BTC":"1"}}\n',
      /missing asset "ETH"/,
      1,
      12,
      'balances.ETH',
    ],
    [
      'JSONL unknown asset',
      '{"uid":"a","balances":{"BTC":"1","ETH":"2","X":"1"}}\n',
      /unknown asset "X"/,
      1,
      44,
      'balances.X',
    ],
    [
      'JSONL duplicate key',
      '{"uid":"a","uid":"b","balances":{"BTC":"1","ETH":"2"}}\n',
      /invalid JSON/,
      1,
      undefined,
      undefined,
    ],
    [
      'JSONL negative',
      '{"uid":"a","balances":{"BTC":"1","ETH":"2"}}\n{"uid":"b","balances":{"BTC":"-1","ETH":"2"}}\n',
      /negative amount/,
      2,
      24,
      'balances.BTC',
    ],
  ];
  for (const [name, text, re, line, column, field] of cases) {
    it(name, async () => {
      const ext = name.startsWith('JSONL') ? 'jsonl' : 'csv';
      const file = write(`bad.${ext}`, text);
      const out = join(tmp, `bad-${name.replace(/\W+/g, '-')}`, 'tree');
      const err = await buildTreeStore({
        input: file,
        round,
        assets,
        masterSecret: secret,
        out,
        workers: 0,
      }).then(
        () => undefined,
        (e: unknown) => e
      );
      expect(err).toBeInstanceOf(InputError);
      const ie = err as InputError;
      expect(ie.message).toMatch(re);
      expect(ie.location.file).toBe(file);
      expect(ie.location.line).toBe(line);
      if (column !== undefined) expect(ie.location.column).toBe(column);
      if (field !== undefined) expect(ie.location.field).toBe(field);
      expect(existsSync(join(tmp, `bad-${name.replace(/\W+/g, '-')}`))).toBe(false);
    });
  }
  it('errors in later chunks get absolute line numbers, with worker threads', async () => {
    workerPath();
    const rows = ['uid,BTC,ETH'];
    for (let i = 0; i < 60000; i++) rows.push(`user-${i},1.5,2`);
    rows.push('bad,1,x');
    const file = write('late.csv', `${rows.join('\n')}\n`);
    const err = await buildTreeStore({
      input: file,
      round,
      assets,
      masterSecret: secret,
      out: join(tmp, 'late'),
      workers: 2,
    }).catch((e: InputError) => e);
    expect((err as InputError).location).toMatchObject({
      file,
      line: 60002,
      column: 3,
      field: 'ETH',
    });
    expect(existsSync(join(tmp, 'late'))).toBe(false);
  });
  it('more users than 2^height positions is an error', async () => {
    const file = write('five.csv', 'uid,BTC,ETH\na,1,1\nb,1,1\nc,1,1\nd,1,1\ne,1,1\n');
    for (const placement of ['dense', 'sparse'] as const)
      await expect(
        buildTreeStore({
          input: file,
          round,
          assets,
          masterSecret: secret,
          out: join(tmp, 'cap'),
          placement,
          height: 2,
          workers: 0,
        })
      ).rejects.toThrow(/5 users do not fit in a tree of height 2/);
    expect(existsSync(join(tmp, 'cap'))).toBe(false);
  });
});

describe('a killed build', () => {
  const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
  const assets = [{ symbol: 'BTC', decimals: 8 }];
  const child = fileURLToPath(new URL('../../bench/build-child.mjs', import.meta.url));
  /** Start a build in another process and SIGKILL it once its temp directory exists. */
  async function killMidway(input: string, out: string): Promise<void> {
    const a = write('assets.json', JSON.stringify(assets));
    const r = write('round.json', JSON.stringify(round));
    const s = write('secret', `${'42'.repeat(32)}\n`);
    const p = spawn(process.execPath, [child, input, a, r, s, out], { stdio: 'ignore' });
    const exited = new Promise((resolve) => p.on('exit', resolve));
    const prefix = `.${basename(out)}.tmp-`;
    for (let i = 0; i < 2000; i++) {
      if (readdirSync(dirname(out)).some((n) => n.startsWith(prefix))) break;
      await new Promise((res) => setTimeout(res, 5));
    }
    p.kill('SIGKILL');
    await exited;
  }
  it('leaves the previous complete store or none; the next build removes the leftovers', async () => {
    workerPath();
    const rows = ['uid,BTC'];
    for (let i = 0; i < 300_000; i++) rows.push(`user-${i},${i % 1000}.5`);
    const big = write('big.csv', `${rows.join('\n')}\n`);
    const parent = join(tmp, 'kill');
    mkdirSync(parent);
    const out = join(parent, 'tree');
    await killMidway(big, out);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent).some((n) => n.startsWith('.tree.tmp-'))).toBe(true);
    const small = write('small.csv', 'uid,BTC\na,1\nb,2\n');
    const secret = new Uint8Array(32).fill(0x42);
    const first = await buildTreeStore({
      input: small,
      round,
      assets,
      masterSecret: secret,
      out,
      workers: 0,
    });
    expect(readdirSync(parent)).toEqual(['tree']);
    await killMidway(big, out);
    expect(JSON.parse(readFileSync(join(out, 'root.json'), 'utf8')).rootCommitment).toBe(
      first.root.rootCommitment
    );
    const store = TreeStore.open(out, secret);
    expect(verifyProof(store.proof('b'), { rootCommitment: first.root.rootCommitment }).ok).toBe(
      true
    );
    store.close();
  });
});

describe('a stopped build (AbortSignal; the library never exits the process)', () => {
  const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
  const assets = [{ symbol: 'BTC', decimals: 8 }];
  const secret = new Uint8Array(32).fill(0x42);
  const rows = ['uid,BTC'];
  for (let i = 0; i < 5_000; i++) rows.push(`user-${i},${i % 1000}.5`);

  for (const workers of [0, 2])
    it(`aborted midway (${workers} workers): rejects with the reason, the previous store stays, no temp left`, async () => {
      const input = write('abort.csv', `${rows.join('\n')}\n`);
      const parent = join(tmp, `abort-${workers}`);
      mkdirSync(parent);
      const out = join(parent, 'tree');
      const first = await buildTreeStore({
        input: write('abort-small.csv', 'uid,BTC\na,1\n'),
        round,
        assets,
        masterSecret: secret,
        out,
        workers: 0,
      });
      const stop = new AbortController();
      const reason = new Error('stopped by the test');
      let tempSeen = false;
      await expect(
        buildTreeStore({
          input,
          round,
          assets,
          masterSecret: secret,
          out,
          workers,
          chunkBytes: 4096,
          signal: stop.signal,
          onProgress: (phase) => {
            if (phase !== 'read' || stop.signal.aborted) return;
            tempSeen = readdirSync(parent).some((n) => n.startsWith('.tree.tmp-'));
            stop.abort(reason);
            // the temporary directory is gone inside abort(): a caller may exit right here
            expect(readdirSync(parent).filter((n) => n.startsWith('.tree.tmp-'))).toEqual([]);
          },
        })
      ).rejects.toBe(reason);
      expect(tempSeen).toBe(true);
      expect(readdirSync(parent)).toEqual(['tree']);
      expect(JSON.parse(readFileSync(join(out, 'root.json'), 'utf8')).rootCommitment).toBe(
        first.root.rootCommitment
      );
    });

  it('an already aborted signal builds nothing', async () => {
    const parent = join(tmp, 'abort-early');
    mkdirSync(parent);
    const reason = new Error('never started');
    await expect(
      buildTreeStore({
        input: write('early.csv', 'uid,BTC\na,1\n'),
        round,
        assets,
        masterSecret: secret,
        out: join(parent, 'tree'),
        workers: 0,
        signal: AbortSignal.abort(reason),
      })
    ).rejects.toBe(reason);
    expect(readdirSync(parent)).toEqual([]);
  });
});
