/**
 * Test helper: the real Safe contracts, bytecode as published on npm — `@gnosis.pm/safe-contracts`
 * 1.3.0 and `@safe-global/safe-contracts` 1.4.1 (their hardhat `build/artifacts`). They are not
 * workspace dependencies (both declare an ethers-5 peer that conflicts with the project's
 * ethers 6), so the helper fetches each tarball once with the ordinary npm client (`npm pack`)
 * into node_modules/.cache/kura-safe and reads the artifacts from it.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AbiCoder, getAddress, hexlify, Interface, keccak256 } from 'ethers';
import type { Anvil } from './anvil.js';

const CACHE = fileURLToPath(new URL('../../../node_modules/.cache/kura-safe/', import.meta.url));

const PACKAGES = {
  '1.3.0': {
    pkg: '@gnosis.pm/safe-contracts@1.3.0',
    dir: 'build/artifacts/contracts/',
    singleton: 'GnosisSafe.sol/GnosisSafe.json',
    singletonL2: 'GnosisSafeL2.sol/GnosisSafeL2.json',
    proxy: 'proxies/GnosisSafeProxy.sol/GnosisSafeProxy.json',
    handler: 'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
  },
  '1.4.1': {
    pkg: '@safe-global/safe-contracts@1.4.1',
    dir: 'build/artifacts/contracts/',
    singleton: 'Safe.sol/Safe.json',
    singletonL2: 'SafeL2.sol/SafeL2.json',
    proxy: 'proxies/SafeProxy.sol/SafeProxy.json',
    handler: 'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
  },
} as const;

/** A hardhat artifact. */
export interface Artifact {
  readonly abi: unknown[];
  readonly bytecode: string;
  readonly deployedBytecode: string;
}

/** The Safe artifacts of one version. */
export interface SafeArtifacts {
  readonly singleton: Artifact;
  readonly singletonL2: Artifact;
  readonly proxy: Artifact;
  readonly handler: Artifact;
}

function unpacked(version: keyof typeof PACKAGES): string {
  const dest = `${CACHE}${version}/`;
  if (existsSync(`${dest}package/package.json`)) return dest;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${CACHE}tmp-${version}-${process.pid}-${Date.now()}/`;
  mkdirSync(tmp, { recursive: true });
  const file = execFileSync(
    'npm',
    ['pack', PACKAGES[version].pkg, '--silent', '--pack-destination', tmp],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
  )
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync('tar', ['xzf', `${tmp}${file}`, '-C', tmp, 'package/package.json', 'package/build']);
  try {
    renameSync(tmp, dest);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another test process got there first
  }
  return dest;
}

/** The Safe artifacts of `version`, from the npm tarball. */
export function safeArtifacts(version: '1.3.0' | '1.4.1'): SafeArtifacts {
  const p = PACKAGES[version];
  const root = `${unpacked(version)}package/${p.dir}`;
  const read = (f: string) => JSON.parse(readFileSync(root + f, 'utf8')) as Artifact;
  return {
    singleton: read(p.singleton),
    singletonL2: read(p.singletonL2),
    proxy: read(p.proxy),
    handler: read(p.handler),
  };
}

/** Deploy raw creation code (+ ABI-encoded constructor args) from `from`; returns the address. */
export async function deployRaw(
  anvil: Anvil,
  a: Artifact,
  args: unknown[],
  from: string
): Promise<string> {
  const data = a.bytecode + new Interface(a.abi as never).encodeDeploy(args).slice(2);
  const r = await anvil.send({ from, data });
  return getAddress(r.contractAddress!);
}

/** Deployed Safe infrastructure of one version. */
export interface SafeDeployment {
  readonly version: '1.3.0' | '1.4.1';
  readonly art: SafeArtifacts;
  readonly singleton: string;
  readonly singletonL2: string;
  readonly handler: string;
}

/** Deploy a version's singletons and fallback handler. */
export async function deploySafeInfra(
  anvil: Anvil,
  version: '1.3.0' | '1.4.1',
  from: string
): Promise<SafeDeployment> {
  const art = safeArtifacts(version);
  return {
    version,
    art,
    singleton: await deployRaw(anvil, art.singleton, [], from),
    singletonL2: await deployRaw(anvil, art.singletonL2, [], from),
    handler: await deployRaw(anvil, art.handler, [], from),
  };
}

/**
 * Deploy a proxy for `singleton` and, unless `setup` is false, call `setup(owners, threshold, …,
 * fallbackHandler, …)` through it, as the Safe proxy factory does.
 */
export async function deploySafe(
  anvil: Anvil,
  d: SafeDeployment,
  owners: readonly string[],
  threshold: number,
  from: string,
  opts: { singleton?: string; setup?: boolean } = {}
): Promise<string> {
  const proxy = await deployRaw(anvil, d.art.proxy, [opts.singleton ?? d.singleton], from);
  if (opts.setup !== false) {
    const data = new Interface(d.art.singleton.abi as never).encodeFunctionData('setup', [
      owners,
      threshold,
      '0x0000000000000000000000000000000000000000',
      '0x',
      d.handler,
      '0x0000000000000000000000000000000000000000',
      0,
      '0x0000000000000000000000000000000000000000',
    ]);
    await anvil.send({ from, to: proxy, data });
  }
  return proxy;
}

/** `abi.encode(bytes32, bytes)` — what the GrindWallet fixture hashes. */
export function encodeHashSig(hash: Uint8Array, sig: Uint8Array): string {
  return AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes'], [hash, sig]);
}

/**
 * Grind a 65-byte "signature" the GrindWallet fixture accepts for `digest` (its first hash
 * byte is 0: ~256 tries), or, with `accepted = false`, one it refuses. Returns `0x…`.
 */
export function groundSignature(digest: Uint8Array, accepted = true): string {
  for (let i = 0; i < 1_000_000; i++) {
    const s = new Uint8Array(65);
    s[29] = i >> 16;
    s[30] = (i >> 8) & 0xff;
    s[31] = i & 0xff;
    if (keccak256(encodeHashSig(digest, s)).startsWith('0x00') === accepted) return hexlify(s);
  }
  throw new Error('no ground signature found');
}

/** keccak256 of runtime code given as `0x…` (a code hash). */
export function codeHashOf(code: string): string {
  return keccak256(code);
}
