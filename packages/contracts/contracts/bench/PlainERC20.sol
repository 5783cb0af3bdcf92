// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice The floor for the gas benchmark: a plain OpenZeppelin 5 ERC-20, no proxy, no rules.
contract PlainERC20 is ERC20 {
    constructor() ERC20("Plain", "PLN") {}

    function mint(address to, uint256 value) external {
        _mint(to, value);
    }
}
