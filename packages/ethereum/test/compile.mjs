// Compile the Solidity fixtures in test/contracts/ with npm `solc` (the version pinned in
// package.json). `node test/compile.mjs --write` (npm run contracts) rewrites the pinned
// artifacts test/contracts/artifacts.json that tests load; contracts.test.ts recompiles and
// checks the pinned bytecode is exactly what this solc produces from the sources beside it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const DIR = fileURLToPath(new URL('./contracts/', import.meta.url));

/** @returns {{ solc: string, contracts: Record<string, { abi: unknown[], bytecode: string, runtime: string }> }} */
export function compileAll() {
  const sources = {};
  for (const f of readdirSync(DIR).sort())
    if (f.endsWith('.sol')) sources[f] = { content: readFileSync(DIR + f, 'utf8') };
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
      },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const contracts = {};
  for (const file of Object.keys(out.contracts).sort())
    for (const [name, c] of Object.entries(out.contracts[file]))
      contracts[name] = {
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        runtime: `0x${c.evm.deployedBytecode.object}`,
      };
  return { solc: solc.version(), contracts };
}

if (process.argv.includes('--write')) {
  const a = compileAll();
  writeFileSync(`${DIR}artifacts.json`, `${JSON.stringify(a, null, 1)}\n`);
  console.log(
    `wrote ${DIR}artifacts.json (${Object.keys(a.contracts).join(', ')}; solc ${a.solc})`
  );
}
