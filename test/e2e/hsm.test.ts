/**
 * A month with every key in a hardware security module (issue 14), end to end against real
 * nodes (bcoin regtest, anvil) and a real SoftHSM2 token: the demo exchange built with its
 * master secret and both signing keys generated inside the token (non-extractable), `kura run`
 * (tree from the token's secret, attestation signed inside the token) and `kura audit`
 * (tree recomputed from the same token secret, counter-signed inside the token) as real
 * processes. The attestation verifies exactly as with file keys — `kura attest verify` and
 * `verifyAttestation` with the trust file built from the token's public keys — and no private
 * key or secret file exists anywhere. Then the demo entry itself with `--hsm`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAttestationBytes, verifyAttestation } from '@kura/attest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILES, DEMO_TOKEN } from '../../packages/demo/src/exchange.js';
import { type DemoHandle, demoAudit, setupDemo } from '../../packages/demo/src/pipeline.js';
import { PUBLICATION, WORKDIR } from '../../packages/month/src/publication.js';
import { DEMO_BIN, kura, start } from './helpers/kura.js';

describe('kura run + kura audit with every key in a SoftHSM2 token', () => {
  let dir: string;
  let demo: DemoHandle;
  let publication: string;
  const f = (n: string) => join(dir, n);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kura-e2e-hsm-'));
    demo = await setupDemo({ dir, customers: 400, hsm: true });
    const run = await kura(['run', '--config', demo.config, '--json']);
    if (run.code !== 0) throw new Error(`kura run failed (${run.code}): ${run.stderr}`);
    publication = (JSON.parse(run.stdout) as { publication: string }).publication;
    await demoAudit(demo, publication);
  });
  afterAll(async () => {
    await demo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the config names the token; no secret or private key file exists', () => {
    const cfg = JSON.parse(readFileSync(demo.config, 'utf8'));
    expect(cfg.keys.masterSecret).toMatch(
      new RegExp(
        `^pkcs11:token=${DEMO_TOKEN.label};object=${DEMO_TOKEN.masterSecret}\\?module-path=/`
      )
    );
    expect(cfg.keys.exchange).toMatch(/^pkcs11:.*object=exchange-key\?.*pin-source=file:\//);
    for (const n of [DEMO_FILES.secret, DEMO_FILES.exchangeKey, DEMO_FILES.auditorKey])
      expect(existsSync(f(n))).toBe(false);
    expect(demo.keys.auditor).toMatch(/^pkcs11:/);
  });

  it('the counter-signed attestation verifies exactly as with file keys', async () => {
    const att = join(publication, PUBLICATION.attestation);
    const a = parseAttestationBytes(readFileSync(att));
    expect(a.signatures.map((s) => `${s.role}:${s.alg}`)).toEqual([
      'exchange:ed25519',
      'auditor:ecdsa-secp256k1',
    ]);
    const trust = JSON.parse(readFileSync(f(DEMO_FILES.trust), 'utf8'));
    expect(a.signatures.map((s) => s.publicKey)).toEqual(
      trust.keys.map((k: { publicKey: string }) => k.publicKey)
    );
    const v = verifyAttestation(readFileSync(att), {
      trust: readFileSync(f(DEMO_FILES.trust)),
      requiredRoles: ['exchange', 'auditor'],
    });
    expect(v.ok, JSON.stringify(v)).toBe(true);
    const cli = await kura([
      'attest',
      'verify',
      '--attestation',
      att,
      '--trust',
      f(DEMO_FILES.trust),
      '--root',
      join(publication, PUBLICATION.root),
      '--evidence',
      join(publication, PUBLICATION.evidence),
    ]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^VALID/);
    const report = JSON.parse(readFileSync(join(dir, 'audit', 'audit-report.json'), 'utf8'));
    expect(report.result).toBe('pass');
    expect(report.counterSigned).toBe(true);
  });

  it('kura tree proof with the token secret finds the customer the private index names', async () => {
    const work = join(dir, DEMO_FILES.workDir);
    const first = JSON.parse(
      readFileSync(join(work, WORKDIR.proofIndex), 'utf8').split('\n')[0]!
    ) as { uid: string; file: string };
    const r = await kura([
      'tree',
      'proof',
      ...['--tree', join(work, WORKDIR.tree), '--secret', demo.keys.masterSecret],
      ...['--uid', first.uid],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const published = JSON.parse(readFileSync(join(publication, first.file), 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual(published);
  });
});

describe('npm run demo -- --hsm', () => {
  it('runs the month with its keys in a SoftHSM2 token, audits and exits 0', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kura-e2e-hsm-demo-'));
    try {
      const r = await start(DEMO_BIN, [
        '--customers',
        '300',
        '--dir',
        join(d, 'demo'),
        '--hsm',
        '--json',
      ]).done;
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as { pass: boolean; users: number; publication: string };
      expect(s.pass).toBe(true);
      expect(s.users).toBe(300);
      expect(r.stderr).toContain('SoftHSM2 token');
      const v = verifyAttestation(readFileSync(join(s.publication, PUBLICATION.attestation)), {
        trust: readFileSync(join(d, 'demo', DEMO_FILES.trust)),
        requiredRoles: ['exchange', 'auditor'],
      });
      expect(v.ok, JSON.stringify(v)).toBe(true);
      expect(existsSync(join(d, 'demo', DEMO_FILES.secret))).toBe(false);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
