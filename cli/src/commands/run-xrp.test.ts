/**
 * `kura run` with an `xrpl` section only, as a process, against recorded rippled replies served
 * on 127.0.0.1 (packages/xrpl/test/rippled.ts; no rippled runs here) with signatures made by the
 * `xrpl` library: the XRP Ledger evidence is collected at the validated ledger, merged into the
 * published evidence and its spendable XRP (net of the account reserve) attested.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rippled } from '../../../packages/xrpl/test/rippled.js';
import { ROUND } from '../../../packages/xrpl/test/sign.js';
import { serveFetch } from '../../test/loopback.js';
import {
  writeExchangeKeyFiles,
  writeXrplMonthFiles,
  xrplMonthWorld,
} from '../../test/month-files.js';
import { runKuraAsync } from '../testing.js';

let dir: string;
let server: Server;
let url: string;
const w = xrplMonthWorld();
const p = (f: string) => join(dir, f);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-run-xrp-'));
  ({ server, url } = await serveFetch(() => rippled(w).fetch));

  writeExchangeKeyFiles(dir, '5a'.repeat(32));
  writeXrplMonthFiles(dir, {
    rpc: url,
    ledger: w.ledgerIndex,
    customersCsv: 'uid,XRP\nalice,100000\nbob,20000.5\ncarol,0.000001\n',
  });
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kura run with an xrpl section', () => {
  it('collects the XRP Ledger evidence, merges it and attests the spendable XRP', async () => {
    const r = await runKuraAsync(['run', '--config', p('kura.json'), '--json']);
    expect(r.stderr).not.toMatch(/kura: [A-Z_]+:/);
    expect(existsSync(p('work/evidence/xrp.json'))).toBe(true);
    const ev = JSON.parse(readFileSync(p('work/publication/evidence.json'), 'utf8'));
    expect(ev.snapshots).toEqual([
      {
        chain: 'xrpl:0',
        height: w.ledgerIndex,
        blockHash: w.ledgerHash.toLowerCase(),
        time: ROUND.snapshotTime,
      },
    ]);
    expect(ev.entries.map((e: { ownership: { type: string } }) => e.ownership.type)).toEqual([
      'xrpl-tx',
      'xrpl-tx',
      'xrpl-tx',
    ]);
    const att = JSON.parse(readFileSync(p('work/publication/attestation.json'), 'utf8'));
    const xrp = att.reserves.assets.find((a: { asset: string }) => a.asset === 'XRP');
    // 125 000 − 1.6 (reserve) + 1 000 − 1 (reserve) + 6 000 000 − 1 (reserve) XRP, in drops
    expect(xrp.total).toBe(String(124_998_400_000n + 999_000_000n + 5_999_999_000_000n));
    expect(att.coverage.assets[0]).toMatchObject({ asset: 'XRP', pass: true });
    expect(att.coverage.pass).toBe(true);
    expect(r.code).toBe(0);
  });
});
