/**
 * Benchmarks (`npm run bench -w @kura/bitcoin`): ownership-proof verification per address type,
 * BIP-127 proofs, merkle proofs, descriptor derivation and a whole evidence check against
 * in-process recorded replies.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { parseEvidence } from '@kura/attest';
import { concatBytes, sha256, utf8 } from '@kura/codec';
import { bench, describe } from 'vitest';
import { coreReplay, esploraReplay, loadScenario } from '../test/replay/replay.js';
import { addressOfScript, decodeAddress } from './address.js';
import { verifyBip127 } from './bip127.js';
import { verifyBip137 } from './bip137.js';
import { verifyBip322 } from './bip322.js';
import { deriveDescriptor, descriptorChecksum, parseDescriptor } from './descriptor.js';
import { hash256 } from './hashes.js';
import { buildMerkleBlock, merkleRoot, verifyMerkleProof } from './merkleblock.js';
import { BITCOIN_MAINNET, NETWORKS } from './networks.js';
import { pushData } from './script.js';
import {
  type SignerScript,
  signBip127,
  signBip137,
  signBip322,
  signerScriptPubKey,
} from './sign.js';
import { CoreRpcSource } from './sources/core-rpc.js';
import { EsploraSource } from './sources/esplora.js';
import { verifyBitcoinEvidence } from './verify.js';
import { displayHex } from './wire.js';

const msg = `kura proof of reserves v1\nexchange: Bench\nperiod: 2026-11\nround: ${'ab'.repeat(32)}`;
const sk = (l: string) => sha256(utf8(`bench ${l}`));
const keys = [sk('1'), sk('2'), sk('3')];
const ws = concatBytes(
  Uint8Array.of(0x52),
  ...keys.map((k) => pushData(ecc.pointFromScalar(k, true)!)),
  Uint8Array.of(0x53, 0xae)
);
const signers: Record<string, SignerScript> = {
  p2wpkh: { type: 'p2wpkh', secretKey: sk('w') },
  p2tr: { type: 'p2tr', secretKey: sk('t') },
  'p2wsh 2-of-3': { type: 'p2wsh', witnessScript: ws, secretKeys: [keys[0]!, keys[1]!] },
  'p2sh-p2wpkh': { type: 'p2sh-p2wpkh', secretKey: sk('n') },
};

describe('BIP-322 simple verification', () => {
  for (const [name, s] of Object.entries(signers)) {
    const spk = signerScriptPubKey(s);
    const sig = signBip322(msg, s);
    bench(name, () => {
      if (verifyBip322(spk, msg, sig).state !== 'valid') throw new Error('invalid');
    });
  }
});

describe('BIP-137 legacy verification', () => {
  const k = sk('p');
  const d = decodeAddress(
    addressOfScript(signerScriptPubKey({ type: 'p2pkh', secretKey: k }), NETWORKS[0]!),
    BITCOIN_MAINNET
  );
  if (!d.ok) throw new Error(d.message);
  const sig = signBip137(msg, k);
  bench('p2pkh', () => {
    if (!verifyBip137(d, msg, sig).ok) throw new Error('invalid');
  });
});

describe('BIP-127 proof of reserves', () => {
  const inputs = Object.values(signers).map((signer, i) => ({
    txid: displayHex(sha256(Uint8Array.of(i))),
    vout: i,
    value: 1_000_000n,
    signer,
  }));
  const psbt = signBip127(msg, inputs, signerScriptPubKey(signers.p2wpkh!));
  const utxos = inputs.map((x) => ({
    txid: x.txid,
    vout: x.vout,
    value: x.value,
    scriptPubKey: signerScriptPubKey(x.signer),
  }));
  bench('4 inputs (p2wpkh, p2tr, p2wsh 2-of-3, p2sh-p2wpkh)', () => {
    if (!verifyBip127(psbt, msg, utxos).ok) throw new Error('invalid');
  });
});

describe('merkle proof (block of 2,000 transactions)', () => {
  const txids = Array.from({ length: 2000 }, (_, i) => hash256(Uint8Array.of(i & 0xff, i >> 8)));
  const header = new Uint8Array(80);
  header.set(merkleRoot(txids), 36);
  new DataView(header.buffer).setUint32(72, 0x207fffff, true);
  let nonce = 0;
  let hash = '';
  for (;;) {
    new DataView(header.buffer).setUint32(76, nonce++, true);
    hash = displayHex(hash256(header));
    if (hash < '7f') break;
  }
  const proof = buildMerkleBlock(header, txids, new Set([1234]));
  const id = displayHex(txids[1234]!);
  bench('verifyMerkleProof', () => {
    if (!verifyMerkleProof(proof, id, hash).ok) throw new Error('invalid');
  });
});

describe('descriptor derivation', () => {
  const X =
    'xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB';
  const Y =
    'xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH';
  const body = `wsh(sortedmulti(2,${X}/0/*,${Y}/0/*,${X}/1/*))`;
  const d = parseDescriptor(`${body}#${descriptorChecksum(body)}`, BITCOIN_MAINNET);
  let i = 0;
  bench('wsh(sortedmulti(2, 3 xpubs)) one index', () => {
    deriveDescriptor(d, i++ % 1000);
  });
});

describe('whole evidence (recorded replies, in process)', () => {
  const sc = loadScenario();
  const ev = parseEvidence(JSON.parse(JSON.stringify(sc.evidence)));
  bench('Esplora: 3 entries, 2 UTXOs', async () => {
    const src = new EsploraSource('http://esplora.invalid/api', {
      fetch: esploraReplay(),
      minIntervalMs: 0,
    });
    if (!(await verifyBitcoinEvidence(ev, src, { confirmations: 3 })).ok)
      throw new Error('invalid');
  });
  bench('Bitcoin Core: 3 entries, 2 UTXOs', async () => {
    const src = new CoreRpcSource('http://bitcoind.invalid', { fetch: coreReplay() });
    if (!(await verifyBitcoinEvidence(ev, src, { confirmations: 3 })).ok)
      throw new Error('invalid');
  });
});
