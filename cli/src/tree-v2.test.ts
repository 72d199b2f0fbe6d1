/**
 * `kura tree build --protocol v2`, `kura tree proof` and `kura tree verify` on a v2 tree, as real
 * processes: the root file equals the in-memory reference (buildTreeV2), a proof printed by
 * `tree proof` verifies (exit 0) against the root commitment and against the root file, a
 * tampered proof is a verdict (exit 1, its code), bad input exits 2 naming the file and field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64ToBytes, bytesToBase64, formatUnits, hexToBytes } from '@kura/codec';
import { buildTreeV2, parseAssetsV2, parseRound } from '@kura/tree';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKura } from './testing.js';

const SECRET = '5a'.repeat(32);
const roundJson = {
  exchange: 'example-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const assetsJson = [
  { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
];
const users = [
  { uid: 'alice', balances: [5_000_000n, 1_000_000_000_000_000_001n] },
  { uid: 'bob', balances: [0n, 2n] },
  { uid: 'carol', balances: [123n, 0n] },
  { uid: 'dave', balances: [7n, 10n ** 18n] },
  { uid: 'erin', balances: [1n, 1n] },
];
let dir: string;
const f = (n: string) => join(dir, n);
const common = () => [
  '--assets',
  f('assets.json'),
  '--round',
  f('round.json'),
  '--secret',
  f('secret'),
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-cli-tree-v2-'));
  writeFileSync(f('assets.json'), JSON.stringify(assetsJson));
  writeFileSync(
    f('assets-v1.json'),
    JSON.stringify(assetsJson.map(({ treeDecimals: _t, ...a }) => a))
  );
  writeFileSync(f('round.json'), JSON.stringify(roundJson));
  writeFileSync(f('secret'), `${SECRET}\n`);
  writeFileSync(
    f('users.csv'),
    `uid,BTC,ETH\n${users.map((u) => `${u.uid},${formatUnits(u.balances[0]!, 8)},${formatUnits(u.balances[1]!, 18)}`).join('\n')}\n`
  );
}, 60_000);

describe('kura tree … --protocol v2', () => {
  it('build, proof, verify (exit 0 with the commitment or the root file), tamper (exit 1)', {
    timeout: 300_000,
  }, () => {
    const b = runKura([
      'tree',
      'build',
      '--protocol',
      'v2',
      '--input',
      f('users.csv'),
      ...common(),
      '--out',
      f('tree'),
      '--json',
    ]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const root = JSON.parse(b.stdout);
    const ref = buildTreeV2(
      parseRound(roundJson),
      parseAssetsV2(assetsJson),
      users,
      hexToBytes(SECRET)
    );
    expect(root).toEqual(ref.rootFile());
    expect(JSON.parse(readFileSync(f('tree/root.json'), 'utf8'))).toEqual(root);

    const p = runKura([
      'tree',
      'proof',
      '--tree',
      f('tree'),
      '--secret',
      f('secret'),
      '--uid',
      'alice',
    ]);
    expect(p.code).toBe(0);
    const proof = JSON.parse(p.stdout);
    expect(proof.version).toBe('kura-proof/2');
    for (const s of proof.siblings) expect(Object.keys(s).sort()).toEqual(['commitments', 'hash']);
    writeFileSync(f('alice.json'), p.stdout);

    const v = runKura([
      'tree',
      'verify',
      '--proof',
      f('alice.json'),
      '--root-commitment',
      root.rootCommitment,
    ]);
    expect(v.stdout).toMatch(/^VALID: uid "alice"/);
    expect(v.stdout).toMatch(/hidden/);
    expect(v.code).toBe(0);
    const vr = runKura([
      'tree',
      'verify',
      '--proof',
      f('alice.json'),
      '--root',
      f('tree/root.json'),
      '--round',
      f('round.json'),
      '--assets',
      f('assets.json'),
      '--json',
    ]);
    expect(JSON.parse(vr.stdout)).toMatchObject({ ok: true, protocol: 2, uid: 'alice' });
    expect(vr.code).toBe(0);

    const rp = base64ToBytes(proof.rangeProof);
    rp[200] ^= 1; // inside t̂: a forged range proof
    writeFileSync(f('forged.json'), JSON.stringify({ ...proof, rangeProof: bytesToBase64(rp) }));
    const x = runKura([
      'tree',
      'verify',
      '--proof',
      f('forged.json'),
      '--root-commitment',
      root.rootCommitment,
      '--json',
    ]);
    expect(x.code).toBe(1);
    expect(JSON.parse(x.stdout).code).toBe('RANGE_PROOF_FORGED');

    const other = runKura([
      'tree',
      'verify',
      '--proof',
      f('alice.json'),
      '--root-commitment',
      '00'.repeat(32),
      '--json',
    ]);
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout).code).toBe('ROOT_MISMATCH');
  });

  it('bad input exits 2 naming the file and field; nothing is written', () => {
    const b = runKura([
      'tree',
      'build',
      '--protocol',
      'v2',
      '--input',
      f('users.csv'),
      '--assets',
      f('assets-v1.json'),
      '--round',
      f('round.json'),
      '--secret',
      f('secret'),
      '--out',
      f('tree-bad'),
    ]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/assets-v1\.json.*treeDecimals/);
    writeFileSync(f('dup.csv'), 'uid,BTC,ETH\na,1,1\na,1,1\n');
    const d = runKura([
      'tree',
      'build',
      '--protocol',
      'v2',
      '--input',
      f('dup.csv'),
      ...common(),
      '--out',
      f('tree-bad'),
    ]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/dup\.csv:3.*duplicate uid "a"/);
    const r = runKura(['tree', 'verify', '--proof', f('users.csv'), '--root', f('tree/root.json')]);
    expect(r.code).not.toBe(0);
  });
});
