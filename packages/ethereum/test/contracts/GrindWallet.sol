// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// A forgeable EIP-1271 wallet (issue 12): it returns the magic value for about 1 in 256
/// (hash, signature) pairs, so two random probes pass it ~99% of the time and anyone can grind
/// a "signature" it accepts in ~256 tries. Kura test fixture: it must never count.
contract GrindWallet {
    receive() external payable {}

    function isValidSignature(bytes32 hash, bytes calldata signature) external pure returns (bytes4) {
        return keccak256(abi.encode(hash, signature))[0] == 0 ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
