/**
 * `npx kura` works right after `npm install` on a fresh clone and after every rebuild: the bin
 * is a committed, executable shim (npm links it at install time, before `cli/dist` exists; a
 * rebuild never touches it), and before the first build it says how to build instead of failing
 * obscurely.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'kura-bin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('the bin is a committed executable file outside dist, and npm links it', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'cli/package.json'), 'utf8'));
  expect(pkg.bin).toEqual({ kura: './bin/kura.js' });
  expect(pkg.files).toContain('bin');
  const ls = spawnSync('git', ['ls-files', '-s', 'cli/bin/kura.js'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  expect(ls.stdout).toMatch(/^100755 /);
  expect(readFileSync(join(REPO, 'cli/bin/kura.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  expect(realpathSync(join(REPO, 'node_modules/.bin/kura'))).toBe(
    realpathSync(join(REPO, 'cli/bin/kura.js'))
  );
});

it('npx kura runs from the top of the clone and from a subdirectory', () => {
  for (const cwd of [REPO, join(REPO, 'packages/tree')]) {
    const r = spawnSync('npx', ['kura', '--version'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_yes: 'false' },
    });
    expect({ cwd, status: r.status, out: r.stdout.trim() }).toEqual({
      cwd,
      status: 0,
      out: '0.1.0',
    });
  }
});

it('before the first build the shim says how to build (exit 2), without a stack trace', () => {
  mkdirSync(join(tmp, 'cli/bin'), { recursive: true });
  copyFileSync(join(REPO, 'cli/bin/kura.js'), join(tmp, 'cli/bin/kura.js'));
  const r = spawnSync(process.execPath, [join(tmp, 'cli/bin/kura.js'), '--help'], {
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toBe('kura: not built yet: run `npm run build` (or `npm run demo`) first\n');
});
