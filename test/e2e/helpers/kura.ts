/**
 * End-to-end helpers: run the built `kura` CLI as a real process without blocking the event loop
 * (the chain nodes of the test talk to this process through pipes), start one in the background
 * to kill it, and walk files.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI entry and the built demo entry. */
export const KURA_BIN = fileURLToPath(new URL('../../../cli/dist/main.js', import.meta.url));
export const DEMO_BIN = fileURLToPath(new URL('../../../cli/dist/demo/main.js', import.meta.url));

/** The outcome of one process. */
export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Start `node <script> <args>` with stdin closed; `done` resolves when it exits. */
export function start(
  script: string,
  args: readonly string[],
  opts: { cwd?: string } = {}
): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<Run>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Run `kura <args>` to completion. */
export function kura(args: readonly string[], opts: { cwd?: string } = {}): Promise<Run> {
  return start(KURA_BIN, args, opts).done;
}

/** Every file below `dir` (absolute paths). */
export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Poll `f` every 10 ms until it returns true (or throw after `ms`). */
export async function until(what: string, f: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!f()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** pid, parent pid, process group and state of every process (from /proc/<pid>/stat). */
export function processes(): { pid: number; ppid: number; pgrp: number; state: string }[] {
  const out: { pid: number; ppid: number; pgrp: number; state: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(d), state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]) });
    } catch {
      // gone
    }
  }
  return out;
}

/** Live processes in process group `pgid`: empty once a node and its watchdog are gone. */
export function processGroup(pgid: number): number[] {
  return processes()
    .filter((p) => p.pgrp === pgid && p.state !== 'Z')
    .map((p) => p.pid);
}

/** The children of `pid` that lead their own process group (the demo's node watchdogs). */
export function childGroups(pid: number): number[] {
  return processes()
    .filter((p) => p.ppid === pid && p.pgrp === p.pid)
    .map((p) => p.pid);
}
