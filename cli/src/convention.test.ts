/**
 * The CLI convention (cli/README.md), through the real `kura` process: exit codes 0 / 1 / 2,
 * `--json` on every failure, no stack trace for a user error (EISDIR, EPIPE, ENOSPC, …), all
 * missing required options at once, hex in either case, a wrong or truncated document named
 * and refused with 2, signed outputs never overwritten without --force.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, guardOutput, hexArg } from './convention.js';
import { KURA_BIN, runKura } from './testing.js';

let dir: string;
const f = (n: string) => join(dir, n);
const ROUND = {
  exchange: 'example-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const ASSETS = [
  { symbol: 'BTC', decimals: 8, network: 'bip122:000000000019d6689c085ae165831e93' },
  { symbol: 'ETH', decimals: 18, network: 'eip155:1' },
];
let rc = '';
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |node:internal|Error: /);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-convention-'));
  writeFileSync(f('round.json'), JSON.stringify(ROUND));
  writeFileSync(f('assets.json'), JSON.stringify(ASSETS));
  writeFileSync(f('users.csv'), 'uid,BTC,ETH\nalice,0.5,1\nbob,0,2.5\n');
  expect(runKura(['keys', 'secret', '--out', f('m.secret')]).code).toBe(0);
  const b = runKura([
    'tree',
    'build',
    '--input',
    f('users.csv'),
    '--assets',
    f('assets.json'),
    '--round',
    f('round.json'),
    '--secret',
    f('m.secret'),
    '--out',
    f('tree'),
    '--json',
  ]);
  expect(b.code).toBe(0);
  rc = JSON.parse(b.stdout).rootCommitment;
  const p = runKura([
    'tree',
    'proof',
    '--tree',
    f('tree'),
    '--secret',
    f('m.secret'),
    '--uid',
    'alice',
  ]);
  writeFileSync(f('alice.json'), p.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('user errors: one line, exit 2, never a stack trace', () => {
  it('EISDIR: a directory as --input', () => {
    const r = runKura([
      'tree',
      'build',
      '--input',
      dir,
      '--assets',
      f('assets.json'),
      '--round',
      f('round.json'),
      '--secret',
      f('m.secret'),
      '--out',
      f('t2'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir}: is a directory`);
    noStack(r.stderr);
  });
  it('EISDIR: a directory as any JSON file option', () => {
    const r = runKura(['tree', 'verify', '--proof', dir, '--root-commitment', rc]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a directory/);
    noStack(r.stderr);
  });
  it('EPIPE: the reader closes the pipe (kura … | true): quiet, exit 0', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${KURA_BIN}" policy explain JP-FSA-2026 | true; exit \${PIPESTATUS[0]}`,
      ],
      {
        encoding: 'utf8',
      }
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
  it('ENOSPC, EACCES: real system errors are described, not dumped', () => {
    let enospc: unknown;
    const fd = openSync('/dev/full', 'w');
    try {
      writeSync(fd, 'x');
    } catch (e) {
      enospc = e;
    } finally {
      closeSync(fd);
    }
    expect(describeFailure(enospc)).toMatchObject({ code: 'ENOSPC', internal: false });
    expect(describeFailure(enospc).message).toMatch(/no space left/);
    const eacces = Object.assign(new Error("EACCES: permission denied, open '/x/y'"), {
      code: 'EACCES',
      path: '/x/y',
      syscall: 'open',
    });
    expect(describeFailure(eacces)).toMatchObject({
      code: 'EACCES',
      file: '/x/y',
      message: '/x/y: permission denied (open)',
      internal: false,
    });
    expect(describeFailure(new TypeError('bug')).internal).toBe(true);
  });
});

describe('--json: one JSON document on every failure', () => {
  it('bad input inside a command', () => {
    const r = runKura([
      'tree',
      'verify',
      '--proof',
      f('missing.json'),
      '--root-commitment',
      rc,
      '--json',
    ]);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      ok: false,
      exitCode: 2,
      error: { code: 'BAD_INPUT', file: f('missing.json') },
    });
  });
  it('usage errors: every missing required option at once, marked in --help', () => {
    const r = runKura(['tree', 'build', '--json']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout);
    expect(j.error.code).toBe('USAGE');
    for (const o of ['--assets', '--round', '--secret', '--out'])
      expect(j.error.message).toContain(o);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const h = runKura(['tree', 'build', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/--assets <file>\s+asset list \(JSON\) \(required\)/);
    expect(h.stdout).not.toMatch(/--input <file>[^\n]*\(required\)/);
  });
  it('an unknown option: exit 2 with a JSON document', () => {
    const r = runKura(['policy', 'list', '--nope', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exitCode: 2 });
  });
});

describe('documents: truncated or another kind → could not check (2), named by version', () => {
  it('a truncated proof is exit 2, not INVALID', () => {
    writeFileSync(f('trunc.json'), readFileSync(f('alice.json'), 'utf8').slice(0, 120));
    const r = runKura(['tree', 'verify', '--proof', f('trunc.json'), '--root-commitment', rc]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('INVALID');
    expect(r.stderr).toMatch(/cannot check: .*truncated/);
    writeFileSync(f('empty.json'), '');
    expect(
      runKura(['tree', 'verify', '--proof', f('empty.json'), '--root-commitment', rc]).code
    ).toBe(2);
  });
  it('root.json given as --proof is named by its version', () => {
    const r = runKura(['tree', 'verify', '--proof', f('tree/root.json'), '--root-commitment', rc]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'this is a kura-root/1 document, expected an inclusion proof (kura-proof/1 or kura-proof/2)'
    );
  });
  it('policy check and attest create name a swapped file by its version', () => {
    writeFileSync(f('ev.json'), JSON.stringify({ version: 'kura-evidence/1' }));
    const p = runKura([
      'policy',
      'check',
      '--policy',
      'JP-FSA-2026',
      '--inputs',
      f('round.json'),
      '--liabilities',
      f('ev.json'),
      '--reserves',
      f('tree/root.json'),
      '--json',
    ]);
    expect(p.code).toBe(2);
    expect(JSON.parse(p.stdout).error.message).toContain(
      'this is a kura-evidence/1 document, expected a tree root file (root.json)'
    );
    const a = runKura([
      'attest',
      'create',
      '--root',
      f('alice.json'),
      '--evidence',
      f('ev.json'),
      '--policy-result',
      f('ev.json'),
      '--scope',
      f('ev.json'),
      '--exchange-name',
      'X',
      '--out',
      f('new-att.json'),
    ]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('this is a kura-proof/1 document, expected a tree root file');
  });
  it('kura attest verify: another kind of file or a truncated one is exit 2, not INVALID', () => {
    const r = runKura([
      'attest',
      'verify',
      '--attestation',
      f('tree/root.json'),
      '--trust',
      f('ev.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('INVALID');
    expect(r.stderr).toContain('this is a kura-root/1 document, expected an attestation');
    const t = runKura([
      'attest',
      'verify',
      '--attestation',
      f('trunc.json'),
      '--trust',
      f('ev.json'),
      '--json',
    ]);
    expect(t.code).toBe(2);
    expect(JSON.parse(t.stdout).error.message).toMatch(/cannot check: truncated or not JSON/);
  });
  it('a tampered proof is still a verdict: exit 1', () => {
    const p = JSON.parse(readFileSync(f('alice.json'), 'utf8'));
    p.balances[0] = String(BigInt(p.balances[0]) + 1n);
    writeFileSync(f('tampered.json'), JSON.stringify(p));
    expect(
      runKura(['tree', 'verify', '--proof', f('tampered.json'), '--root-commitment', rc]).code
    ).toBe(1);
  });
});

describe('directory options: not the directory the command needs → could not check (2)', () => {
  const tokenFile = () => {
    writeFileSync(f('token'), `${'t'.repeat(40)}\n`, { mode: 0o600 });
    return f('token');
  };
  const serve = (tree: string) =>
    runKura(['serve', '--tree', tree, '--secret', f('m.secret'), '--token-file', tokenFile()]);
  const proof = (tree: string) =>
    runKura(['tree', 'proof', '--tree', tree, '--secret', f('m.secret'), '--uid', 'alice']);
  const copyStore = (name: string, over: Record<string, string>) => {
    mkdirSync(f(name));
    for (const n of ['root.json', 'store.json'])
      writeFileSync(f(`${name}/${n}`), over[n] ?? readFileSync(f(`tree/${n}`)));
  };
  it('--tree of kura serve and kura tree proof: a publication-like directory, a file, a swapped or truncated root.json / store.json', () => {
    mkdirSync(f('pub-like'));
    writeFileSync(f('pub-like/root.json'), readFileSync(f('tree/root.json')));
    copyStore('swapped-root', { 'root.json': JSON.stringify({ version: 'kura-evidence/1' }) });
    copyStore('swapped-store', { 'store.json': readFileSync(f('tree/root.json'), 'utf8') });
    copyStore('trunc-store', {
      'store.json': readFileSync(f('tree/store.json'), 'utf8').slice(0, 20),
    });
    const cases: [string, RegExp][] = [
      [f('pub-like'), /pub-like: no store\.json: not a tree store directory/],
      [f('tree/root.json'), /root\.json: not a directory, expected a tree store directory/],
      [f('nowhere'), /nowhere: no such directory, expected a tree store directory/],
      [
        f('swapped-root'),
        /swapped-root\/root\.json.*this is a kura-evidence\/1 document, expected a tree root file \(root\.json\) \(kura-root\/1 or kura-root\/2\): not a tree store directory/,
      ],
      [
        f('swapped-store'),
        /swapped-store\/store\.json.*this is a kura-root\/1 document, expected a tree store's store\.json \(kura-store\/1 or kura-store\/2\)/,
      ],
      [f('trunc-store'), /trunc-store\/store\.json.*cannot check: truncated or not JSON/],
    ];
    for (const [tree, msg] of cases) {
      const r = serve(tree);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).not.toContain('listening');
      noStack(r.stderr);
      const p = proof(tree);
      expect(p.code, p.stderr).toBe(2);
      expect(p.stderr).toMatch(msg);
      expect(p.stdout).toBe('');
    }
    // the real store still works through the same check
    const ok = proof(f('tree'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).version).toBe('kura-proof/1');
  });
  it('kura reserves xrp/eth verify: a swapped or truncated --evidence / --assets is named, before any node', () => {
    const rpc = ['--rpc', 'http://127.0.0.1:9'];
    const xe = runKura(['reserves', 'xrp', 'verify', '--evidence', f('tree/root.json'), ...rpc]);
    expect(xe.code).toBe(2);
    expect(xe.stderr).toContain(
      'this is a kura-root/1 document, expected a reserves evidence file'
    );
    writeFileSync(f('ev-trunc.json'), '{"version":"kura-evidence/1","ent');
    const xt = runKura([
      'reserves',
      'xrp',
      'verify',
      '--evidence',
      f('ev-trunc.json'),
      ...rpc,
      '--json',
    ]);
    expect(xt.code).toBe(2);
    expect(JSON.parse(xt.stdout).error.message).toMatch(/cannot check: truncated or not JSON/);
    writeFileSync(f('ev.json'), JSON.stringify({ version: 'kura-evidence/1' }));
    const xa = runKura([
      'reserves',
      'xrp',
      'verify',
      '--evidence',
      f('ev.json'),
      '--assets',
      f('ev.json'),
      ...rpc,
    ]);
    expect(xa.code).toBe(2);
    expect(xa.stderr).toContain(
      'this is a kura-evidence/1 document, expected an XRPL asset table (kura-xrpl-assets/1)'
    );
    const ea = runKura([
      'reserves',
      'eth',
      'verify',
      '--evidence',
      f('ev.json'),
      '--assets',
      f('tree/root.json'),
      ...rpc,
    ]);
    expect(ea.code).toBe(2);
    expect(ea.stderr).toContain(
      'this is a kura-root/1 document, expected an Ethereum asset table (kura-eth-assets/1)'
    );
    for (const r of [xe, xt, xa, ea])
      expect(r.stderr).not.toMatch(/ECONNREFUSED|connection refused/);
  });
});

describe('every other file option of a versioned kind names a swapped file (exit 2)', () => {
  it('--round of reserves / tree verify, --key of keys pub / attest sign, --attestation of attest sign', () => {
    writeFileSync(f('ev.json'), JSON.stringify({ version: 'kura-evidence/1' }));
    const ch = runKura(['reserves', 'challenge', '--round', f('ev.json'), '--json']);
    expect(ch.code).toBe(2);
    expect(JSON.parse(ch.stdout).error.message).toContain(
      'this is a kura-evidence/1 document, expected a round file (round.json, or the root.json of kura tree build)'
    );
    // root.json is a valid --round: the round inside it
    expect(runKura(['reserves', 'challenge', '--round', f('tree/root.json')]).code).toBe(0);
    const kp = runKura(['keys', 'pub', '--key', f('tree/root.json'), '--out', f('k.pub.json')]);
    expect(kp.code).toBe(2);
    expect(kp.stderr).toContain(
      'this is a kura-root/1 document, expected a private key file (kura keys gen) (kura-key/1)'
    );
    const sg = runKura([
      'attest',
      'sign',
      '--attestation',
      f('tree/root.json'),
      '--key',
      f('nope.key'),
      '--role',
      'auditor',
    ]);
    expect(sg.code).toBe(2);
    expect(sg.stderr).toContain('this is a kura-root/1 document, expected an attestation');
    const tv = runKura([
      'tree',
      'verify',
      '--proof',
      f('alice.json'),
      '--root-commitment',
      rc,
      '--round',
      f('tree/root.json'),
    ]);
    expect(tv.code).toBe(2);
    expect(tv.stderr).toContain(
      'this is a kura-root/1 document, expected a round file (round.json: exchange, period, snapshotTime)\n'
    );
    for (const r of [ch, kp, sg, tv]) noStack(r.stderr);
  });
});

describe('hex in either case', () => {
  it('--root-commitment upper case or 0x-prefixed verifies; a bad length is exit 2', () => {
    for (const v of [rc.toUpperCase(), `0x${rc}`])
      expect(
        runKura(['tree', 'verify', '--proof', f('alice.json'), '--root-commitment', v]).code
      ).toBe(0);
    expect(
      runKura(['tree', 'verify', '--proof', f('alice.json'), '--root-commitment', rc.slice(2)]).code
    ).toBe(2);
    expect(hexArg('ABcd', '--x')).toBe('abcd');
    expect(() => hexArg('abc', '--x')).toThrow(/--x/);
  });
  it('an upper-case master secret file works like the lower-case one', () => {
    writeFileSync(f('upper.secret'), readFileSync(f('m.secret'), 'utf8').toUpperCase());
    const r = runKura([
      'tree',
      'proof',
      '--tree',
      f('tree'),
      '--secret',
      f('upper.secret'),
      '--uid',
      'alice',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(f('alice.json'), 'utf8'));
  });
});

describe('outputs never replace a signed document without --force', () => {
  it('guardOutput', () => {
    writeFileSync(
      f('signed.json'),
      JSON.stringify({ version: 'x', signatures: [{ role: 'exchange' }] })
    );
    writeFileSync(f('unsigned.json'), JSON.stringify({ version: 'x', signatures: [] }));
    expect(() => guardOutput(f('signed.json'), false)).toThrow(/signed document.*--force/);
    expect(() => guardOutput(f('signed.json'), true)).not.toThrow();
    expect(() => guardOutput(f('unsigned.json'), false)).not.toThrow();
    expect(() => guardOutput(f('unsigned.json'), false, { always: true })).toThrow(/--force/);
    mkdirSync(f('adir'));
    expect(() => guardOutput(f('adir'), true)).toThrow(/is a directory/);
  });
  it('guardOutput reads the file with the strict reader: not JSON is replaced, JSON it refuses is kept', () => {
    writeFileSync(f('notjson.json'), '{"signatures": [');
    expect(() => guardOutput(f('notjson.json'), false)).not.toThrow();
    writeFileSync(f('fraction.json'), '{"x": 1.5, "signatures": ["s"]}');
    expect(() => guardOutput(f('fraction.json'), false)).toThrow(/signed document.*--force/);
    // a duplicate member could hide a signature from one reader and show it to another
    writeFileSync(f('dup.json'), '{"signatures": ["s"], "signatures": []}');
    expect(() => guardOutput(f('dup.json'), false)).toThrow(/JSON_DUPLICATE_KEY.*--force/);
    expect(() => guardOutput(f('dup.json'), true)).not.toThrow();
  });
  it('kura attest create --out refuses a signed attestation before reading any input', () => {
    writeFileSync(
      f('att.json'),
      JSON.stringify({ version: 'kura-attestation/1', signatures: [{}] })
    );
    const r = runKura([
      'attest',
      'create',
      '--root',
      f('tree/root.json'),
      '--evidence',
      f('none.json'),
      '--policy-result',
      f('none.json'),
      '--scope',
      f('none.json'),
      '--exchange-name',
      'X',
      '--out',
      f('att.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/att\.json: exists and holds a signed document/);
  });
});

describe('the demo refuses a --dir that is not its own', () => {
  it('an existing directory with other files, or a file: exit 2, untouched', () => {
    mkdirSync(f('mine'));
    writeFileSync(f('mine/precious.txt'), 'keep me');
    const demo = join(KURA_BIN, '../demo/main.js');
    for (const d of [f('mine'), f('mine/precious.txt')]) {
      const r = spawnSync(process.execPath, [demo, '--dir', d, '--no-serve'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/not (a Kura demo directory|a directory)\b.*; choose another --dir/);
      noStack(r.stderr);
    }
    expect(readFileSync(f('mine/precious.txt'), 'utf8')).toBe('keep me');
  });
});

describe('help and references a newcomer follows', () => {
  it('kura attest create --help names a command that exists', () => {
    const h = runKura(['attest', 'create', '--help']).stdout.replace(/\s+/g, ' ');
    expect(h).not.toContain('policy evaluate');
    expect(h).toContain('kura policy check --out');
    expect(runKura(['policy', 'check', '--help']).stdout).toMatch(/--out <file>/);
  });
  it('kura policy explain points at the regulation.md it cites, which exists', () => {
    const r = runKura(['policy', 'explain', 'JP-FSA-2026']);
    expect(r.stdout).toContain('regulation.md §8.1');
    const m = /^regulation\.md \(cited above, with its sources\): (.+)$/m.exec(r.stdout);
    expect(m).not.toBeNull();
    const text = readFileSync(m![1]!, 'utf8');
    for (const s of ['## 7.', '### 7.3', '### 8.1', '## 9.', '## 10. Sources'])
      expect(text).toContain(s);
  });
  it('kura serve: a default port, and the backend holding the token is not rate limited by default', () => {
    const h = runKura(['serve', '--help']).stdout.replace(/\s+/g, ' ');
    expect(h).toMatch(/--port <port>[\s\S]*\(default: "8420"\)/);
    expect(h).toMatch(/--rate-limit <n>[\s\S]*WITHOUT the bearer token[\s\S]*\(default: "20"\)/);
    expect(h).toMatch(/--trusted-rate-limit <n>[\s\S]*\(default: "0"\)/);
    expect(h).not.toMatch(/--port <port> [^-]*\(required\)/);
  });
});
