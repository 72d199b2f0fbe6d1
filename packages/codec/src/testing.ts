/**
 * `@kura/codec/testing` — for tests and the demo, not for production use (Node only): the one way
 * to run a local node (bcoin, anvil, PostgreSQL…) on 127.0.0.1: a free port, and a process under
 * a watchdog that cannot outlive the process that started it.
 *
 * No orphans: each process runs under a small watchdog (`watchdog.cjs` beside this package's
 * `dist/`) that kills it when its parent goes away — the watchdog's stdin is a pipe from the
 * parent, which closes however the parent ends (exit, Ctrl-C, even SIGKILL). Processes run in
 * their own process group, so a Ctrl-C in the terminal reaches only the parent, which then stops
 * them in order.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The watchdog program, from this module in `src/` or in `dist/`. */
const WATCHDOG = fileURLToPath(new URL('../watchdog.cjs', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * `fetch`, sent again once when it went out on a kept-alive connection the node had already
 * closed (undici: "fetch failed", cause `UND_ERR_SOCKET` / `ECONNRESET`): the node never read
 * that request. Between a demo's steps a connection can sit idle longer than the node keeps it.
 */
export async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = (e as { cause?: { code?: unknown } }).cause?.code;
    if (e instanceof TypeError && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET'))
      return fetch(url, init);
    throw e;
  }
}

/** Every process started by this process and not yet stopped. */
const live = new Set<SupervisedProcess>();

/** Stop every supervised process (for signal handlers: processes still starting included). */
export async function stopAllSupervised(): Promise<void> {
  await Promise.all([...live].map((s) => s.stop()));
}

/** Synchronous last resort on process exit: SIGKILL every supervised process group. */
export function killAllSupervisedNow(): void {
  for (const s of live) s.killNow();
}

/** A process (a local node) under its watchdog. */
export class SupervisedProcess {
  readonly proc: ChildProcess;
  /** The last 4 kB of the process's output. */
  log = '';

  /** Start `cmd args` under a watchdog (in its own process group). */
  constructor(cmd: string, args: readonly string[]) {
    this.proc = spawn(process.execPath, [WATCHDOG, cmd, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-4000);
    };
    this.proc.stdout!.on('data', keep);
    this.proc.stderr!.on('data', keep);
    live.add(this);
    this.proc.once('exit', () => live.delete(this));
  }

  /** The watchdog's process id. */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Stop the process (SIGTERM through the watchdog, SIGKILL of the group after 5 s). */
  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => {
      try {
        if (this.proc.pid) process.kill(-this.proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(t);
  }

  /** Synchronous last resort on process exit: kill the whole process group. */
  killNow(): void {
    if (!this.running || !this.proc.pid) return;
    try {
      process.kill(-this.proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /**
   * Wait until `probe` answers true (a throw counts as "not up yet"), every 50 ms for at most
   * `ms`; throws naming `what` with the tail of its output if it exits or does not come up.
   */
  async waitUntil(what: string, probe: () => Promise<boolean>, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${what} exited: ${this.log.slice(-1500)}`);
      try {
        if (await probe()) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${what} did not start in ${ms / 1000} s: ${this.log.slice(-1500)}`);
  }
}
