/**
 * Vite build of the static verifier. `@kura/*` resolve to the packages' TypeScript sources (the
 * same aliases the tests use), so the page bundles exactly the code the packages test. One
 * initial JS chunk, one CSS file, relative URLs (`base: './'`) so the page works from any
 * directory; the post-build script `scripts/inline.mjs` then folds both into
 * `dist/kura-verifier.html`. The verifier of each kind of proof (protocol v1, protocol v2, another
 * exchange's) is built as a separate chunk next to the page, pinned by SHA-256 in the initial
 * script (`src/lazy.ts`): a customer downloads the page and the one verifier their proof needs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';
import { kuraAliases } from '../vitest.shared.ts';

/** The lazily loaded chunks: name → entry module. */
const LAZY: Record<string, string> = {
  v1: fileURLToPath(new URL('./src/v1/chunk.ts', import.meta.url)),
  v2: fileURLToPath(new URL('./src/v2/chunk.ts', import.meta.url)),
  foreign: fileURLToPath(new URL('./src/foreign/chunk.ts', import.meta.url)),
};

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '..');

/**
 * Modules a chunk bundles even though the page has them for other exports: none at present
 * (the page holds no curve arithmetic of its own since the verifiers became chunks).
 */
const CHUNK_OWN = /^$/;

/** A stable, machine-independent name for a module: its path from the repository root. */
function moduleKey(id: string): string {
  return relative(REPO, id).split(sep).join('/');
}

/**
 * The modules of the page's initial script: built once without chunks. A chunk takes every one
 * of them (except {@link CHUNK_OWN}) from the page instead of bundling its own copy, so a
 * customer downloads each module once.
 */
async function pageModules(): Promise<Set<string>> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: HERE,
    base: './',
    resolve: { alias: kuraAliases },
    define: { __KURA_COMMIT__: '"unknown"', __KURA_CHUNKS__: '{}' },
    plugins: [
      {
        name: 'kura-host-stub',
        resolveId: (id) => (id === 'virtual:kura-host' ? '\0kura-host' : null),
        load: (id) => (id === '\0kura-host' ? 'export const host = [];' : null),
      },
    ],
    build: {
      write: false,
      target: 'es2022',
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  const ids = new Set<string>();
  for (const r of Array.isArray(out) ? out : [out])
    if ('output' in r)
      for (const o of r.output)
        if (o.type === 'chunk') for (const id of o.moduleIds) if (isAbsolute(id)) ids.add(id);
  if (ids.size < 10) throw new Error(`lazy chunks: the page has only ${ids.size} modules`);
  return ids;
}

/**
 * @kura/confidential's WebAssembly cores, which the page's CSP (no `'wasm-unsafe-eval'`) would
 * refuse to compile anyway: a chunk gets `src/v2/no-wasm.ts`, their “unavailable” answer.
 */
const NO_WASM =
  /[\\/]packages[\\/]confidential[\\/]src[\\/](?:wasm25519|generators-wasm)\.(?:js|ts)$/;
const NO_WASM_STUB = fileURLToPath(new URL('./src/v2/no-wasm.ts', import.meta.url));

/**
 * Resolves @kura/confidential's WebAssembly modules to {@link NO_WASM_STUB} (used for the chunks
 * and by the benchmark, so that it measures what the page runs). The prover and the opt-in fast
 * range-proof engine are modules of their own that the page does not import.
 */
export function noWasm(): Plugin {
  return {
    name: 'kura-no-wasm',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!importer || !/wasm/.test(id)) return null;
      const r = await this.resolve(id, importer, { skipSelf: true });
      return r && NO_WASM.test(r.id) ? NO_WASM_STUB : null;
    },
  };
}

/** A built chunk: its code with the shared imports turned into reads of the host object. */
interface BuiltChunk {
  readonly code: string;
  /** Shared module → the names the chunk takes from it. */
  readonly imports: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Build one chunk as a single minified ES module whose only imports are page modules ({@link pageModules}),
 * then rewrite each `import{a as b}from"m"` into `const{a:b}=globalThis.__kuraHost["m"]`. The
 * result has no import at all: the page provides the bindings (`virtual:kura-host`).
 */
async function buildChunk(entry: string, page: ReadonlySet<string>): Promise<BuiltChunk> {
  const shared = (id: string): boolean => page.has(id) && !CHUNK_OWN.test(moduleKey(id));
  /** The page module an external import names (rendered as its absolute path). */
  const pageModule = (spec: string): string | undefined =>
    isAbsolute(spec) && shared(spec) ? spec : undefined;
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: kuraAliases },
    plugins: [noWasm()],
    build: {
      write: false,
      target: 'es2022',
      minify: process.env.KURA_CHUNK_DEBUG === undefined,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: entry,
        external: (id, _parent, isResolved) => isResolved && shared(id),
        makeAbsoluteExternalsRelative: false,
        preserveEntrySignatures: 'strict',
        output: { codeSplitting: false },
      },
    },
  });
  const results = Array.isArray(out) ? out : [out];
  const chunks = results.flatMap((r) =>
    'output' in r ? r.output.filter((o) => o.type === 'chunk') : []
  );
  if (chunks.length !== 1 || chunks[0]?.type !== 'chunk')
    throw new Error(`lazy chunk ${entry}: expected one JS chunk, got ${chunks.length}`);
  const imports = new Map<string, Set<string>>();
  let code = chunks[0].code.replace(
    /import\s*\{([^}]*)\}\s*from\s*"([^"]+)";?/g,
    (_m, names: string, spec: string) => {
      const abs = pageModule(spec);
      if (!abs) throw new Error(`lazy chunk ${entry}: unexpected import "${spec}"`);
      const mod = moduleKey(abs);
      const set = imports.get(mod) ?? new Set<string>();
      imports.set(mod, set);
      const pairs = names
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => {
          const [name, local] = x.split(/\s+as\s+/);
          if (!name || !/^[\w$]+$/.test(name)) throw new Error(`lazy chunk: import "${x}"`);
          set.add(name);
          return local && local !== name ? `${name}:${local}` : name;
        });
      return `const{${pairs.join(',')}}=globalThis.__kuraHost[${JSON.stringify(mod)}];`;
    }
  );
  // A bare `import"m"` of a shared module is only kept for side effects, which they have none of.
  code = code.replace(/import\s*"([^"]+)";?/g, (m, spec: string) => (pageModule(spec) ? '' : m));
  if (
    process.env.KURA_CHUNK_DEBUG === undefined &&
    /\bimport\s*[{*"'(]|\bimport\s+[\w$]+\s+from\b/.test(code)
  )
    throw new Error(
      `lazy chunk ${entry} still imports a module after the rewrite: ${code.slice(0, 400)}`
    );
  return { code, imports };
}

/** Every shared module any chunk reads, sorted: a module's index is its slot in the host. */
function hostKeys(chunks: readonly BuiltChunk[]): string[] {
  return [...new Set(chunks.flatMap((c) => [...c.imports.keys()]))].sort();
}

/** A chunk's code with each `__kuraHost["<module>"]` read turned into `__kuraHost[<index>]`. */
function withHostIndices(code: string, keys: readonly string[]): string {
  return code.replace(/globalThis\.__kuraHost\[("[^"]+")\]/g, (_m, k: string) => {
    const i = keys.indexOf(JSON.parse(k) as string);
    if (i < 0) throw new Error(`lazy chunks: no host slot for ${k}`);
    return `globalThis.__kuraHost[${i}]`;
  });
}

/**
 * The module that hands the chunks their shared bindings (`globalThis.__kuraHost` while
 * loading): an array with one object of bindings per module of {@link hostKeys}.
 */
function hostModule(chunks: readonly BuiltChunk[]): string {
  const all = new Map<string, Set<string>>();
  for (const c of chunks)
    for (const [mod, names] of c.imports) {
      const set = all.get(mod) ?? new Set<string>();
      for (const n of names) set.add(n);
      all.set(mod, set);
    }
  let i = 0;
  const lines: string[] = [];
  const entries: string[] = [];
  for (const mod of hostKeys(chunks)) {
    const names = all.get(mod)!;
    const sorted = [...names].sort();
    const locals = sorted.map(() => `h${i++}`);
    lines.push(
      `import { ${sorted.map((n, j) => `${n} as ${locals[j]}`).join(', ')} } from ${JSON.stringify(resolve(REPO, mod))};`
    );
    entries.push(`{ ${sorted.map((n, j) => `${n}: ${locals[j]}`).join(', ')} }`);
  }
  lines.push(`export const host = [${entries.join(', ')}];`);
  return lines.join('\n');
}

/**
 * Builds every {@link LAZY} chunk before the page, names it `kura-<name>-<12 hex>.js`, bakes the
 * name and SHA-256 into the page as `__KURA_CHUNKS__`, provides `virtual:kura-host` (the shared
 * bindings the chunks read) and writes each chunk next to the page.
 */
function lazyChunks(): Plugin {
  const files: { fileName: string; source: string | Uint8Array }[] = [];
  let host = 'export const host = [];';
  return {
    name: 'kura-lazy-chunks',
    async config() {
      const pins: Record<string, { file: string; sha256: string }> = {};
      const page = await pageModules();
      const built: [string, BuiltChunk][] = [];
      for (const [name, entry] of Object.entries(LAZY))
        built.push([name, await buildChunk(entry, page)]);
      const keys = hostKeys(built.map(([, c]) => c));
      for (const [name, chunk] of built) {
        const source = withHostIndices(chunk.code, keys);
        const sha = createHash('sha256').update(source, 'utf8').digest('hex');
        const fileName = `kura-${name}-${sha.slice(0, 12)}.js`;
        pins[name] = { file: fileName, sha256: sha };
        files.push({ fileName, source });
      }
      host = hostModule(built.map(([, c]) => c));
      // Data the v2 chunk fetches: the Bulletproof generator table of @kura/confidential.
      const { generatorTable } = await import('@kura/confidential/generator-table');
      const table = generatorTable();
      const tsha = createHash('sha256').update(table).digest('hex');
      const tableName = `kura-generators-${tsha.slice(0, 12)}.bin`;
      pins.generators = { file: tableName, sha256: tsha };
      files.push({ fileName: tableName, source: table });
      return { define: { __KURA_CHUNKS__: JSON.stringify(pins) } };
    },
    resolveId(id) {
      return id === 'virtual:kura-host' ? '\0kura-host' : null;
    },
    load(id) {
      return id === '\0kura-host' ? host : null;
    },
    generateBundle() {
      for (const f of files)
        this.emitFile({ type: 'asset', fileName: f.fileName, source: f.source });
    },
  };
}

/**
 * The commit the page is built from, shown in its “check it again” section so the commands name
 * the exact source. Same commit → same bytes (the build stays reproducible); `unknown` without git.
 */
function commit(): string {
  try {
    const c = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    return /^[0-9a-f]{40}$/.test(c) ? c : 'unknown';
  } catch {
    return 'unknown';
  }
}

export default defineConfig({
  base: './',
  plugins: [lazyChunks()],
  define: { __KURA_COMMIT__: JSON.stringify(commit()) },
  resolve: { alias: kuraAliases },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
