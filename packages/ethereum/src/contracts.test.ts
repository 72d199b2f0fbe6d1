/** The pinned fixture bytecode is exactly what npm solc 0.8.37 compiles from the sources beside it. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { compileAll } from '../test/compile.mjs';

test('test/contracts/artifacts.json = solc(test/contracts/*.sol)', () => {
  const pinned = JSON.parse(
    readFileSync(new URL('../test/contracts/artifacts.json', import.meta.url), 'utf8')
  );
  const fresh = compileAll() as typeof pinned;
  expect(fresh.solc).toMatch(/^0\.8\.37\+/);
  expect(Object.keys(fresh.contracts).sort()).toEqual([
    'GrindWallet',
    'Multicall3Compatible',
    'OwnerWallet',
    'PermissiveWallet',
    'UsdcStyleToken',
    'UsdtStyleToken',
  ]);
  expect(fresh).toEqual(pinned);
});
