// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// A 6-decimal test token in the style of Circle's FiatToken >= 2.2: the balance of an account
/// and its blacklist flag share one storage word (balance in the low 255 bits, the flag in bit
/// 255). Storage: slot 0 owner, slot 1 totalSupply, slot 2 allowances, slot 3 balances.
/// Kura test fixture, not for production.
contract UsdcStyleToken {
    address public owner;
    uint256 public totalSupply;
    mapping(address => mapping(address => uint256)) private allowances;
    mapping(address => uint256) private balanceAndBlacklist;

    string public constant name = "Kura Test USD Coin";
    string public constant symbol = "tUSDC";
    uint8 public constant decimals = 6;

    uint256 private constant FLAG = 1 << 255;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor() {
        owner = msg.sender;
    }

    function balanceOf(address account) external view returns (uint256) {
        return balanceAndBlacklist[account] & (FLAG - 1);
    }

    function isBlacklisted(address account) external view returns (bool) {
        return balanceAndBlacklist[account] & FLAG != 0;
    }

    function mint(address to, uint256 amount) external {
        require(msg.sender == owner, "owner only");
        require(amount < FLAG && (balanceAndBlacklist[to] & (FLAG - 1)) + amount < FLAG, "too large");
        totalSupply += amount;
        balanceAndBlacklist[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function blacklist(address account) external {
        require(msg.sender == owner, "owner only");
        balanceAndBlacklist[account] |= FLAG;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        move(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowances[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function allowance(address holder, address spender) external view returns (uint256) {
        return allowances[holder][spender];
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 a = allowances[from][msg.sender];
        require(a >= amount, "allowance");
        allowances[from][msg.sender] = a - amount;
        move(from, to, amount);
        return true;
    }

    function move(address from, address to, uint256 amount) private {
        uint256 f = balanceAndBlacklist[from];
        require(f & FLAG == 0 && balanceAndBlacklist[to] & FLAG == 0, "blacklisted");
        require(f >= amount, "balance");
        balanceAndBlacklist[from] = f - amount;
        balanceAndBlacklist[to] += amount;
        emit Transfer(from, to, amount);
    }
}
