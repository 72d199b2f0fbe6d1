import { ownershipChallenge } from '@kura/tree';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Wallet } from 'ethers';
import { test } from 'vitest';
import { verifyHeader } from '../src/header.js';
import { parseData, toData } from '../src/hex.js';
import { checkOwnershipOffline, ownershipRecord } from '../src/ownership.js';
import { RpcClient } from '../src/rpc.js';
import { recoverSigner } from '../src/signature.js';
import { accountProofFromRpc, verifyAccountJson } from '../src/stateproof.js';
import { eip191Digest } from '../src/typed-data.js';
import { startAnvil } from '../test/anvil.js';
import { ROUND } from '../test/scenario.js';

test('profile', async () => {
  const anvil = await startAnvil();
  const rpc = new RpcClient({ url: anvil.url, maxBatch: 200 });
  const ws = Array.from(
    { length: 300 },
    (_, i) => new Wallet(toData(keccak_256(Uint8Array.of(i, 1))))
  );
  await rpc.batch(ws.map((w) => ({ method: 'anvil_setBalance', params: [w.address, '0x1000'] })));
  await anvil.mine(1);
  const head = await anvil.head();
  let t = performance.now();
  const replies = await rpc.batch(
    ws.map((w) => ({ method: 'eth_getProof', params: [w.address, [], { blockHash: head.hash }] }))
  );
  console.log('300 getProof', performance.now() - t);
  t = performance.now();
  const b = await rpc.call('eth_getBlockByHash', [head.hash, false]);
  const h = verifyHeader(b, parseData(head.hash, 'h', 32));
  if (!h.ok) throw new Error();
  for (const [i, r] of replies.entries())
    verifyAccountJson(
      h.header.stateRoot,
      parseData(ws[i]!.address, 'a', 20),
      accountProofFromRpc(r)
    );
  console.log('300 verify', performance.now() - t);
  t = performance.now();
  const text = ownershipChallenge(ROUND);
  const sigs = ws.map((w) => w.signMessageSync(text));
  console.log('300 sign', performance.now() - t);
  t = performance.now();
  const d = eip191Digest(text);
  for (const s of sigs) recoverSigner(d, parseData(s, 's'));
  console.log('300 recover', performance.now() - t);
  t = performance.now();
  for (const [i, s] of sigs.entries())
    ownershipRecord('eip191', parseData(s, 's'), ROUND, 31337n, ws[i]!.address);
  console.log('300 record', performance.now() - t);
  t = performance.now();
  for (const [i, s] of sigs.entries())
    checkOwnershipOffline(
      ownershipRecord(
        'eip191',
        parseData(s, 's').map((x) => x),
        ROUND,
        31337n,
        ws[i]!.address
      ),
      { round: ROUND, chainId: 31337n, address: ws[i]!.address }
    );
  console.log('300 offline check', performance.now() - t);
  t = performance.now();
  await anvil.stop();
});
