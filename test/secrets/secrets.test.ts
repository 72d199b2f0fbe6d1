/**
 * Secrets never leave the files that hold them (issue 9). Two full flows as real `kura`
 * processes, then every file they produced, every stdout and stderr, and the messages of
 * deliberately failing commands are searched for the master secret (hex in both cases, base64,
 * raw bytes), the round key (hex, raw) and every signing private key (hex, base64, raw):
 *
 * 1. by hand: `keys secret`, `keys gen` ×2, `tree build` (CSV), `tree proof --uid` / `--all`,
 *    `tree verify`, `policy check`, `attest create`, `attest sign` ×2, `attest verify`;
 * 2. the month on real nodes: the demo exchange (bcoin regtest + anvil), `kura run` (tree,
 *    reserves, policy, signed attestation, proofs, publication) and `kura audit`;
 * 3. the same month with the master secret and both signing keys in a SoftHSM2 token (issue
 *    14): no secret or key file exists, and the PIN (and a wrong one), the round key and any
 *    object handle appear in no file and no output of the run, the audit or failing commands.
 *
 * The only files allowed to hold a secret are the secret and key files themselves (and the demo
 * config, which names a node URL with its API key): the test asserts that list too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKeyFile } from '@kura/attest';
import { bytesToHex, hexToBytes } from '@kura/codec';
import { deriveRoundKey, parseRound, roundId } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSETS, evidence, policy, ROUND, SCOPE } from '../../packages/attest/test/fixtures.js';
import { jpInputs } from '../../packages/policy/test/fixtures.js';
import { walk } from '../e2e/helpers/kura.js';

const KURA = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}
const runs: Run[] = [];

function kura(args: string[], cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [KURA, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('latin1');
    });
    c.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('latin1');
    });
    c.on('close', (code) => {
      const r = { args, code, stdout, stderr };
      runs.push(r);
      resolve(r);
    });
  });
}

/** The forms in which a secret could leak. */
function forms(name: string, raw: Uint8Array): { what: string; bytes: Buffer }[] {
  const hex = bytesToHex(raw);
  return [
    { what: `${name} (hex)`, bytes: Buffer.from(hex) },
    { what: `${name} (HEX)`, bytes: Buffer.from(hex.toUpperCase()) },
    { what: `${name} (base64)`, bytes: Buffer.from(Buffer.from(raw).toString('base64')) },
    { what: `${name} (base64url)`, bytes: Buffer.from(Buffer.from(raw).toString('base64url')) },
    { what: `${name} (raw)`, bytes: Buffer.from(raw) },
    // a long prefix is enough to count as a leak (truncated logs, clipped messages)
    { what: `${name} (hex prefix)`, bytes: Buffer.from(hex.slice(0, 24)) },
  ];
}

/** Every occurrence of any needle in any file or in any captured output. */
/** The files (of `files`, relative to `dir`) that hold one of `needles`. */
function holdersOf(
  dir: string,
  files: readonly string[],
  needles: readonly { what: string; bytes: Buffer }[]
): string[] {
  return files.filter((f) => leaks([f], needles, []).length > 0).map((f) => relative(dir, f));
}

function leaks(
  files: readonly string[],
  needles: readonly { what: string; bytes: Buffer }[],
  outputs: readonly Run[]
): string[] {
  const found: string[] = [];
  for (const f of files) {
    const b = readFileSync(f);
    for (const n of needles) if (b.indexOf(n.bytes) >= 0) found.push(`${n.what} in ${f}`);
  }
  for (const r of outputs)
    for (const [stream, text] of [
      ['stdout', r.stdout],
      ['stderr', r.stderr],
    ] as const) {
      const b = Buffer.from(text, 'latin1');
      for (const n of needles)
        if (b.indexOf(n.bytes) >= 0)
          found.push(`${n.what} in ${stream} of kura ${r.args.join(' ')}`);
    }
  return found;
}

const jsonFile = (p: string, v: unknown) => writeFileSync(p, `${JSON.stringify(v, null, 2)}\n`);

describe('flow 1: tree, proofs, policy, attestation by hand', () => {
  let dir: string;
  const p = (f: string) => join(dir, f);
  let needles: { what: string; bytes: Buffer }[];
  const mine: Run[] = [];
  const k = async (args: string[]) => {
    const r = await kura(args);
    mine.push(r);
    return r;
  };
  /** `kura attest sign` of this flow's attestation with key file `key`. */
  const signWith = (key: string, role = 'exchange') => [
    ...['attest', 'sign', '--attestation', p('attestation.json')],
    ...['--key', p(key), '--role', role],
  ];
  /** `kura tree build` of `input` with this flow's assets and round, secret `secret`, into `out`. */
  const buildWith = (input: string, secret: string, out: string) => [
    ...['tree', 'build', '--input', p(input), '--assets', p('assets.json')],
    ...['--round', p('round.json'), '--secret', p(secret), '--out', p(out)],
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kura-secrets-1-'));
    jsonFile(p('round.json'), ROUND);
    jsonFile(p('assets.json'), ASSETS);
    // 400 customers whose totals stay below the fixture's reserves (1.7 BTC, 5 ETH, 1000 USDC)
    const rows = ['uid,BTC,ETH,USDC'];
    for (let i = 0; i < 400; i++)
      rows.push(
        `customer-${i}@example.com,0.00${String(i % 40).padStart(3, '0')},0.00${i % 9},0.${i % 7}`
      );
    writeFileSync(p('users.csv'), `${rows.join('\n')}\n`);
    expect((await k(['keys', 'secret', '--out', p('secret.hex')])).code).toBe(0);
    for (const [f, alg, role] of [
      ['exchange.key', 'ed25519', 'exchange'],
      ['auditor.key', 'ecdsa-secp256k1', 'auditor'],
    ] as const)
      expect(
        (await k(['keys', 'gen', '--alg', alg, '--out', p(f), '--role', role, '--json'])).code
      ).toBe(0);
    jsonFile(p('trust.json'), {
      version: 'kura-trust/1',
      keys: ['exchange.key', 'auditor.key'].map((f) =>
        JSON.parse(readFileSync(p(`${f}.pub.json`), 'utf8'))
      ),
    });
    const secret = hexToBytes(readFileSync(p('secret.hex'), 'utf8').trim());
    const roundKey = deriveRoundKey(secret, roundId(parseRound(ROUND)));
    needles = [
      ...forms('master secret', secret),
      ...forms('round key', roundKey),
      ...['exchange.key', 'auditor.key'].flatMap((f) =>
        forms(f, parseKeyFile(readFileSync(p(f)), p(f)).privateKey)
      ),
    ];
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the whole flow (every command succeeds)', async () => {
    const tree = p('tree');
    const ok = async (args: string[], want = 0) => {
      const r = await k(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(want);
      return r;
    };
    await ok([...buildWith('users.csv', 'secret.hex', 'tree'), '--json']);
    const proof = await ok([
      'tree',
      'proof',
      '--tree',
      tree,
      '--secret',
      p('secret.hex'),
      '--uid',
      'customer-7@example.com',
    ]);
    writeFileSync(p('proof.json'), proof.stdout);
    await ok([
      'tree',
      'proof',
      '--tree',
      tree,
      '--secret',
      p('secret.hex'),
      '--all',
      '--out',
      p('proofs'),
    ]);
    const rc = JSON.parse(readFileSync(join(tree, 'root.json'), 'utf8')).rootCommitment as string;
    await ok(['tree', 'verify', '--proof', p('proof.json'), '--root-commitment', rc, '--json']);
    // reserves evidence (the fixture's, for this round) and the policy
    writeFileSync(p('evidence.json'), `${JSON.stringify(evidence(), null, 2)}\n`);
    jsonFile(p('inputs.json'), {
      ...jpInputs(),
      round: { exchange: ROUND.exchange, period: ROUND.period },
      prices: [
        {
          asset: 'BTC',
          price: '15000000.5',
          currency: 'JPY',
          source: 'fixture',
          time: ROUND.snapshotTime,
        },
        {
          asset: 'ETH',
          price: '500000',
          currency: 'JPY',
          source: 'fixture',
          time: ROUND.snapshotTime,
        },
        {
          asset: 'USDC',
          price: '150.25',
          currency: 'JPY',
          source: 'fixture',
          time: ROUND.snapshotTime,
        },
      ],
    });
    const pol = await k([
      'policy',
      'check',
      '--policy',
      'JP-FSA-2026',
      '--inputs',
      p('inputs.json'),
      '--liabilities',
      join(tree, 'root.json'),
      '--reserves',
      p('evidence.json'),
      '--out',
      p('policy-eval.json'),
    ]);
    expect([0, 1], pol.stderr).toContain(pol.code);
    jsonFile(p('policy.json'), policy());
    jsonFile(p('scope.json'), SCOPE);
    await ok([
      'attest',
      'create',
      '--root',
      join(tree, 'root.json'),
      '--evidence',
      p('evidence.json'),
      '--evidence-out',
      p('evidence-merged.json'),
      '--policy-result',
      p('policy.json'),
      '--scope',
      p('scope.json'),
      '--exchange-name',
      'Example Exchange K.K.',
      '--issued-at',
      '2026-12-05T00:00:00Z',
      '--out',
      p('attestation.json'),
    ]);
    await ok(signWith('exchange.key'));
    await ok(signWith('auditor.key', 'auditor'));
    const v = await k([
      'attest',
      'verify',
      '--attestation',
      p('attestation.json'),
      '--trust',
      p('trust.json'),
      '--json',
    ]);
    expect([0, 1]).toContain(v.code); // valid, or NOT_COVERED / EXPIRED by the wall clock
    expect(JSON.parse(v.stdout).code ?? 'OK').not.toMatch(/SIGNATURE|KEY|TRUST/);
  }, 180_000);

  it('failing commands do not echo secrets in their messages', async () => {
    // a corrupted secret file, a key file with a damaged private key, the wrong secret
    const sec = readFileSync(p('secret.hex'), 'utf8').trim();
    writeFileSync(p('bad-secret.hex'), `${sec.slice(0, 63)}Z\n`);
    writeFileSync(p('short-secret.hex'), `${sec.slice(0, 60)}\n`);
    const key = JSON.parse(readFileSync(p('exchange.key'), 'utf8')) as Record<string, string>;
    jsonFile(p('bad.key'), { ...key, privateKey: `${key.privateKey!.slice(0, 62)}zz` });
    jsonFile(p('odd.key'), { ...key, privateKey: `${key.privateKey}00`, extra: key.privateKey });
    jsonFile(p('wrong-pub.key'), { ...key, publicKey: '00'.repeat(32) });
    const other = p('other-secret.hex');
    writeFileSync(other, `${'ab'.repeat(32)}\n`);
    const fails = [
      ['tree', 'proof', '--tree', p('tree'), '--secret', p('bad-secret.hex'), '--uid', 'x'],
      ['tree', 'proof', '--tree', p('tree'), '--secret', p('short-secret.hex'), '--uid', 'x'],
      ['tree', 'proof', '--tree', p('tree'), '--secret', other, '--uid', 'customer-1@example.com'],
      buildWith('users.csv', 'bad-secret.hex', 'tree2'),
      signWith('bad.key'),
      signWith('odd.key'),
      signWith('wrong-pub.key'),
      signWith('secret.hex'),
      ['tree', 'verify', '--proof', p('secret.hex'), '--root-commitment', '00'.repeat(32)],
      [
        'policy',
        'check',
        '--policy',
        p('secret.hex'),
        '--inputs',
        p('inputs.json'),
        '--liabilities',
        join(p('tree'), 'root.json'),
        '--reserves',
        p('evidence.json'),
      ],
      ['attest', 'verify', '--attestation', p('attestation.json'), '--trust', p('exchange.key')],
      buildWith('exchange.key', 'secret.hex', 'tree3'),
    ];
    const results = await Promise.all(fails.map((args) => k(args)));
    for (const r of results) {
      expect(r.code, `${r.args.join(' ')} should fail`).not.toBe(0);
      expect(r.stderr + r.stdout, r.args.join(' ')).toMatch(/\S/);
    }
    const l = leaks([], needles, mine);
    expect(l).toEqual([]);
  }, 120_000);

  it('kura serve: logs, replies and errors hold no secret and no bearer token', async () => {
    const token = `tok-${'s3cr3t'.repeat(8)}`;
    writeFileSync(p('token.txt'), `${token}\n`, { mode: 0o600 });
    const c = spawn(
      process.execPath,
      [
        ...[KURA, 'serve', '--tree', p('tree'), '--secret', p('secret.hex')],
        ...['--token-file', p('token.txt'), '--port', '0', '--access-log'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    const r: Run = { args: ['serve'], code: null, stdout: '', stderr: '' };
    c.stdout.on('data', (d: Buffer) => {
      r.stdout += d.toString('latin1');
    });
    c.stderr.on('data', (d: Buffer) => {
      r.stderr += d.toString('latin1');
    });
    const deadline = Date.now() + 60_000;
    while (!/listening on (http:\/\/\S+)/.test(r.stdout) && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 20));
    const base = /listening on (http:\/\/\S+)/.exec(r.stdout)![1]!;
    const replies: string[] = [];
    const ask = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, init);
      replies.push(await res.text());
      return res.status;
    };
    const auth = { authorization: `Bearer ${token}` };
    expect(await ask('/v1/proof?uid=customer-3%40example.com', { headers: auth })).toBe(200);
    expect(await ask('/v1/proof?uid=nobody', { headers: auth })).toBe(404);
    expect(await ask('/v1/proof?uid=x', { headers: { authorization: 'Bearer wrong' } })).toBe(401);
    expect(
      await ask('/v1/proof', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{"uid": ',
      })
    ).toBe(400);
    expect(await ask('/healthz')).toBe(200);
    c.kill('SIGTERM');
    r.code = await new Promise((res) => c.on('close', res));
    mine.push(r);
    const tok = [{ what: 'bearer token', bytes: Buffer.from(token) }];
    expect(leaks([], [...needles, ...tok], [r])).toEqual([]);
    const asRun: Run = { args: ['serve replies'], code: 0, stdout: replies.join('\n'), stderr: '' };
    expect(leaks([], [...needles, ...tok], [asRun])).toEqual([]);
    // the proof reply carries the customer's nonce, never the round key it is derived from
    expect(replies[0]).toMatch(/"nonce"/);
  }, 120_000);

  it('no file produced and no output holds a secret; only the secret and key files do', () => {
    const files = walk(dir);
    expect(files.length).toBeGreaterThan(20);
    const holders = holdersOf(dir, files, needles);
    expect(holders.sort()).toEqual(
      [
        'auditor.key',
        'bad-secret.hex',
        'bad.key',
        'exchange.key',
        'odd.key',
        'secret.hex',
        'short-secret.hex',
        'wrong-pub.key',
      ].sort()
    );
    expect(leaks([], needles, mine)).toEqual([]);
    for (const f of ['secret.hex', 'exchange.key', 'auditor.key'])
      expect(statSync(p(f)).mode & 0o077, f).toBe(0);
  });
});

describe('flow 2: kura run and kura audit on real nodes (the demo exchange)', () => {
  let dir: string;
  let stop: (() => Promise<void>) | undefined;
  let needles: { what: string; bytes: Buffer }[] = [];
  const mine: Run[] = [];
  let inputs: Set<string>;
  const secretHolders = ['secret.hex', 'exchange.key', 'auditor.key', 'kura.json'];

  beforeAll(async () => {
    const { setupDemo, demoAudit } = await import('../../packages/demo/src/pipeline.js');
    const { DEMO_FILES } = await import('../../packages/demo/src/exchange.js');
    dir = mkdtempSync(join(tmpdir(), 'kura-secrets-2-'));
    const demo = await setupDemo({ dir, customers: 300 });
    stop = () => demo.stop();
    inputs = new Set(walk(dir).map((f) => relative(dir, f)));
    const r = await kura(['run', '--config', demo.config, '--json']);
    mine.push(r);
    if (r.code !== 0) throw new Error(`kura run failed (${r.code}): ${r.stderr}`);
    const pub = JSON.parse(r.stdout).publication as string;
    await demoAudit(demo, pub);
    // a failing run: a config whose secret file is damaged
    const cfg = JSON.parse(readFileSync(demo.config, 'utf8')) as Record<string, unknown>;
    const sec = readFileSync(join(dir, DEMO_FILES.secret), 'utf8').trim();
    writeFileSync(join(dir, 'broken-secret.hex'), `${sec.slice(0, 40)}\n`, { mode: 0o600 });
    writeFileSync(
      join(dir, 'broken.json'),
      JSON.stringify({
        ...cfg,
        keys: { ...(cfg.keys as object), masterSecret: 'broken-secret.hex' },
        workDir: 'work-broken',
      }),
      { mode: 0o600 }
    );
    mine.push(await kura(['run', '--config', join(dir, 'broken.json')]));
    secretHolders.push('broken-secret.hex', 'broken.json');

    const secret = hexToBytes(sec);
    const round = parseRound((cfg as { round: unknown }).round);
    needles = [
      ...forms('master secret', secret),
      ...forms('round key', deriveRoundKey(secret, roundId(round))),
      ...[DEMO_FILES.exchangeKey, DEMO_FILES.auditorKey].flatMap((f) =>
        forms(f, parseKeyFile(readFileSync(join(dir, f)), f).privateKey)
      ),
      { what: 'bcoin API key', bytes: Buffer.from(demo.bcoin.apiKey) },
    ];
  }, 300_000);
  afterAll(async () => {
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('kura run and kura audit produced the publication, the work dir and the audit report', () => {
    const produced = walk(dir).filter((f) => !inputs.has(relative(dir, f)));
    expect(produced.length).toBeGreaterThan(300);
    expect(produced.some((f) => f.includes(`${join('publication', 'attestation.json')}`))).toBe(
      true
    );
    expect(mine[1]!.code).not.toBe(0);
  });

  it('no file (produced or input) and no output holds a secret, except the secret holders', () => {
    const files = walk(dir);
    const holders = holdersOf(dir, files, needles);
    expect(holders.sort()).toEqual(
      secretHolders.filter((h) => files.includes(join(dir, h))).sort()
    );
    expect(leaks([], needles, mine)).toEqual([]);
  });
});

describe('flow 3: kura run and kura audit with every key in a SoftHSM2 token (issue 14)', () => {
  let dir: string;
  let stop: (() => Promise<void>) | undefined;
  let needles: { what: string; bytes: Buffer }[] = [];
  const mine: Run[] = [];
  let pinFile: string;

  beforeAll(async () => {
    const { setupDemo, demoAudit } = await import('../../packages/demo/src/pipeline.js');
    const { DEMO_FILES } = await import('../../packages/demo/src/exchange.js');
    const { openTokenSecret, parsePkcs11Uri } = await import('@kura/pkcs11');
    dir = mkdtempSync(join(tmpdir(), 'kura-secrets-3-'));
    const demo = await setupDemo({ dir, customers: 300, hsm: true });
    stop = () => demo.stop();
    const r = await kura(['run', '--config', demo.config, '--json']);
    mine.push(r);
    if (r.code !== 0) throw new Error(`kura run failed (${r.code}): ${r.stderr}`);
    const pub = JSON.parse(r.stdout).publication as string;
    await demoAudit(demo, pub);
    pinFile = join(dir, DEMO_FILES.hsm, 'pin.txt');
    const pin = readFileSync(pinFile, 'utf8').trim();
    // failing commands: a wrong PIN (itself a secret-looking string), a missing object, a
    // pin-value on the command line
    const wrongPin = 'f00dfeed-wrong-pin-7731';
    writeFileSync(join(dir, 'wrong-pin.txt'), `${wrongPin}\n`, { mode: 0o600 });
    const withPin = (uri: string, src: string) =>
      uri.replace(/pin-source=[^&]*/, `pin-source=${src}`);
    const tree = join(dir, DEMO_FILES.workDir, 'tree');
    for (const args of [
      [
        'tree',
        'proof',
        '--tree',
        tree,
        '--uid',
        'x',
        '--secret',
        withPin(demo.keys.masterSecret, `file:${join(dir, 'wrong-pin.txt')}`),
      ],
      [
        'tree',
        'proof',
        '--tree',
        tree,
        '--uid',
        'x',
        '--secret',
        demo.keys.masterSecret.replace('object=master-secret', 'object=nope'),
      ],
      [
        'tree',
        'proof',
        '--tree',
        tree,
        '--uid',
        'x',
        '--secret',
        demo.keys.masterSecret.replace(/&pin-source=[^&]*/, `&pin-value=${pin}`),
      ],
      [
        'attest',
        'sign',
        '--attestation',
        join(pub, 'attestation.json'),
        '--key',
        demo.keys.exchange,
        '--role',
        'auditor',
        '--out',
        join(dir, 'x.json'),
      ],
    ]) {
      const f = await kura(args);
      mine.push(f);
      expect(f.code, f.stderr).toBe(2);
    }
    const cfg = JSON.parse(readFileSync(demo.config, 'utf8')) as { round: unknown };
    const roundKey = deriveRoundKey(
      openTokenSecret(parsePkcs11Uri(demo.keys.masterSecret)),
      roundId(parseRound(cfg.round))
    );
    needles = [
      { what: 'PIN', bytes: Buffer.from(pin) },
      { what: 'wrong PIN', bytes: Buffer.from(wrongPin) },
      ...forms('round key', roundKey),
      { what: 'bcoin API key', bytes: Buffer.from(demo.bcoin.apiKey) },
    ];
  }, 300_000);
  afterAll(async () => {
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('no secret or private key file exists: the master secret and keys stay in the token', () => {
    const files = walk(dir).map((f) => relative(dir, f));
    for (const n of ['secret.hex', 'exchange.key', 'auditor.key']) expect(files).not.toContain(n);
    expect(files.some((f) => f.endsWith('publication/attestation.json'))).toBe(true);
  });

  it('no file and no output holds the PIN or the round key, except the PIN files and the config', () => {
    const files = walk(dir);
    const holders = holdersOf(dir, files, needles);
    // the PIN files; the config (it names the bcoin URL with its API key)
    expect(holders.sort()).toEqual(['hsm/pin.txt', 'kura.json', 'wrong-pin.txt'].sort());
    expect(leaks([], needles, mine)).toEqual([]);
    // no object handle, no PIN in any message
    for (const r of mine.slice(1)) expect(r.stderr).not.toMatch(/handle|pin-value=/i);
    expect(mine[3]!.stderr).toMatch(/pin-value is refused/);
    expect(mine[1]!.stderr).toMatch(/PKCS11_PIN_INCORRECT/);
    expect(mine[2]!.stderr).toMatch(/PKCS11_OBJECT_NOT_FOUND/);
    expect(mine[4]!.stderr).toMatch(/PKCS11_KEY_ROLE/);
  });
});
