/**
 * `kura keys secret` and `kura tree build|proof|verify` as real processes (cli/dist/main.js):
 * success paths against the library and the protocol v1 reference vector, every class of bad
 * input (exit 2, message naming file:line:column and field, no output directory), and the
 * verifier's exit codes 0 / 1 / 2.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, formatUnits, hexToBytes } from '@kura/codec';
import { buildTree, parseAssets, parseRound } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE, writeReferenceInputs } from '../test/reference.js';
import { KURA_BIN, runKura } from './testing.js';

const vec = REFERENCE;
const assets = parseAssets(vec.assets);
const round = parseRound(vec.round);
const users = (vec.users as { uid: string; balances: string[] }[]).map((u) => ({
  uid: u.uid,
  balances: u.balances.map(BigInt),
}));
const mem = buildTree({ round, assets, masterSecret: hexToBytes(vec.masterSecret), users });
const RC = bytesToHex(mem.rootCommitment);

let dir: string;
const f = (name: string) => join(dir, name);
const put = (name: string, text: string | Uint8Array) => {
  writeFileSync(f(name), text);
  return f(name);
};
const common = () => [
  '--assets',
  f('assets.json'),
  '--round',
  f('round.json'),
  '--secret',
  f('secret'),
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-cli-tree-'));
  writeReferenceInputs(dir);
  const r = runKura(['tree', 'build', '--input', f('users.csv'), ...common(), '--out', f('tree')]);
  if (r.code !== 0) throw new Error(`build failed: ${r.stderr}`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('kura keys secret', () => {
  it('writes 64 hex + newline with mode 0600 and refuses to overwrite', () => {
    const r = runKura(['keys', 'secret', '--out', f('new.secret')]);
    expect(r.code).toBe(0);
    const text = readFileSync(f('new.secret'), 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(f('new.secret')).mode & 0o777).toBe(0o600);
    expect(r.stdout).not.toContain(text.trim());
    const again = runKura(['keys', 'secret', '--out', f('new.secret')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
    expect(readFileSync(f('new.secret'), 'utf8')).toBe(text);
    const other = runKura(['keys', 'secret', '--out', f('other.secret')]);
    expect(readFileSync(f('other.secret'), 'utf8')).not.toBe(text);
    expect(other.code).toBe(0);
  });
});

describe('kura tree build', () => {
  it('writes the pinned root.json, equal to the reference vector', () => {
    const root = JSON.parse(readFileSync(f('tree/root.json'), 'utf8'));
    expect(root).toEqual({
      version: 'kura-root/1',
      round: vec.round,
      roundId: vec.roundId,
      assets: vec.assets,
      assetSetHash: vec.assetSetHash,
      placement: 'dense',
      height: vec.height,
      rootHash: vec.rootHash,
      totals: vec.rootSums,
      rootCommitment: vec.rootCommitment,
    });
    expect(existsSync(f('tree/store.json'))).toBe(true);
  });
  it('--json prints root.json; JSON Lines, sparse and --height work; no progress off a TTY', () => {
    const jsonl = users
      .map((u) =>
        JSON.stringify({
          uid: u.uid,
          balances: Object.fromEntries(
            assets.map((a, i) => [a.symbol, formatUnits(u.balances[i]!, a.decimals)])
          ),
        })
      )
      .join('\n');
    put('users.jsonl', jsonl);
    const r = runKura([
      'tree',
      'build',
      '--input',
      f('users.jsonl'),
      ...common(),
      '--out',
      f('t-jsonl'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).rootCommitment).toBe(RC);
    const s = runKura([
      'tree',
      'build',
      '--input',
      f('users.csv'),
      ...common(),
      '--out',
      f('t-sparse'),
      '--placement',
      'sparse',
      '--height',
      '8',
      '--json',
    ]);
    expect(s.code).toBe(0);
    const sp = buildTree({
      round,
      assets,
      masterSecret: hexToBytes(vec.masterSecret),
      users,
      placement: 'sparse',
      height: 8,
    });
    expect(JSON.parse(s.stdout)).toEqual(sp.rootFile());
    const h = runKura([
      'tree',
      'build',
      '--input',
      f('users.csv'),
      ...common(),
      '--out',
      f('t-h2'),
      '--height',
      '2',
    ]);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/5 users do not fit in a tree of height 2/);
    expect(existsSync(f('t-h2'))).toBe(false);
  });

  const bad: [string, string | Uint8Array, RegExp][] = [
    [
      'negative',
      'uid,BTC,ETH\nalice,1,2\nbob,-1,2\n',
      /bad-negative\.csv:3:2: field "BTC": negative amount "-1"/,
    ],
    [
      'precision',
      'uid,BTC,ETH\nalice,0.000000001,2\n',
      /bad-precision\.csv:2:2: field "BTC": .*more fractional digits than BTC's 8 decimals/,
    ],
    [
      'nonnumeric',
      'uid,BTC,ETH\nalice,1,two\n',
      /bad-nonnumeric\.csv:2:3: field "ETH": "two" is not a decimal number/,
    ],
    [
      'toolarge',
      'uid,BTC,ETH\nalice,792281625142643375935.43950336,0\n',
      /bad-toolarge\.csv:2:2: field "BTC": .*more than 2\^96−1 base units/,
    ],
    [
      'duplicate',
      'uid,BTC,ETH\nalice,1,2\nbob,1,2\nalice,1,2\n',
      /bad-duplicate\.csv:4:1: field "uid": duplicate uid "alice" \(also on line 2\)/,
    ],
    [
      'unknown',
      'uid,BTC,ETH,DOGE\nalice,1,2,3\n',
      /bad-unknown\.csv:1:4: field "DOGE": unknown asset column "DOGE"/,
    ],
    ['missing', 'uid,BTC\nalice,1\n', /bad-missing\.csv:1: missing asset column\(s\): ETH/],
    ['empty', '', /bad-empty\.csv:1: empty input/],
    [
      'utf8',
      new Uint8Array([...Buffer.from('uid,BTC,ETH\nal'), 0xc3, 0x28, ...Buffer.from(',1,2\n')]),
      /bad-utf8\.csv:2:1: field "uid": invalid UTF-8/,
    ],
  ];
  for (const [name, text, re] of bad)
    it(`bad input (${name}): exit 2, located message, no output directory`, () => {
      const input = put(`bad-${name}.csv`, text);
      const out = f(`out-${name}`);
      const r = runKura(['tree', 'build', '--input', input, ...common(), '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^kura: BAD_INPUT: /);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });

  it('bad secret, assets or round files: exit 2 naming the file', () => {
    put('short.secret', 'abcd\n');
    put('bad-assets.json', '[{"symbol":"BTC","decimals":99}]');
    const a = runKura([
      'tree',
      'build',
      '--input',
      f('users.csv'),
      '--assets',
      f('assets.json'),
      '--round',
      f('round.json'),
      '--secret',
      f('short.secret'),
      '--out',
      f('x1'),
    ]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('short.secret:1');
    const b = runKura([
      'tree',
      'build',
      '--input',
      f('users.csv'),
      '--assets',
      f('bad-assets.json'),
      '--round',
      f('round.json'),
      '--secret',
      f('secret'),
      '--out',
      f('x2'),
    ]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad-assets\.json: .*decimals/);
    const c = runKura(['tree', 'build', '--input', f('nope.csv'), ...common(), '--out', f('x3')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/nope\.csv: file not found/);
    for (const x of ['x1', 'x2', 'x3']) expect(existsSync(f(x))).toBe(false);
  });
});

describe('kura tree proof', () => {
  it('--uid prints the proof (equal to the in-memory tree and the vector)', () => {
    for (const u of vec.users) {
      const r = runKura([
        'tree',
        'proof',
        '--tree',
        f('tree'),
        '--secret',
        f('secret'),
        '--uid',
        u.uid,
      ]);
      expect(r.code).toBe(0);
      const p = JSON.parse(r.stdout);
      expect(p).toEqual(mem.proof(u.uid));
      expect(p.siblings).toEqual(u.proofPath);
    }
  });
  it('unknown uid or wrong secret: exit 2', () => {
    const r = runKura([
      'tree',
      'proof',
      '--tree',
      f('tree'),
      '--secret',
      f('secret'),
      '--uid',
      'mallory',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('UID_NOT_FOUND');
    put('wrong.secret', `${'11'.repeat(32)}\n`);
    const w = runKura([
      'tree',
      'proof',
      '--tree',
      f('tree'),
      '--secret',
      f('wrong.secret'),
      '--uid',
      'alice',
    ]);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('WRONG_SECRET');
  });
  it('--all --out writes every proof in JSON Lines shards and a manifest', () => {
    const r = runKura([
      'tree',
      'proof',
      '--tree',
      f('tree'),
      '--secret',
      f('secret'),
      '--all',
      '--out',
      f('proofs'),
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(f('proofs/manifest.json'), 'utf8'));
    expect(m).toMatchObject({ version: 'kura-proofs/1', rootCommitment: RC, proofs: users.length });
    const lines = readFileSync(join(f('proofs'), m.files[0]), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).uid).sort()).toEqual(users.map((u) => u.uid).sort());
    for (const l of lines) expect(JSON.parse(l)).toEqual(mem.proof(JSON.parse(l).uid));
  });
});

describe('kura tree verify', () => {
  const proofFile = (name: string, edit: (p: Record<string, unknown>) => void = () => {}) => {
    const p = structuredClone(mem.proof('alice')) as unknown as Record<string, unknown>;
    edit(p);
    return put(name, JSON.stringify(p));
  };
  it('a valid proof: exit 0 (text and --json)', () => {
    const file = proofFile('ok.json');
    const r = runKura(['tree', 'verify', '--proof', file, '--root-commitment', RC]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^VALID: uid "alice"/);
    const j = runKura([
      'tree',
      'verify',
      '--proof',
      file,
      '--root-commitment',
      RC,
      '--json',
      '--round',
      f('round.json'),
      '--assets',
      f('assets.json'),
    ]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, uid: 'alice', totals: vec.rootSums });
  });
  it('an invalid proof: exit 1 with the code (and level)', () => {
    const tampered = proofFile('tampered.json', (p) => {
      (p.balances as string[])[0] = '1';
    });
    const r = runKura(['tree', 'verify', '--proof', tampered, '--root-commitment', RC]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^INVALID: ROOT_MISMATCH: /);
    const range = proofFile('range.json', (p) => {
      (p.siblings as { sums: string[] }[])[1]!.sums[0] = ((2n ** 96n - 1n) * 2n + 1n).toString();
    });
    const s = runKura(['tree', 'verify', '--proof', range, '--root-commitment', RC, '--json']);
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout)).toMatchObject({ ok: false, code: 'SUM_RANGE', level: 1 });
    const t = runKura(['tree', 'verify', '--proof', range, '--root-commitment', RC]);
    expect(t.stdout).toMatch(/^INVALID: SUM_RANGE at level 1: /);
    put('other-round.json', JSON.stringify({ ...vec.round, period: '2026-10' }));
    const o = runKura([
      'tree',
      'verify',
      '--proof',
      tampered,
      '--root-commitment',
      RC,
      '--round',
      f('other-round.json'),
      '--json',
    ]);
    expect(o.code).toBe(1);
    expect(JSON.parse(o.stdout).code).toBe('ROUND_MISMATCH');
    const dup = put('dup.json', '{"version":"kura-proof/1","version":"kura-proof/1"}');
    const d = runKura(['tree', 'verify', '--proof', dup, '--root-commitment', RC, '--json']);
    expect(d.code).toBe(1);
    expect(JSON.parse(d.stdout).code).toBe('BAD_ENCODING');
  });
  it('could not check: exit 2 (missing file, bad root commitment, bad round file)', () => {
    const file = proofFile('ok2.json');
    expect(
      runKura(['tree', 'verify', '--proof', f('missing.json'), '--root-commitment', RC]).code
    ).toBe(2);
    // hex is accepted in either case (cli/README.md), but not a wrong length
    expect(
      runKura(['tree', 'verify', '--proof', file, '--root-commitment', RC.toUpperCase()]).code
    ).toBe(0);
    const b = runKura(['tree', 'verify', '--proof', file, '--root-commitment', RC.slice(1)]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--root-commitment');
    put('bad-round.json', '{"exchange":"x"}');
    expect(
      runKura([
        'tree',
        'verify',
        '--proof',
        file,
        '--root-commitment',
        RC,
        '--round',
        f('bad-round.json'),
      ]).code
    ).toBe(2);
    expect(runKura(['tree', 'verify', '--proof', file]).code).toBe(2);
  });
});

describe('kura tree build stopped by a signal', () => {
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    it(`${sig}: exit ${code}, the temporary directory removed, nothing written`, async () => {
      const rows = [['uid', ...assets.map((a) => a.symbol)].join(',')];
      for (let i = 0; i < 300_000; i++) rows.push(`user-${i},1,2`);
      const input = put(`big-${sig}.csv`, `${rows.join('\n')}\n`);
      const parent = join(dir, `stopped-${sig}`);
      mkdirSync(parent);
      const p = spawn(
        process.execPath,
        [KURA_BIN, 'tree', 'build', '--input', input, ...common(), '--out', join(parent, 'tree')],
        { stdio: 'ignore' }
      );
      const exited = new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c)));
      let started = false;
      for (let i = 0; i < 4000 && !started; i++) {
        started = readdirSync(parent).some((n) => n.startsWith('.tree.tmp-'));
        if (!started) await new Promise((res) => setTimeout(res, 5));
      }
      expect(started).toBe(true);
      p.kill(sig);
      expect(await exited).toBe(code);
      expect(readdirSync(parent)).toEqual([]);
    });
});
