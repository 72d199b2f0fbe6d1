/**
 * The README's "Your first month by hand", replayed on a clean copy of the repository: the
 * files git tracks (plus uncommitted ones not ignored), without any build output or earlier
 * run, with the installed node_modules linked in as `npm install` would leave them. The
 * commands are parsed from the README's code block and run as printed, with `bash -e -o
 * pipefail`: every one must succeed.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustBytes } from '@kura/attest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MARKER = '<!-- walkthrough: test/newcomer/walkthrough.test.ts';

/** The shell block after the walk-through marker in README.md. */
export function walkthroughBlock(readme: string): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error('README.md: walk-through marker not found');
  const m = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!m) throw new Error('README.md: no ```sh block after the walk-through marker');
  return m[1]!;
}

let copy: string;
let run: { status: number | null; stdout: string; stderr: string };
const month = (f: string) => join(copy, '.kura-month', f);

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'kura-clone-'));
  const files = spawnSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], {
    cwd: REPO,
    encoding: 'utf8',
  })
    .stdout.split('\0')
    .filter(Boolean);
  expect(files).toContain('cli/examples/customers.csv');
  for (const f of files) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(join(REPO, f));
    } catch {
      continue; // deleted in the work tree
    }
    if (!st.isFile()) continue;
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    copyFileSync(join(REPO, f), join(copy, f));
  }
  // what `npm install` leaves: the installed packages (the workspace links resolve to the
  // built packages of this checkout)
  const workspaces = (
    JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] }
  ).workspaces;
  for (const nm of ['node_modules', ...workspaces.map((w) => `${w}/node_modules`)])
    if (existsSync(join(REPO, nm))) symlinkSync(join(REPO, nm), join(copy, nm));
  const block = walkthroughBlock(readFileSync(join(copy, 'README.md'), 'utf8'));
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', block], {
    cwd: copy,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, npm_config_yes: 'false' },
  });
  run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
}, 300_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('README: your first month by hand', () => {
  it('every command of the block succeeds as printed', () => {
    expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toMatchObject({ status: 0 });
    expect(
      walkthroughBlock(readFileSync(join(REPO, 'README.md'), 'utf8'))
        .split('\n')
        .filter((l) => l.startsWith('npx kura ')).length
    ).toBeGreaterThanOrEqual(9);
  });
  it('CSV and JSON Lines (three assets) give the same tree', () => {
    const a = JSON.parse(readFileSync(month('tree/root.json'), 'utf8'));
    const b = JSON.parse(readFileSync(month('tree-jsonl/root.json'), 'utf8'));
    expect(a.assets.map((x: { symbol: string }) => x.symbol)).toEqual(['BTC', 'ETH', 'USDC']);
    expect(b.rootCommitment).toBe(a.rootCommitment);
    expect(a.totals).toEqual(['183456790', '3750000000000000001', '1292500001']);
  });
  it("alice's proof verified; every proof exported; trust.json pins both keys", () => {
    expect(run.stdout).toMatch(/^VALID: uid "alice" at position \d+ is in the tree [0-9a-f]{64}$/m);
    expect(JSON.parse(readFileSync(month('proofs/manifest.json'), 'utf8'))).toMatchObject({
      proofs: 6,
    });
    const t = parseTrustBytes(readFileSync(month('trust.json')));
    expect(t.keys.map((k) => [k.role, k.alg, k.name])).toEqual([
      ['exchange', 'ed25519', 'Example K.K.'],
      ['auditor', 'ecdsa-secp256k1', 'Example Audit LLC'],
    ]);
    expect(statSync(month('master.secret')).mode & 0o777).toBe(0o600);
    expect(run.stdout).toContain('JP-FSA-2026 1.0.0');
  });
});
