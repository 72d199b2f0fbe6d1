#!/usr/bin/env node
// Kura conformance runner (SPEC.md §13; protocol v2: §13.6).
//
// Checks any implementation's command line against circuits-free-spec/vectors:
//   - reference/ and positive/ trees: `tree build` → root.json must match; `tree proof` for every
//     user → the proof must match the vector;
//   - negative/: `tree verify --json` must exit 1 with the expected code and level — except a
//     proof file that is empty or not JSON at all (truncated), which cannot be checked: exit 2;
//   - negative-build/: `tree build` must exit 2 and write no root.json;
//   - `tree verify` accepts each tree's first proof (exit 0, ok true) and exits 2 when it cannot
//     check (missing file, malformed --root-commitment; hex is accepted in either case).
//
// usage: node runner/conformance.mjs [options]
//   --cmd "<prefix>"     command prefix (default: node <repo>/cli/dist/main.js)
//   --vectors <dir>      vectors directory (default: the one beside this runner)
//   --only <text>        only vectors whose file path contains <text> (repeatable; the word
//                        `contract` selects the exit-code checks)
//   --max-users <N>      check `tree proof` for at most N users per tree (default: all)
//   --sample             a quick subset: one negative vector per (attack, code) pair and at most
//                        2 users per tree (unless --max-users is given)
//   --input csv|jsonl|both   input format(s) given to `tree build` (default csv)
//   --jobs <N>           parallel processes (default: available cores)
//   --expected auto|on|off   pass --round/--assets to `tree verify` (auto: when its --help lists them)
//   --timeout <ms>       per command (default 60000)
//   --protocol v1|v2|both    which vectors (default v1). v2 (SPEC.md §13.6, vectors/v2/):
//                        `tree build --protocol v2` → root.json (kura-root/2) must match; `tree
//                        proof` → every member but rangeProof must match and the implementation's
//                        own `tree verify` must accept it; `tree verify` accepts every customer's
//                        vector proof and gives every v2 negative vector its code and level
//   --v2-proofs on|off   run `tree proof` on v2 trees (default on; off for a verifier-only
//                        implementation such as plain/, which does not prove)
//   --quiet              print only failures and the closing line
// Exit code: 0 when everything passed, 1 when anything failed, 2 on a usage error.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toCsv, toJsonl } from '../plain/csv.mjs';
import { expectedProof, expectedRoot } from './expected.mjs';

export { expectedProof };

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');

// ------------------------------------------------------------------ helpers

/** Split a command prefix on spaces, honouring "double" and 'single' quotes. */
export function splitCommand(s) {
  const out = [];
  let cur = '';
  let quote = null;
  let any = false;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (quote) throw new Error('unbalanced quote in --cmd');
  if (cur || any) out.push(cur);
  return out;
}

/** Canonical text of a JSON value (sorted keys) for equality checks. */
function canon(v) {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** First path at which two JSON values differ, or null. */
function firstDiff(a, b, path = '') {
  if (canon(a) === canon(b)) return null;
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDiff(a[k], b[k], `${path}${Array.isArray(a) ? `[${k}]` : `.${k}`}`);
      if (d) return d;
    }
  }
  const show = (x) => (x === undefined ? 'missing' : JSON.stringify(x)).slice(0, 80);
  return `${path || '(value)'}: expected ${show(b)}, got ${show(a)}`;
}

/** The users of a tree vector as CSV: its own `csv` when it has one (SPEC.md §13.2). */
function csvOf(v) {
  return typeof v.csv === 'string' ? v.csv : toCsv(v.assets, v.users);
}

/** The users the runner proves for: all, or the first `--max-users`. */
function usersOf(ctx, v) {
  return ctx.maxUsers === undefined ? v.users : v.users.slice(0, ctx.maxUsers);
}

/** One vector of each (attack, code) pair (`--sample`). */
function onePerAttack(list) {
  const seen = new Set();
  return list.filter((e) => {
    const key = `${e.attack}/${e.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function semaphore(n) {
  let active = 0;
  const queue = [];
  const next = () => {
    if (active >= n || queue.length === 0) return;
    active++;
    const { fn, res, rej } = queue.shift();
    fn()
      .then(res, rej)
      .finally(() => {
        active--;
        next();
      });
  };
  return (fn) =>
    new Promise((res, rej) => {
      queue.push({ fn, res, rej });
      next();
    });
}

function run(argv, timeout) {
  return new Promise((res) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      res({ code: null, stdout: '', stderr: String(e), timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      res({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
  });
}

const brief = (r) =>
  r.timedOut
    ? 'timed out'
    : `exit ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0].slice(0, 120)}` : ''}`;

// ------------------------------------------------------------------ the checks

/** Add a row to the run's table (`ctx.report(kind, name, pass, detail)`). */
const report = (ctx, ...row) => ctx.report(...row);

/**
 * `tree build` of a vector's users, assets, round and secret written into `dir` (JSON with 2
 * spaces, or `compact`); `--height` unless the vector's is null. Returns the run, the output
 * directory and the secret's file.
 */
async function treeBuild(ctx, dir, v, { v2 = false, format = 'csv', compact = false } = {}) {
  const w = (name, text) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const json = (x) => (compact ? JSON.stringify(x) : `${JSON.stringify(x, null, 2)}\n`);
  const input =
    format === 'jsonl' ? w('users.jsonl', toJsonl(v.assets, v.users)) : w('users.csv', csvOf(v));
  const secret = w('secret', `${v.masterSecret}\n`);
  const out = join(dir, 'tree');
  const args = [
    'tree',
    'build',
    ...(v2 ? ['--protocol', 'v2'] : []),
    '--input',
    input,
    '--assets',
    w('assets.json', json(v.assets)),
    '--round',
    w('round.json', json(v.round)),
    '--secret',
    secret,
    '--out',
    out,
    '--placement',
    v.placement,
    ...(v.height === null ? [] : ['--height', String(v.height)]),
  ];
  const r = await ctx.limit(() => run([...ctx.cmd, ...args], ctx.timeout));
  return { r, out, secret };
}

/**
 * `tree proof` of every user of `v` (see {@link usersOf}) from the tree in `out`: a failed run or
 * an output that is not one JSON document is a failed `proof` row, else `check(u, label, proof,
 * stdout)` decides.
 */
function eachProof(ctx, name, v, out, secret, check) {
  return Promise.all(
    usersOf(ctx, v).map(async (u) => {
      const label = `${name} uid=${u.uid}`;
      const pr = await ctx.limit(() =>
        run(
          [...ctx.cmd, 'tree', 'proof', '--tree', out, '--secret', secret, '--uid', u.uid],
          ctx.timeout
        )
      );
      if (pr.code !== 0) return report(ctx, 'proof', label, false, `proof failed: ${brief(pr)}`);
      let p;
      try {
        p = JSON.parse(pr.stdout);
      } catch (e) {
        return report(ctx, 'proof', label, false, `stdout is not one JSON document: ${e.message}`);
      }
      return check(u, label, p, pr.stdout);
    })
  );
}

/** Run `tree build` for a tree vector, then read its root.json (or report why not). */
async function builtRoot(ctx, dir, name, v, opts) {
  const { r, out, secret } = await treeBuild(ctx, dir, v, opts);
  if (r.code !== 0) {
    report(
      ctx,
      'build',
      name,
      false,
      `build${opts.v2 ? ' --protocol v2' : ''} failed: ${brief(r)}`
    );
    return undefined;
  }
  try {
    return { root: JSON.parse(readFileSync(join(out, 'root.json'), 'utf8')), out, secret };
  } catch (e) {
    report(ctx, 'build', name, false, `root.json unreadable: ${e.message}`);
    return undefined;
  }
}

async function checkTree(ctx, file, v, format = 'csv') {
  const dir = mkdtempSync(join(ctx.tmp, 'tree-'));
  const name = format === 'jsonl' ? `${file} (jsonl)` : file;
  const built = await builtRoot(ctx, dir, name, v, { format });
  if (!built) return;
  const want = expectedRoot(v);
  const got = Object.fromEntries(Object.keys(want).map((k) => [k, built.root[k]]));
  const d = firstDiff(got, want);
  report(ctx, 'build', name, !d, d ?? `rootCommitment ${v.rootCommitment.slice(0, 16)}…`);
  if (d) return;
  await eachProof(ctx, name, v, built.out, built.secret, (u, label, p) => {
    const e = expectedProof(v, u);
    if (p && typeof p.uid === 'string') p.uid = p.uid.normalize('NFC');
    e.uid = e.uid.normalize('NFC');
    const pd = firstDiff(p, e);
    report(ctx, 'proof', label, !pd, pd ?? `position ${u.position}`);
  });
}

let verifyCounter = 0;
/**
 * `tree verify --json` of `proofText` against `rootCommitment`; with `--round`/`--assets` of
 * `expected` (those it has) when the implementation takes them. Returns the run and its JSON
 * output (null when it is not JSON).
 */
async function verifyRun(ctx, dir, proofText, rootCommitment, expected) {
  const proofPath = join(dir, `proof-${verifyCounter++}.json`);
  writeFileSync(proofPath, proofText);
  const args = [
    'tree',
    'verify',
    '--proof',
    proofPath,
    '--root-commitment',
    rootCommitment,
    '--json',
  ];
  if (ctx.expected && expected) {
    if (expected.round) {
      writeFileSync(join(dir, 'round.json'), JSON.stringify(expected.round));
      args.push('--round', join(dir, 'round.json'));
    }
    if (expected.assets) {
      writeFileSync(join(dir, 'assets.json'), JSON.stringify(expected.assets));
      args.push('--assets', join(dir, 'assets.json'));
    }
  }
  const r = await ctx.limit(() => run([...ctx.cmd, ...args], ctx.timeout));
  let out = null;
  try {
    out = JSON.parse(r.stdout);
  } catch {}
  return { r, out };
}

/**
 * `tree verify` accepts honest proofs (the vector's, not the implementation's own output): the
 * first customer's of a v1 tree, every customer's of a v2 tree.
 */
async function checkValid(ctx, file, v, v2 = false) {
  const dir = mkdtempSync(join(ctx.tmp, v2 ? 'valid2-' : 'valid-'));
  const users = v2 ? usersOf(ctx, v) : [v.users[0]];
  await Promise.all(
    users.map(async (u) => {
      const proof = v2 ? u.proof : expectedProof(v, u);
      const { r, out } = await verifyRun(
        ctx,
        dir,
        `${JSON.stringify(proof, null, 2)}\n`,
        v.rootCommitment,
        { round: v.round, assets: v.assets }
      );
      const label = `${file} uid=${u.uid}`;
      if (r.code === 0 && !out)
        return report(
          ctx,
          'verify-valid',
          label,
          false,
          `--json output is not JSON: ${r.stdout.slice(0, 80)}`
        );
      if (r.code !== 0) {
        const why = out
          ? `${out.code}@${out.level ?? '-'}: ${out.message ?? ''}`.slice(0, 160)
          : r.stdout.trim().slice(0, 120);
        return report(ctx, 'verify-valid', label, false, `expected exit 0, got ${brief(r)} ${why}`);
      }
      report(
        ctx,
        'verify-valid',
        label,
        out.ok === true,
        out.ok === true ? 'ok' : `exit 0 but ok=${out.ok}`
      );
    })
  );
}

/**
 * The exit-code contract of SPEC.md §13.3: could-not-check is 2, not 1 and not 0 (a missing
 * proof file, a malformed --root-commitment); for v2 also: hex in either case.
 */
async function checkContract(ctx, proof, rc, v2 = false) {
  const dir = mkdtempSync(join(ctx.tmp, v2 ? 'contract2-' : 'contract-'));
  const proofPath = join(dir, 'proof.json');
  writeFileSync(proofPath, JSON.stringify(proof));
  const cases = [
    ['missing proof file', join(dir, 'no-such-proof.json'), rc],
    ['--root-commitment with a non-hex character', proofPath, `${rc.slice(0, 63)}g`],
    ['--root-commitment of 31 bytes', proofPath, rc.slice(2)],
  ];
  const prefix = v2 ? 'v2 verify' : 'verify';
  await Promise.all(
    cases.map(async ([what, path, c]) => {
      const r = await ctx.limit(() =>
        run(
          [...ctx.cmd, 'tree', 'verify', '--proof', path, '--root-commitment', c, '--json'],
          ctx.timeout
        )
      );
      const ok = r.code === 2;
      report(
        ctx,
        'contract',
        `${prefix}: ${what}`,
        ok,
        ok ? 'exit 2' : `expected exit 2, got ${brief(r)}`
      );
    })
  );
  if (!v2) return;
  const { r, out } = await verifyRun(ctx, dir, JSON.stringify(proof), rc.toUpperCase());
  const ok = r.code === 0 && out?.ok === true;
  report(
    ctx,
    'contract',
    'v2 verify: --root-commitment in uppercase hex',
    ok,
    ok ? 'exit 0' : `expected exit 0, got ${brief(r)}`
  );
}

/** The v1 contract, on the proof of the `tampered-nonce` negative vector. */
function checkContractV1(ctx, vectors) {
  const v = JSON.parse(readFileSync(join(vectors, 'negative', 'tampered-nonce.json'), 'utf8'));
  return checkContract(ctx, v.proof, v.expected.rootCommitment);
}

/** The v2 contract, on the first customer's proof of the first v2 positive vector. */
function checkContractV2(ctx, v) {
  return checkContract(ctx, v.users[0].proof, v.rootCommitment, true);
}

async function checkNegative(ctx, file, v) {
  const dir = mkdtempSync(join(ctx.tmp, 'neg-'));
  const withExpected = ctx.expected && (v.expected.round || v.expected.assets);
  const want = withExpected ? v.expect : (v.expectRootOnly ?? v.expect);
  const { r, out } = await verifyRun(
    ctx,
    dir,
    v.proofText ?? `${JSON.stringify(v.proof, null, 2)}\n`,
    v.expected.rootCommitment,
    v.expected
  );
  const wantText = `${want.code}@${want.level ?? '-'}`;
  if (v.proofText !== undefined && !parsesAsJson(v.proofText)) {
    // SPEC.md §13.3: an empty or truncated file cannot be checked (exit 2), it is not a verdict
    const ok = r.code === 2;
    return report(
      ctx,
      'verify',
      file,
      ok,
      ok ? 'exit 2 (cannot check)' : `expected exit 2, got ${brief(r)}`
    );
  }
  if (r.code !== 1)
    return report(ctx, 'verify', file, false, `expected exit 1 (${wantText}), got ${brief(r)}`);
  if (!out || typeof out !== 'object')
    return report(
      ctx,
      'verify',
      file,
      false,
      `--json output is not JSON: ${r.stdout.slice(0, 80)}`
    );
  const level = out.level ?? null;
  const ok = out.ok === false && out.code === want.code && level === want.level;
  report(
    ctx,
    'verify',
    file,
    ok,
    ok ? wantText : `expected ${wantText}, got ${out.code}@${level ?? '-'} (ok=${out.ok})`
  );
}

/** Whether `text` is JSON at all (duplicate keys and the like still parse). */
function parsesAsJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function checkBuildNegative(ctx, file, v, v2 = false) {
  const dir = mkdtempSync(join(ctx.tmp, 'nb-'));
  const { r, out } = await treeBuild(ctx, dir, v, { v2, compact: true });
  const wrote = existsSync(join(out, 'root.json'));
  const ok = r.code === v.expect.exitCode && !wrote;
  report(
    ctx,
    'build-refuse',
    file,
    ok,
    ok
      ? `exit ${r.code}`
      : `expected exit ${v.expect.exitCode} and no root.json, got ${brief(r)}${wrote ? ', root.json written' : ''}`
  );
}

// ------------------------------------------------------------------ protocol v2 (SPEC.md §16)

/** Members of a v2 proof the runner compares (the range proof is randomised: verified instead). */
const PROOF_V2_DETERMINISTIC = [
  'version',
  'round',
  'assets',
  'height',
  'position',
  'uid',
  'nonce',
  'balances',
  'blindings',
  'siblings',
  'totals',
  'rootBlindings',
  'rootCommitment',
];

async function checkTreeV2(ctx, file, v) {
  const dir = mkdtempSync(join(ctx.tmp, 'tree2-'));
  const built = await builtRoot(ctx, dir, file, v, { v2: true });
  if (!built) return;
  const d = firstDiff(built.root, v.rootFile);
  report(ctx, 'build', file, !d, d ?? `rootCommitment ${v.rootCommitment.slice(0, 16)}…`);
  if (d || !ctx.v2Proofs) return;
  await eachProof(ctx, file, v, built.out, built.secret, async (u, label, p, stdout) => {
    if (!p || typeof p !== 'object' || typeof p.rangeProof !== 'string')
      return report(ctx, 'proof', label, false, 'no rangeProof member');
    const pick = (x) => Object.fromEntries(PROOF_V2_DETERMINISTIC.map((k) => [k, x[k]]));
    const got = pick(p);
    if (typeof got.uid === 'string') got.uid = got.uid.normalize('NFC');
    const want = pick(u.proof);
    want.uid = want.uid.normalize('NFC');
    const extra = Object.keys(p).filter(
      (k) => k !== 'rangeProof' && !PROOF_V2_DETERMINISTIC.includes(k)
    );
    const pd = extra.length ? `extra members ${extra.join(', ')}` : firstDiff(got, want);
    if (pd) return report(ctx, 'proof', label, false, pd);
    // the range proof is randomised: the implementation's own verifier must accept it
    const { r: vr, out: o } = await verifyRun(ctx, dir, stdout, v.rootCommitment);
    const ok = vr.code === 0 && o?.ok === true;
    report(
      ctx,
      'proof',
      label,
      ok,
      ok ? `position ${u.position}, own verify ok` : `own tree verify: ${brief(vr)}`
    );
  });
}

// ------------------------------------------------------------------ main

export async function runConformance(opts = {}) {
  const vectors = resolve(opts.vectors ?? join(HERE, '..', 'vectors'));
  const cmd = opts.cmd ?? ['node', join(REPO, 'cli', 'dist', 'main.js')];
  const index = JSON.parse(readFileSync(join(vectors, 'index.json'), 'utf8'));
  const only = opts.only ?? [];
  const pick = (list) =>
    list.filter((e) => only.length === 0 || only.some((o) => e.file.includes(o)));
  const sample = (list) => (opts.sample ? onePerAttack(list) : list);
  const negatives = sample(pick(index.negative));
  const maxUsers = opts.sample ? (opts.maxUsers ?? 2) : opts.maxUsers;
  const tmp = mkdtempSync(join(tmpdir(), 'kura-conformance-'));
  const limit = semaphore(opts.jobs ?? availableParallelism());
  const timeout = opts.timeout ?? 60000;
  let expected = opts.expected ?? 'auto';
  if (expected === 'auto') {
    const h = await run([...cmd, 'tree', 'verify', '--help'], timeout);
    const text = h.stdout + h.stderr;
    expected = text.includes('--round') && text.includes('--assets');
  } else expected = expected === 'on';
  const protocol = opts.protocol ?? 'v1';
  if (!['v1', 'v2', 'both'].includes(protocol)) throw new Error('protocol: v1|v2|both');
  const doV1 = protocol !== 'v2';
  const doV2 = protocol !== 'v1';
  const v2Proofs = (opts.v2Proofs ?? 'on') === 'on';
  const rows = [];
  const report = (kind, name, pass, detail) => {
    rows.push({ kind, name, pass, detail });
    if (opts.onRow) opts.onRow({ kind, name, pass, detail });
  };
  const ctx = { cmd, tmp, limit, timeout, maxUsers, expected, v2Proofs, report };
  if (doV2 && !index.v2) throw new Error('vectors/index.json has no v2 entries');
  const v2 = index.v2 ?? { positive: [], negative: [], negativeBuild: [] };
  const negativesV2 = sample(pick(v2.negative));
  const formats = { csv: ['csv'], jsonl: ['jsonl'], both: ['csv', 'jsonl'] }[opts.input ?? 'csv'];
  if (!formats) throw new Error('input: csv|jsonl|both');
  const load = (e) => JSON.parse(readFileSync(join(vectors, e.file), 'utf8'));
  try {
    const contract = only.length === 0 || only.includes('contract');
    await Promise.all([
      ...(doV1
        ? [
            ...pick([...index.reference, ...index.positive]).flatMap((e) =>
              formats.map((f) => checkTree(ctx, e.file, load(e), f))
            ),
            ...pick([...index.reference, ...index.positive]).map((e) =>
              checkValid(ctx, e.file, load(e))
            ),
            ...(contract ? [checkContractV1(ctx, vectors)] : []),
            ...negatives.map((e) => checkNegative(ctx, e.file, load(e))),
            ...pick(index.negativeBuild ?? []).map((e) => checkBuildNegative(ctx, e.file, load(e))),
          ]
        : []),
      ...(doV2
        ? [
            ...pick(v2.positive).map((e) => checkTreeV2(ctx, e.file, load(e))),
            ...pick(v2.positive).map((e) => checkValid(ctx, e.file, load(e), true)),
            ...(contract && v2.positive.length ? [checkContractV2(ctx, load(v2.positive[0]))] : []),
            ...negativesV2.map((e) => checkNegative(ctx, e.file, load(e))),
            ...pick(v2.negativeBuild).map((e) => checkBuildNegative(ctx, e.file, load(e), true)),
          ]
        : []),
    ]);
  } finally {
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
  }
  const order = {
    build: 0,
    proof: 1,
    'verify-valid': 2,
    verify: 3,
    'build-refuse': 4,
    contract: 5,
  };
  rows.sort(
    (a, b) => order[a.kind] - order[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
  const passed = rows.filter((r) => r.pass).length;
  return { rows, passed, failed: rows.length - passed, expectedOptions: expected };
}

export function formatTable(result, { quiet = false } = {}) {
  const lines = [];
  const shown = quiet ? result.rows.filter((r) => !r.pass) : result.rows;
  const w = Math.min(90, Math.max(10, ...shown.map((r) => r.name.length)));
  for (const r of shown)
    lines.push(
      `${r.pass ? 'PASS' : 'FAIL'}  ${r.kind.padEnd(12)}  ${r.name.padEnd(w)}  ${r.detail}`
    );
  lines.push(`${result.passed} passed, ${result.failed} failed`);
  return lines.join('\n');
}

function parseCli(argv) {
  const o = { only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cmd') o.cmd = splitCommand(val());
    else if (a === '--vectors') o.vectors = val();
    else if (a === '--only') o.only.push(val());
    else if (a === '--max-users') o.maxUsers = Number(val());
    else if (a === '--jobs') o.jobs = Number(val());
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--expected') {
      o.expected = val();
      if (!['auto', 'on', 'off'].includes(o.expected)) throw new Error('--expected: auto|on|off');
    } else if (a === '--protocol') {
      o.protocol = val();
      if (!['v1', 'v2', 'both'].includes(o.protocol)) throw new Error('--protocol: v1|v2|both');
    } else if (a === '--v2-proofs') {
      o.v2Proofs = val();
      if (!['on', 'off'].includes(o.v2Proofs)) throw new Error('--v2-proofs: on|off');
    } else if (a === '--quiet') o.quiet = true;
    else if (a === '--input') {
      o.input = val();
      if (!['csv', 'jsonl', 'both'].includes(o.input)) throw new Error('--input: csv|jsonl|both');
    } else if (a === '--sample') o.sample = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(1, 33)
          .map((l) => `${l.replace(/^\/\/ ?/, '')}\n`)
          .join('')
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.cmd && o.cmd.length === 0) throw new Error('--cmd is empty');
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`conformance: ${e.message}\n`);
    process.exit(2);
  }
  const result = await runConformance(opts);
  process.stdout.write(
    `conformance of: ${(opts.cmd ?? ['node', 'cli/dist/main.js']).join(' ')}  (verify --round/--assets: ${result.expectedOptions ? 'used' : 'not used'})\n`
  );
  process.stdout.write(`${formatTable(result, { quiet: opts.quiet })}\n`);
  process.exitCode = result.failed ? 1 : 0;
}
