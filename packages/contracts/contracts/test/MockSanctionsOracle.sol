// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title MockSanctionsOracle
 * @notice Devnet/test stand-in for the Chainalysis sanctions oracle (compliance-rules.md §4.3): the same read,
 * `isSanctioned(address) returns (bool)` (selector 0xdf592f7d), and the same admin events
 * `SanctionedAddressesAdded(address[])` / `SanctionedAddressesRemoved(address[])`. Owner-settable. NOT for any
 * public network: on Base the platform reads Chainalysis' own oracle at 0x3A91A31cB3dC49b4db9Ce721F50a9D076c8D739B.
 * `setBroken(true)` makes every read revert, to test that an oracle failure is treated as stale, never as clean.
 */
contract MockSanctionsOracle {
    /// @notice The caller is not the owner.
    error OwnableUnauthorizedAccount(address account);
    /// @notice The oracle was switched to failing reads (`setBroken(true)`).
    error SanctionsOracleUnavailable();

    event SanctionedAddressesAdded(address[] addrs);
    event SanctionedAddressesRemoved(address[] addrs);
    event BrokenSet(bool broken);

    address public immutable owner;
    bool public broken;
    mapping(address => bool) private _sanctioned;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    /**
     * @notice Lists `addrs` as sanctioned.
     * Requirements: the caller is the owner.
     */
    function addToSanctionsList(address[] calldata addrs) external onlyOwner {
        for (uint256 i = 0; i < addrs.length; i++) _sanctioned[addrs[i]] = true;
        emit SanctionedAddressesAdded(addrs);
    }

    /**
     * @notice Delists `addrs`.
     * Requirements: the caller is the owner.
     */
    function removeFromSanctionsList(address[] calldata addrs) external onlyOwner {
        for (uint256 i = 0; i < addrs.length; i++) _sanctioned[addrs[i]] = false;
        emit SanctionedAddressesRemoved(addrs);
    }

    /**
     * @notice Makes every read revert (`true`) or answer again (`false`).
     * Requirements: the caller is the owner.
     */
    function setBroken(bool broken_) external onlyOwner {
        broken = broken_;
        emit BrokenSet(broken_);
    }

    /// @notice Whether `addr` is listed. Reverts with `SanctionsOracleUnavailable` while broken.
    function isSanctioned(address addr) external view returns (bool) {
        if (broken) revert SanctionsOracleUnavailable();
        return _sanctioned[addr];
    }
}
