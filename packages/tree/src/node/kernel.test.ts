/**
 * The batch kernels of the streaming builder (parser → derive → reduce) reproduce the protocol
 * v1 reference vectors byte for byte, and the batch SHA-256 engine equals SHA-256.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { bytesToHex, formatUnits, hexToBytes } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import {
  deriveRoundKey,
  parseAssets,
  parseRound,
  roundId,
  sparseCandidate,
  uidHash,
} from '../index.js';
import { ByteSink, Deriver, deriverBytes, getU32 } from './derive.js';
import { writePadding } from './engine.js';
import { createEngine } from './engines.js';
import { parseCsvHeader, parseRows, RowBatch } from './input.js';
import {
  NODE_HASH,
  NODE_INDEX,
  NODE_SUMS,
  nodeSize,
  REC_BAL,
  REC_KEY,
  REC_LEAF,
  recFixed,
} from './layout.js';
import { loadMidstates, tagBlock } from './midstates.js';
import { Reducer, reducerBytes } from './reduce.js';
import { simdModule } from './sha256-simd.js';

const dir = new URL('../../../../circuits-free-spec/vectors/reference/', import.meta.url);

const kinds = ['js', 'simd'] as const;

describe('digest engines equal SHA-256', () => {
  it('the SIMD module is available here', () => {
    expect(simdModule()).not.toBeNull();
  });
  for (const kind of kinds)
    it(`${kind}: 0 … 300-byte messages, 1 … 9 at a time, nothing written past n`, () => {
      const e = createEngine(1 << 20, kind);
      const prefix = tagBlock('kura/v1/test');
      e.setMidstate(3, prefix);
      for (let len = 0; len <= 300; len += len < 70 ? 1 : 13) {
        for (const n of [1, 2, 3, 4, 5, 8, 9]) {
          const blocks = Math.ceil((len + 9) / 64);
          const stride = 64 * blocks + 64;
          const msgs = Array.from({ length: n }, (_, i) =>
            new Uint8Array(len).map((_, j) => (j * 31 + len + 7 * i) & 255)
          );
          msgs.forEach((m, i) => {
            e.mem.set(m, i * stride);
            writePadding(e.mem, i * stride, len);
          });
          const out = 1 << 19;
          e.mem.fill(0xee, out, out + 48 * 10);
          e.digest(3, 0, stride, blocks, n, out, 48);
          msgs.forEach((m, i) => {
            const want = createHash('sha256').update(prefix).update(m).digest('hex');
            expect(bytesToHex(e.mem.subarray(out + 48 * i, out + 48 * i + 32))).toBe(want);
          });
          expect(e.mem[out + 48 * (n - 1) + 32]).toBe(0xee);
          expect(e.mem[out + 48 * n]).toBe(0xee);
        }
      }
    });
});

describe('digest output may overwrite its own message', () => {
  for (const kind of kinds)
    it(kind, () => {
      const e = createEngine(1 << 16, kind);
      const prefix = tagBlock('kura/v1/in-place');
      e.setMidstate(1, prefix);
      for (const n of [1, 3, 4, 5, 9]) {
        const msgs = Array.from({ length: n }, (_, i) =>
          new Uint8Array(100).map((_, j) => i * 13 + j)
        );
        msgs.forEach((m, i) => {
          e.mem.set(m, 256 * i);
          writePadding(e.mem, 256 * i, 100);
        });
        // each digest lands 32 bytes into its own message
        e.digest(1, 0, 256, 2, n, 32, 256);
        msgs.forEach((m, i) => {
          const want = createHash('sha256').update(prefix).update(m).digest('hex');
          expect(bytesToHex(e.mem.subarray(256 * i + 32, 256 * i + 64))).toBe(want);
        });
      }
    });
});

describe('derive + reduce reproduce the reference vectors', () => {
  for (const kind of kinds)
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      it(`${kind}: ${f}`, () => {
        const v = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
        const assets = parseAssets(v.assets);
        const k = assets.length;
        const roundKey = deriveRoundKey(hexToBytes(v.masterSecret), roundId(parseRound(v.round)));
        const lines = [
          ['uid', ...assets.map((a) => a.symbol)].join(','),
          ...v.users.map((u: { uid: string; balances: string[] }) =>
            [u.uid, ...u.balances.map((b, i) => formatUnits(BigInt(b), assets[i]!.decimals))].join(
              ','
            )
          ),
        ];
        const bytes = new TextEncoder().encode(`${lines.slice(1).join('\n')}\n`);
        const cfg = parseCsvHeader('v.csv', new TextEncoder().encode(lines[0]), assets);
        const sparse = v.placement === 'sparse';
        const engine = createEngine(deriverBytes(64, k) + reducerBytes(v.height, k), kind);
        loadMidstates(engine, roundKey);
        const d = new Deriver(engine, k, 64, sparse);
        const batch = new RowBatch(64, k, {
          mem: engine.mem,
          base: d.balBase,
          stride: d.balStride,
        });
        parseRows(cfg, bytes, 0, bytes.length, 2, batch);
        expect(batch.n).toBe(v.users.length);
        const sink = new ByteSink();
        d.derive(batch, 7, sink);
        const recs: { key: string; leaf: string; bal: Uint8Array; uid: string; cand: number }[] =
          [];
        for (let p = 0; p < sink.len; ) {
          const q = p + REC_BAL + 16 * k;
          const len = (sink.buf[q + 12]! << 8) | sink.buf[q + 13]!;
          expect(getU32(sink.buf, q + 4)).toBe(7);
          recs.push({
            key: bytesToHex(sink.buf.subarray(p + REC_KEY, p + REC_KEY + 32)),
            leaf: bytesToHex(sink.buf.subarray(p + REC_LEAF, p + REC_LEAF + 32)),
            bal: sink.buf.slice(p + REC_BAL, p + REC_BAL + 16 * k),
            uid: new TextDecoder().decode(sink.buf.subarray(q + 14, q + 14 + len)),
            cand: getU32(sink.buf, q),
          });
          p += recFixed(k) + len;
        }
        v.users.forEach((u: { orderKey: string; leafHash: string }, i: number) => {
          expect(recs[i]!.key).toBe(u.orderKey);
          expect(recs[i]!.leaf).toBe(u.leafHash);
        });
        // place with the vector's positions, then reduce the whole tree as one segment
        const ns = nodeSize(k);
        const r = new Reducer(engine, k, v.height, deriverBytes(64, k));
        const placed = recs
          .map((rec, i) => ({ rec, pos: v.users[i].position as number }))
          .sort((a, b) => a.pos - b.pos);
        placed.forEach(({ rec, pos }, t) => {
          const o = r.input + ns * t;
          engine.mem[o + NODE_INDEX] = pos >>> 24;
          engine.mem[o + NODE_INDEX + 1] = (pos >>> 16) & 255;
          engine.mem[o + NODE_INDEX + 2] = (pos >>> 8) & 255;
          engine.mem[o + NODE_INDEX + 3] = pos & 255;
          engine.mem.set(hexToBytes(rec.leaf), o + NODE_HASH);
          engine.mem.set(rec.bal, o + NODE_SUMS);
        });
        if (sparse)
          recs.forEach((rec, i) => {
            expect(rec.cand).toBe(sparseCandidate(roundKey, uidHash(v.users[i].uid), 0, 32));
          });
        const red = r.reduce(0, placed.length, v.height);
        red.counts.forEach((c, l) => {
          const got = [];
          for (let t = 0; t < c; t++) {
            const o = red.levelOff[l]! + ns * t;
            got.push({
              level: l,
              index: getU32(engine.mem, o + NODE_INDEX),
              hash: bytesToHex(engine.mem.subarray(o + NODE_HASH, o + NODE_HASH + 32)),
              sums: Array.from({ length: k }, (_, a) => {
                let x = 0n;
                for (let b = 0; b < 16; b++)
                  x = (x << 8n) | BigInt(engine.mem[o + NODE_SUMS + 16 * a + b]!);
                return x.toString();
              }),
            });
          }
          expect(got).toEqual(v.nonEmptyNodesByLevel[l]);
        });
      });
    }
});
