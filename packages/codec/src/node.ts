/**
 * @kura/codec/node — Node-only file helpers shared by the CLI and the Node parts of packages:
 * atomic writes (temp file + fsync + rename, so a crash leaves the old file or none — never a
 * half-written one), secret files with mode 0600, and strict JSON file reading whose errors name
 * the file.
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReadOptions, readDocument } from './document.js';
import { InputError, KuraError } from './errors.js';
import type { JsonValue } from './jcs.js';
import { parseJsonBytes, type StrictJsonOptions } from './json.js';
import type { Shape } from './shape.js';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o644; secrets use 0o600). */
  readonly mode?: number;
  /** Refuse to replace an existing file. */
  readonly exclusive?: boolean;
}

/**
 * Write `data` to `path` atomically: write a temp file beside it, fsync it, rename it over the
 * target and fsync the directory. Readers see the old content or the new, never a part.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {}
): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', opts.mode ?? 0o644);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  if (opts.exclusive) {
    try {
      closeSync(openSync(path, 'wx', opts.mode ?? 0o644));
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new InputError('file exists; refusing to overwrite', { file: path }, { cause: e });
    }
  }
  renameSync(tmp, path);
  fsyncDir(dir);
}

/** fsync a directory so a rename in it is durable (best effort where unsupported). */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems refuse fsync on directories; the rename is still atomic
  }
}

/** Read a file, turning ENOENT and friends into an {@link InputError} naming the file. */
export function readFileOrThrow(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot read (${code ?? 'error'})`;
    throw new InputError(why, { file: path }, { cause: e });
  }
}

/** Read and strictly parse a JSON file; errors name the file, line, column and JSON path. */
export function readJsonFile(path: string, opts: Omit<StrictJsonOptions, 'file'> = {}): JsonValue {
  return parseJsonBytes(readFileOrThrow(path), { ...opts, file: path });
}

export {
  checkVersion,
  DOCUMENTS,
  type ExpectedDocument,
  expectDirectory,
  expectDocument,
  readKuraDocument,
  readTextFile,
} from './documents.js';

/**
 * Read a JSON document file and check it against its declared shape ({@link readDocument}):
 * errors name the file, line, column and JSON path.
 */
export function readDocumentFile<T>(
  shape: Shape<T>,
  path: string,
  opts: Omit<ReadOptions, 'file'> = {}
): T {
  return readDocument(shape, readFileOrThrow(path), { ...opts, file: path });
}

/**
 * The compiled script `script` (a worker's `.js`) beside the module `moduleUrl` (pass
 * `import.meta.url`): in `dist/` when that module runs compiled, and in the package's `dist/` at
 * the same place when it runs from its TypeScript source under `src/` (tests: Node 20 cannot run a
 * `.ts` worker). Throws `NO_WORKER` naming the path, followed by `hint` (how to build it), when the
 * script is missing.
 */
export function compiledScriptPath(moduleUrl: string, script: string, hint: string): string {
  let path = fileURLToPath(new URL(script, moduleUrl));
  if (moduleUrl.endsWith('.ts')) {
    const src = `${sep}src${sep}`;
    const i = path.lastIndexOf(src);
    if (i >= 0) path = `${path.slice(0, i)}${sep}dist${sep}${path.slice(i + src.length)}`;
  }
  if (!existsSync(path))
    throw new KuraError('NO_WORKER', `worker script ${path} is missing: ${hint}`);
  return path;
}
