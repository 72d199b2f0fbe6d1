// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// A minimal contract wallet with one owner key (like a 1-of-1 Safe): EIP-1271
/// `isValidSignature` accepts a 65-byte r||s||v ECDSA signature by the current owner over the
/// given hash. The owner can be replaced, so validity depends on the block it is asked at.
/// Kura test fixture, not for production.
contract OwnerWallet {
    bytes4 private constant MAGIC = 0x1626ba7e;
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    address public owner;

    constructor(address owner_) {
        owner = owner_;
    }

    receive() external payable {}

    function setOwner(address next) external {
        require(msg.sender == owner, "owner only");
        owner = next;
    }

    /// Call any contract as the wallet (e.g. move its tokens).
    function execute(address to, uint256 value, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == owner, "owner only");
        (bool ok, bytes memory ret) = to.call{value: value}(data);
        require(ok, "call failed");
        return ret;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return 0xffffffff;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > HALF_N || (v != 27 && v != 28)) return 0xffffffff;
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? MAGIC : bytes4(0xffffffff);
    }
}
