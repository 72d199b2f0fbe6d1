/**
 * Test helper: compile the Solidity fixtures beside this file with npm `solc` (0.8.37, the
 * version pinned in package.json), once per process.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

/** One compiled contract. */
export interface Compiled {
  readonly abi: unknown[];
  /** Creation bytecode, 0x-prefixed. */
  readonly bytecode: string;
  /** Runtime bytecode, 0x-prefixed. */
  readonly runtime: string;
}

const DIR = fileURLToPath(new URL('./contracts/', import.meta.url));
let cache: Record<string, Compiled> | undefined;

/** Compile every `*.sol` in `test/contracts/`; contracts by name. */
export function compileContracts(): Record<string, Compiled> {
  if (cache) return cache;
  const sources: Record<string, { content: string }> = {};
  for (const f of readdirSync(DIR))
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
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<
      string,
      Record<
        string,
        {
          abi: unknown[];
          evm: { bytecode: { object: string }; deployedBytecode: { object: string } };
        }
      >
    >;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const result: Record<string, Compiled> = {};
  for (const file of Object.values(out.contracts))
    for (const [name, c] of Object.entries(file))
      result[name] = {
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        runtime: `0x${c.evm.deployedBytecode.object}`,
      };
  cache = result;
  return result;
}
