/**
 * The demo pipeline end to end, without a terminal, against real nodes: bcoin regtest, anvil and
 * a throw-away PostgreSQL holding the customers' balances. The synthetic exchange is built
 * in-process (its nodes stay up for the whole file); `kura run` runs as the real CLI process.
 *
 * Checked: `kura attest verify` accepts the counter-signed attestation with the publication's
 * trust file; sampled customers' proofs verify with `kura tree verify` and carry exactly their
 * PostgreSQL balances; SHA256SUMS matches (`sha256sum -c`); no secret appears in any published
 * file or in the work-dir outputs meant for publication; proof files are named by the keyed id
 * and the publication server lists nothing; the web verifier in Chromium, served from the
 * publication, verifies a customer's proof; a re-run redoes no step and keeps the attestation
 * bytes; runs killed with SIGKILL mid-way (after the tree, during the proof export) complete on
 * re-run with the identical attestation; a month that is not covered exits 1 and says so; the
 * demo entry itself runs, exits and leaves no node processes, serves on a terminal until Ctrl-C,
 * and stops its nodes when interrupted.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAttestationBytes } from '@kura/attest';
import { hexToBytes } from '@kura/codec';
import { deriveRoundKey, parseRound, proofFileId, roundId } from '@kura/tree';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILES } from '../../packages/demo/src/exchange.js';
import { type DemoHandle, demoAudit, setupDemo } from '../../packages/demo/src/pipeline.js';
import { serveDirectory, VERIFIER_PATH } from '../../packages/demo/src/serve.js';
import { checkSums } from '../../packages/month/src/publication.js';
import { startPostgres, type TestPostgres } from '../setup/postgres.js';
import {
  childGroups,
  DEMO_BIN,
  KURA_BIN,
  kura,
  processGroup,
  type Run,
  start,
  until,
  walk,
} from './helpers/kura.js';

const CUSTOMERS = 3000;

let db: TestPostgres;
let demo: DemoHandle;
let dir: string;
let first: Run;
let summary: {
  pass: boolean;
  users: number;
  publication: string;
  workDir: string;
  rootCommitment: string;
  attestationSha256: string;
  steps: { id: string; status: string }[];
};
let pub: string;
let work: string;

const read = (p: string) => readFileSync(p);
const json = <T>(r: Run): T => JSON.parse(r.stdout) as T;

describe('the demo pipeline (bcoin, anvil, PostgreSQL)', () => {
  beforeAll(async () => {
    db = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), 'kura-e2e-demo-'));
    demo = await setupDemo({ dir, customers: CUSTOMERS, postgres: db.url });
    first = await kura(['run', '--config', demo.config, '--json']);
    if (first.code !== 0) throw new Error(`kura run failed (${first.code}): ${first.stderr}`);
    summary = json(first);
    pub = summary.publication;
    work = summary.workDir;
    await demoAudit(demo, pub);
  });

  afterAll(async () => {
    await demo?.stop();
    await db?.stop();
  });

  it('runs the month: every step done, liabilities read from PostgreSQL, covered', () => {
    expect(summary.pass).toBe(true);
    expect(summary.users).toBe(CUSTOMERS);
    expect(summary.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      'liabilities:done',
      'tree:done',
      'btc:done',
      'ltc:done',
      'eth:done',
      'xrp:done',
      'evidence:done',
      'policy:done',
      'attestation:done',
      'proofs:done',
      'publish:done',
    ]);
  });

  it('kura attest verify accepts the counter-signed attestation with the published trust file', async () => {
    const r = await kura([
      'attest',
      'verify',
      '--attestation',
      join(pub, 'attestation.json'),
      '--trust',
      join(pub, 'trust.json'),
      '--root',
      join(pub, 'root.json'),
      '--evidence',
      join(pub, 'evidence.json'),
      '--json',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const v = json<{ ok: boolean; signers: { role: string }[]; coverage: { pass: boolean } }>(r);
    expect(v.ok).toBe(true);
    expect(v.signers.map((s) => s.role).sort()).toEqual(['auditor', 'exchange']);
    expect(v.coverage.pass).toBe(true);
  });

  it('sampled customers’ proofs verify with kura tree verify and hold their PostgreSQL balances', async () => {
    const index = readFileSync(join(work, 'proofs', 'index.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { uid: string; file: string; sha256: string });
    expect(index).toHaveLength(CUSTOMERS);
    const att = parseAttestationBytes(read(join(pub, 'attestation.json')));
    const round = att.round;
    writeFileSync(join(dir, 'att-round.json'), JSON.stringify(round));
    writeFileSync(join(dir, 'att-assets.json'), JSON.stringify(att.liabilities.assets));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const picks = [0, 1, 1234, 2999, 777].map((i) => index[i]!);
      for (const p of picks) {
        const file = join(pub, p.file);
        const r = await kura([
          'tree',
          'verify',
          '--proof',
          file,
          '--root-commitment',
          att.liabilities.rootCommitment,
          '--round',
          join(dir, 'att-round.json'),
          '--assets',
          join(dir, 'att-assets.json'),
          '--json',
        ]);
        expect(r.code, r.stdout).toBe(0);
        expect(json<{ ok: boolean; uid: string }>(r)).toMatchObject({ ok: true, uid: p.uid });
        const proof = JSON.parse(readFileSync(file, 'utf8')) as { balances: string[] };
        const row = await client.query(
          `SELECT ("BTC" * 1e8)::numeric(40,0)::text AS b, ("ETH" * 1e18)::numeric(60,0)::text AS e, ("USDC" * 1e6)::numeric(40,0)::text AS u, ("LTC" * 1e8)::numeric(40,0)::text AS l, ("XRP" * 1e6)::numeric(40,0)::text AS x FROM kura_demo_balances WHERE uid = $1`,
          [p.uid]
        );
        const b = row.rows[0];
        expect(proof.balances).toEqual([b.b, b.e, b.u, b.l, b.x]);
        // the file is named by the keyed id only the secret holder can compute
        const secret = hexToBytes(readFileSync(join(dir, DEMO_FILES.secret), 'utf8').trim());
        expect(p.file).toBe(`proofs/${proofFileId(secret, parseRound(round), p.uid)}.json`);
      }
    } finally {
      await client.end();
    }
  });

  it('SHA256SUMS matches every published file (sha256sum -c) and covers all but the proofs', () => {
    const r = spawnSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], {
      cwd: pub,
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(checkSums(pub).ok).toBe(true);
    const listed = readFileSync(join(pub, 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.slice(66));
    const files = walk(pub)
      .map((f) => relative(pub, f))
      .filter((f) => f !== 'SHA256SUMS' && !f.startsWith('proofs/'));
    expect(listed.sort()).toEqual(files.sort());
    for (const f of [
      'attestation.json',
      'evidence.json',
      'root.json',
      'policy/JP-FSA-2026.json',
      'policy-inputs.json',
      'policy-evaluation.json',
      'trust.json',
      'verifier/index.html',
      'verifier/kura-verifier.html',
    ])
      expect(listed).toContain(f);
    expect(readdirSync(join(pub, 'proofs'))).toHaveLength(CUSTOMERS);
  });

  it('no secret material in the publication or in the work-dir outputs meant for it', () => {
    const secretHex = readFileSync(join(dir, DEMO_FILES.secret), 'utf8').trim();
    const keys = [DEMO_FILES.exchangeKey, DEMO_FILES.auditorKey].map(
      (k) => (JSON.parse(readFileSync(join(dir, k), 'utf8')) as { privateKey: string }).privateKey
    );
    const att = parseAttestationBytes(read(join(pub, 'attestation.json')));
    const roundKey = Buffer.from(
      deriveRoundKey(hexToBytes(secretHex), roundId(att.round))
    ).toString('hex');
    const needles = [
      secretHex,
      Buffer.from(secretHex, 'hex').toString('base64'),
      ...keys,
      roundKey,
      demo.bcoin.apiKey,
      db.url,
    ];
    const files = [
      ...walk(pub),
      join(work, 'attestation.json'),
      join(work, 'policy-evaluation.json'),
      join(work, 'tree', 'root.json'),
      ...walk(join(work, 'evidence')),
      ...walk(join(work, 'proofs', 'public')),
    ];
    expect(files.length).toBeGreaterThan(2 * CUSTOMERS);
    for (const f of files) {
      const text = readFileSync(f, 'latin1').toLowerCase();
      for (const n of needles)
        expect(text.includes(n.toLowerCase()), `${n.slice(0, 8)}… in ${f}`).toBe(false);
    }
    // the uid → file index stays private; secrets and the config are mode 0600
    expect(walk(pub).some((f) => f.endsWith('index.jsonl'))).toBe(false);
    for (const f of [
      DEMO_FILES.secret,
      DEMO_FILES.exchangeKey,
      DEMO_FILES.auditorKey,
      DEMO_FILES.config,
    ])
      expect(statSync(join(dir, f)).mode & 0o077).toBe(0);
    expect(statSync(join(work, 'proofs', 'index.jsonl')).mode & 0o077).toBe(0);
  });

  it('the publication server lists no directory and serves nothing outside it', async () => {
    const s = await serveDirectory(pub);
    try {
      expect((await fetch(`${s.url}/proofs/`)).status).toBe(404);
      expect((await fetch(`${s.url}/proofs`)).status).toBe(404);
      expect((await fetch(`${s.url}/%2e%2e/${DEMO_FILES.secret}`)).status).toBe(404);
      expect((await fetch(`${s.url}/../../etc/passwd`)).status).toBe(404);
      const home = await fetch(s.url, { redirect: 'manual' });
      expect(home.status).toBe(302);
      expect(home.headers.get('location')).toContain('attestation=/attestation.json');
      const page = await fetch(`${s.url}/verifier/index.html`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const att = await fetch(`${s.url}/attestation.json`);
      expect(Buffer.from(await att.arrayBuffer())).toEqual(read(join(pub, 'attestation.json')));
    } finally {
      await s.close();
    }
  });

  it('the web verifier in Chromium, served from the publication, verifies a customer’s proof', async () => {
    const index = readFileSync(join(work, 'proofs', 'index.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const sample = JSON.parse(index[42]!) as { uid: string; file: string };
    const s = await serveDirectory(pub);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      // the page runs its verifier chunk from a blob: URL of its own origin (in memory, no network)
      const ownBlob = `blob:${new URL(s.url).origin}/`;
      page.on('request', (r) => {
        if (!r.url().startsWith(s.url) && !r.url().startsWith(ownBlob)) elsewhere.push(r.url());
      });
      await page.goto(`${s.url}${VERIFIER_PATH}&lang=en`);
      await page.waitForSelector('html[data-ready="true"]');
      const runs = () => page.evaluate(() => Number(document.documentElement.dataset.runs ?? '0'));
      const before = await runs();
      await page.setInputFiles('#file-proof', join(pub, sample.file));
      await page.waitForFunction(
        (n) => Number(document.documentElement.dataset.runs ?? '0') > n,
        before
      );
      expect(await page.getAttribute('[data-verdict]', 'data-verdict')).toBe('pass');
      const states = await page.$$eval('[data-check]', (els) =>
        Object.fromEntries(
          els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-state')])
        )
      );
      for (const id of [
        'leaf',
        'path',
        'root',
        'exchangeSig',
        'auditorSig',
        'document',
        'coverage',
      ])
        expect(states[id], id).toBe('pass');
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
      await s.close();
    }
  });

  it('a re-run redoes no step and leaves the attestation bytes (and the counter-signature) alone', async () => {
    const before = read(join(pub, 'attestation.json'));
    const workAtt = read(join(work, 'attestation.json'));
    const r = await kura(['run', '--config', demo.config, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = json<typeof summary>(r);
    expect(s.steps.map((x) => `${x.id}:${x.status}`)).toEqual([
      'liabilities:unchanged',
      'tree:skipped',
      'btc:skipped',
      'ltc:skipped',
      'eth:skipped',
      'xrp:skipped',
      'evidence:skipped',
      'policy:skipped',
      'attestation:skipped',
      'proofs:skipped',
      'publish:skipped',
    ]);
    expect(read(join(pub, 'attestation.json'))).toEqual(before);
    expect(read(join(work, 'attestation.json'))).toEqual(workAtt);
    expect(parseAttestationBytes(before).signatures.map((x) => x.role)).toEqual([
      'exchange',
      'auditor',
    ]);
  });

  it('runs killed with SIGKILL after the tree and during the proof export complete on re-run', async () => {
    // a second work directory for the same month
    const cfg2 = join(dir, 'kura-2.json');
    const c = JSON.parse(readFileSync(demo.config, 'utf8')) as Record<string, unknown>;
    writeFileSync(cfg2, JSON.stringify({ ...c, workDir: 'work-2' }, null, 2), { mode: 0o600 });
    const work2 = join(dir, 'work-2');
    const state = () => {
      try {
        return JSON.parse(readFileSync(join(work2, 'state.json'), 'utf8')) as {
          steps: Record<string, unknown>;
        };
      } catch {
        return { steps: {} };
      }
    };

    // kill 1: as soon as the tree step is recorded
    const a = start(KURA_BIN, ['run', '--config', cfg2, '--json']);
    await until('the tree step', () => 'tree' in state().steps || a.child.exitCode !== null);
    a.child.kill('SIGKILL');
    const ra = await a.done;
    expect(ra.signal).toBe('SIGKILL');
    expect(existsSync(join(work2, 'publication'))).toBe(false);

    // kill 2: while the proofs are being written (their temporary directory exists)
    const b = start(KURA_BIN, ['run', '--config', cfg2, '--json']);
    await until(
      'the proof export',
      () =>
        readdirSync(work2).some((e) => e.startsWith('.proofs.tmp-')) || b.child.exitCode !== null
    );
    b.child.kill('SIGKILL');
    const rb = await b.done;
    expect(rb.signal).toBe('SIGKILL');
    expect(state().steps).not.toHaveProperty('proofs');
    expect(existsSync(join(work2, 'publication'))).toBe(false);

    // the re-run resumes: what finished is skipped, the rest is done, the result is the same
    const r = await kura(['run', '--config', cfg2, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = json<typeof summary>(r);
    const status = Object.fromEntries(s.steps.map((x) => [x.id, x.status]));
    expect(status.tree).toBe('skipped');
    expect(status.attestation).toBe('skipped');
    expect(status.proofs).toBe('done');
    expect(status.publish).toBe('done');
    expect(readdirSync(work2).filter((e) => e.includes('.tmp'))).toEqual([]);
    expect(read(join(work2, 'attestation.json'))).toEqual(read(join(work, 'attestation.json')));
    expect(checkSums(join(work2, 'publication')).ok).toBe(true);
    expect(readdirSync(join(work2, 'publication', 'proofs')).sort()).toEqual(
      readdirSync(join(pub, 'proofs')).sort()
    );
    const v = await kura([
      'attest',
      'verify',
      '--attestation',
      join(work2, 'publication', 'attestation.json'),
      '--trust',
      join(work2, 'publication', 'trust.json'),
      '--require-roles',
      'exchange',
    ]);
    expect(v.code, v.stdout).toBe(0);
  });

  it('a month that is not covered: exit 1, a published attestation that says so, verify exit 1', async () => {
    // the same books with ten times the trading volume: the JP-FSA-2026 reserve hits its ¥40bn cap
    const inputs = JSON.parse(readFileSync(join(dir, DEMO_FILES.policyInputs), 'utf8'));
    for (const v of inputs.tradingVolumes) v.amount = `${v.amount}0000`;
    writeFileSync(join(dir, 'inputs-3.json'), JSON.stringify(inputs, null, 2));
    const c = JSON.parse(readFileSync(demo.config, 'utf8'));
    const cfg3 = join(dir, 'kura-3.json');
    writeFileSync(
      cfg3,
      JSON.stringify({ ...c, workDir: 'work-3', policy: { ...c.policy, inputs: 'inputs-3.json' } }),
      { mode: 0o600 }
    );
    const r = await kura(['run', '--config', cfg3, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const s = json<typeof summary & { requiredReserve: string; policy: { pass: boolean } }>(r);
    expect(s.pass).toBe(false);
    expect(s.policy.pass).toBe(false);
    expect(s.requiredReserve).toBe('40000000000');
    const pub3 = join(dir, 'work-3', 'publication');
    expect(checkSums(pub3).ok).toBe(true);
    const v = await kura([
      'attest',
      'verify',
      ...['--attestation', join(pub3, 'attestation.json'), '--trust', join(pub3, 'trust.json')],
      ...['--require-roles', 'exchange', '--json'],
    ]);
    expect(v.code).toBe(1);
    expect(json<{ code: string }>(v).code).toBe('NOT_COVERED');
  });
});

describe('the demo entry (npm run demo) without a terminal', () => {
  it('runs, prints a JSON summary, exits and leaves no node running', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kura-e2e-demo-main-'));
    const r = await start(DEMO_BIN, ['--customers', '400', '--dir', join(d, 'demo'), '--json'])
      .done;
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      pass: boolean;
      users: number;
      nodes: { bcoin: number; anvil: number };
      assets: { asset: string; pass: boolean }[];
      requiredReserve: string;
    };
    expect(s.pass).toBe(true);
    expect(s.users).toBe(400);
    expect(s.assets.map((a) => `${a.asset}:${a.pass}`)).toEqual([
      'BTC:true',
      'ETH:true',
      'USDC:true',
      'LTC:true',
      'XRP:true',
    ]);
    expect(BigInt(s.requiredReserve)).toBeGreaterThanOrEqual(2_000_000_000n); // the JP-FSA-2026 floor
    expect(processGroup(s.nodes.bcoin)).toEqual([]);
    expect(processGroup(s.nodes.anvil)).toEqual([]);
  });

  it('on a terminal it serves the publication with the web verifier until Ctrl-C', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kura-e2e-demo-tty-'));
    // `script` gives the demo a pseudo-terminal; \x03 on it is a real Ctrl-C
    const cmd = `${process.execPath} ${DEMO_BIN} --customers 300 --dir ${join(d, 'demo')}`;
    const p = spawn('script', ['-qfec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const closed = new Promise<number | null>((r) => p.on('close', (code) => r(code)));
    await until(
      'the server',
      () => /Serving on 127\.0\.0\.1/.test(out) || p.exitCode !== null,
      120_000
    );
    const page = /Web verifier: (http:\/\/127\.0\.0\.1:\d+\S+)/.exec(out)![1]!;
    const proof =
      /drop in the proof file: (http:\/\/127\.0\.0\.1:\d+\/proofs\/[0-9a-f]{64}\.json)/.exec(
        out
      )![1]!;
    // the customer's own link opens the verifier with their proof (same origin)
    const own = new URL(/sample customer's own link: (\S+)/.exec(out)![1]!);
    expect(own.origin).toBe(new URL(proof).origin);
    expect(own.searchParams.get('proof')).toBe(new URL(proof).pathname);
    expect((await fetch(own)).status).toBe(200);
    const html = await fetch(page);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<html');
    const pr = await fetch(proof);
    expect(pr.status).toBe(200);
    expect(((await pr.json()) as { version: string }).version).toBe('kura-proof/1');
    const att = await fetch(new URL('/attestation.json', page));
    const signers = parseAttestationBytes(new Uint8Array(await att.arrayBuffer())).signatures;
    expect(signers.map((x) => x.role)).toEqual(['exchange', 'auditor']);
    p.stdin.write('\x03');
    expect(await closed).toBe(130);
    await expect(fetch(page)).rejects.toThrow();
  });

  it('stops its nodes on Ctrl-C (SIGINT)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kura-e2e-demo-int-'));
    const p = start(DEMO_BIN, ['--customers', '400', '--dir', join(d, 'demo'), '--no-serve']);
    let out = '';
    p.child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    await until(
      'the nodes',
      () => out.includes('started on 127.0.0.1') || p.child.exitCode !== null
    );
    const groups = childGroups(p.child.pid!);
    expect(groups.length).toBe(2);
    p.child.kill('SIGINT');
    const r = await p.done;
    expect(r.code).toBe(130);
    for (const g of groups) expect(processGroup(g)).toEqual([]);
  });
});
