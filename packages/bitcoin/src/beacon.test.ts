/**
 * The audit beacon rule (`checkBeacon`) against two real bcoin regtest nodes: the beacon block
 * must be stamped later than issuedAt + the allowed skew, and the auditor's node must be on the
 * attestation's chain (genesis, and the snapshot block at the snapshot height).
 */
import { sha256, utf8 } from '@kura/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BcoinNode } from '../test/bcoin-node.js';
import { checkBeacon, DEFAULT_BEACON_TIME_SKEW_S } from './beacon.js';
import { BITCOIN_MAINNET, BITCOIN_REGTEST } from './networks.js';
import { type SignerScript, signerScriptPubKey } from './sign.js';
import { blockTimeIso } from './snapshot.js';
import { BcoinSource } from './sources/bcoin.js';

const minerA: SignerScript = { type: 'p2wpkh', secretKey: sha256(utf8('beacon miner A')) };
const minerB: SignerScript = { type: 'p2wpkh', secretKey: sha256(utf8('beacon miner B')) };

let a: BcoinNode;
let b: BcoinNode;
let H: number;
let snapshot: { chain: string; height: number; blockHash: string };
let issuedAt: string;
const nowS = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  [a, b] = await Promise.all([BcoinNode.start(), BcoinNode.start()]);
  // the exchange's chain: snapshot block H buried under 6 blocks, then the attestation is issued
  await a.mine(20, signerScriptPubKey(minerA));
  H = await a.height();
  snapshot = {
    chain: BITCOIN_REGTEST,
    height: H,
    blockHash: await a.rpc<string>('getblockhash', [H]),
  };
  await a.mine(6, signerScriptPubKey(minerA));
  const tip = await a.rpc<{ time: number }>('getblockheader', [
    await a.rpc<string>('getblockhash', [H + 6]),
    true,
  ]);
  issuedAt = blockTimeIso(Math.max(nowS(), tip.time) + 1);
  // another regtest chain (same genesis), longer than H
  await b.mine(H + 10, signerScriptPubKey(minerB));
}, 180_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

describe('audit beacon (real bcoin)', () => {
  it('S12-c2: a beacon block mined before issuedAt (the default H + 6) → BEACON_NOT_AFTER_ISSUE, even with no skew allowed', async () => {
    const source = new BcoinSource(a.authUrl);
    for (const skewSeconds of [DEFAULT_BEACON_TIME_SKEW_S, 0]) {
      const r = await checkBeacon(source, { issuedAt, snapshot, height: H + 6, skewSeconds });
      expect(r.ok === false && [r.code, r.level]).toEqual(['BEACON_NOT_AFTER_ISSUE', 'fail']);
      // the block the refusal is about is stated
      expect(r.ok === false && r.beacon?.height).toBe(H + 6);
    }
  });

  it('S12-c3: the auditor node on another chain with the same genesis → BEACON_SNAPSHOT_MISMATCH', async () => {
    const r = await checkBeacon(new BcoinSource(b.authUrl), { issuedAt, snapshot, height: H + 6 });
    expect(r.ok === false && [r.code, r.level]).toEqual(['BEACON_SNAPSHOT_MISMATCH', 'fail']);
    expect(r.ok === false && r.message).toContain(snapshot.blockHash);
  });

  it('S12-c3: the auditor node on another network (the attestation names mainnet) → BEACON_WRONG_CHAIN', async () => {
    const r = await checkBeacon(new BcoinSource(a.authUrl), {
      issuedAt,
      snapshot: { ...snapshot, chain: BITCOIN_MAINNET },
      height: H + 6,
    });
    expect(r.ok === false && [r.code, r.level]).toEqual(['BEACON_WRONG_CHAIN', 'fail']);
  });

  it('a node below the snapshot height → BEACON_NODE_BEHIND (could not check, not a verdict)', async () => {
    const tipB = await b.height();
    const r = await checkBeacon(new BcoinSource(b.authUrl), {
      issuedAt,
      snapshot: { ...snapshot, height: tipB + 5 },
      height: tipB + 11,
    });
    expect(r.ok === false && [r.code, r.level]).toEqual(['BEACON_NODE_BEHIND', 'error']);
  });

  it('a beacon above the tip is not mined yet → BEACON_NOT_MINED (could not check, not a verdict)', async () => {
    const r = await checkBeacon(new BcoinSource(a.authUrl), {
      issuedAt,
      snapshot,
      height: H + 100,
    });
    expect(r.ok === false && [r.code, r.level]).toEqual(['BEACON_NOT_MINED', 'error']);
  });

  it('a block stamped after issuedAt + skew passes; one stamped 1 h after issuedAt passes only with a skew under 1 h', async () => {
    const source = new BcoinSource(a.authUrl);
    const issued = Date.parse(issuedAt) / 1000;
    await a.rpc('setmocktime', [issued + 3600]);
    await a.mine(1, signerScriptPubKey(minerA));
    const h1 = await a.height();
    const one = await checkBeacon(source, { issuedAt, snapshot, height: h1 });
    expect(one.ok === false && one.code).toBe('BEACON_NOT_AFTER_ISSUE');
    const lenient = await checkBeacon(source, {
      issuedAt,
      snapshot,
      height: h1,
      skewSeconds: 1800,
    });
    expect(lenient.ok).toBe(true);

    await a.rpc('setmocktime', [issued + DEFAULT_BEACON_TIME_SKEW_S + 60]);
    await a.mine(1, signerScriptPubKey(minerA));
    const h2 = await a.height();
    const r = await checkBeacon(source, { issuedAt, snapshot, height: h2 });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (r.ok) {
      expect(r.beacon.height).toBe(h2);
      expect(r.beacon.blockHash).toBe(await a.rpc<string>('getblockhash', [h2]));
      expect(Date.parse(r.beacon.time) / 1000).toBeGreaterThan(issued + DEFAULT_BEACON_TIME_SKEW_S);
    }
  });
});
