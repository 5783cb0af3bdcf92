// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICoinsciousErrors} from "./interfaces/ICoinsciousErrors.sol";

/**
 * @title LogAnchor
 * @notice The on-chain anchor of the off-chain audit log: one Merkle root per UTC day. A root, once written, can
 * never change — which is why this contract is deliberately not upgradeable and has no delete or overwrite.
 * An auditor holding a log entry and its proof checks it with {verify} against the chain alone.
 */
contract LogAnchor is AccessControl, ICoinsciousErrors {
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    struct Anchor {
        bytes32 root;
        uint64 leafCount;
        uint64 anchoredAt;
    }

    mapping(uint32 day => Anchor) private _anchors;

    event RootAnchored(uint32 indexed day, bytes32 root, uint64 leafCount);

    /// @dev The day already has a root.
    error RootAlreadyAnchored(uint32 day, bytes32 root);
    /// @dev A zero root cannot be anchored.
    error ZeroRoot();
    /// @dev Days are UTC days since 1970-01-01; a root for a day that has not started cannot be anchored.
    error DayInFuture(uint32 day, uint32 today);

    constructor(address admin, address anchorer) {
        if (admin == address(0) || anchorer == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHORER_ROLE, anchorer);
    }

    /**
     * @notice Records the Merkle root of day `day`'s audit-log entries.
     * Requirements: `ANCHORER_ROLE`; `root` ≠ 0; `day` not in the future; no root for `day` yet.
     * Emits {RootAnchored}.
     */
    function anchor(uint32 day, bytes32 root, uint64 leafCount) external onlyRole(ANCHORER_ROLE) {
        if (root == bytes32(0)) revert ZeroRoot();
        uint32 today = uint32(block.timestamp / 1 days);
        if (day > today) revert DayInFuture(day, today);
        Anchor storage a = _anchors[day];
        if (a.root != bytes32(0)) revert RootAlreadyAnchored(day, a.root);
        a.root = root;
        a.leafCount = leafCount;
        a.anchoredAt = uint64(block.timestamp);
        emit RootAnchored(day, root, leafCount);
    }

    /// @notice The root of `day` (0 when none), its leaf count and when it was anchored.
    function anchorOf(uint32 day) external view returns (bytes32 root, uint64 leafCount, uint64 anchoredAt) {
        Anchor storage a = _anchors[day];
        return (a.root, a.leafCount, a.anchoredAt);
    }

    /// @notice True when `leaf` with `proof` (OpenZeppelin sorted-pair Merkle proof) is under day `day`'s root.
    function verify(uint32 day, bytes32 leaf, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = _anchors[day].root;
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }
}
