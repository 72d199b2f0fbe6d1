/**
 * `npm run demo -- --keep-nodes`: bcoin and anvil stay up after the month, and every command
 * the demo prints to try — reserves collect / verify on both chains, `kura run --force`,
 * `kura audit` — runs exactly as printed (through `npx kura`, from the directory the demo ran
 * in) and succeeds. SIGTERM then stops the demo and both nodes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { childGroups, DEMO_BIN, processGroup, start, until } from '../e2e/helpers/kura.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kura-keep-nodes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the nodes running and every printed command works as printed', async () => {
  const demo = start(DEMO_BIN, ['--customers', '200', '--dir', dir, '--keep-nodes', '--no-serve'], {
    cwd: REPO,
  });
  let out = '';
  demo.child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  try {
    await until(
      'the demo to print its commands',
      () => out.includes('Ctrl-C stops the nodes.'),
      240_000
    );
    const commands = out
      .split('\n')
      .filter((l) => l.startsWith('  npx kura '))
      .map((l) => l.trim());
    const expected = [
      /^npx kura reserves btc collect /,
      /^npx kura reserves btc verify /,
      /^npx kura reserves eth collect /,
      /^npx kura reserves eth verify /,
      /^npx kura run --config \S+ --force$/,
      /^npx kura audit --publication /,
    ];
    expect(commands).toHaveLength(expected.length);
    for (const [i, c] of commands.entries()) expect(c).toMatch(expected[i]!);
    // and the sample customer's check the demo prints in every mode
    const verify = out.split('\n').find((l) => l.startsWith('  verify: npx kura tree verify '));
    expect(verify).toBeDefined();
    commands.push(verify!.slice('  verify: '.length));
    for (const c of commands) {
      const r = spawnSync('bash', ['-c', c], { cwd: REPO, encoding: 'utf8', timeout: 240_000 });
      expect({ command: c, code: r.status, stderr: r.stderr.slice(-800) }).toMatchObject({
        code: 0,
      });
    }
    expect(existsSync(join(dir, 'try', 'btc-evidence.json'))).toBe(true);
    expect(existsSync(join(dir, 'try', 'eth-evidence.json'))).toBe(true);
    expect(existsSync(join(dir, 'try', 'audit', 'attestation.json'))).toBe(true);
  } finally {
    const groups = demo.child.pid ? childGroups(demo.child.pid) : [];
    demo.child.kill('SIGTERM');
    await demo.done;
    await until(
      'the nodes to stop',
      () => groups.every((g) => processGroup(g).length === 0),
      20_000
    );
  }
});
