/**
 * The Esplora and Bitcoin Core sources against recorded replies in the services' exact shapes
 * (`test/replay/`, recorded from a real regtest chain by `scripts/record-replay.ts`): UTXO
 * discovery (`/address/:a/utxo`, `scantxoutset`), "unspent at H" per source (outspend; gettxout
 * plus the block scan), the mempool, the scan window, and two sources that disagree.
 */
import { type Evidence, parseEvidence } from '@kura/attest';
import { bytesToHex, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge } from '@kura/tree';
import { describe, expect, it } from 'vitest';
import { coreReplay, esploraReplay, loadScenario } from '../../test/replay/replay.js';
import { collectBitcoinEvidence } from '../collect.js';
import { signBip137, signBip322 } from '../sign.js';
import { verifyBitcoinEvidence } from '../verify.js';
import { CoreRpcSource } from './core-rpc.js';
import { CrossCheckedSource } from './cross.js';
import { EsploraSource } from './esplora.js';

const sc = loadScenario();
const H = sc.height;
const esplora = (edit?: (k: string, b: string) => string) =>
  new EsploraSource('http://esplora.invalid/api', {
    fetch: esploraReplay(edit ? { edit } : {}),
    minIntervalMs: 0,
    retries: 0,
  });
const core = (opts: { maxScanBlocks?: number; edit?: (k: string, b: string) => string } = {}) =>
  new CoreRpcSource('http://user:secret@bitcoind.invalid:18443', {
    fetch: coreReplay(opts.edit ? { edit: opts.edit } : {}),
    retries: 0,
    ...(opts.maxScanBlocks !== undefined ? { maxScanBlocks: opts.maxScanBlocks } : {}),
  });
const evidence = (): Evidence => parseEvidence(JSON.parse(JSON.stringify(sc.evidence)));
const sk = (l: string) => sha256(utf8(`replay key ${l}`));
const challenge = ownershipChallenge(sc.round);
type MutEv = {
  entries: { address: string; balances: { amount: string }[]; utxos: Record<string, unknown>[] }[];
} & Record<string, unknown>;

/** Copy the UTXO record of `op` from the scenario's own entry, or build it from the chain. */
async function withUtxo(
  ev: Evidence,
  address: string,
  op: string,
  src: EsploraSource | CoreRpcSource
): Promise<MutEv> {
  const m = JSON.parse(JSON.stringify(ev)) as MutEv;
  const [txid, v] = op.split(':');
  const vout = Number(v);
  const tx = (await src.transaction(txid!, await src.blockHash(H - 1)))!;
  const { Transaction } = await import('bitcoinjs-lib');
  const out = Transaction.fromBuffer(tx.raw).outs[vout]!;
  let e = m.entries.find((x) => x.address === address);
  if (!e) {
    e = { address, balances: [{ amount: '0' }], utxos: [] } as unknown as MutEv['entries'][number];
    m.entries.push(e);
  }
  e.utxos.push({
    txid,
    vout,
    value: out.value.toString(),
    scriptPubKey: bytesToHex(out.script),
    height: tx.height,
    blockHash: tx.blockHash,
    merkleProof: bytesToHex(await src.txOutProof(txid!, tx.blockHash!)),
  });
  e.balances[0]!.amount = (BigInt(e.balances[0]!.amount) + out.value).toString();
  return m;
}

function r4Entry(ev: MutEv): MutEv {
  ev.entries.push({
    chain: (ev.entries[0] as unknown as { chain: string }).chain,
    address: sc.addresses.R4,
    custody: 'customer-hot',
    balances: [{ asset: 'BTC', amount: '0' }],
    ownership: { type: 'bip137', signature: signBip137(challenge, sk('R4')), challenge },
    utxos: [],
  } as unknown as MutEv['entries'][number]);
  return ev;
}

const entryResult = async (
  src: EsploraSource | CoreRpcSource | CrossCheckedSource,
  ev: unknown,
  address: string
) => {
  const r = await verifyBitcoinEvidence(parseEvidence(ev), src, { confirmations: 3 });
  return { report: r, entry: r.entries.find((e) => e.address === address)! };
};

describe.each([
  ['Esplora', () => esplora()],
  ['Bitcoin Core', () => core()],
] as const)('%s (recorded replies)', (_name, make) => {
  it('collect discovers the UTXOs at H and writes the same evidence', async () => {
    const addresses = (['R1', 'R2', 'R3'] as const).map((k) => ({
      address: sc.addresses[k],
      custody: 'customer-cold' as const,
    }));
    const signatures = (['R1', 'R2', 'R3'] as const).map((k) => ({
      address: sc.addresses[k],
      type: 'bip322-simple' as const,
      signature: signBip322(challenge, { type: k === 'R2' ? 'p2tr' : 'p2wpkh', secretKey: sk(k) }),
    }));
    const r = await collectBitcoinEvidence({
      source: make(),
      round: sc.round,
      height: H,
      addresses,
      signatures,
    });
    expect(r.problems).toEqual([]);
    // everything but the P2TR signature (BIP-340 signing draws fresh auxiliary randomness)
    const strip = (e: unknown) =>
      JSON.parse(JSON.stringify(e), (k, v) => (k === 'signature' ? '' : v)) as unknown;
    expect(strip(r.evidence)).toEqual(strip(sc.evidence));
    const ops = r.evidence.entries
      .flatMap((e) => (e.utxos ?? []).map((u) => `${u.txid}:${u.vout}`))
      .sort();
    expect(ops).toEqual([sc.outpoints.r1a, sc.outpoints.r2a].sort()); // r1b (spent since) and r3a (spent at H) not discovered
  });

  it('verifies the evidence', async () => {
    const r = await verifyBitcoinEvidence(evidence(), make(), { confirmations: 3 });
    expect(r.ok).toBe(true);
    expect(r.snapshot).toMatchObject({ ok: true, confirmations: 3 });
    const c4 = await verifyBitcoinEvidence(evidence(), make(), { confirmations: 4 });
    expect(c4.snapshot).toMatchObject({ ok: false, code: 'E_CONFIRMATIONS' });
  });

  it('an output spent after H counts; one spent at H does not', async () => {
    const src = make();
    const after = await entryResult(
      src,
      await withUtxo(evidence(), sc.addresses.R1, sc.outpoints.r1b, src),
      sc.addresses.R1
    );
    expect(after.entry).toMatchObject({ status: 'valid', amount: '70000000' });
    const at = await entryResult(
      src,
      await withUtxo(evidence(), sc.addresses.R3, sc.outpoints.r3a, src),
      sc.addresses.R3
    );
    expect(at.entry.result).toMatchObject({ ok: false, code: 'E_UTXO_SPENT' });
  });

  it('an output spent only in the mempool is unspent at H', async () => {
    const src = make();
    const base = parseEvidence(r4Entry(JSON.parse(JSON.stringify(sc.evidence))));
    const ev = await withUtxo(base, sc.addresses.R4, sc.outpoints.r4a, src);
    const { entry, report } = await entryResult(src, ev, sc.addresses.R4);
    expect(entry).toMatchObject({ status: 'valid', amount: '40000000', custody: 'customer-hot' });
    expect(report.ok).toBe(true);
  });

  it('an unknown transaction → E_UTXO_UNCONFIRMED', async () => {
    const m = JSON.parse(JSON.stringify(sc.evidence)) as MutEv;
    const u = m.entries[0]!.utxos[0]!;
    u.txid = 'ab'.repeat(32);
    const { entry } = await entryResult(make(), m, m.entries[0]!.address);
    expect(entry.result).toMatchObject({ ok: false, code: 'E_UTXO_UNCONFIRMED' });
  });

  it('evidence for another chain → SOURCE_CHAIN (could not check)', async () => {
    const m = JSON.parse(JSON.stringify(sc.evidence)) as MutEv & { snapshots: { chain: string }[] };
    const main = 'bip122:000000000019d6689c085ae165831e93';
    m.snapshots[0]!.chain = main;
    for (const e of m.entries) (e as unknown as { chain: string }).chain = main;
    await expect(verifyBitcoinEvidence(parseEvidence(m), make())).rejects.toMatchObject({
      code: 'SOURCE_CHAIN',
    });
  });

  it('a mainnet address inside regtest evidence → E_NETWORK', async () => {
    const m = JSON.parse(JSON.stringify(sc.evidence)) as MutEv;
    m.entries[0]!.address = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
    const { entry } = await entryResult(make(), m, m.entries[0]!.address);
    expect(entry.result).toMatchObject({ ok: false, code: 'E_NETWORK' });
  });
});

describe('Bitcoin Core specifics', () => {
  it('scantxoutset is called with addr() descriptors and its BTC amounts are not trusted for values', async () => {
    const log: string[] = [];
    const src = new CoreRpcSource('http://u:p@bitcoind.invalid:18443', {
      fetch: coreReplay({ log }),
      retries: 0,
    });
    const refs = await src.listUnspent(sc.addresses.R1, new Uint8Array(0), H);
    expect(refs).toEqual([{ txid: sc.outpoints.r1a.split(':')[0], vout: 0, height: H - 1 }]);
    expect(log).toContain(
      JSON.stringify(['scantxoutset', ['start', [`addr(${sc.addresses.R1})`]]])
    );
  });
  it('the spend scan is bounded: beyond maxScanBlocks → SOURCE_SCAN_WINDOW', async () => {
    const src = core({ maxScanBlocks: 1 });
    await expect(
      src.spendStatus(
        ...((sc.outpoints.r1b.split(':') as [string, string]).map((x, i) =>
          i ? Number(x) : x
        ) as [string, number]),
        H
      )
    ).rejects.toMatchObject({
      code: 'SOURCE_SCAN_WINDOW',
    });
  });
  it('errors name the endpoint and the call, never the credentials', async () => {
    const src = core();
    const e = await src.blockHash(999).catch((x: Error) => x);
    expect(e).toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    expect((e as Error).message).toContain('http://bitcoind.invalid:18443');
    expect((e as Error).message).toContain('getblockhash 999');
    expect((e as Error).message).not.toContain('secret');
  });
});

describe('two sources', () => {
  it('agreeing sources verify', async () => {
    const r = await verifyBitcoinEvidence(evidence(), new CrossCheckedSource(esplora(), core()), {
      confirmations: 3,
    });
    expect(r.ok).toBe(true);
  });
  it('disagreeing sources fail loudly with SOURCE_DISAGREE', async () => {
    // an Esplora that claims r1a was spent at H
    const [txid] = sc.outpoints.r1a.split(':');
    const liar = esplora((path, body) =>
      path === `/tx/${txid}/outspend/0`
        ? JSON.stringify({
            spent: true,
            txid: 'cd'.repeat(32),
            vin: 0,
            status: {
              confirmed: true,
              block_height: H,
              block_hash: '00'.repeat(32),
              block_time: 0,
            },
          })
        : body
    );
    const err = await verifyBitcoinEvidence(evidence(), new CrossCheckedSource(liar, core()), {
      confirmations: 3,
    }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'SOURCE_DISAGREE' });
    expect((err as Error).message).toMatch(/esplora\.invalid.*bitcoind\.invalid/);
    // alone, the lying source makes the entry invalid — which is why a second source helps
    const alone = await verifyBitcoinEvidence(evidence(), liar, { confirmations: 3 });
    expect(alone.ok).toBe(false);
  });
  it('a source on another block at H disagrees too', async () => {
    const liar = esplora((path, body) => (path === `/block-height/${H}` ? 'ee'.repeat(32) : body));
    await expect(
      verifyBitcoinEvidence(evidence(), new CrossCheckedSource(core(), liar))
    ).rejects.toMatchObject({ code: 'SOURCE_DISAGREE' });
  });
});

describe('property: mutated evidence entries', () => {
  it('never verify as the original total unless unchanged, and never throw (beyond schema errors)', async () => {
    const { default: fc } = await import('fast-check');
    const { SchemaError } = await import('@kura/attest');
    const fields = [
      'ownership.signature',
      'ownership.challenge',
      'utxos.value',
      'utxos.scriptPubKey',
      'utxos.merkleProof',
      'utxos.vout',
      'balances.amount',
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom('0', '1', 'a', 'f', 'Z', '='),
        async (field, ei, pos, ch) => {
          const m = JSON.parse(JSON.stringify(sc.evidence)) as {
            entries: Record<string, unknown>[];
          };
          const e = m.entries[ei]!;
          const [obj, key] = field.split('.') as [string, string];
          const holder = (
            Array.isArray(e[obj]) ? (e[obj] as Record<string, unknown>[])[0] : e[obj]
          ) as Record<string, unknown> | undefined;
          if (!holder) return true;
          const before = holder[key];
          if (typeof before === 'number') holder[key] = before + 1 + (pos % 3);
          else {
            const s = String(before);
            const i = pos % Math.max(1, s.length);
            holder[key] = s.slice(0, i) + ch + s.slice(i + 1);
          }
          if (JSON.stringify(holder[key]) === JSON.stringify(before)) return true;
          let ev: Evidence;
          try {
            ev = parseEvidence(m);
          } catch (x) {
            if (x instanceof SchemaError) return true;
            throw x;
          }
          const r = await verifyBitcoinEvidence(ev, esplora(), { confirmations: 3 });
          return !r.ok;
        }
      ),
      { numRuns: 60 }
    );
  });
});
