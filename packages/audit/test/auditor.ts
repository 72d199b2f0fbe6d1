/**
 * The auditor of the XRP-only test month (`packages/month/test/xrp-month.ts`): one ed25519 key
 * and the `runAudit` options the library audit tests of that month start from
 * (`src/audit.test.ts`, `src/audit-v2.test.ts`); each test adds what it varies.
 */
import { generatePrivateKey, keyFingerprint, publicKeyOf } from '@kura/attest';
import { bytesToHex } from '@kura/codec';
import { masterSecret, NOW, xrplClient } from '../../month/test/xrp-month.js';
import type { AuditOptions } from '../src/audit.js';

const auditorPriv = generatePrivateKey('ed25519');
const auditorPub = publicKeyOf('ed25519', auditorPriv);

/**
 * Options auditing the month published under `publication` against the export `liabilities`:
 * the auditor's XRPL client (recorded rippled replies), the month's master secret and clock,
 * default confirmations and beacon settings, one worker, then `more`.
 */
export function xrpAuditOptions(
  publication: string,
  liabilities: string,
  more: Partial<AuditOptions> = {}
): AuditOptions {
  return {
    publication,
    masterSecret,
    liabilities: { kind: 'file', file: liabilities },
    eth: [],
    xrp: [xrplClient()],
    btcConfirmations: 6,
    ethConfirmations: 64,
    allowUnproven: false,
    acceptedWalletCodeHashes: [],
    key: {
      alg: 'ed25519',
      signer: { alg: 'ed25519', privateKey: auditorPriv },
      publicKey: bytesToHex(auditorPub),
      fingerprint: keyFingerprint('ed25519', auditorPub),
    },
    beaconDepth: 6,
    beaconMinHeight: 0,
    beaconTimeSkew: 7200,
    sampleSize: 4,
    now: NOW,
    workers: 1,
    ...more,
  };
}
