/**
 * A real, throw-away PostgreSQL server for tests: `initdb` in a temporary directory, started on a
 * free loopback port with its socket in that directory, stopped and removed by `stop()`.
 * Needs the Debian `postgresql` package (installed by `test/setup/install-system-deps.sh`).
 * Running as root (as CI does), the server runs as the `postgres` system user.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@kura/codec/testing';

/** A running test database. */
export interface TestPostgres {
  /** `postgres://kura@127.0.0.1:<port>/kura` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** The directory of the newest installed PostgreSQL binaries, or undefined. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

/** Start a fresh PostgreSQL with database `kura` owned by user `kura` (trust auth on loopback). */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: run test/setup/install-system-deps.sh');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'kura-pg-'));
  const data = join(dir, 'data');
  let uid = -1;
  let gid = -1;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  run('initdb', ['-D', data, '-U', 'kura', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'];
  const proc = asRoot
    ? spawn('runuser', ['-u', 'postgres', '--', join(bin, 'postgres'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (log.includes('ready to accept connections')) break;
    if (proc.exitCode !== null) throw new Error(`postgres exited: ${log}`);
    if (Date.now() > deadline) throw new Error(`postgres did not start in 30 s: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'kura', 'kura'], { stdio: 'pipe' });
  return {
    url: `postgres://kura@127.0.0.1:${port}/kura`,
    port,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT'); // fast shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
