/**
 * SPEC.md against the vectors: the byte tables (offsets and lengths) of every preimage, the tag
 * and label registry, the error-code table, and the rationale's vector references.
 * Uses node:crypto directly, so these checks depend on neither implementation.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { index, readVector, type TreeVector } from './vectors.js';

const spec = readFileSync(new URL('../SPEC.md', import.meta.url), 'utf8');
const sha = (...p: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(p)).digest();
const th = (tag: string, msg: Buffer): Buffer => {
  const t = sha(Buffer.from(tag, 'ascii'));
  return sha(t, t, msg);
};
const b = (h: string): Buffer => Buffer.from(h, 'hex');

interface Preimages {
  tagHashes: Record<string, string>;
  roundJcs: string;
  assetsJcs: string;
  roundKeyMsg: string;
  firstUser: { uid: string; uidMsg: string; nonceMsg: string; orderMsg: string; leafMsg: string };
  node_1_0_Msg: string;
  pad_0_3_Msg: string;
  rootMsg: string;
}

describe('golden vector preimages match the byte tables of SPEC.md', () => {
  const v = readVector<TreeVector>('positive/dense-golden-3users-2assets-h2.json');
  const p = v.preimages as unknown as Preimages;
  const k = v.assets.length;
  const user = v.users.find((u) => u.uid === p.firstUser.uid)!;

  it('§3.2 tag hashes', () => {
    for (const [tag, h] of Object.entries(p.tagHashes)) expect(sha(Buffer.from(tag))).toEqual(b(h));
  });
  it('§4.3 roundId and assetSetHash over the JCS text', () => {
    expect(th('kura/v1/round', Buffer.from(p.roundJcs))).toEqual(b(v.roundId));
    expect(th('kura/v1/assets', Buffer.from(p.assetsJcs))).toEqual(b(v.assetSetHash));
    expect(p.roundJcs).toBe(
      '{"exchange":"example-exchange","period":"2026-11","snapshotTime":"2026-11-30T15:00:00Z"}'
    );
  });
  it('§5.1 round key message: 17 + 32 = 49 bytes', () => {
    const m = b(p.roundKeyMsg);
    expect(m.length).toBe(49);
    expect(m.subarray(0, 17).toString('ascii')).toBe('kura/v1/round-key');
    expect(m.subarray(17)).toEqual(b(v.roundId));
    expect(createHmac('sha256', b(v.masterSecret)).update(m).digest()).toEqual(b(v.roundKey));
  });
  it('§5.2, §5.3, §7.1 uid hash, nonce (18 + 32 = 50) and order key (13 + 32 = 45)', () => {
    expect(th('kura/v1/uid', b(p.firstUser.uidMsg))).toEqual(b(user.uidHash));
    const n = b(p.firstUser.nonceMsg);
    expect(n.length).toBe(50);
    expect(n.subarray(0, 18).toString('ascii')).toBe('kura/v1/leaf-nonce');
    expect(n.subarray(18)).toEqual(b(user.uidHash));
    expect(createHmac('sha256', b(v.roundKey)).update(n).digest()).toEqual(b(user.nonce));
    const o = b(p.firstUser.orderMsg);
    expect(o.length).toBe(45);
    expect(o.subarray(0, 13).toString('ascii')).toBe('kura/v1/order');
    expect(createHmac('sha256', b(v.roundKey)).update(o).digest()).toEqual(b(user.orderKey));
  });
  it('§6.2 leaf message: uidHash at 0, nonce at 32, u128 balances at 64 + 16(c−1); 64 + 16k bytes', () => {
    const m = b(p.firstUser.leafMsg);
    expect(m.length).toBe(64 + 16 * k);
    expect(m.subarray(0, 32)).toEqual(b(user.uidHash));
    expect(m.subarray(32, 64)).toEqual(b(user.nonce));
    for (let c = 0; c < k; c++)
      expect(BigInt(`0x${m.subarray(64 + 16 * c, 80 + 16 * c).toString('hex')}`)).toBe(
        BigInt(user.balances[c])
      );
    expect(th('kura/v1/leaf', m)).toEqual(b(user.leafHash));
  });
  it('§6.3 node message: u8(l) at 0, hL at 1, hR at 33, ΣL at 65, ΣR at 65 + 16k; 65 + 32k bytes', () => {
    const m = b(p.node_1_0_Msg);
    expect(m.length).toBe(65 + 32 * k);
    expect(m[0]).toBe(1);
    const n10 = v.nonEmptyNodesByLevel[1].find((n) => n.index === 0)!;
    const l0 = v.nonEmptyNodesByLevel[0];
    expect(m.subarray(1, 33)).toEqual(b(l0.find((n) => n.index === 0)!.hash));
    expect(m.subarray(33, 65)).toEqual(b(l0.find((n) => n.index === 1)!.hash));
    expect(th('kura/v1/node', m)).toEqual(b(n10.hash));
    const sum = (off: number) => BigInt(`0x${m.subarray(off, off + 16).toString('hex')}`);
    for (let c = 0; c < k; c++)
      expect(sum(65 + 16 * c) + sum(65 + 16 * k + 16 * c)).toBe(BigInt(n10.sums[c]));
  });
  it('§6.4 pad message: label (11), u8(l), u64(i); 20 bytes; its HMAC is the pad of the vector', () => {
    const m = b(p.pad_0_3_Msg);
    expect(m.length).toBe(20);
    expect(m.subarray(0, 11).toString('ascii')).toBe('kura/v1/pad');
    expect(m[11]).toBe(0);
    expect(m.readBigUInt64BE(12)).toBe(3n);
    const pad = v.pads!.find((x) => x.level === 0 && x.index === 3)!;
    expect(createHmac('sha256', b(v.roundKey)).update(m).digest()).toEqual(b(pad.hash));
  });
  it('§6.5 root message: version, roundId, assetSetHash, u8(HGT), rootHash, totals; 98 + 16k bytes', () => {
    const m = b(p.rootMsg);
    expect(m.length).toBe(98 + 16 * k);
    expect(m[0]).toBe(1);
    expect(m.subarray(1, 33)).toEqual(b(v.roundId));
    expect(m.subarray(33, 65)).toEqual(b(v.assetSetHash));
    expect(m[65]).toBe(v.height);
    expect(m.subarray(66, 98)).toEqual(b(v.rootHash));
    expect(th('kura/v1/root', m)).toEqual(b(v.rootCommitment));
  });
});

describe('SPEC.md text', () => {
  it('§3.6 label table gives the true byte length of every HMAC label', () => {
    const rows = [...spec.matchAll(/^\| `(kura\/v1\/[a-z-]+)` +\| (\d+) +\|/gm)];
    expect(rows.length).toBe(5);
    for (const [, label, len] of rows)
      expect(Buffer.byteLength(label, 'ascii'), label).toBe(Number(len));
  });
  it('§9.3 lists every verifier code in the order the vectors pin', () => {
    const table = spec.slice(spec.indexOf('### 9.3'), spec.indexOf('## 10.'));
    const order = [...table.matchAll(/^\| \d +\| `([A-Z_]+)` +\|/gm)].map((m) => m[1]);
    expect(order).toEqual([
      'BAD_ENCODING',
      'SUM_RANGE',
      'ROUND_MISMATCH',
      'ASSET_SET_MISMATCH',
      'BAD_LENGTH',
      'BAD_POSITION',
      'SUM_RANGE',
      'SIBLING_EQUALS_CURRENT',
      'ROOT_MISMATCH',
    ]);
  });
  it('§14 rationale covers A1 … A16 and names only vectors that exist', () => {
    const rationale = spec.slice(spec.indexOf('## 14.'), spec.indexOf('## 15.'));
    for (let a = 1; a <= 16; a++) expect(rationale).toMatch(new RegExp(`^\\| A${a} `, 'm'));
    const names = [...index.negative, ...index.positive, ...index.negativeBuild].map((e) => e.name);
    const refs = [...rationale.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)*)(-?\*)?`/g)].filter(
      ([, ref, star]) => ref.includes('-') || star
    );
    expect(refs.length).toBeGreaterThan(30);
    for (const [, ref, star] of refs) {
      const hit = star
        ? names.some((n) => n.startsWith(`${ref}${star.slice(0, -1)}`))
        : names.includes(ref);
      expect(hit, `${ref}${star ?? ''}`).toBe(true);
    }
  });
});

describe('SPEC.md §10.2 and §10.3 vectors, recomputed with node:crypto', () => {
  const v = readVector<TreeVector>('positive/dense-golden-3users-2assets-h2.json');
  const section = (from: string, to: string) => spec.slice(spec.indexOf(from), spec.indexOf(to));
  it('§10.2 proofFileId = hex(HMAC(roundKey, "kura/v1/proof-file" ‖ uidHash)) for each uid', () => {
    const text = section('### 10.2', '### 10.3');
    expect(text).toContain(v.roundKey);
    const rows = [...text.matchAll(/^\| `([a-z]+)` +\| `([0-9a-f]{64})` \|$/gm)];
    expect(rows.map((r) => r[1])).toEqual(['alice', 'bob', 'carol']);
    for (const [, uid, id] of rows) {
      const user = v.users.find((u) => u.uid === uid)!;
      const msg = Buffer.concat([Buffer.from('kura/v1/proof-file', 'ascii'), b(user.uidHash)]);
      expect(msg.length).toBe(50);
      expect(createHmac('sha256', b(v.roundKey)).update(msg).digest('hex'), uid).toBe(id);
    }
  });
  it('§10.3 seed over the 100-byte message, the draw order and the sample', () => {
    const text = section('### 10.3', '## 11.');
    const hB = Number(/`hB` = (\d+)/.exec(text)![1]);
    const beacon = /`beaconHash` =\n`([0-9a-f]{64})`/.exec(text)![1]!;
    const want = /^\| `seed` +\| `([0-9a-f]{64})` \|$/m.exec(text)![1];
    const u32 = (n: number) => {
      const x = Buffer.alloc(4);
      x.writeUInt32BE(n);
      return x;
    };
    const msg = Buffer.concat([b(v.roundId), b(v.rootCommitment), u32(hB), b(beacon)]);
    expect(msg.length).toBe(100);
    const seed = th('kura/v1/audit/seed', msg);
    expect(seed.toString('hex')).toBe(want);
    const L = v.users.map((u) => u.uidHash).sort();
    const N = BigInt(L.length);
    const limit = (1n << 256n) - ((1n << 256n) % N);
    const drawn: number[] = [];
    for (let j = 0; drawn.length < L.length; j++) {
      const x = BigInt(
        `0x${th('kura/v1/audit/draw', Buffer.concat([seed, u32(j)])).toString('hex')}`
      );
      if (x >= limit) continue;
      const i = Number(x % N);
      if (!drawn.includes(i)) drawn.push(i);
    }
    expect(text).toContain(`| ${drawn.join(', ')} (drawn by j = 0, 1, 2; none skipped)`);
    const names = drawn.slice(0, 2).map((i) => v.users.find((u) => u.uidHash === L[i])!.uid);
    expect(text).toContain(
      `| \`${names[0]}\`, \`${names[1]}\` (\`uidHash\` \`${L[drawn[0]!]!.slice(0, 8)}…\``
    );
  });
});
