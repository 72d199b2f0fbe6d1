// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// The subset of the Multicall3 interface Kura uses (`aggregate3`, `getEthBalance`,
/// `getBlockNumber`), written for Kura's tests and installed on anvil at the canonical Multicall3
/// address with `anvil_setCode`. Same ABI, same semantics for these functions.
contract Multicall3Compatible {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData) {
        returnData = new Result[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, bytes memory ret) = calls[i].target.call(calls[i].callData);
            require(ok || calls[i].allowFailure, "Multicall3: call failed");
            returnData[i] = Result(ok, ret);
        }
    }

    function getEthBalance(address addr) external view returns (uint256) {
        return addr.balance;
    }

    function getBlockNumber() external view returns (uint256) {
        return block.number;
    }
}
