/** Types of compile.mjs (the Solidity fixture build script). */
export declare function compileAll(): {
  solc: string;
  contracts: Record<string, { abi: unknown[]; bytecode: string; runtime: string }>;
};
