/**
 * Test helper: run the built `kura` binary as a real process.
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Path of the built CLI entry (`cli/dist/main.js`). */
export const KURA_BIN: string = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The outcome of one `kura` run. */
export interface KuraRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `kura <args>` synchronously (stdin closed) and collect its output. */
export function runKura(
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}
): KuraRun {
  const r = spawnSync(process.execPath, [KURA_BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run `kura <args>` asynchronously — for tests whose services live in the test process itself
 * (a loopback HTTP server cannot answer while `spawnSync` blocks the event loop).
 */
export function runKuraAsync(
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<KuraRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [KURA_BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    p.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A running `kura serve` started by {@link startKuraServe}. */
export interface KuraServe {
  readonly proc: ChildProcess;
  /** `http://127.0.0.1:<port>`, from its start line. */
  readonly base: string;
  /** Everything it printed so far. */
  stdout(): string;
  stderr(): string;
  /** Its exit code, once it exits. */
  readonly exit: Promise<number | null>;
}

/**
 * Spawn `kura <args>` (a `serve` on a loopback port) and wait for its start line
 * (`listening on http://127.0.0.1:<port>`). Rejects with its stderr when it exits first, or —
 * killing it — when no start line comes within `timeoutMs`.
 */
export function startKuraServe(
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}
): Promise<KuraServe> {
  const proc = spawn(process.execPath, [KURA_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => {
    err += d;
  });
  const exit = new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
  return new Promise<KuraServe>((resolve, reject) => {
    const t = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`no start line: ${err}`));
    }, opts.timeoutMs ?? 30_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ proc, base: m[1]!, stdout: () => out, stderr: () => err, exit });
      }
    });
    proc.on('exit', () => {
      clearTimeout(t);
      reject(new Error(`exited: ${err}`));
    });
  });
}
