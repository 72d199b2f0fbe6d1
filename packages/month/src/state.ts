/**
 * Resumable, idempotent steps for `kura run`.
 *
 * The work directory holds `state.json` (`kura-run-state/1`): per completed step the SHA-256 of
 * its inputs (JCS of a small JSON description in which every input file appears by the SHA-256 of
 * its bytes; secrets by a one-way id, never themselves) and of each output file it wrote.
 *
 * A step is skipped when its recorded inputs hash equals the current one **and** every recorded
 * output still has its recorded SHA-256; otherwise it runs again. Steps write their outputs
 * atomically (temp + rename) and the state is written atomically after the outputs, so a run
 * killed at any point leaves, for each step, the previous complete outputs or none, and a re-run
 * redoes exactly the steps that did not finish.
 *
 * A lock file (`<work>/.lock`, holding the pid) keeps two runs out of one work directory; the
 * lock of a process that no longer exists (e.g. killed) is taken over.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  DocumentError,
  hex,
  type Infer,
  InputError,
  JsonParseError,
  jcs,
  KuraError,
  literal,
  obj,
  record,
  str,
} from '@kura/codec';
import { readDocumentFile, writeFileAtomic } from '@kura/codec/node';
import { WORKDIR } from './publication.js';

/** The `version` of the state file. */
export const STATE_VERSION = 'kura-run-state/1';

/** What the state file remembers of one completed step. */
export interface StepRecord {
  /** hex SHA-256 of JCS(inputs description). */
  readonly inputs: string;
  /** Output path (relative to the work dir) → hex SHA-256 of its bytes. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Extra values the step returns to later steps (small JSON). */
  readonly result?: unknown;
  readonly finishedAt: string;
}

/** The state file's content. */
export interface RunState {
  readonly version: typeof STATE_VERSION;
  readonly steps: Record<string, StepRecord>;
}

/**
 * The declared shape of `state.json`: what {@link StepRunner} writes, read back through the one
 * document reader. A step's `result` is the step's own small JSON (any value), hence `open`.
 */
export const runStateShape = obj({
  version: literal(STATE_VERSION),
  steps: record(
    obj({ inputs: hex(32), outputs: record(hex(32)), finishedAt: str() }, {}, { open: true })
  ),
});

/** How a step ended in this run. */
export type StepStatus = 'done' | 'skipped' | 'unchanged';

/** One line of the run report. */
export interface StepReport {
  readonly id: string;
  readonly status: StepStatus;
  readonly ms: number;
  readonly detail?: string;
}

/** hex SHA-256 of bytes. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** hex SHA-256 of a file, streamed in 1 MiB chunks (large liabilities files). */
export function fileSha256(path: string): string {
  const h = createHash('sha256');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot read (${code})`, {
      file: path,
    });
  }
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** hex SHA-256 of the RFC 8785 canonical form of a JSON description. */
export function describeSha256(v: unknown): string {
  return sha256Hex(jcs(v as Parameters<typeof jcs>[0]));
}

/** Options of {@link StepRunner.step}. */
export interface StepSpec<T> {
  readonly id: string;
  /** JSON description of everything the outputs depend on (files by SHA-256). */
  readonly inputs: unknown;
  /** Output files relative to the work dir whose hashes are recorded and checked. */
  readonly outputs: readonly string[];
  /** Do the work; write every output atomically; return a small JSON result. */
  readonly run: () => Promise<T> | T;
  /** Extra check that the recorded outputs are still intact (default: none). */
  readonly intact?: (rec: StepRecord) => boolean;
  /** Outputs whose hashes are not compared on skip (checked by `intact` instead). */
  readonly loose?: readonly string[];
}

/** Runs steps against the state file of one work directory. */
export class StepRunner {
  readonly workDir: string;
  readonly reports: StepReport[] = [];
  private state: RunState;
  private readonly force: boolean;
  private readonly lockFile: string;
  private readonly now: () => number;
  private readonly onStep: ((r: StepReport) => void) | undefined;

  /**
   * Lock `workDir` (created mode 0700) and read its state. `force`: redo every step; `now`: the
   * clock of the state's time stamps (default `Date.now`); `onStep`: called with each report.
   */
  constructor(
    workDir: string,
    opts: { force?: boolean; now?: () => number; onStep?: (r: StepReport) => void } = {}
  ) {
    this.workDir = workDir;
    this.force = opts.force === true;
    this.now = opts.now ?? Date.now;
    this.onStep = opts.onStep;
    mkdirSync(workDir, { recursive: true, mode: 0o700 });
    this.lockFile = join(workDir, '.lock');
    this.lock();
    try {
      this.state = this.readState();
    } catch (e) {
      this.close(); // a state file that cannot be read leaves no lock behind
      throw e;
    }
    cleanWorkTemps(workDir);
  }

  private lock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockFile, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(readFileSync(this.lockFile, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && alive(pid))
          throw new KuraError(
            'WORKDIR_LOCKED',
            `another kura run (pid ${pid}) is using ${this.workDir}`
          );
        rmSync(this.lockFile, { force: true }); // stale: its process is gone
      }
    }
    throw new KuraError('WORKDIR_LOCKED', `cannot lock ${this.workDir}`);
  }

  /** Release the work directory. */
  close(): void {
    rmSync(this.lockFile, { force: true });
  }

  private readState(): RunState {
    const file = join(this.workDir, WORKDIR.state);
    if (!existsSync(file)) return { version: STATE_VERSION, steps: {} };
    let v: Infer<typeof runStateShape>;
    try {
      v = readDocumentFile(runStateShape, file);
    } catch (e) {
      if (!(e instanceof DocumentError) || e instanceof JsonParseError) throw e;
      throw new InputError(
        `not a ${STATE_VERSION} state file (remove it to start over)`,
        e.location,
        {
          cause: e,
        }
      );
    }
    return { version: STATE_VERSION, steps: { ...(v.steps as RunState['steps']) } };
  }

  private writeState(): void {
    writeFileAtomic(join(this.workDir, WORKDIR.state), `${JSON.stringify(this.state, null, 2)}\n`, {
      mode: 0o600,
    });
  }

  /** The record of a completed step (this run or an earlier one). */
  record(id: string): StepRecord | undefined {
    return this.state.steps[id];
  }

  /** Absolute path of a work-dir output. */
  path(rel: string): string {
    return join(this.workDir, rel);
  }

  private intact(spec: StepSpec<unknown>, rec: StepRecord): boolean {
    for (const [rel, want] of Object.entries(rec.outputs)) {
      if (spec.loose?.includes(rel)) continue;
      const p = this.path(rel);
      if (!existsSync(p) || fileSha256(p) !== want) return false;
    }
    for (const rel of spec.outputs) if (!(rel in rec.outputs)) return false;
    return spec.intact ? spec.intact(rec) : true;
  }

  /**
   * Run a step unless it completed before with the same inputs and intact outputs. Returns the
   * step's result (recorded, or fresh).
   */
  async step<T>(spec: StepSpec<T>): Promise<T> {
    const t0 = performance.now();
    const inputs = describeSha256({ step: spec.id, inputs: spec.inputs });
    const prev = this.state.steps[spec.id];
    if (
      !this.force &&
      prev &&
      prev.inputs === inputs &&
      this.intact(spec as StepSpec<unknown>, prev)
    ) {
      this.report({ id: spec.id, status: 'skipped', ms: Math.round(performance.now() - t0) });
      return prev.result as T;
    }
    // forget the step first: if we die half-way, it must be redone
    if (prev) {
      delete this.state.steps[spec.id];
      this.writeState();
    }
    const result = await spec.run();
    const outputs: Record<string, string> = {};
    for (const rel of spec.outputs) outputs[rel] = fileSha256(this.path(rel));
    this.state.steps[spec.id] = {
      inputs,
      outputs,
      ...(result === undefined ? {} : { result }),
      finishedAt: new Date(this.now()).toISOString(),
    };
    this.writeState();
    this.report({ id: spec.id, status: 'done', ms: Math.round(performance.now() - t0) });
    return result;
  }

  /** Report a step that re-read a source and found it unchanged (or changed: `done`). */
  note(id: string, status: StepStatus, ms: number, detail?: string): void {
    this.report({ id, status, ms, ...(detail ? { detail } : {}) });
  }

  private report(r: StepReport): void {
    this.reports.push(r);
    this.onStep?.(r);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove what a killed run left behind: temp files and directories of atomic writes. */
function cleanWorkTemps(workDir: string): void {
  const temp = /^(\..+\.(tmp-[0-9a-f]{12}(\.old)?|[0-9a-f]{12}\.tmp)|kura-pg-[0-9a-f]{12}\.jsonl)$/;
  for (const sub of ['', 'evidence', 'proofs']) {
    const d = join(workDir, sub);
    if (!existsSync(d)) continue;
    for (const e of readdirSync(d))
      if (temp.test(e)) rmSync(join(d, e), { recursive: true, force: true });
  }
}
