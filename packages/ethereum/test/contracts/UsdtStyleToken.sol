// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// A test token in the style of Tether's USDT on Ethereum: `transfer` returns nothing (callers
/// expecting a bool revert on decoding), and `decimals` is a uint256 storage variable.
/// Storage: slot 0 owner, slot 1 totalSupply, slot 2 balances, slot 3 decimals.
/// Kura test fixture, not for production.
contract UsdtStyleToken {
    address public owner;
    uint256 public totalSupply;
    mapping(address => uint256) public balances;
    uint256 public decimals;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 decimals_) {
        owner = msg.sender;
        decimals = decimals_;
    }

    function balanceOf(address who) external view returns (uint256) {
        return balances[who];
    }

    function issue(address to, uint256 amount) external {
        require(msg.sender == owner, "owner only");
        totalSupply += amount;
        balances[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function transfer(address to, uint256 value) external {
        require(balances[msg.sender] >= value, "balance");
        balances[msg.sender] -= value;
        balances[to] += value;
        emit Transfer(msg.sender, to, value);
    }
}
