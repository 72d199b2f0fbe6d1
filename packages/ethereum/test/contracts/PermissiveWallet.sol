// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// A broken EIP-1271 wallet that returns the magic value for any hash and any signature.
/// Kura test fixture: the verifier must notice it authenticates nothing.
contract PermissiveWallet {
    receive() external payable {}

    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        return 0x1626ba7e;
    }
}
