/**
 * Issue 19: `cli/` holds argument parsing, printing and exit codes — nothing else. Its sources
 * (tests aside) import no hashing or signature primitive and no chain or database library, and
 * call no node themselves: hashing, signing, chain clients and the calls they make live in the
 * packages (`@kura/bitcoin` `createSource`, `@kura/ethereum` `rpcClients`, `@kura/xrpl`
 * `xrplClients`, `@kura/pkcs11` `createSecretFile`, …), where a second implementation finds them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** Modules the command layer must not import: primitives and chain / database libraries. */
const FORBIDDEN_IMPORTS: readonly RegExp[] = [
  /^(node:)?crypto$/,
  /^@noble\//,
  /^@scure\//,
  /^ethers$/,
  /^bitcoinjs-lib$/,
  /^ecpair$/,
  /^bip32$/,
  /^bip322-js$/,
  /^xrpl$/,
  /^ripple-/,
  /^pg(-cursor)?$/,
  /^pkcs11js$/,
];

/** A node called directly: fetch, a JSON-RPC call or batch, a client made by hand, a method name. */
const RPC_CALLS: readonly RegExp[] = [
  /\bfetch\s*\(/,
  /\.(call|batch|batchSettled)\(\s*['"`]/,
  /\bnew\s+(RpcClient|XrplClient|CoreRpcSource|EsploraSource|BcoinSource|JsonRpcProvider)\s*\(/,
  /['"`](eth_[A-Za-z]+|getblock[a-z]*|gettxout[a-z]*|getrawtransaction|account_info|account_lines|ledger_entry|ledger_data)['"`]/,
];

/**
 * Directories left out, with the reason. Nothing else may be listed: a command file that needs a
 * primitive or a node call gets it from a package.
 */
const EXEMPT: Readonly<Record<string, string>> = {
  'serve/': 'the proof server: moves to its own package @kura/serve (issue 19)',
  'demo/':
    'the self-contained demo with its own nodes: moves to its own package @kura/demo (issue 19)',
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.(test|bench)\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier a source imports (static, dynamic, re-export, side effect). */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

/** What in `text` breaks the rule: forbidden imports and direct node calls. */
function violations(text: string): string[] {
  const found: string[] = [];
  for (const spec of importsOf(text))
    if (FORBIDDEN_IMPORTS.some((re) => re.test(spec))) found.push(`imports ${spec}`);
  for (const [i, line] of text.split('\n').entries()) {
    if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue; // documentation may name the calls
    for (const re of RPC_CALLS) if (re.test(line)) found.push(`line ${i + 1}: ${line.trim()}`);
  }
  return found;
}

describe('cli/src is parsing, printing and exit codes only', () => {
  it('the checker finds each kind of violation (it is not vacuous)', () => {
    expect(violations("import { randomBytes } from 'node:crypto';")).toEqual([
      'imports node:crypto',
    ]);
    expect(violations("import { sha256 } from '@noble/hashes/sha2.js';")).toHaveLength(1);
    expect(violations("const { Wallet } = await import('ethers');")).toHaveLength(1);
    expect(violations("export { x } from 'pg';")).toHaveLength(1);
    expect(violations("const r = await fetch('http://node');")).toHaveLength(1);
    expect(violations("await client.call('eth_getBalance', [a, 'latest']);")).toHaveLength(2);
    expect(violations('const c = new RpcClient({ url });')).toHaveLength(1);
    expect(violations(' * records its `gettxoutproof` merkle proof')).toEqual([]);
    expect(
      violations(
        "import { rpcClients } from '@kura/ethereum';\n.description('(eth_signTypedData_v4)')"
      )
    ).toEqual([]);
  });

  it('no command source imports a primitive or a chain library, or calls a node itself', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const f of files) {
      const rel = relative(SRC, f).split('\\').join('/');
      if (Object.keys(EXEMPT).some((d) => rel.startsWith(d))) continue;
      for (const v of violations(readFileSync(f, 'utf8'))) bad.push(`${rel}: ${v}`);
    }
    expect(bad).toEqual([]);
  });
});
