// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {ICoinsciousErrors} from "./interfaces/ICoinsciousErrors.sol";
import {IInvestorRegistry} from "./interfaces/IInvestorRegistry.sol";
import {SecurityToken} from "./SecurityToken.sol";

/**
 * @title TokenFactory
 * @notice Deploys a new token class (an ERC-1967 proxy of the current `SecurityToken` implementation) and binds
 * it to the issuer's registry in one transaction, so an issuer can run several classes (say, a Reg D class and
 * a Reg S class) over one registry. Addresses are deterministic (CREATE2 over the salt and the init code).
 *
 * The factory must hold the registry's `CLASS_BINDER_ROLE`. Only `CLASS_CREATOR_ROLE` creates classes and only
 * `DEFAULT_ADMIN_ROLE` changes the implementation that new classes use (existing classes upgrade themselves).
 */
contract TokenFactory is AccessControl, ICoinsciousErrors {
    bytes32 public constant CLASS_CREATOR_ROLE = keccak256("CLASS_CREATOR_ROLE");

    IInvestorRegistry public immutable registry;
    address public implementation;

    event TokenClassCreated(address indexed token, address indexed implementation, bytes32 indexed salt, string symbol);
    event ImplementationChanged(address indexed previous, address indexed current);

    /// Requirements: no argument is the zero address.
    constructor(address registry_, address implementation_, address admin) {
        if (registry_ == address(0) || implementation_ == address(0) || admin == address(0)) revert ZeroAddress();
        registry = IInvestorRegistry(registry_);
        implementation = implementation_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(CLASS_CREATOR_ROLE, admin);
    }

    /**
     * @notice Deploys and binds a new token class.
     * Requirements: `CLASS_CREATOR_ROLE`; the (config, salt) pair not used before (CREATE2 would collide).
     * Emits {TokenClassCreated} (and the registry's `TokenClassBound`).
     */
    function createTokenClass(SecurityToken.TokenClassConfig calldata cfg, bytes32 salt)
        external
        onlyRole(CLASS_CREATOR_ROLE)
        returns (address token)
    {
        token = address(new ERC1967Proxy{salt: salt}(implementation, _initData(cfg)));
        registry.bindTokenClass(token);
        emit TokenClassCreated(token, implementation, salt, cfg.symbol);
    }

    /// @notice The address {createTokenClass} would deploy `cfg` with `salt` to.
    function predictTokenAddress(SecurityToken.TokenClassConfig calldata cfg, bytes32 salt)
        external
        view
        returns (address)
    {
        bytes memory initCode =
            abi.encodePacked(type(ERC1967Proxy).creationCode, abi.encode(implementation, _initData(cfg)));
        return Create2.computeAddress(salt, keccak256(initCode));
    }

    /// @notice Sets the implementation new classes are created with. Requirements: `DEFAULT_ADMIN_ROLE`; non-zero.
    function setImplementation(address implementation_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (implementation_ == address(0)) revert ZeroAddress();
        emit ImplementationChanged(implementation, implementation_);
        implementation = implementation_;
    }

    function _initData(SecurityToken.TokenClassConfig calldata cfg) private view returns (bytes memory) {
        return abi.encodeCall(SecurityToken.initialize, (address(registry), cfg));
    }
}
