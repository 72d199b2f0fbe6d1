/**
 * The demo's one writer of reserve files: every Bitcoin-family proof kind it signs verifies
 * through `@kura/bitcoin`'s `verifyOwnership` on the chain it was made for (BIP-137 under that
 * chain's message magic), the files hold exactly one line per wallet in the shapes `kura run`
 * reads, and a signature made for another chain or another challenge does not verify.
 */
import { randomBytes } from 'node:crypto';
import {
  type BitcoinNetwork,
  chainIdOfGenesis,
  decodeAddress,
  networkByName,
  publicKeyOf,
  type SignerScript,
  verifyOwnership,
} from '@kura/bitcoin';
import { concatBytes } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { type FamilyWalletSpec, familyReserveFiles, reserveFiles } from './reserve-files.js';

const key = (): Uint8Array => new Uint8Array(randomBytes(32));
const multisig = (keys: readonly Uint8Array[]) =>
  concatBytes(
    Uint8Array.of(0x52),
    ...keys.map((k) => concatBytes(Uint8Array.of(0x21), publicKeyOf(k))),
    Uint8Array.of(0x53, 0xae)
  );

function wallets(): FamilyWalletSpec[] {
  const ms = [key(), key(), key()];
  const w = (
    label: string,
    signer: SignerScript,
    proof: FamilyWalletSpec['proof']
  ): FamilyWalletSpec => ({ label, custody: 'customer-cold', signer, proof });
  return [
    w(
      'p2wsh 2-of-3',
      { type: 'p2wsh', witnessScript: multisig(ms), secretKeys: [ms[0]!, ms[2]!] },
      'bip322-simple'
    ),
    w('p2tr', { type: 'p2tr', secretKey: key() }, 'bip322-simple'),
    w('p2wpkh full', { type: 'p2wpkh', secretKey: key() }, 'bip322-full'),
    w('p2pkh 137', { type: 'p2pkh', secretKey: key() }, 'bip137'),
    w('p2wpkh 137', { type: 'p2wpkh', secretKey: key() }, 'bip137'),
    w('p2sh-p2wpkh 137', { type: 'p2sh-p2wpkh', secretKey: key() }, 'bip137'),
  ];
}

const lines = (jsonl: string) =>
  jsonl
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);

function verifyAll(net: BitcoinNetwork, signatures: string, challenge: string) {
  const chain = chainIdOfGenesis(net.genesis);
  return lines(signatures).map((s) => {
    const address = decodeAddress(s.address!, chain);
    if (!address.ok) throw new Error(address.message);
    const r = verifyOwnership({
      chain,
      address,
      ownership: { type: s.type!, signature: s.signature!, challenge },
      challenge,
      utxos: [],
    });
    return r.ok ? 'ok' : r.code;
  });
}

describe('familyReserveFiles', () => {
  for (const name of ['regtest-bcoin', 'ltc-regtest'] as const) {
    const net = networkByName(name);
    it(`${name}: every proof kind verifies, one line per wallet in the files' shapes`, () => {
      const ws = wallets();
      const challenge = `Kura ownership challenge ${name}`;
      const f = familyReserveFiles(ws, net, challenge);
      expect(f.wallets.map((w) => w.label)).toEqual(ws.map((w) => w.label));
      expect(lines(f.addressesJsonl)).toEqual(
        f.wallets.map((w) => ({ address: w.address, custody: w.custody, label: w.label }))
      );
      expect(lines(f.signaturesJsonl).map((s) => Object.keys(s))).toEqual(
        ws.map(() => ['address', 'type', 'signature'])
      );
      expect(verifyAll(net, f.signaturesJsonl, challenge)).toEqual(ws.map(() => 'ok'));
      // the same signatures over another challenge: refused
      expect(verifyAll(net, f.signaturesJsonl, `${challenge}!`)).not.toContain('ok');
    });
  }

  it('BIP-137 signs with the chain message magic: a Litecoin signature is not a Bitcoin one', () => {
    const ltc = networkByName('ltc-regtest');
    const p2pkh: FamilyWalletSpec = {
      label: 'x',
      custody: 'exchange-own',
      signer: { type: 'p2pkh', secretKey: key() },
      proof: 'bip137',
    };
    const f = familyReserveFiles([p2pkh], ltc, 'c');
    const sig = lines(f.signaturesJsonl)[0]!.signature;
    const btc = familyReserveFiles([p2pkh], networkByName('regtest-bcoin'), 'c');
    expect(lines(btc.signaturesJsonl)[0]!.signature).not.toBe(sig);
  });

  it('BIP-137 needs a single-key signer', () => {
    const w: FamilyWalletSpec = {
      label: 'x',
      custody: 'exchange-own',
      signer: { type: 'p2tr', secretKey: key() },
      proof: 'bip137',
    };
    expect(() => familyReserveFiles([w], networkByName('regtest-bcoin'), 'c')).toThrow(
      /BIP-137 needs a single-key signer, not p2tr/
    );
  });
});

describe('reserveFiles', () => {
  it('writes each chain the same way: JSON Lines with a final line break', () => {
    const f = reserveFiles(
      [{ address: 'rA', custody: 'customer-hot' as const, label: 'l' }],
      () => ({ type: 'xrpl-tx', signature: 'AB' })
    );
    expect(f.addressesJsonl).toBe('{"address":"rA","custody":"customer-hot","label":"l"}\n');
    expect(f.signaturesJsonl).toBe('{"address":"rA","type":"xrpl-tx","signature":"AB"}\n');
  });
});
