// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// OpenZeppelin contracts the deployment uses as they are: the proxy of the registry and the upgrade timelock.
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
