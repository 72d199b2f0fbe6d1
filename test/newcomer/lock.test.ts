/**
 * `npm install` leaves package-lock.json byte-identical on this platform and warns about no
 * engine (every locked package accepts the Node this project supports). Checked on a copy of
 * the manifests (root and every workspace's package.json, the lock, .npmrc) with
 * `npm install --package-lock-only`, which resolves exactly as `npm install` does without
 * touching node_modules.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kura-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('npm install --package-lock-only keeps the lock byte-identical, with no EBADENGINE', () => {
  const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  for (const f of ['package.json', 'package-lock.json', '.npmrc'])
    if (existsSync(join(REPO, f))) copyFileSync(join(REPO, f), join(dir, f));
  for (const w of root.workspaces) {
    mkdirSync(join(dir, w), { recursive: true });
    copyFileSync(join(REPO, w, 'package.json'), join(dir, w, 'package.json'));
  }
  const before = readFileSync(join(dir, 'package-lock.json'));
  const r = spawnSync(
    'npm',
    ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
    { cwd: dir, encoding: 'utf8', timeout: 240_000 }
  );
  expect({ status: r.status, stderr: r.stderr.slice(-1500) }).toMatchObject({ status: 0 });
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/EBADENGINE|Unsupported engine/);
  const after = readFileSync(join(dir, 'package-lock.json'));
  expect(after.equals(before)).toBe(true);
});

it('every locked package accepts Node 20.19 (engines)', () => {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
  };
  // the lower bounds the lock holds, checked against 20.19.0 (">=22" was canonicalize 5)
  const bad: string[] = [];
  for (const [name, p] of Object.entries(lock.packages)) {
    const node = !Array.isArray(p.engines) ? p.engines?.node : undefined;
    const m = node ? /^>=\s*(\d+)(?:\.(\d+))?/.exec(node.trim()) : null;
    if (m && (Number(m[1]) > 20 || (Number(m[1]) === 20 && Number(m[2] ?? 0) > 19)))
      bad.push(`${name} ${node}`);
  }
  expect(bad).toEqual([]);
});
