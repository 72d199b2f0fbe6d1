/**
 * Keys and the master secret in a real SoftHSM2 token, through the `kura` command (real
 * processes): `keys gen --pkcs11`, `keys secret --pkcs11`, `attest sign --key pkcs11:…`,
 * `tree build|proof --secret pkcs11:…` (byte-identical to the file secret, and to the protocol
 * v1 reference vector), and every refusal — missing module, wrong PIN, missing object, key of
 * the wrong type or role, a token that refuses the mechanism — each exit 2 with nothing written
 * and no PIN in the output.
 */

import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { hexToBytes } from '@kura/codec';
import { importSecret, parsePkcs11Uri } from '@kura/pkcs11';
import { createSoftHsmToken, type SoftHsmToken } from '@kura/pkcs11/testing';
import { verifyProof } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidence, policy, rootJson, SCOPE } from '../../packages/attest/test/fixtures.js';
import { REFERENCE, writeReferenceInputs } from '../test/reference.js';
import { type KuraRun, runKura, startKuraServe } from './testing.js';

const vec = REFERENCE;

let dir: string;
let tok: SoftHsmToken;
const p = (f: string) => join(dir, f);
const kura = (args: string[], env: Record<string, string> = {}): KuraRun =>
  runKura(args, { env: { ...tok.env, ...env } });

/** Every file under `d`, relative path → bytes. */
function tree(d: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (x: string) => {
    for (const e of readdirSync(x, { withFileTypes: true })) {
      const f = join(x, e.name);
      if (e.isDirectory()) walk(f);
      else out.set(relative(d, f), readFileSync(f).toString('base64'));
    }
  };
  walk(d);
  return out;
}

/** Exit 2 with `code` on stderr; the PIN never appears. */
function refused(r: KuraRun, code: string): void {
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr).toContain(`kura: ${code}:`);
  expect(r.stdout + r.stderr).not.toContain(tok.pin);
  expect(r.stdout + r.stderr).not.toContain('internal error');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-cli-pkcs11-'));
  tok = createSoftHsmToken({ dir: join(dir, 'hsm'), pin: '73105-softhsm' });
  writeFileSync(p('root.json'), rootJson());
  writeFileSync(p('evidence.json'), JSON.stringify(evidence(), null, 2));
  writeFileSync(p('policy.json'), JSON.stringify(policy(), null, 2));
  writeFileSync(p('scope.json'), JSON.stringify(SCOPE, null, 2));
  writeReferenceInputs(dir);
  writeFileSync(p('wrong-pin'), '0000\n', { mode: 0o600 });
  // the reference vector's master secret, moved into the token (non-extractable)
  importSecret(parsePkcs11Uri(tok.uri('master-vector')), hexToBytes(vec.masterSecret));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const createAtt = (out: string) =>
  runKura([
    'attest',
    'create',
    '--root',
    p('root.json'),
    '--evidence',
    p('evidence.json'),
    '--policy-result',
    p('policy.json'),
    '--scope',
    p('scope.json'),
    '--exchange-name',
    'Example Exchange K.K.',
    '--issued-at',
    '2026-12-05T00:00:00Z',
    '--out',
    out,
  ]);

describe('kura keys gen --pkcs11', () => {
  it('creates key pairs in the token and writes only public key files, in the file-key format', () => {
    const file = kura([
      'keys',
      'gen',
      '--alg',
      'ed25519',
      '--out',
      p('file.key'),
      '--role',
      'auditor',
      '--name',
      'N',
    ]);
    expect(file.code, file.stderr).toBe(0);
    const filePub = JSON.parse(readFileSync(p('file.key.pub.json'), 'utf8'));
    for (const [alg, name, role] of [
      ['ed25519', 'exchange-ed', 'exchange'],
      ['secp256k1', 'exchange-k1', 'exchange'],
      ['ecdsa-secp256k1', 'auditor-k1', 'auditor'],
    ] as const) {
      const r = kura([
        'keys',
        'gen',
        '--pkcs11',
        tok.uri(name),
        '--alg',
        alg,
        '--role',
        role,
        '--name',
        'N',
        '--out',
        p(name),
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(p(name))).toBe(false); // no private key file
      const pub = JSON.parse(readFileSync(p(`${name}.pub.json`), 'utf8'));
      expect(Object.keys(pub)).toEqual(Object.keys(filePub)); // same fields, same order
      expect(pub.role).toBe(role);
      expect(pub.alg).toBe(alg === 'secp256k1' ? 'ecdsa-secp256k1' : alg);
      expect(pub.publicKey).toMatch(alg === 'ed25519' ? /^[0-9a-f]{64}$/ : /^0[23][0-9a-f]{64}$/);
      expect(JSON.parse(r.stdout)).toMatchObject({
        publicKey: pub.publicKey,
        fingerprint: pub.fingerprint,
      });
      expect(readFileSync(p(`${name}.pub.json`), 'utf8')).toBe(`${JSON.stringify(pub, null, 2)}\n`);
    }
    // the label is taken: refused, nothing written
    const again = kura([
      'keys',
      'gen',
      '--pkcs11',
      tok.uri('exchange-ed'),
      '--alg',
      'ed25519',
      '--out',
      p('again'),
    ]);
    refused(again, 'PKCS11_OBJECT_EXISTS');
    expect(existsSync(p('again.pub.json'))).toBe(false);
  });
});

describe('kura keys pub', () => {
  it('writes the same public key file for a token key and for a file key as keys gen does', () => {
    const t = kura([
      'keys',
      'pub',
      '--key',
      tok.uri('exchange-k1'),
      '--role',
      'exchange',
      '--name',
      'N',
      '--out',
      p('k1-again.pub.json'),
    ]);
    expect(t.code, t.stderr).toBe(0);
    expect(readFileSync(p('k1-again.pub.json'), 'utf8')).toBe(
      readFileSync(p('exchange-k1.pub.json'), 'utf8')
    );
    const f = kura([
      'keys',
      'pub',
      '--key',
      p('file.key'),
      '--role',
      'auditor',
      '--name',
      'N',
      '--out',
      p('file-again.pub.json'),
    ]);
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(p('file-again.pub.json'), 'utf8')).toBe(
      readFileSync(p('file.key.pub.json'), 'utf8')
    );
    refused(
      kura(['keys', 'pub', '--key', tok.uri('master-vector'), '--out', p('x.pub.json')]),
      'PKCS11_KEY_TYPE'
    );
    expect(existsSync(p('x.pub.json'))).toBe(false);
  });
});

describe('kura attest sign --key pkcs11:…', () => {
  for (const [ex, au] of [
    ['exchange-ed', 'auditor-k1'],
    ['exchange-k1', 'auditor-k1'],
  ])
    it(`signs inside the token (${ex} + ${au}); kura attest verify accepts it as a file key's`, () => {
      const att = p(`att-${ex}.json`);
      expect(createAtt(att).code).toBe(0);
      const trust = p(`trust-${ex}.json`);
      writeFileSync(
        trust,
        JSON.stringify({
          version: 'kura-trust/1',
          keys: [ex, au].map((n) => JSON.parse(readFileSync(p(`${n}.pub.json`), 'utf8'))),
        })
      );
      for (const [name, role] of [
        [ex, 'exchange'],
        [au, 'auditor'],
      ]) {
        const s = kura([
          'attest',
          'sign',
          '--attestation',
          att,
          '--key',
          tok.uri(name!),
          '--role',
          role!,
        ]);
        expect(s.code, s.stderr).toBe(0);
      }
      const v = runKura([
        'attest',
        'verify',
        '--attestation',
        att,
        '--trust',
        trust,
        '--now',
        '2026-12-06T00:00:00Z',
        '--root',
        p('root.json'),
        '--evidence',
        p('evidence.json'),
      ]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toMatch(/^VALID/);
      const sigs = JSON.parse(readFileSync(att, 'utf8')).signatures;
      expect(sigs.map((s: { publicKey: string }) => s.publicKey)).toEqual(
        [ex, au].map((n) => JSON.parse(readFileSync(p(`${n}.pub.json`), 'utf8')).publicKey)
      );
    });
});

describe('kura tree build|proof --secret pkcs11:…', () => {
  it('builds a tree byte-identical to the file secret (and the protocol v1 reference vector)', () => {
    const common = [
      '--input',
      p('users.csv'),
      '--assets',
      p('assets.json'),
      '--round',
      p('round.json'),
    ];
    const a = kura([
      'tree',
      'build',
      ...common,
      '--secret',
      p('secret'),
      '--out',
      p('t-file'),
      '--json',
    ]);
    expect(a.code, a.stderr).toBe(0);
    const b = kura([
      'tree',
      'build',
      ...common,
      '--secret',
      tok.uri('master-vector'),
      '--out',
      p('t-hsm'),
      '--json',
    ]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).rootCommitment).toBe(JSON.parse(a.stdout).rootCommitment);
    expect(JSON.parse(b.stdout).rootCommitment).toBe(
      vec.expected?.rootCommitment ?? JSON.parse(a.stdout).rootCommitment
    );
    expect(tree(p('t-hsm'))).toEqual(tree(p('t-file')));
    for (const [src, out] of [
      [p('secret'), 'pf-file'],
      [tok.uri('master-vector'), 'pf-hsm'],
    ] as const) {
      const r = kura([
        'tree',
        'proof',
        '--tree',
        p('t-hsm'),
        '--secret',
        src,
        '--all',
        '--out',
        p(out),
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(tree(p('pf-hsm'))).toEqual(tree(p('pf-file')));
  });

  it('kura keys secret --pkcs11 creates a secret in the token; --import moves a file secret in', () => {
    const g = kura(['keys', 'secret', '--pkcs11', tok.uri('master-new')]);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout + g.stderr).not.toMatch(/[0-9a-f]{64}/);
    const i = kura([
      'keys',
      'secret',
      '--pkcs11',
      tok.uri('master-imported'),
      '--import',
      p('secret'),
    ]);
    expect(i.code, i.stderr).toBe(0);
    const common = [
      '--input',
      p('users.csv'),
      '--assets',
      p('assets.json'),
      '--round',
      p('round.json'),
    ];
    const n = kura([
      'tree',
      'build',
      ...common,
      '--secret',
      tok.uri('master-new'),
      '--out',
      p('t-new'),
      '--json',
    ]);
    const m = kura([
      'tree',
      'build',
      ...common,
      '--secret',
      tok.uri('master-imported'),
      '--out',
      p('t-imp'),
      '--json',
    ]);
    expect([n.code, m.code]).toEqual([0, 0]);
    expect(tree(p('t-imp'))).toEqual(tree(p('t-file')));
    expect(JSON.parse(n.stdout).rootCommitment).not.toBe(JSON.parse(m.stdout).rootCommitment);
    refused(kura(['keys', 'secret', '--pkcs11', tok.uri('master-new')]), 'PKCS11_OBJECT_EXISTS');
  });
});

describe('kura serve --secret pkcs11:…', () => {
  it('serves proofs looked up with the round key derived in the token', async () => {
    const token = 'serve-token-0123456789abcdefghijklmnop';
    writeFileSync(p('serve-token'), `${token}\n`, { mode: 0o600 });
    const s = await startKuraServe(
      [
        'serve',
        '--tree',
        p('t-hsm'),
        '--secret',
        tok.uri('master-vector'),
        '--token-file',
        p('serve-token'),
        '--port',
        '0',
      ],
      { env: tok.env }
    );
    const base = s.base;
    try {
      const uid = (vec.users as { uid: string }[])[2]!.uid;
      const r = await fetch(`${base}/v1/proof?uid=${encodeURIComponent(uid)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(200);
      expect(verifyProof(await r.json(), { rootCommitment: vec.rootCommitment }).ok).toBe(true);
    } finally {
      s.proc.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
    expect(s.stdout() + s.stderr()).not.toContain(tok.pin);
  });
});

describe('refusals: exit 2, nothing written, no PIN in any output', () => {
  const buildArgs = (secret: string, out: string) => [
    'tree',
    'build',
    '--input',
    p('users.csv'),
    '--assets',
    p('assets.json'),
    '--round',
    p('round.json'),
    '--secret',
    secret,
    '--out',
    p(out),
  ];
  const sign = (key: string, role = 'exchange', env: Record<string, string> = {}) => {
    const att = p('refuse-att.json');
    if (!existsSync(att)) expect(createAtt(att).code).toBe(0);
    const before = readFileSync(att);
    const r = kura(
      [
        'attest',
        'sign',
        '--attestation',
        att,
        '--key',
        key,
        '--role',
        role,
        '--out',
        p('refuse-out.json'),
      ],
      env
    );
    expect(existsSync(p('refuse-out.json'))).toBe(false);
    expect(readFileSync(att)).toEqual(before);
    return r;
  };
  const uriWith = (object: string, q: string) => tok.uri(object).replace(/module-path=[^&]*/, q);

  it('missing module / not a module', () => {
    refused(
      sign(uriWith('exchange-ed', 'module-path=/nonexistent/libnothing.so')),
      'PKCS11_MODULE'
    );
    refused(sign(uriWith('exchange-ed', 'module-path=/etc/hostname')), 'PKCS11_MODULE');
    const t = kura(buildArgs(uriWith('master-vector', 'module-path=/nonexistent/lib.so'), 'x-mod'));
    refused(t, 'PKCS11_MODULE');
    expect(existsSync(p('x-mod'))).toBe(false);
  });

  it('wrong PIN (file), missing PIN env variable, pin-value on the command line', () => {
    const wrong = tok.uri('exchange-ed', `file:${p('wrong-pin')}`);
    const r = sign(wrong);
    refused(r, 'PKCS11_PIN_INCORRECT');
    expect(r.stderr).not.toContain('0000');
    const t = kura(buildArgs(tok.uri('master-vector', `file:${p('wrong-pin')}`), 'x-pin'));
    refused(t, 'PKCS11_PIN_INCORRECT');
    expect(existsSync(p('x-pin'))).toBe(false);
    refused(sign(tok.uri('exchange-ed', 'env:KURA_TEST_NO_SUCH_PIN')), 'PKCS11_PIN_SOURCE');
    writeFileSync(p('open-pin'), `${tok.pin}\n`, { mode: 0o644 });
    chmodSync(p('open-pin'), 0o644);
    const open = sign(tok.uri('exchange-ed', `file:${p('open-pin')}`));
    refused(open, 'PKCS11_PIN_SOURCE');
    expect(open.stderr).toMatch(/readable by every user \(mode 0644\); run chmod 600/);
    // the PIN from an environment variable works
    const envUri = tok.uri('exchange-ed', 'env:KURA_TEST_PIN');
    const ok = kura(buildArgs(tok.uri('master-vector', 'env:KURA_TEST_PIN'), 'x-env'), {
      KURA_TEST_PIN: tok.pin,
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(envUri).toContain('pin-source=env:KURA_TEST_PIN');
    const pv = sign(
      `${tok.uri('exchange-ed').replace(/&pin-source=[^&]*/, '')}&pin-value=${tok.pin}`
    );
    expect(pv.code).toBe(2);
    expect(pv.stderr).toMatch(/pin-value is refused/);
    expect(pv.stderr).not.toContain(tok.pin);
  });

  it('missing object', () => {
    refused(sign(tok.uri('no-such-key')), 'PKCS11_OBJECT_NOT_FOUND');
    refused(kura(buildArgs(tok.uri('no-such-secret'), 'x-obj')), 'PKCS11_OBJECT_NOT_FOUND');
    expect(existsSync(p('x-obj'))).toBe(false);
    refused(
      sign(tok.uri('exchange-ed').replace('token=kura', 'token=other')),
      'PKCS11_TOKEN_NOT_FOUND'
    );
  });

  it('key of the wrong type or role', () => {
    refused(sign(tok.uri('master-vector')), 'PKCS11_KEY_TYPE'); // a secret as a signing key
    refused(kura(buildArgs(tok.uri('exchange-ed'), 'x-type')), 'PKCS11_KEY_TYPE'); // a key pair as the secret
    expect(existsSync(p('x-type'))).toBe(false);
    const r = sign(tok.uri('exchange-ed'), 'auditor'); // made for the exchange
    refused(r, 'PKCS11_KEY_ROLE');
    expect(r.stderr).toContain('made for the exchange role');
  });

  it('a token that refuses the mechanism', () => {
    // control: the allow-list of every mechanism Kura uses signs and derives
    const all = { SOFTHSM2_CONF: tok.without('none') };
    const ok = kura(
      [
        'attest',
        'sign',
        '--attestation',
        p('refuse-att.json'),
        '--key',
        tok.uri('exchange-ed'),
        '--role',
        'exchange',
        '--out',
        p('control.json'),
      ],
      all
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(kura(buildArgs(tok.uri('master-vector'), 'x-control'), all).code).toBe(0);
    refused(
      sign(tok.uri('exchange-ed'), 'exchange', {
        SOFTHSM2_CONF: tok.without('CKM_EDDSA'),
      }),
      'PKCS11_MECHANISM'
    );
    refused(
      sign(tok.uri('exchange-k1'), 'exchange', {
        SOFTHSM2_CONF: tok.without('CKM_ECDSA'),
      }),
      'PKCS11_MECHANISM'
    );
    const t = kura(buildArgs(tok.uri('master-vector'), 'x-mech'), {
      SOFTHSM2_CONF: tok.without('CKM_SHA256_HMAC'),
    });
    refused(t, 'PKCS11_MECHANISM');
    expect(existsSync(p('x-mech'))).toBe(false);
    const g = kura(
      ['keys', 'gen', '--pkcs11', tok.uri('never'), '--alg', 'ed25519', '--out', p('never')],
      { SOFTHSM2_CONF: tok.without('CKM_EC_EDWARDS_KEY_PAIR_GEN') }
    );
    refused(g, 'PKCS11_MECHANISM');
    expect(existsSync(p('never.pub.json'))).toBe(false);
  });

  it('kura run: a bad token key or secret stops the month before anything is written', () => {
    const cfg = (masterSecret: string, exchange: string, name: string) => {
      const d = join(dir, name);
      mkdirSync(d);
      writeFileSync(join(d, 'customers.csv'), 'uid,BTC\nalice,1\n');
      const file = join(d, 'kura.json');
      writeFileSync(
        file,
        `${JSON.stringify(
          {
            version: 'kura-config/1',
            round: {
              exchange: 'Example K.K.',
              period: '2026-11',
              snapshotTime: '2026-11-30T15:00:00Z',
            },
            assets: [{ symbol: 'BTC', decimals: 8 }],
            exchange: { name: 'Example K.K.' },
            keys: { masterSecret, exchange },
            trust: 'trust.json',
            liabilities: { file: 'customers.csv' },
            bitcoin: {
              sources: { esplora: ['http://127.0.0.1:9'] },
              height: 1,
              addresses: 'a.jsonl',
              signatures: 's.jsonl',
            },
            policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
            scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
          },
          null,
          2
        )}\n`
      );
      return { d, file };
    };
    const cases: [string, string, string][] = [
      [
        tok.uri('master-vector', `file:${p('wrong-pin')}`),
        tok.uri('exchange-ed'),
        'PKCS11_PIN_INCORRECT',
      ],
      [tok.uri('master-vector'), tok.uri('auditor-k1'), 'PKCS11_KEY_ROLE'],
      [tok.uri('master-vector'), tok.uri('master-vector'), 'PKCS11_KEY_TYPE'],
      [tok.uri('exchange-ed'), tok.uri('exchange-ed'), 'PKCS11_KEY_TYPE'],
    ];
    cases.forEach(([secret, key, code], i) => {
      const { d, file } = cfg(secret, key, `run-${i}`);
      refused(kura(['run', '--config', file]), code);
      expect(existsSync(join(d, 'work'))).toBe(false);
    });
  });

  it('the token directory holds no PIN and the outputs no key material', () => {
    expect(statSync(tok.pinFile).mode & 0o077).toBe(0);
  });
});
