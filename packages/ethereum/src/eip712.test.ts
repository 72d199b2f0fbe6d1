/**
 * EIP-712 typed data and EIP-191 personal_sign digests (attacks D2, D3). The EIP-712 "Mail"
 * example values are those published in EIP-712; Kura's own typed data is checked against an
 * encoding written out here by hand from the EIP's rules.
 */
import { bytesToHex, concatBytes, hexToBytes, utf8 } from '@kura/codec';
import { ownershipChallenge, roundId } from '@kura/tree';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { TypedDataEncoder, Wallet } from 'ethers';
import { describe, expect, test } from 'vitest';
import { ROUND } from '../test/scenario.js';
import { recoverSigner } from './signature.js';
import {
  eip191Digest,
  eip712Digest,
  OWNERSHIP_TYPES,
  ownershipDigest712,
  ownershipTypedData,
} from './typed-data.js';

const k = (b: Uint8Array | string) => keccak_256(typeof b === 'string' ? utf8(b) : b);
const pad = (hex: string) => hexToBytes(hex.replace(/^0x/, '').toLowerCase().padStart(64, '0'));

describe('EIP-712 (the EIP example)', () => {
  const types = {
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  };
  const domain = {
    name: 'Ether Mail',
    version: '1',
    chainId: 1,
    verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
  };
  const message = {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  };
  test('encodeType, typeHash, hashStruct, domain separator and digest (D3-c)', () => {
    const enc = TypedDataEncoder.from(types);
    expect(enc.encodeType('Mail')).toBe(
      'Mail(Person from,Person to,string contents)Person(string name,address wallet)'
    );
    expect(bytesToHex(k(enc.encodeType('Mail')))).toBe(
      'a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2'
    );
    expect(enc.hashStruct('Mail', message)).toBe(
      '0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e'
    );
    expect(TypedDataEncoder.hashDomain(domain)).toBe(
      '0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f'
    );
    expect(TypedDataEncoder.hash(domain, types, message)).toBe(
      '0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2'
    );
  });
});

describe("Kura's ownership typed data", () => {
  const account = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
  test('encodeType of ReserveOwnership', () => {
    const enc = TypedDataEncoder.from(
      OWNERSHIP_TYPES as Record<string, { name: string; type: string }[]>
    );
    expect(enc.encodeType('ReserveOwnership')).toBe(
      'ReserveOwnership(string challenge,string exchange,string period,bytes32 roundId,address account)'
    );
  });
  test('the digest equals the EIP-712 encoding written out by hand', () => {
    const domainSep = k(
      concatBytes(
        k('EIP712Domain(string name,string version,uint256 chainId)'),
        k('Kura Proof of Reserves'),
        k('1'),
        pad('1')
      )
    );
    const structHash = k(
      concatBytes(
        k(
          'ReserveOwnership(string challenge,string exchange,string period,bytes32 roundId,address account)'
        ),
        k(ownershipChallenge(ROUND)),
        k(ROUND.exchange),
        k(ROUND.period),
        roundId(ROUND),
        pad(account)
      )
    );
    const digest = k(concatBytes(Uint8Array.of(0x19, 0x01), domainSep, structHash));
    expect(bytesToHex(ownershipDigest712(ROUND, 1n, account))).toBe(bytesToHex(digest));
    const t = ownershipTypedData(ROUND, 1n, account);
    expect(bytesToHex(eip712Digest(t.domain, t.message))).toBe(bytesToHex(digest));
  });
  test('chain, account and round each change the digest (no cross-chain, cross-account or cross-round replay)', () => {
    const base = bytesToHex(ownershipDigest712(ROUND, 1n, account));
    expect(bytesToHex(ownershipDigest712(ROUND, 56n, account))).not.toBe(base);
    expect(
      bytesToHex(ownershipDigest712(ROUND, 1n, '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359'))
    ).not.toBe(base);
    expect(bytesToHex(ownershipDigest712({ ...ROUND, period: '2026-10' }, 1n, account))).not.toBe(
      base
    );
  });
  test('the payload is what eth_signTypedData_v4 takes, and a wallet signature over it recovers', async () => {
    const w = Wallet.createRandom();
    const t = ownershipTypedData(ROUND, 31337n, w.address);
    expect(t.types.EIP712Domain).toEqual([
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
    ]);
    expect(t.message.challenge).toBe(ownershipChallenge(ROUND));
    const { EIP712Domain: _, ...types } = t.types;
    const sig = await w.signTypedData(
      t.domain,
      types as Record<string, { name: string; type: string }[]>,
      t.message
    );
    expect(
      recoverSigner(ownershipDigest712(ROUND, 31337n, w.address), hexToBytes(sig.slice(2)))
    ).toEqual({ ok: true, address: w.address });
  });
  test('chain ids that are not positive safe integers are refused', () => {
    expect(() => ownershipTypedData(ROUND, 0n, account)).toThrow(/chainId/);
    expect(() => ownershipTypedData(ROUND, 2n ** 60n, account)).toThrow(/chainId/);
  });
});

describe('EIP-191 personal_sign', () => {
  test('the length is the decimal UTF-8 byte length (D2-a: "é" is 2 bytes)', () => {
    const manual = k(
      concatBytes(utf8('\x19Ethereum Signed Message:\n2'), Uint8Array.of(0xc3, 0xa9))
    );
    expect(bytesToHex(eip191Digest('é'))).toBe(bytesToHex(manual));
    const c = ownershipChallenge(ROUND);
    const n = utf8(c).length;
    expect(bytesToHex(eip191Digest(c))).toBe(
      bytesToHex(k(concatBytes(utf8(`\x19Ethereum Signed Message:\n${n}`), utf8(c))))
    );
  });
  test('the text "0xdeadbeef" is not the bytes de ad be ef (D2-b)', async () => {
    const w = Wallet.createRandom();
    const overBytes = await w.signMessage(hexToBytes('deadbeef'));
    const r = recoverSigner(eip191Digest('0xdeadbeef'), hexToBytes(overBytes.slice(2)));
    expect(r.ok && r.address === w.address).toBe(false);
  });
  test('a personal_sign signature is not an EIP-712 signature (D2-c)', async () => {
    const w = Wallet.createRandom();
    const sig = await w.signMessage(ownershipChallenge(ROUND));
    const r = recoverSigner(ownershipDigest712(ROUND, 1n, w.address), hexToBytes(sig.slice(2)));
    expect(r.ok && r.address === w.address).toBe(false);
  });
});
