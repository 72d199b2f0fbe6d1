/**
 * Vite build of the static verifier. `@kura/*` resolve to the packages' TypeScript sources (the
 * same aliases the tests use), so the page bundles exactly the code the packages test. One
 * initial JS chunk, one CSS file, relative URLs (`base: './'`) so the page works from any
 * directory; the post-build script `scripts/inline.mjs` then folds both into
 * `dist/kura-verifier.html`. Verifiers only some customers need (protocol v2) are built as
 * separate self-contained chunks next to the page, pinned by SHA-256 in the initial script
 * (`src/lazy.ts`).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';
import { kuraAliases } from '../vitest.shared.ts';

/** The lazily loaded chunks: name → entry module. */
const LAZY: Record<string, string> = {
  v2: fileURLToPath(new URL('./src/v2/chunk.ts', import.meta.url)),
  foreign: fileURLToPath(new URL('./src/foreign/chunk.ts', import.meta.url)),
};

/**
 * Modules the chunks take from the initial script instead of bundling their own copy: what the
 * page already holds (@kura/codec, @noble hashes, the curve arithmetic), so a customer downloads
 * each of them once. Noble modules only a chunk uses (ristretto255 and hash-to-curve, in
 * `ed25519.js` and `abstract/hash-to-curve.js`) stay in the chunk, so the page does not grow
 * for customers who never load it. Decided on resolved paths (noble's own relative imports too).
 */
function sharedKey(id: string): string | undefined {
  if (id === '@kura/codec') return id;
  const m = /[\\/]node_modules[\\/](@noble[\\/](?:hashes|curves)[\\/].+\.js)$/.exec(id);
  if (!m) return undefined;
  const key = m[1]!.replace(/\\/g, '/');
  return CHUNK_OWN.test(key) ? undefined : key;
}
const CHUNK_OWN =
  /^@noble\/curves\/(?:ed25519|abstract\/(?:curve|hash-to-curve|frost|oprf|montgomery))\.js$/;

/** A built chunk: its code with the shared imports turned into reads of the host object. */
interface BuiltChunk {
  readonly code: string;
  /** Shared module → the names the chunk takes from it. */
  readonly imports: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Build one chunk as a single minified ES module whose only imports are {@link SHARED} modules,
 * then rewrite each `import{a as b}from"m"` into `const{a:b}=globalThis.__kuraHost["m"]`. The
 * result has no import at all: the page provides the bindings (`virtual:kura-host`).
 */
async function buildChunk(entry: string): Promise<BuiltChunk> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: kuraAliases },
    build: {
      write: false,
      target: 'es2022',
      minify: process.env.KURA_CHUNK_DEBUG === undefined,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: entry,
        external: (id, _parent, isResolved) =>
          id === '@kura/codec' || (isResolved && sharedKey(id) !== undefined),
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
      const mod = sharedKey(spec);
      if (!mod) throw new Error(`lazy chunk ${entry}: unexpected import "${spec}"`);
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
  code = code.replace(/import\s*"([^"]+)";?/g, (m, spec: string) => (sharedKey(spec) ? '' : m));
  if (
    process.env.KURA_CHUNK_DEBUG === undefined &&
    /\bimport\s*[{*"'(]|\bimport\s+[\w$]+\s+from\b/.test(code)
  )
    throw new Error(
      `lazy chunk ${entry} still imports a module after the rewrite: ${code.slice(0, 400)}`
    );
  return { code, imports };
}

/** The module that hands the chunks their shared bindings (`globalThis.__kuraHost` while loading). */
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
  for (const [mod, names] of [...all].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...names].sort();
    const locals = sorted.map(() => `h${i++}`);
    lines.push(
      `import { ${sorted.map((n, j) => `${n} as ${locals[j]}`).join(', ')} } from ${JSON.stringify(mod)};`
    );
    entries.push(
      `${JSON.stringify(mod)}: { ${sorted.map((n, j) => `${n}: ${locals[j]}`).join(', ')} }`
    );
  }
  lines.push(`export const host = { ${entries.join(', ')} };`);
  return lines.join('\n');
}

/**
 * Builds every {@link LAZY} chunk before the page, names it `kura-<name>-<12 hex>.js`, bakes the
 * name and SHA-256 into the page as `__KURA_CHUNKS__`, provides `virtual:kura-host` (the shared
 * bindings the chunks read) and writes each chunk next to the page.
 */
function lazyChunks(): Plugin {
  const files: { fileName: string; source: string }[] = [];
  let host = 'export const host = {};';
  return {
    name: 'kura-lazy-chunks',
    async config() {
      const pins: Record<string, { file: string; sha256: string }> = {};
      const built: BuiltChunk[] = [];
      for (const [name, entry] of Object.entries(LAZY)) {
        const chunk = await buildChunk(entry);
        built.push(chunk);
        const sha = createHash('sha256').update(chunk.code, 'utf8').digest('hex');
        const fileName = `kura-${name}-${sha.slice(0, 12)}.js`;
        pins[name] = { file: fileName, sha256: sha };
        files.push({ fileName, source: chunk.code });
      }
      host = hostModule(built);
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
