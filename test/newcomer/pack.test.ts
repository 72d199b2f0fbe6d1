/**
 * The packages can be installed by anyone: each is packed with `npm pack`, the tarballs are
 * installed into an empty directory, and a consumer imports every entry point from ESM and
 * from CommonJS (`require` of these ES modules: the `default` export condition, Node ≥ 20.19),
 * runs the `kura` bin, and type-checks against the published declarations with tsc (no
 * skipLibCheck). Each tarball holds the Apache-2.0 LICENSE, no tests, and every source a source
 * map names.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = [
  'packages/codec',
  'packages/tree',
  'packages/attest',
  'packages/audit',
  'packages/policy',
  'packages/bitcoin',
  'packages/ethereum',
  'packages/pkcs11',
  'packages/foreign',
  'packages/xrpl',
  'packages/confidential',
  'packages/month',
  'packages/serve',
  'cli',
];
const tmp = mkdtempSync(join(tmpdir(), 'kura-pack-'));
const packs = join(tmp, 'packs');
const consumer = join(tmp, 'consumer');
const tarballs: Record<string, string> = {};
/** Every entry point: package name + each `exports` subpath. */
const entries: string[] = [];

function sh(cmd: string, args: string[], cwd: string, timeout = 240_000) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, npm_config_yes: 'false' },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

beforeAll(() => {
  mkdirSync(packs);
  mkdirSync(consumer);
  for (const w of PACKAGES) {
    const pkg = JSON.parse(readFileSync(join(REPO, w, 'package.json'), 'utf8'));
    const r = sh('npm', ['pack', '--pack-destination', packs, '--json'], join(REPO, w));
    expect(r.status).toBe(0);
    tarballs[pkg.name] = join(packs, (JSON.parse(r.stdout) as { filename: string }[])[0]!.filename);
    if (pkg.exports)
      for (const sub of Object.keys(pkg.exports))
        entries.push(sub === '.' ? pkg.name : `${pkg.name}${sub.slice(1)}`);
  }
  writeFileSync(
    join(consumer, 'package.json'),
    '{"name":"consumer","version":"1.0.0","private":true}\n'
  );
  const i = sh(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      ...Object.values(tarballs),
    ],
    consumer
  );
  expect({ status: i.status, stderr: i.stderr.slice(-1500) }).toMatchObject({ status: 0 });
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm pack', () => {
  it('each tarball: LICENSE (Apache-2.0), types and a default condition, no tests, every mapped source shipped', () => {
    for (const [name, tgz] of Object.entries(tarballs)) {
      const x = join(tmp, 'x', name);
      mkdirSync(x, { recursive: true });
      expect(sh('tar', ['-xzf', tgz, '-C', x], tmp).status).toBe(0);
      const root = join(x, 'package');
      expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toContain(
        'Apache License\n                           Version 2.0, January 2004'
      );
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      expect(pkg.license).toBe('Apache-2.0');
      for (const [sub, c] of Object.entries(pkg.exports ?? {}) as [
        string,
        Record<string, string>,
      ][]) {
        // `node` (a Node-only entry, e.g. @kura/confidential's generator table) may sit before import
        const keys = Object.keys(c).filter((k) => k !== 'node');
        expect(keys, `${name} ${sub}`).toEqual(['types', 'import', 'default']);
        if (Object.hasOwn(c, 'node'))
          expect(Object.keys(c).indexOf('node'), `${name} ${sub}: node right after types`).toBe(1);
        for (const f of Object.values(c))
          expect(existsSync(join(root, f)), `${name}: ${f}`).toBe(true);
      }
      if (name !== '@kura/cli') {
        expect(existsSync(join(root, pkg.types)), `${name} types`).toBe(true);
        expect(existsSync(join(root, pkg.main)), `${name} main`).toBe(true);
      }
      const files = walk(root);
      expect(
        files.filter((f) => /\.(test|bench)\.[cm]?[jt]s/.test(f)),
        name
      ).toEqual([]);
      for (const map of files.filter((f) => f.endsWith('.map'))) {
        const m = JSON.parse(readFileSync(map, 'utf8')) as {
          sources: string[];
          sourceRoot?: string;
        };
        for (const s of m.sources)
          expect(existsSync(resolve(dirname(map), m.sourceRoot ?? '', s)), `${map} → ${s}`).toBe(
            true
          );
      }
    }
  });
});

describe('installed from the tarballs into an empty directory', () => {
  it('every entry point imports from ESM', () => {
    const code = `for (const s of ${JSON.stringify(entries)}) { const m = await import(s); if (Object.keys(m).length === 0) throw new Error(s + ': no exports'); }`;
    const r = sh(process.execPath, ['--input-type=module', '-e', code], consumer);
    expect({ status: r.status, stderr: r.stderr.slice(-1500) }).toEqual({ status: 0, stderr: '' });
  });
  it('every entry point loads with require() (CommonJS)', () => {
    const code = `for (const s of ${JSON.stringify(entries.filter((e) => !e.startsWith('@kura/cli')))}) { const m = require(s); if (Object.keys(m).length === 0) throw new Error(s + ': no exports'); }`;
    const r = sh(process.execPath, ['--no-warnings', '-e', code], consumer);
    expect({ status: r.status, stderr: r.stderr.slice(-1500) }).toEqual({ status: 0, stderr: '' });
  });
  it('the kura bin runs', () => {
    const r = sh(join(consumer, 'node_modules/.bin/kura'), ['--version'], consumer);
    expect(r.stdout.trim()).toBe('0.1.0');
  });
  it('a TypeScript consumer type-checks against the published declarations', () => {
    writeFileSync(
      join(consumer, 'consumer.mts'),
      `import { hexToBytes, redactUrl } from '@kura/codec';
import { readJsonFile } from '@kura/codec/node';
import { parseRound, type Round, verifyProof } from '@kura/tree';
import { TreeStore } from '@kura/tree/node';
import { parseTrust, type TrustFile } from '@kura/attest';
import { explainPolicy } from '@kura/policy';
import { POLICIES_DIR } from '@kura/policy/node';
import * as btc from '@kura/bitcoin';
import * as eth from '@kura/ethereum';
const r: Round = parseRound({ exchange: 'x', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' });
const ok: boolean = verifyProof({}, { rootCommitment: '00'.repeat(32) }).ok;
const t: TrustFile | undefined = undefined;
// @ts-expect-error a wrong argument type must be caught by the published declarations
parseRound(42, 42);
export const used = [r, ok, t, hexToBytes, redactUrl, readJsonFile, TreeStore, parseTrust, explainPolicy, POLICIES_DIR, btc, eth];
`
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(REPO, 'node_modules/@types')],
        },
        files: ['consumer.mts'],
      })
    );
    const r = sh(
      process.execPath,
      [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      consumer,
      300_000
    );
    expect({ status: r.status, out: r.stdout.slice(-2000) }).toEqual({ status: 0, out: '' });
  }, 300_000);
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
