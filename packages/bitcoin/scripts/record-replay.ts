/**
 * Writes the recorded-reply fixtures of `test/replay/` (run:
 * `npx vitest run --config scripts/vitest.config.ts` in packages/bitcoin).
 *
 * Esplora and Bitcoin Core cannot run here, so their replies are produced in the exact shape the
 * real services document (Esplora API.md; Bitcoin Core RPC help, v28) from a real chain: a bcoin
 * regtest node runs a scenario, and two translators answer Esplora REST paths and Core JSON-RPC
 * calls from that node's data. Kura's own sources then run collect and verify through a
 * recording `fetch`, so the fixtures hold exactly the requests Kura makes and their replies.
 */
import { writeFileSync } from 'node:fs';
import { parseEvidence } from '@kura/attest';
import type { FetchLike } from '@kura/codec';
import { bytesToHex, hexToBytes, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge, type Round } from '@kura/tree';
import { Block, script as bscript, Transaction } from 'bitcoinjs-lib';
import { expect, it } from 'vitest';
import {
  addressOfScript,
  classifyScript,
  decodeAddress,
  encodeSegwitAddress,
} from '../src/address.js';
import { collectBitcoinEvidence } from '../src/collect.js';
import { descriptorChecksum } from '../src/descriptor.js';
import { parseBlockHeader } from '../src/merkleblock.js';
import { BITCOIN_REGTEST, networkByName } from '../src/networks.js';
import { type SignerScript, signBip322, signerScriptPubKey } from '../src/sign.js';
import { CoreRpcSource } from '../src/sources/core-rpc.js';
import { EsploraSource } from '../src/sources/esplora.js';
import { verifyBitcoinEvidence } from '../src/verify.js';
import { BcoinNode, type Coin } from '../test/bcoin-node.js';

const OUT = new URL('../test/replay/', import.meta.url);
const CORE = networkByName('regtest');
const BCOIN = networkByName('regtest-bcoin');
const sk = (l: string) => sha256(utf8(`replay key ${l}`));
export const round: Round = {
  exchange: 'Kura Replay',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};

interface Reply {
  status: number;
  body: string;
}
interface Recorded {
  request: { method: string; path: string; body?: unknown };
  reply: Reply & { contentType: string };
}

/** bcoin's spelling of a Core-spelled regtest address (P2TR in pre-BIP-350 bech32). */
function toBcoin(address: string): string {
  const d = decodeAddress(address, BITCOIN_REGTEST);
  if (!d.ok) throw new Error(d.message);
  if (d.type === 'p2tr') return encodeSegwitAddress('rb', 1, d.program, 'bech32');
  return addressOfScript(d.scriptPubKey, BCOIN);
}

const TYPE_NAMES: Record<string, string> = {
  p2pkh: 'pubkeyhash',
  p2sh: 'scripthash',
  p2wpkh: 'witness_v0_keyhash',
  p2wsh: 'witness_v0_scripthash',
  p2tr: 'witness_v1_taproot',
};

/** Bitcoin Core's `scriptPubKey` object (v22+): asm, desc, hex, address, type. */
function coreScriptJson(s: Uint8Array) {
  const c = classifyScript(s);
  const asm = bscript.toASM(s);
  if (!c) {
    const desc = `raw(${bytesToHex(s)})`;
    return {
      asm,
      desc: `${desc}#${descriptorChecksum(desc)}`,
      hex: bytesToHex(s),
      type: s[0] === 0x6a ? 'nulldata' : 'nonstandard',
    };
  }
  const address = addressOfScript(s, CORE);
  const desc = `addr(${address})`;
  return {
    asm,
    desc: `${desc}#${descriptorChecksum(desc)}`,
    hex: bytesToHex(s),
    address,
    type: TYPE_NAMES[c.type]!,
  };
}
const btc = (sats: bigint): number => Number(sats) / 1e8;

it('records Esplora and Bitcoin Core replies from a bcoin regtest scenario', async () => {
  const node = await BcoinNode.start();
  try {
    const miner: SignerScript = { type: 'p2wpkh', secretKey: sk('miner') };
    const R1: SignerScript = { type: 'p2wpkh', secretKey: sk('R1') };
    const R2: SignerScript = { type: 'p2tr', secretKey: sk('R2') };
    const R3: SignerScript = { type: 'p2wpkh', secretKey: sk('R3') };
    const R4: SignerScript = { type: 'p2pkh', secretKey: sk('R4') };
    const spk = signerScriptPubKey;
    await node.mine(BcoinNode.SEGWIT_HEIGHT, spk(miner));
    const fund = await node.send(
      [await node.coinbase(1, miner)],
      [
        { script: spk(R1), value: 50_000_000n },
        { script: spk(R1), value: 20_000_000n },
        { script: spk(R2), value: 30_000_000n },
        { script: spk(R3), value: 10_000_000n },
        { script: spk(R4), value: 40_000_000n },
      ],
      miner
    );
    const c = (vout: number, value: bigint, signer: SignerScript): Coin => ({
      txid: fund.txid,
      vout,
      value,
      signer,
    });
    const r1a = c(0, 50_000_000n, R1);
    const r1b = c(1, 20_000_000n, R1);
    const r3a = c(3, 10_000_000n, R3);
    const r4a = c(4, 40_000_000n, R4);
    await node.mine(1, spk(miner));
    await node.send([r3a], [], miner);
    await node.mine(1, spk(miner)); // H: r3a spent at H
    const H = await node.height();
    await node.send([r1b], [], miner);
    await node.mine(2, spk(miner)); // r1b spent after H; tip H+2
    await node.send([r4a], [], miner); // r4a spent in the mempool only

    // ---- translators ---------------------------------------------------------------------
    const tip = await node.height();
    const headerJson = async (hash: string) => {
      const raw = await node.rpc<string>('getblockheader', [hash, false]);
      const h = parseBlockHeader(hexToBytes(raw));
      const b = await node.rpc<{
        mediantime: number;
        chainwork: string;
        height: number;
        confirmations: number;
        nextblockhash: string | null;
        previousblockhash: string | null;
        difficulty: number;
      }>('getblockheader', [hash, true]);
      const block = await node.rpc<{ tx: string[] }>('getblock', [hash, true, false]);
      const out: Record<string, unknown> = {
        hash,
        confirmations: b.confirmations,
        height: b.height,
        version: h.version,
        versionHex: h.version.toString(16).padStart(8, '0'),
        merkleroot: h.merkleRoot,
        time: h.time,
        mediantime: b.mediantime,
        nonce: h.nonce,
        bits: h.bits.toString(16).padStart(8, '0'),
        difficulty: b.difficulty,
        chainwork: b.chainwork,
        nTx: block.tx.length,
      };
      if (b.previousblockhash) out.previousblockhash = b.previousblockhash;
      if (b.nextblockhash) out.nextblockhash = b.nextblockhash;
      return out;
    };
    const bcoinTx = async (txid: string) => {
      const r = await fetch(`${node.url}/tx/${txid}`, { headers: auth(node) });
      if (r.status !== 200) return undefined;
      return (await r.json()) as {
        hex: string;
        height: number;
        block: string | null;
        mtime: number;
      };
    };
    const blockTime = async (hash: string) =>
      parseBlockHeader(hexToBytes(await node.rpc<string>('getblockheader', [hash, false]))).time;
    const spender = async (txid: string, vout: number) => {
      const pool = await node.get<string[]>('/mempool');
      for (const id of [...pool]) {
        const t = Transaction.fromHex((await bcoinTx(id))!.hex);
        const i = t.ins.findIndex(
          (x) => bytesToHex(Uint8Array.from(x.hash).reverse()) === txid && x.index === vout
        );
        if (i >= 0) return { txid: id, vin: i, height: -1 };
      }
      const from = (await bcoinTx(txid))?.height ?? 0;
      for (let h = Math.max(from, 1); h <= tip; h++) {
        const block = Block.fromHex(
          await node.rpc<string>('getblock', [await node.rpc<string>('getblockhash', [h]), false])
        );
        for (const t of block.transactions ?? []) {
          const i = t.ins.findIndex(
            (x) => bytesToHex(Uint8Array.from(x.hash).reverse()) === txid && x.index === vout
          );
          if (i >= 0) return { txid: t.getId(), vin: i, height: h };
        }
      }
      return undefined;
    };
    const status = async (height: number, block: string | null) =>
      height >= 0 && block
        ? {
            confirmed: true,
            block_height: height,
            block_hash: block,
            block_time: await blockTime(block),
          }
        : { confirmed: false };

    const esplora = async (path: string): Promise<Reply & { contentType: string }> => {
      const text = (status: number, body: string) => ({ status, body, contentType: 'text/plain' });
      const json = (body: unknown) => ({
        status: 200,
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
      let m: RegExpMatchArray | null;
      if (path === '/blocks/tip/height') return text(200, String(tip));
      m = path.match(/^\/block-height\/(\d+)$/);
      if (m) {
        const h = Number(m[1]);
        return h > tip
          ? text(404, 'Block not found')
          : text(200, await node.rpc<string>('getblockhash', [h]));
      }
      m = path.match(/^\/block\/([0-9a-f]{64})\/header$/);
      if (m) return text(200, await node.rpc<string>('getblockheader', [m[1], false]));
      m = path.match(/^\/tx\/([0-9a-f]{64})\/hex$/);
      if (m) {
        const t = await bcoinTx(m[1]!);
        return t ? text(200, t.hex) : text(404, 'Transaction not found');
      }
      m = path.match(/^\/tx\/([0-9a-f]{64})\/status$/);
      if (m) {
        const t = await bcoinTx(m[1]!);
        return t ? json(await status(t.height, t.block)) : text(404, 'Transaction not found');
      }
      m = path.match(/^\/tx\/([0-9a-f]{64})\/outspend\/(\d+)$/);
      if (m) {
        const s = await spender(m[1]!, Number(m[2]));
        if (!s) return json({ spent: false });
        const st =
          s.height >= 0
            ? await status(s.height, await node.rpc<string>('getblockhash', [s.height]))
            : { confirmed: false };
        return json({ spent: true, txid: s.txid, vin: s.vin, status: st });
      }
      m = path.match(/^\/tx\/([0-9a-f]{64})\/merkleblock-proof$/);
      if (m) {
        const t = await bcoinTx(m[1]!);
        if (!t?.block) return text(404, 'Transaction not found');
        return text(200, await node.rpc<string>('gettxoutproof', [[m[1]], t.block]));
      }
      m = path.match(/^\/address\/([0-9a-zA-Z]+)\/utxo$/);
      if (m) {
        const coins = await node.get<
          { hash: string; index: number; height: number; value: number }[]
        >(`/coin/address/${toBcoin(m[1]!)}`);
        const out = [];
        for (const co of coins) {
          const t = await bcoinTx(co.hash);
          out.push({
            txid: co.hash,
            vout: co.index,
            status: await status(co.height, t?.block ?? null),
            value: co.value,
          });
        }
        return json(out);
      }
      throw new Error(`recorder: no Esplora translation for ${path}`);
    };

    let utxoCount = 0;
    const core = async (
      method: string,
      params: unknown[]
    ): Promise<Reply & { contentType: string }> => {
      const ok = (result: unknown, id: unknown) => ({
        status: 200,
        body: JSON.stringify({ result, error: null, id }),
        contentType: 'application/json',
      });
      const err = (code: number, message: string, id: unknown) => ({
        status: 500,
        body: JSON.stringify({ result: null, error: { code, message }, id }),
        contentType: 'application/json',
      });
      const id = 'ID';
      switch (method) {
        case 'getblockcount':
          return ok(tip, id);
        case 'getblockhash':
          return Number(params[0]) > tip
            ? err(-8, 'Block height out of range', id)
            : ok(await node.rpc('getblockhash', params), id);
        case 'getblockheader':
          return params[1] === false
            ? ok(await node.rpc('getblockheader', params), id)
            : ok(await headerJson(String(params[0])), id);
        case 'getblock':
          return ok(await node.rpc('getblock', [params[0], false]), id);
        case 'gettxoutproof':
          return ok(await node.rpc('gettxoutproof', params), id);
        case 'getrawtransaction': {
          const t = await bcoinTx(String(params[0]));
          if (!t || (params[2] !== undefined && t.block !== params[2]))
            return err(
              -5,
              params[2] !== undefined
                ? 'No such transaction found in the provided block. Use gettransaction for wallet transactions.'
                : 'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.',
              id
            );
          const tx = Transaction.fromHex(t.hex);
          const result: Record<string, unknown> = {};
          if (params[2] !== undefined) result.in_active_chain = true;
          Object.assign(result, {
            txid: tx.getId(),
            hash: bytesToHex(tx.getHash(true).reverse()),
            version: tx.version,
            size: tx.byteLength(),
            vsize: tx.virtualSize(),
            weight: tx.weight(),
            locktime: tx.locktime,
            vin: tx.ins.map((i) =>
              tx.isCoinbase()
                ? {
                    coinbase: bytesToHex(i.script),
                    txinwitness: i.witness.map(bytesToHex),
                    sequence: i.sequence,
                  }
                : {
                    txid: bytesToHex(Uint8Array.from(i.hash).reverse()),
                    vout: i.index,
                    scriptSig: { asm: bscript.toASM(i.script), hex: bytesToHex(i.script) },
                    ...(i.witness.length ? { txinwitness: i.witness.map(bytesToHex) } : {}),
                    sequence: i.sequence,
                  }
            ),
            vout: tx.outs.map((o, n) => ({
              value: btc(o.value),
              n,
              scriptPubKey: coreScriptJson(o.script),
            })),
            hex: t.hex,
          });
          if (t.block) {
            const tm = await blockTime(t.block);
            Object.assign(result, {
              blockhash: t.block,
              confirmations: tip - t.height + 1,
              time: tm,
              blocktime: tm,
            });
          }
          return ok(result, id);
        }
        case 'gettxout': {
          const r = await node.rpc<{
            bestblock: string;
            confirmations: number;
            coinbase: boolean;
          } | null>('gettxout', params);
          if (!r) return ok(null, id);
          const t = Transaction.fromHex((await bcoinTx(String(params[0])))!.hex);
          const o = t.outs[Number(params[1])]!;
          return ok(
            {
              bestblock: r.bestblock,
              confirmations: r.confirmations,
              value: btc(o.value),
              scriptPubKey: coreScriptJson(o.script),
              coinbase: r.coinbase,
            },
            id
          );
        }
        case 'scantxoutset': {
          const desc = String((params[1] as string[])[0]);
          const address = desc.slice(5, -1);
          const coins = await node.get<
            {
              hash: string;
              index: number;
              height: number;
              value: number;
              coinbase: boolean;
              script: string;
            }[]
          >(`/coin/address/${toBcoin(address)}`);
          const unspents = [];
          let total = 0n;
          for (const co of coins.filter((x) => x.height >= 0)) {
            const tx = await bcoinTx(co.hash);
            unspents.push({
              txid: co.hash,
              vout: co.index,
              scriptPubKey: co.script,
              desc: `${`addr(${address})`}#${descriptorChecksum(`addr(${address})`)}`,
              amount: btc(BigInt(co.value)),
              coinbase: co.coinbase,
              height: co.height,
              blockhash: tx!.block,
            });
            total += BigInt(co.value);
          }
          utxoCount = Math.max(utxoCount, tip * 2);
          return ok(
            {
              success: true,
              txouts: utxoCount,
              height: tip,
              bestblock: await node.rpc('getblockhash', [tip]),
              unspents,
              total_amount: btc(total),
            },
            id
          );
        }
        default:
          throw new Error(`recorder: no Core translation for ${method}`);
      }
    };

    // ---- record through Kura's own sources -----------------------------------------------
    const recEsplora: Recorded[] = [];
    const recCore: Recorded[] = [];
    const esploraFetch: FetchLike = async (url, init) => {
      const path = new URL(url).pathname.replace(/^\/api/, '');
      const reply = await esplora(path);
      if (!recEsplora.some((r) => r.request.path === path))
        recEsplora.push({ request: { method: init?.method ?? 'GET', path }, reply });
      return {
        status: reply.status,
        headers: {
          get: (n: string) => (n.toLowerCase() === 'content-type' ? reply.contentType : null),
        },
        text: async () => reply.body,
      };
    };
    const coreFetch: FetchLike = async (_url, init) => {
      const req = JSON.parse(String(init?.body)) as {
        method: string;
        params: unknown[];
        id: unknown;
      };
      const reply = await core(req.method, req.params);
      const key = JSON.stringify([req.method, req.params]);
      if (
        !recCore.some(
          (r) =>
            JSON.stringify([r.request.method, (r.request.body as { params: unknown[] }).params]) ===
            key
        )
      )
        recCore.push({
          request: {
            method: req.method,
            path: '/',
            body: { method: req.method, params: req.params },
          },
          reply,
        });
      return {
        status: reply.status,
        headers: { get: () => 'application/json' },
        text: async () => reply.body.replace('"ID"', JSON.stringify(req.id)),
      };
    };
    const esp = new EsploraSource('http://esplora.invalid/api', {
      fetch: esploraFetch,
      minIntervalMs: 0,
    });
    const cor = new CoreRpcSource('http://user:secret@bitcoind.invalid:18443', {
      fetch: coreFetch,
    });
    const challenge = ownershipChallenge(round);
    const addr = (s: SignerScript) => addressOfScript(spk(s), CORE);
    const signatures = [R1, R2, R3].map((s) => ({
      address: addr(s),
      type: 'bip322-simple' as const,
      signature: signBip322(challenge, s),
    }));
    const addresses = [R1, R2, R3].map((s) => ({
      address: addr(s),
      custody: 'customer-cold' as const,
    }));
    const viaEsplora = await collectBitcoinEvidence({
      source: esp,
      round,
      height: H,
      addresses,
      signatures,
    });
    const viaCore = await collectBitcoinEvidence({
      source: cor,
      round,
      height: H,
      addresses,
      signatures,
    });
    expect(viaEsplora.problems).toEqual([]);
    expect(viaCore.problems).toEqual([]);
    // extra outpoints the tests put into evidence: r3a (spent at H), r4a (spent in the mempool only), r1b (spent after H)
    for (const s of [esp, cor])
      for (const o of [r1a, r1b, r3a, r4a]) {
        const t = await s.transaction(o.txid, (await bcoinTx(o.txid))!.block!);
        await s.txOutProof(o.txid, t!.blockHash!);
        await s.spendStatus(o.txid, o.vout, H);
      }
    for (const s of [esp, cor]) {
      const r = await verifyBitcoinEvidence(
        parseEvidence(JSON.parse(JSON.stringify(viaEsplora.evidence))),
        s,
        { confirmations: 3 }
      );
      expect(r.ok).toBe(true);
    }
    const scenario = {
      note: 'Scenario of the recorded replies: keys are sha256("replay key <label>"); addresses in Bitcoin Core regtest spelling.',
      round,
      height: H,
      tip,
      outpoints: {
        r1a: `${r1a.txid}:0`,
        r1b: `${r1b.txid}:1`,
        r2a: `${fund.txid}:2`,
        r3a: `${r3a.txid}:3`,
        r4a: `${r4a.txid}:4`,
      },
      addresses: { R1: addr(R1), R2: addr(R2), R3: addr(R3), R4: addr(R4) },
      evidence: viaEsplora.evidence,
    };
    const write = (name: string, v: unknown) =>
      writeFileSync(new URL(name, OUT), `${JSON.stringify(v, null, 2)}\n`);
    write('esplora-regtest.json', {
      service:
        'Esplora REST API (Blockstream esplora/electrs, mempool.space): reply shapes per API.md',
      baseUrl: 'http://esplora.invalid/api',
      recordings: recEsplora,
    });
    write('core-regtest.json', {
      service:
        'Bitcoin Core JSON-RPC 1.0 over HTTP (v28 reply shapes; errors are HTTP 500 with {"result":null,"error":{code,message}})',
      baseUrl: 'http://bitcoind.invalid:18443',
      recordings: recCore,
    });
    write('scenario.json', scenario);
  } finally {
    await node.stop();
  }
}, 120_000);

function auth(node: BcoinNode): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`x:${node.apiKey}`).toString('base64')}` };
}
