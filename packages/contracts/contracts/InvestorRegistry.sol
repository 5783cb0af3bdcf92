// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ICoinsciousErrors} from "./interfaces/ICoinsciousErrors.sol";
import {IInvestorRegistry, IRegistryHooks} from "./interfaces/IInvestorRegistry.sol";
import {Packed} from "./libraries/Packed.sol";

/**
 * @title InvestorRegistry
 * @notice The investor registry of one issuer, shared by all its token classes.
 *
 * Investors are identified by a `uint48` id chosen off-chain (so a retried registration fails with
 * `InvestorAlreadyRegistered` instead of creating a duplicate). Each investor has one packed record and any
 * number of wallets. Every change is pushed into every bound token class in the same transaction, so a token
 * transfer reads its own storage only; a class bound after investors were registered pulls what it is missing
 * through `walletRecord` on first use.
 *
 * Roles:
 * - `DEFAULT_ADMIN_ROLE`: grants and revokes roles (except the upgrader).
 * - `REGISTRY_ORACLE_ROLE`: writes investor records and wallet links; moves no tokens.
 * - `CLASS_BINDER_ROLE`: binds token classes (held by the token factory).
 * - `UPGRADER_ROLE`: authorizes UUPS upgrades; administered by itself, so only the holder (the timelock) can
 *   hand it on and the admin cannot bypass the upgrade delay.
 */
contract InvestorRegistry is
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    IInvestorRegistry,
    ICoinsciousErrors
{
    using Packed for uint256;

    bytes32 public constant REGISTRY_ORACLE_ROLE = keccak256("REGISTRY_ORACLE_ROLE");
    bytes32 public constant CLASS_BINDER_ROLE = keccak256("CLASS_BINDER_ROLE");
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");

    /// @custom:storage-location erc7201:coinscious.storage.InvestorRegistry
    struct RegistryStorage {
        mapping(uint48 investorId => uint256 record) investors;
        mapping(address wallet => uint48 investorId) walletInvestor;
        address[] tokenClasses;
        mapping(address token => bool) isTokenClass;
    }

    // keccak256(abi.encode(uint256(keccak256("coinscious.storage.InvestorRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xb7cad347bde5c24ac9a34ee4484135f70b5a5f546a2f9ef15aef659057f06500;

    function _s() private pure returns (RegistryStorage storage $) {
        assembly {
            $.slot := STORAGE_SLOT
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Initializes the proxy.
     * Requirements: `admin` and `upgrader` are not the zero address.
     */
    function initialize(address admin, address upgrader) external initializer {
        if (admin == address(0) || upgrader == address(0)) revert ZeroAddress();
        __AccessControl_init();
        _setRoleAdmin(UPGRADER_ROLE, UPGRADER_ROLE);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(UPGRADER_ROLE, upgrader);
    }

    // ------------------------------------------------------------------ investors

    /**
     * @notice Registers investor `investorId` with its first wallet.
     * Requirements: caller has `REGISTRY_ORACLE_ROLE`; `investorId` ≠ 0 and not registered; `wallet` ≠ 0 and
     * not linked; `record.country` ≤ 999.
     * Emits {InvestorRegistered} and {WalletLinked}.
     */
    function registerInvestor(uint48 investorId, address wallet, InvestorRecord calldata record)
        external
        onlyRole(REGISTRY_ORACLE_ROLE)
    {
        _register(investorId, wallet, record);
    }

    /// @notice Batch form of {registerInvestor}; all or nothing.
    function batchRegisterInvestors(
        uint48[] calldata investorIds,
        address[] calldata wallets,
        InvestorRecord[] calldata records
    ) external onlyRole(REGISTRY_ORACLE_ROLE) {
        uint256 n = investorIds.length;
        if (n == 0) revert EmptyBatch();
        if (wallets.length != n) revert ArrayLengthMismatch(n, wallets.length);
        if (records.length != n) revert ArrayLengthMismatch(n, records.length);
        for (uint256 i; i < n; ++i) {
            _register(investorIds[i], wallets[i], records[i]);
        }
    }

    /**
     * @notice Replaces investor `investorId`'s attributes.
     * Requirements: caller has `REGISTRY_ORACLE_ROLE`; the investor exists; `record.country` ≤ 999.
     * Emits {InvestorUpdated}.
     */
    function updateInvestor(uint48 investorId, InvestorRecord calldata record)
        external
        onlyRole(REGISTRY_ORACLE_ROLE)
    {
        _update(investorId, record);
    }

    /// @notice Batch form of {updateInvestor}; all or nothing.
    function batchUpdateInvestors(uint48[] calldata investorIds, InvestorRecord[] calldata records)
        external
        onlyRole(REGISTRY_ORACLE_ROLE)
    {
        uint256 n = investorIds.length;
        if (n == 0) revert EmptyBatch();
        if (records.length != n) revert ArrayLengthMismatch(n, records.length);
        for (uint256 i; i < n; ++i) {
            _update(investorIds[i], records[i]);
        }
    }

    /**
     * @notice Removes an investor that has no wallet left (so it can hold nothing in any class).
     * Requirements: caller has `REGISTRY_ORACLE_ROLE`; the investor exists and has no linked wallet.
     * Emits {InvestorRemoved}.
     */
    function removeInvestor(uint48 investorId) external onlyRole(REGISTRY_ORACLE_ROLE) {
        RegistryStorage storage $ = _s();
        uint256 rec = _existing($, investorId);
        uint256 count = rec.walletCount();
        if (count != 0) revert InvestorHasWallets(investorId, count);
        delete $.investors[investorId];
        _pushAttrs($, investorId, 0);
        emit InvestorRemoved(investorId);
    }

    // ------------------------------------------------------------------ wallets

    /**
     * @notice Links `wallet` to investor `investorId`.
     * Requirements: caller has `REGISTRY_ORACLE_ROLE`; the investor exists; `wallet` ≠ 0 and not linked.
     * Emits {WalletLinked}.
     */
    function linkWallet(address wallet, uint48 investorId) external onlyRole(REGISTRY_ORACLE_ROLE) {
        RegistryStorage storage $ = _s();
        _link($, wallet, investorId, _existing($, investorId));
    }

    /// @notice Batch form of {linkWallet}; all or nothing.
    function batchLinkWallets(address[] calldata wallets, uint48[] calldata investorIds)
        external
        onlyRole(REGISTRY_ORACLE_ROLE)
    {
        uint256 n = wallets.length;
        if (n == 0) revert EmptyBatch();
        if (investorIds.length != n) revert ArrayLengthMismatch(n, investorIds.length);
        RegistryStorage storage $ = _s();
        for (uint256 i; i < n; ++i) {
            _link($, wallets[i], investorIds[i], _existing($, investorIds[i]));
        }
    }

    /**
     * @notice Unlinks `wallet` from its investor.
     * Requirements: caller has `REGISTRY_ORACLE_ROLE`; the wallet is linked; it holds nothing in any token
     * class (every class reverts with {WalletHasBalance} otherwise — move the balance first, e.g. with the
     * token's `recoveryAddress`).
     * Emits {WalletUnlinked}.
     */
    function unlinkWallet(address wallet) external onlyRole(REGISTRY_ORACLE_ROLE) {
        RegistryStorage storage $ = _s();
        uint48 investorId = $.walletInvestor[wallet];
        if (investorId == 0) revert WalletNotLinked(wallet);
        delete $.walletInvestor[wallet];
        uint256 rec = $.investors[investorId];
        $.investors[investorId] = rec.withWalletCount(rec.walletCount() - 1);
        address[] storage classes = $.tokenClasses;
        for (uint256 i; i < classes.length; ++i) {
            IRegistryHooks(classes[i]).onWalletUnlinked(wallet, investorId);
        }
        emit WalletUnlinked(wallet, investorId);
    }

    // ------------------------------------------------------------------ token classes

    /**
     * @notice Binds a token class so that it receives every investor change.
     * Requirements: caller has `CLASS_BINDER_ROLE`; `token` ≠ 0 and not bound yet.
     * Emits {TokenClassBound}.
     */
    function bindTokenClass(address token) external onlyRole(CLASS_BINDER_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        RegistryStorage storage $ = _s();
        if ($.isTokenClass[token]) revert TokenClassAlreadyBound(token);
        $.isTokenClass[token] = true;
        $.tokenClasses.push(token);
        emit TokenClassBound(token);
    }

    // ------------------------------------------------------------------ views

    /// @notice The investor `wallet` is linked to; 0 when unlinked.
    function investorOf(address wallet) external view returns (uint48) {
        return _s().walletInvestor[wallet];
    }

    /// @inheritdoc IInvestorRegistry
    function walletRecord(address wallet) external view returns (uint48 investorId, uint256 attrs) {
        RegistryStorage storage $ = _s();
        investorId = $.walletInvestor[wallet];
        if (investorId != 0) attrs = $.investors[investorId] & Packed.ATTRS_MASK;
    }

    /// @notice Whether `investorId` is registered.
    function isRegistered(uint48 investorId) external view returns (bool) {
        return _s().investors[investorId] & Packed.EXISTS != 0;
    }

    /**
     * @notice Investor `investorId`'s record and number of linked wallets.
     * Requirements: the investor exists (reverts {UnknownInvestor}).
     */
    function getInvestor(uint48 investorId) external view returns (InvestorRecord memory record, uint32 walletCount) {
        uint256 rec = _existing(_s(), investorId);
        record = InvestorRecord({
            country: uint16(rec.country()),
            kycExpiry: uint40(rec.kycExpiry()),
            accreditationExpiry: uint40(rec.accreditationExpiry()),
            lockupUntil: uint40(rec.lockupUntil()),
            usPerson: rec & Packed.US_PERSON != 0,
            frozen: rec & Packed.INVESTOR_FROZEN != 0
        });
        walletCount = uint32(rec.walletCount());
    }

    /// @notice True when `wallet` is linked to an investor whose KYC is current and who is not frozen.
    function isVerified(address wallet) external view returns (bool) {
        RegistryStorage storage $ = _s();
        uint48 investorId = $.walletInvestor[wallet];
        if (investorId == 0) return false;
        uint256 rec = $.investors[investorId];
        return rec & Packed.INVESTOR_FROZEN == 0 && rec.kycExpiry() > block.timestamp;
    }

    /// @notice The bound token classes, in binding order.
    function tokenClasses() external view returns (address[] memory) {
        return _s().tokenClasses;
    }

    // ------------------------------------------------------------------ internals

    function _register(uint48 investorId, address wallet, InvestorRecord calldata record) private {
        if (investorId == 0) revert ZeroInvestorId();
        RegistryStorage storage $ = _s();
        if ($.investors[investorId] & Packed.EXISTS != 0) revert InvestorAlreadyRegistered(investorId);
        uint256 rec = _pack(record) | Packed.EXISTS;
        emit InvestorRegistered(investorId, record);
        _link($, wallet, investorId, rec);
    }

    function _update(uint48 investorId, InvestorRecord calldata record) private {
        RegistryStorage storage $ = _s();
        uint256 old = _existing($, investorId);
        uint256 attrs = _pack(record);
        $.investors[investorId] = (old & ~Packed.ATTRS_MASK) | attrs;
        _pushAttrs($, investorId, attrs);
        emit InvestorUpdated(investorId, record);
    }

    /// @dev Links `wallet` to `investorId` whose current record is `rec` (written back with the new count).
    function _link(RegistryStorage storage $, address wallet, uint48 investorId, uint256 rec) private {
        if (wallet == address(0)) revert ZeroAddress();
        uint48 current = $.walletInvestor[wallet];
        if (current != 0) revert WalletAlreadyLinked(wallet, current);
        $.walletInvestor[wallet] = investorId;
        $.investors[investorId] = rec.withWalletCount(rec.walletCount() + 1);
        uint256 attrs = rec & Packed.ATTRS_MASK;
        address[] storage classes = $.tokenClasses;
        for (uint256 i; i < classes.length; ++i) {
            IRegistryHooks(classes[i]).onWalletLinked(wallet, investorId, attrs);
        }
        emit WalletLinked(wallet, investorId);
    }

    function _pushAttrs(RegistryStorage storage $, uint48 investorId, uint256 attrs) private {
        address[] storage classes = $.tokenClasses;
        for (uint256 i; i < classes.length; ++i) {
            IRegistryHooks(classes[i]).onInvestorUpdated(investorId, attrs);
        }
    }

    function _existing(RegistryStorage storage $, uint48 investorId) private view returns (uint256 rec) {
        rec = $.investors[investorId];
        if (rec & Packed.EXISTS == 0) revert UnknownInvestor(investorId);
    }

    function _pack(InvestorRecord calldata r) private pure returns (uint256) {
        if (r.country > 999) revert InvalidCountry(r.country);
        return Packed.packAttrs(r.country, r.kycExpiry, r.accreditationExpiry, r.lockupUntil, r.usPerson, r.frozen);
    }

    function _authorizeUpgrade(address) internal override onlyRole(UPGRADER_ROLE) {}
}
