#!/usr/bin/env node
// A tiny command line around the plain implementation, offering the conformance contract of
// SPEC.md §13 so that the runner can be checked against something other than Kura itself.
//
//   node plain/cli.mjs tree build --input users.csv --assets assets.json --round round.json \
//        --secret secret --out DIR [--placement dense|sparse] [--height N]
//   node plain/cli.mjs tree proof --tree DIR --secret secret --uid UID
//   node plain/cli.mjs tree verify --proof proof.json --root-commitment HEX [--round F] [--assets F] [--json]
//
// Exit codes: 0 valid/done, 1 invalid, 2 could not check / refused input.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromCsv, fromJsonl } from './csv.mjs';
import * as K from './kura-plain.mjs';
import * as K2 from './kura-plain-v2.mjs';

class UsageError extends Error {}

const HELP = {
  build:
    'usage: tree build --input <csv> --assets <assets.json> --round <round.json> --secret <file> --out <dir> [--placement dense|sparse] [--height N] [--protocol v1|v2]',
  proof:
    'usage: tree proof --tree <dir> --secret <file> --uid <uid>  (v1 trees only: the plain implementation does not prove v2 range proofs)',
  verify:
    'usage: tree verify --proof <file> --root-commitment <hex> [--round <round.json>] [--assets <assets.json>] [--json]  (kura-proof/1 or kura-proof/2, by its version)',
};

function parseArgs(argv, flags) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument ${a}`);
    const name = a.slice(2);
    if (flags.includes(name)) out[name] = true;
    else {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      out[name] = argv[++i];
    }
  }
  return out;
}

const need = (o, k) => {
  if (o[k] === undefined) throw new UsageError(`--${k} is required`);
  return o[k];
};

/** Read a file as strict UTF-8 text (invalid UTF-8 throws). */
function readText(path, what) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${what} ${path}: ${e.code ?? e.message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UsageError(`${what} ${path}: not valid UTF-8`);
  }
}

function readJson(path, what) {
  try {
    return K.parseStrict(readText(path, what));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what} ${path}: ${e.message}`);
  }
}

function readSecret(path) {
  const t = readText(path, 'secret').replace(/\n$/, '');
  if (!/^[0-9a-f]{64}$/.test(t)) throw new UsageError(`secret ${path}: expected 64 lowercase hex`);
  return t;
}

function build(argv) {
  const o = parseArgs(argv, []);
  const protocol = o.protocol ?? 'v1';
  if (protocol !== 'v1' && protocol !== 'v2') throw new UsageError('--protocol: expected v1 or v2');
  const v2 = protocol === 'v2';
  const round = readJson(need(o, 'round'), 'round');
  const rp = K.roundProblem(round);
  if (rp) throw new UsageError(`round ${o.round}: ${rp}`);
  const assets = readJson(need(o, 'assets'), 'assets');
  const ap = v2 ? K2.assetsV2Problem(assets) : K.assetsProblem(assets);
  if (ap) throw new UsageError(`assets ${o.assets}: ${ap}`);
  const secret = readSecret(need(o, 'secret'));
  let users;
  try {
    const text = readText(need(o, 'input'), 'input');
    users = o.input.endsWith('.jsonl')
      ? fromJsonl(text, assets, K.parseStrict)
      : fromCsv(text, assets);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`input ${o.input}: ${e.message}`);
  }
  const placement = o.placement ?? 'dense';
  let height;
  if (o.height !== undefined) {
    if (!/^[1-9][0-9]?$/.test(o.height)) throw new UsageError('--height: expected 1 … 32');
    height = Number(o.height);
  }
  let t;
  try {
    t = (v2 ? K2.buildTreeV2 : K.buildTree)({
      masterSecret: secret,
      round,
      assets,
      users,
      placement,
      height,
    });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const dir = need(o, 'out');
  mkdirSync(dir, { recursive: true });
  const store = {
    ...(v2 ? { protocol: 2 } : {}),
    round,
    assets,
    placement,
    height: t.height,
    users: users.map((u) => ({ uid: u.uid, balances: u.balances.map(String) })),
  };
  const atomic = (name, obj) => {
    const tmp = join(dir, `.${name}.tmp`);
    writeFileSync(tmp, `${JSON.stringify(obj, null, 2)}\n`);
    renameSync(tmp, join(dir, name));
  };
  atomic('tree.json', store);
  atomic('root.json', t.rootFile()); // written last: its presence means the build completed
  return 0;
}

function proof(argv) {
  const o = parseArgs(argv, []);
  const dir = need(o, 'tree');
  if (!existsSync(join(dir, 'root.json'))) throw new UsageError(`${dir}: no root.json`);
  const store = readJson(join(dir, 'tree.json'), 'tree store');
  if (store.protocol === 2)
    throw new UsageError(
      `${dir}: a v2 tree; the plain implementation verifies v2 proofs but does not prove them`
    );
  const root = readJson(join(dir, 'root.json'), 'root file');
  const t = K.buildTree({ masterSecret: readSecret(need(o, 'secret')), ...store });
  if (K.hex(t.rootCommitment) !== root.rootCommitment)
    throw new UsageError('the secret does not reproduce this tree');
  const uid = need(o, 'uid');
  if (!t.rows.some((r) => r.uid === uid)) throw new UsageError(`unknown uid ${uid}`);
  process.stdout.write(`${JSON.stringify(t.proof(uid), null, 2)}\n`);
  return 0;
}

function verify(argv) {
  const o = parseArgs(argv, ['json']);
  // hex on the command line in either case (SPEC.md §13.3)
  const rc = need(o, 'root-commitment').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(rc)) throw new UsageError('--root-commitment: expected 64 hex');
  const expected = { rootCommitment: rc };
  if (o.round !== undefined) {
    expected.round = readJson(o.round, 'round');
    const p = K.roundProblem(expected.round);
    if (p) throw new UsageError(`round ${o.round}: ${p}`);
  }
  if (o.assets !== undefined) expected.assets = readJson(o.assets, 'assets');
  // Unreadable, empty or truncated file (not JSON at all): could not check (2). Bytes that are
  // not UTF-8, or JSON that is not strict JSON: invalid (1).
  let bytes;
  try {
    bytes = readFileSync(need(o, 'proof'));
  } catch (e) {
    throw new UsageError(`proof ${o.proof}: ${e.code ?? e.message}`);
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = null;
  }
  if (text !== null) {
    try {
      JSON.parse(text);
    } catch {
      throw new UsageError(`proof ${o.proof}: empty, truncated or not JSON: cannot check`);
    }
  }
  // kura-proof/2 by its version member (SPEC.md §16); everything else is checked as v1
  const v2 = text !== null && versionOf(text) === 'kura-proof/2';
  if (expected.assets !== undefined) {
    const p = v2 ? K2.assetsV2Problem(expected.assets) : K.assetsProblem(expected.assets);
    if (p) throw new UsageError(`assets ${o.assets}: ${p}`);
  }
  const r =
    text === null
      ? { ok: false, code: 'BAD_ENCODING', message: 'proof is not valid UTF-8' }
      : v2
        ? K2.verifyProofV2(text, expected)
        : K.verifyProof(text, expected);
  if (o.json) process.stdout.write(`${JSON.stringify({ level: null, ...r })}\n`);
  else if (r.ok) process.stdout.write(`valid: leaf ${r.leafHash} totals ${r.totals.join(',')}\n`);
  else
    process.stdout.write(
      `INVALID: ${r.code}${r.level !== undefined ? ` at level ${r.level}` : ''}: ${r.message}\n`
    );
  return r.ok ? 0 : 1;
}

/** The top-level `version` member of a JSON text, or undefined. */
function versionOf(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v.version : undefined;
  } catch {
    return undefined;
  }
}

/** Run one command; returns the exit code. */
export function main(argv) {
  const [area, cmd, ...rest] = argv;
  if (area !== 'tree' || !(cmd in HELP)) {
    process.stderr.write(`usage: plain-kura tree build|proof|verify …\n`);
    return 2;
  }
  if (rest.includes('--help')) {
    process.stdout.write(`${HELP[cmd]}\n`);
    return 0;
  }
  try {
    return { build, proof, verify }[cmd](rest);
  } catch (e) {
    process.stderr.write(`plain-kura: ${e instanceof UsageError ? e.message : e.stack}\n`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
