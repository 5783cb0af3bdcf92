// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ICoinsciousErrors} from "./interfaces/ICoinsciousErrors.sol";
import {IInvestorRegistry, IRegistryHooks} from "./interfaces/IInvestorRegistry.sol";
import {ISecurityTokenErrors, ISecurityTokenEvents} from "./interfaces/ISecurityToken.sol";
import {Packed} from "./libraries/Packed.sol";
import {ReasonCodes} from "./libraries/ReasonCodes.sol";

/**
 * @title SecurityToken
 * @notice One class of a permissioned security: an ERC-20 that wallets and explorers understand, with the
 * ERC-3643 agent surface and the issuer's transfer rules enforced on every balance change.
 *
 * Every movement goes through one rule evaluation (`_transferCode` / `_mintCode` / `_forcedCode`) that the
 * views `canTransfer`, `canTransferFrom` and `canMint` share, so a view's answer is exactly what the move does.
 * Rules, in this order (first failure wins, compliance-rules.md §2.11):
 *  1. class paused or issuer lock-up → TRANSFER_FROZEN (10)
 *  2. stop order: a party's wallet or investor frozen → STOP_ORDER (11)
 *  3. wallet resolution → WALLET_NOT_WHITELISTED_FROM / _TO / _SPENDER (20/21/22)
 *  4. KYC missing or expired: sender (40/44), recipient (41/45)
 *  5. recipient jurisdiction vs the class's allow/deny list → JURISDICTION_BLOCKED (50)
 *  6. sender lock-up → HOLDING_PERIOD_144 (70); Reg S class, US-person recipient before the distribution
 *     compliance period ends → REG_S_DCP_US_PERSON (100); unfrozen balance → INSUFFICIENT_UNRESTRICTED_BALANCE (120)
 *  7. accreditation required by the class: none (60) or expired (61)
 *  8. max balance per investor (112); holder caps, total (110) and non-accredited (111), only when the move
 *     raises the count (compliance-rules.md §1.6 pre-trade guard: moves between existing holders never do)
 * Mint applies the recipient's rules (2–7 and 8); burn, forced transfer and recovery are agent actions that
 * bypass the sender's rules (a forced transfer still needs a linked, unfrozen, KYC'd recipient). Pause stops
 * holder-initiated transfers only, so the agent can remediate while the class is paused (as in ERC-3643).
 *
 * Holders of record are counted per investor (all wallets summed), on chain: `holderCounts()`.
 * The non-accredited count uses the accreditation status at the time the investor became a holder or was last
 * updated; `syncHolderStatus` lets anyone re-evaluate investors whose accreditation has since expired.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` (configuration, unpause, roles), `AGENT_ROLE` (mint, burn, forced transfer,
 * recovery), `FREEZER_ROLE` (wallet and partial freezes), `GUARDIAN_ROLE` (pause only), `UPGRADER_ROLE`
 * (UUPS upgrades; administered by itself so the timelock holding it cannot be bypassed by the admin).
 */
contract SecurityToken is
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    IERC20Metadata,
    IERC20Errors,
    IRegistryHooks,
    ICoinsciousErrors,
    ISecurityTokenEvents,
    ISecurityTokenErrors
{
    using Packed for uint256;

    bytes32 public constant AGENT_ROLE = keccak256("AGENT_ROLE");
    bytes32 public constant FREEZER_ROLE = keccak256("FREEZER_ROLE");
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");

    uint256 private constant ONE_HOLDER = 1 << 96;
    uint256 private constant ONE_NON_ACCREDITED = 1 << 128;
    uint256 private constant SPENDER_STOPPED = 1;
    uint256 private constant SPENDER_UNLINKED = 2;
    uint256 private constant COUNTS_MASK = ((1 << 64) - 1) << 96;

    /// @notice Everything a token class is created with.
    struct TokenClassConfig {
        string name;
        string symbol;
        uint8 decimals;
        address admin;
        address upgrader;
        bool requireAccreditation;
        bool regS;
        uint40 regSDistributionEnd;
        uint40 transfersLockedUntil;
        uint96 maxBalancePerInvestor;
        uint32 maxHolders;
        uint32 maxNonAccreditedHolders;
        uint8 countryRule;
        uint16[] countries;
    }

    /// @custom:storage-location erc7201:coinscious.storage.SecurityToken
    struct TokenStorage {
        IInvestorRegistry registry;
        uint256 config;
        uint256 supply;
        mapping(address wallet => uint256) wallets;
        mapping(uint48 investorId => uint256) investors;
        mapping(address owner => mapping(address spender => uint256)) allowances;
        mapping(uint256 index => uint256 bits) countries;
        string name;
        string symbol;
        uint8 decimals;
    }

    // keccak256(abi.encode(uint256(keccak256("coinscious.storage.SecurityToken")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xab2d1fa15d4de46a623ff69abcbcdf0614ca510fc4feeaa84fc45bc4b87f3e00;

    function _s() private pure returns (TokenStorage storage $) {
        assembly {
            $.slot := STORAGE_SLOT
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Initializes the proxy of a new class bound to `registry`.
     * Requirements: `registry`, `cfg.admin` and `cfg.upgrader` are set; `cfg.countryRule` ≤ 2.
     */
    function initialize(address registry, TokenClassConfig calldata cfg) external initializer {
        if (registry == address(0) || cfg.admin == address(0) || cfg.upgrader == address(0)) revert ZeroAddress();
        __AccessControl_init();
        _setRoleAdmin(UPGRADER_ROLE, UPGRADER_ROLE);
        _grantRole(DEFAULT_ADMIN_ROLE, cfg.admin);
        _grantRole(UPGRADER_ROLE, cfg.upgrader);
        TokenStorage storage $ = _s();
        $.registry = IInvestorRegistry(registry);
        $.name = cfg.name;
        $.symbol = cfg.symbol;
        $.decimals = cfg.decimals;
        _setAccreditationRequired(cfg.requireAccreditation);
        _setRegS(cfg.regS, cfg.regSDistributionEnd);
        _setTransferLockup(cfg.transfersLockedUntil);
        _setMaxBalance(cfg.maxBalancePerInvestor);
        _setHolderCaps(cfg.maxHolders, cfg.maxNonAccreditedHolders);
        _setCountryRule(cfg.countryRule);
        if (cfg.countries.length != 0) _setCountries(cfg.countries, true);
    }

    // ================================================================== ERC-20

    function name() external view returns (string memory) {
        return _s().name;
    }

    function symbol() external view returns (string memory) {
        return _s().symbol;
    }

    function decimals() external view returns (uint8) {
        return _s().decimals;
    }

    function totalSupply() external view returns (uint256) {
        return _s().supply.totalSupply();
    }

    function balanceOf(address account) external view returns (uint256) {
        return _s().wallets[account].balance();
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _s().allowances[owner][spender];
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /// @notice ERC-20 transfer, subject to the class's rules (reverts {TransferNotAllowed} with the reason code).
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value, address(0));
        return true;
    }

    /// @notice ERC-20 transferFrom; the spender must itself be a linked, unfrozen wallet.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 current = _s().allowances[from][msg.sender];
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(msg.sender, current, value);
            _s().allowances[from][msg.sender] = current - value;
        }
        _transfer(from, to, value, msg.sender);
        return true;
    }

    /// @notice ERC-3643 batch transfer from the caller to each of `toList`.
    function batchTransfer(address[] calldata toList, uint256[] calldata amounts) external {
        _checkBatch(toList.length, amounts.length);
        for (uint256 i; i < toList.length; ++i) {
            _transfer(msg.sender, toList[i], amounts[i], address(0));
        }
    }

    // ================================================================== rule views

    /**
     * @notice The reason code a `transfer(to, value)` from `from` would fail with; 0 when it would succeed.
     * A plain shortfall of balance is reported as INSUFFICIENT_UNRESTRICTED_BALANCE (120); the transfer then
     * reverts with ERC-20's `ERC20InsufficientBalance`.
     */
    function canTransfer(address from, address to, uint256 value) public view returns (uint8) {
        TokenStorage storage $ = _s();
        (uint256 fW, uint256 fI,) = _loadWallet($, from);
        (uint256 tW, uint256 tI,) = _loadWallet($, to);
        return _transferCode($, $.config, fW, fI, tW, tI, value, 0);
    }

    /// @notice As {canTransfer} for `transferFrom` called by `spender` (the allowance is not considered).
    function canTransferFrom(address spender, address from, address to, uint256 value) public view returns (uint8) {
        TokenStorage storage $ = _s();
        (uint256 fW, uint256 fI,) = _loadWallet($, from);
        (uint256 tW, uint256 tI,) = _loadWallet($, to);
        uint256 spenderState = spender == from ? 0 : _spenderState($, spender);
        return _transferCode($, $.config, fW, fI, tW, tI, value, spenderState);
    }

    /**
     * @notice The transfer-rule code a `mint(to, value)` would fail with; 0 when the rules allow it. Argument
     * errors are not rules and not covered: a zero `value` (`ZeroAmount`), the supply cap (`SupplyCapExceeded`).
     */
    function canMint(address to, uint256 value) external view returns (uint8) {
        TokenStorage storage $ = _s();
        (uint256 tW, uint256 tI,) = _loadWallet($, to);
        return _mintCode($, $.config, tW, tI, value);
    }

    /// @notice ERC-1404: same as {canTransfer}.
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8) {
        return canTransfer(from, to, value);
    }

    /// @notice ERC-1404: the title of `restrictionCode` in the reason-code registry.
    function messageForTransferRestriction(uint8 restrictionCode) external pure returns (string memory) {
        return ReasonCodes.message(restrictionCode);
    }

    /// @notice ERC-3643: `wallet` is linked to an investor with current KYC and neither is frozen.
    function isVerified(address wallet) external view returns (bool) {
        (uint256 w, uint256 inv,) = _loadWallet(_s(), wallet);
        return w.investorId() != 0 && w & Packed.WALLET_FROZEN == 0 && inv & Packed.INVESTOR_FROZEN == 0
            && inv.kycExpiry() > block.timestamp;
    }

    // ================================================================== agent actions

    /**
     * @notice Issues `value` to `to`, subject to the recipient's rules.
     * Requirements: `AGENT_ROLE`; `value` > 0; total supply stays ≤ 2^96-1.
     * Emits {Transfer} from the zero address, and {HolderCountsChanged} when `to`'s investor is a new holder.
     */
    function mint(address to, uint256 value) external onlyRole(AGENT_ROLE) {
        _mint(to, value);
    }

    /// @notice Batch form of {mint}; all or nothing.
    function batchMint(address[] calldata toList, uint256[] calldata amounts) external onlyRole(AGENT_ROLE) {
        _checkBatch(toList.length, amounts.length);
        for (uint256 i; i < toList.length; ++i) {
            _mint(toList[i], amounts[i]);
        }
    }

    /**
     * @notice Redeems `value` from `from`; frozen partial amounts are released first where needed (ERC-3643).
     * Requirements: `AGENT_ROLE`; 0 < `value` ≤ balance.
     */
    function burn(address from, uint256 value) external onlyRole(AGENT_ROLE) {
        _burn(from, value);
    }

    /// @notice Batch form of {burn}; all or nothing.
    function batchBurn(address[] calldata fromList, uint256[] calldata amounts) external onlyRole(AGENT_ROLE) {
        _checkBatch(fromList.length, amounts.length);
        for (uint256 i; i < fromList.length; ++i) {
            _burn(fromList[i], amounts[i]);
        }
    }

    /**
     * @notice Moves `value` from `from` to `to` outside the sender's rules, for `reasonCode`.
     * Requirements: `AGENT_ROLE`; `reasonCode` ≠ 0; `from` ≠ `to`; 0 < `value` ≤ balance; `to` linked, unfrozen,
     * KYC current.
     * Emits {Transfer} and {ForcedTransfer}.
     */
    function forcedTransfer(address from, address to, uint256 value, uint8 reasonCode) external onlyRole(AGENT_ROLE) {
        _forcedTransfer(from, to, value, reasonCode);
    }

    /// @notice Batch form of {forcedTransfer}; all or nothing.
    function batchForcedTransfer(
        address[] calldata fromList,
        address[] calldata toList,
        uint256[] calldata amounts,
        uint8[] calldata reasonCodes
    ) external onlyRole(AGENT_ROLE) {
        uint256 n = fromList.length;
        _checkBatch(n, toList.length);
        _checkBatch(n, amounts.length);
        _checkBatch(n, reasonCodes.length);
        for (uint256 i; i < n; ++i) {
            _forcedTransfer(fromList[i], toList[i], amounts[i], reasonCodes[i]);
        }
    }

    /**
     * @notice Moves the whole balance, the frozen amount and the frozen flag of a lost wallet to another wallet
     * of the same investor. The investor's class balance and the holder counts do not change.
     * Requirements: `AGENT_ROLE`; both wallets linked to the same investor; the lost wallet holds something.
     * Emits {Transfer}, {WalletRecovered}, and the freeze events that move with the balance.
     */
    function recoveryAddress(address lostWallet, address newWallet) external onlyRole(AGENT_ROLE) returns (bool) {
        if (lostWallet == address(0) || newWallet == address(0)) revert ZeroAddress();
        TokenStorage storage $ = _s();
        (uint256 lW, uint256 inv, bool lPulled) = _loadWallet($, lostWallet);
        (uint256 nW,, bool nPulled) = _loadWallet($, newWallet);
        uint48 id = lW.investorId();
        if (id == 0 || id != nW.investorId() || lostWallet == newWallet) {
            revert WalletsNotSameInvestor(lostWallet, newWallet);
        }
        uint256 amount = lW.balance();
        if (amount == 0) revert NothingToRecover(lostWallet);
        $.wallets[lostWallet] = lW.withBalance(0).withFrozenAmount(0);
        $.wallets[newWallet] = _recoveredWallet(lostWallet, lW, newWallet, nW);
        if (lPulled || nPulled) $.investors[id] = inv;
        emit Transfer(lostWallet, newWallet, amount);
        emit WalletRecovered(lostWallet, newWallet, id, amount);
        return true;
    }

    /// @dev `newWallet`'s word after receiving the balance, frozen amount and frozen flag of `lostWallet`.
    function _recoveredWallet(address lostWallet, uint256 lW, address newWallet, uint256 nW)
        private
        returns (uint256)
    {
        uint256 frozenAmount = lW.frozenAmount();
        nW = nW.withBalance(nW.balance() + lW.balance()).withFrozenAmount(nW.frozenAmount() + frozenAmount);
        if (frozenAmount != 0) {
            emit TokensUnfrozen(lostWallet, frozenAmount);
            emit TokensFrozen(newWallet, frozenAmount);
        }
        if (lW & Packed.WALLET_FROZEN != 0 && nW & Packed.WALLET_FROZEN == 0) {
            nW |= Packed.WALLET_FROZEN;
            emit AddressFrozen(newWallet, true, msg.sender);
        }
        return nW;
    }

    // ================================================================== freezer actions

    /// @notice Freezes or unfreezes `wallet` (a stop order on that wallet). Requirements: `FREEZER_ROLE`.
    function setAddressFrozen(address wallet, bool freeze) external onlyRole(FREEZER_ROLE) {
        _setAddressFrozen(wallet, freeze);
    }

    /// @notice Batch form of {setAddressFrozen}.
    function batchSetAddressFrozen(address[] calldata wallets, bool[] calldata freeze) external onlyRole(FREEZER_ROLE) {
        _checkBatch(wallets.length, freeze.length);
        for (uint256 i; i < wallets.length; ++i) {
            _setAddressFrozen(wallets[i], freeze[i]);
        }
    }

    /**
     * @notice Freezes `amount` of `wallet`'s balance so it cannot be transferred.
     * Requirements: `FREEZER_ROLE`; 0 < `amount` ≤ the wallet's unfrozen balance.
     */
    function freezePartialTokens(address wallet, uint256 amount) external onlyRole(FREEZER_ROLE) {
        _freezePartial(wallet, amount);
    }

    /// @notice Batch form of {freezePartialTokens}.
    function batchFreezePartialTokens(address[] calldata wallets, uint256[] calldata amounts)
        external
        onlyRole(FREEZER_ROLE)
    {
        _checkBatch(wallets.length, amounts.length);
        for (uint256 i; i < wallets.length; ++i) {
            _freezePartial(wallets[i], amounts[i]);
        }
    }

    /// @notice Releases `amount` of `wallet`'s frozen tokens. Requirements: `FREEZER_ROLE`; 0 < `amount` ≤ frozen.
    function unfreezePartialTokens(address wallet, uint256 amount) external onlyRole(FREEZER_ROLE) {
        _unfreezePartial(wallet, amount);
    }

    /// @notice Batch form of {unfreezePartialTokens}.
    function batchUnfreezePartialTokens(address[] calldata wallets, uint256[] calldata amounts)
        external
        onlyRole(FREEZER_ROLE)
    {
        _checkBatch(wallets.length, amounts.length);
        for (uint256 i; i < wallets.length; ++i) {
            _unfreezePartial(wallets[i], amounts[i]);
        }
    }

    function isFrozen(address wallet) external view returns (bool) {
        return _s().wallets[wallet] & Packed.WALLET_FROZEN != 0;
    }

    function getFrozenTokens(address wallet) external view returns (uint256) {
        return _s().wallets[wallet].frozenAmount();
    }

    // ================================================================== pause

    /// @notice Stops holder-initiated transfers. Requirements: `GUARDIAN_ROLE` or `DEFAULT_ADMIN_ROLE`; not paused.
    function pause() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender)) _checkRole(DEFAULT_ADMIN_ROLE);
        TokenStorage storage $ = _s();
        if ($.config & Packed.PAUSED != 0) revert EnforcedPause();
        $.config |= Packed.PAUSED;
        emit Paused(msg.sender);
    }

    /// @notice Resumes transfers. Requirements: `DEFAULT_ADMIN_ROLE` (the guardian cannot unpause); paused.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        TokenStorage storage $ = _s();
        if ($.config & Packed.PAUSED == 0) revert ExpectedPause();
        $.config &= ~Packed.PAUSED;
        emit Unpaused(msg.sender);
    }

    function paused() external view returns (bool) {
        return _s().config & Packed.PAUSED != 0;
    }

    // ================================================================== admin configuration

    function setAccreditationRequired(bool required) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setAccreditationRequired(required);
    }

    /// @notice Makes this a Reg S class: US persons may not receive before `distributionEnd` (Rule 903).
    function setRegS(bool enabled, uint40 distributionEnd) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRegS(enabled, distributionEnd);
    }

    /// @notice Issuer lock-up of the whole class: no holder transfers before `lockedUntil`.
    function setTransferLockup(uint40 lockedUntil) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTransferLockup(lockedUntil);
    }

    /// @notice Largest class balance one investor may reach through a transfer or mint; 0 = no limit.
    function setMaxBalancePerInvestor(uint96 maxBalance) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxBalance(maxBalance);
    }

    /// @notice Caps on holders of record and on non-accredited holders; 0 = no cap.
    function setHolderCaps(uint32 maxHolders, uint32 maxNonAccreditedHolders) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setHolderCaps(maxHolders, maxNonAccreditedHolders);
    }

    /// @notice 0 = no jurisdiction rule, 1 = recipients only from listed countries, 2 = none from listed ones.
    function setCountryRule(uint8 rule) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCountryRule(rule);
    }

    /// @notice Adds (`listed`) or removes ISO 3166-1 numeric `countries` from the class's country list.
    function setCountries(uint16[] calldata countries, bool listed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (countries.length == 0) revert EmptyBatch();
        _setCountries(countries, listed);
    }

    /// @notice The class's rule settings.
    function classConfig()
        external
        view
        returns (
            bool isPaused,
            bool requireAccreditation,
            bool regS,
            uint40 regSDistributionEnd,
            uint40 transfersLockedUntil,
            uint96 maxBalancePerInvestor,
            uint8 countryRule
        )
    {
        uint256 cfg = _s().config;
        return (
            cfg & Packed.PAUSED != 0,
            cfg & Packed.REQUIRE_ACCREDITATION != 0,
            cfg & Packed.REG_S != 0,
            uint40(cfg.regSDistributionEnd()),
            uint40(cfg.transfersLockedUntil()),
            uint96(cfg.maxBalance()),
            uint8(cfg.countryRule())
        );
    }

    function isCountryListed(uint16 country) public view returns (bool) {
        return (_s().countries[country >> 8] >> (country & 0xff)) & 1 == 1;
    }

    // ================================================================== holders of record

    /// @notice Holders of record (investors with a non-zero class balance), non-accredited holders, and the caps.
    function holderCounts()
        external
        view
        returns (uint256 holders, uint256 nonAccreditedHolders, uint256 maxHolders, uint256 maxNonAccreditedHolders)
    {
        uint256 s = _s().supply;
        return (s.holders(), s.nonAccreditedHolders(), s.maxHolders(), s.maxNonAccreditedHolders());
    }

    /// @notice Investor `investorId`'s balance in this class, summed over all their wallets.
    function investorBalance(uint48 investorId) external view returns (uint256) {
        return _s().investors[investorId].investorBalance();
    }

    /// @notice Whether investor `investorId` is counted among the non-accredited holders.
    function isCountedNonAccredited(uint48 investorId) external view returns (bool) {
        return _s().investors[investorId] & Packed.COUNTED_NON_ACCREDITED != 0;
    }

    /// @notice The investor `wallet` is linked to (0 = none), as this class sees it.
    function investorOf(address wallet) external view returns (uint48) {
        (uint256 w,,) = _loadWallet(_s(), wallet);
        return w.investorId();
    }

    /**
     * @notice Re-evaluates whether each holder counts as non-accredited now (an accreditation may have expired
     * since the investor was last touched). Anyone may call it; it only makes the counts true.
     */
    function syncHolderStatus(uint48[] calldata investorIds) external {
        TokenStorage storage $ = _s();
        uint256 s = $.supply;
        uint256 before = s;
        for (uint256 i; i < investorIds.length; ++i) {
            uint48 id = investorIds[i];
            uint256 inv = $.investors[id];
            (inv, s) = _recountNonAccredited(inv, s);
            $.investors[id] = inv;
        }
        _storeSupply($, before, s);
    }

    function identityRegistry() external view returns (address) {
        return address(_s().registry);
    }

    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    // ================================================================== registry hooks

    /// @inheritdoc IRegistryHooks
    function onInvestorUpdated(uint48 investorId, uint256 attrs) external {
        TokenStorage storage $ = _s();
        if (msg.sender != address($.registry)) revert UnauthorizedRegistry(msg.sender);
        uint256 inv = ($.investors[investorId] & ~Packed.ATTRS_MASK & ~Packed.COUNTRY_CACHE) | attrs | Packed.SYNCED;
        inv = _withCountryCache($, $.config, inv);
        uint256 s = $.supply;
        uint256 before = s;
        (inv, s) = _recountNonAccredited(inv, s);
        $.investors[investorId] = inv;
        _storeSupply($, before, s);
    }

    /// @inheritdoc IRegistryHooks
    function onWalletLinked(address wallet, uint48 investorId, uint256 attrs) external {
        TokenStorage storage $ = _s();
        if (msg.sender != address($.registry)) revert UnauthorizedRegistry(msg.sender);
        $.wallets[wallet] = $.wallets[wallet].withInvestorId(investorId);
        uint256 inv = $.investors[investorId];
        // The registry passes the current attributes. They differ from a synced copy only when the investor was
        // removed and registered again (removal pushed zeroed attributes), so the common link costs no write.
        if (inv & Packed.SYNCED == 0 || inv & Packed.ATTRS_MASK != attrs) {
            inv = (inv & ~Packed.ATTRS_MASK & ~Packed.COUNTRY_CACHE) | attrs | Packed.SYNCED;
            $.investors[investorId] = _withCountryCache($, $.config, inv);
        }
    }

    /// @inheritdoc IRegistryHooks
    function onWalletUnlinked(address wallet, uint48) external {
        TokenStorage storage $ = _s();
        if (msg.sender != address($.registry)) revert UnauthorizedRegistry(msg.sender);
        uint256 w = $.wallets[wallet];
        if (w.balance() != 0) revert WalletHasBalance(address(this), wallet, w.balance());
        $.wallets[wallet] = w.withInvestorId(0);
    }

    // ================================================================== internals: moves

    function _transfer(address from, address to, uint256 value, address spender) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        TokenStorage storage $ = _s();
        (uint256 fW, uint256 fI, bool fPulled) = _loadWallet($, from);
        (uint256 tW, uint256 tI, bool tPulled) = _loadWallet($, to);
        uint256 cfg = $.config;
        uint256 spenderState = spender == address(0) || spender == from ? 0 : _spenderState($, spender);
        uint8 code = _transferCode($, cfg, fW, fI, tW, tI, value, spenderState);
        if (code != ReasonCodes.OK) {
            if (code == ReasonCodes.INSUFFICIENT_UNRESTRICTED_BALANCE && value > fW.balance()) {
                revert ERC20InsufficientBalance(from, fW.balance(), value);
            }
            revert TransferNotAllowed(from, to, value, code);
        }
        if (from != to) {
            // Safe: the rules checked value ≤ unfrozen balance, and no balance exceeds the 96-bit supply cap.
            unchecked {
                $.wallets[from] = fW.withBalance(fW.balance() - value);
                $.wallets[to] = tW.withBalance(tW.balance() + value);
            }
        } else if (fPulled) {
            $.wallets[from] = fW;
        }
        uint48 fId = fW.investorId();
        uint48 tId = tW.investorId();
        if (fId != tId) {
            bool countsChange =
                value != 0 && (fI.investorBalance() == value || tI.investorBalance() == 0);
            if (countsChange) {
                uint256 s = $.supply;
                uint256 before = s;
                (fI, s) = _debitInvestor(fI, value, s);
                (tI, s) = _creditInvestor(tI, value, s);
                _storeSupply($, before, s);
            } else {
                unchecked {
                    fI = fI.withInvestorBalance(fI.investorBalance() - value);
                    tI = tI.withInvestorBalance(tI.investorBalance() + value);
                }
            }
            $.investors[fId] = fI;
            $.investors[tId] = _withCountryCache($, cfg, tI);
        } else if (fPulled || tPulled) {
            $.investors[fId] = fI;
        }
        emit Transfer(from, to, value);
    }

    function _mint(address to, uint256 value) private {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        if (value == 0) revert ZeroAmount();
        TokenStorage storage $ = _s();
        (uint256 tW, uint256 tI,) = _loadWallet($, to);
        uint256 cfg = $.config;
        uint8 code = _mintCode($, cfg, tW, tI, value);
        if (code != ReasonCodes.OK) revert TransferNotAllowed(address(0), to, value, code);
        uint256 s = $.supply;
        uint256 before = s;
        if (value > Packed.U96 - s.totalSupply()) {
            revert SupplyCapExceeded(value > Packed.U96 ? value : s.totalSupply() + value, Packed.U96);
        }
        s += value;
        (tI, s) = _creditInvestor(tI, value, s);
        $.wallets[to] = tW.withBalance(tW.balance() + value);
        $.investors[tW.investorId()] = _withCountryCache($, cfg, tI);
        $.supply = s;
        _emitCounts(before, s);
        emit Transfer(address(0), to, value);
    }

    function _burn(address from, uint256 value) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (value == 0) revert ZeroAmount();
        TokenStorage storage $ = _s();
        (uint256 fW, uint256 fI,) = _loadWallet($, from);
        fW = _takeFromWallet(from, fW, value);
        uint256 s = $.supply;
        uint256 before = s;
        s -= value;
        (fI, s) = _debitInvestor(fI, value, s);
        $.wallets[from] = fW;
        $.investors[fW.investorId()] = fI;
        $.supply = s;
        _emitCounts(before, s);
        emit Transfer(from, address(0), value);
    }

    function _forcedTransfer(address from, address to, uint256 value, uint8 reasonCode) private {
        if (from == address(0) || to == address(0)) revert ZeroAddress();
        if (value == 0) revert ZeroAmount();
        if (reasonCode == 0) revert InvalidReasonCode(reasonCode);
        // A forced move to the same wallet moves nothing but would release frozen tokens, which is the freezer's.
        if (from == to) revert SameWallet(from);
        TokenStorage storage $ = _s();
        (uint256 fW, uint256 fI,) = _loadWallet($, from);
        (uint256 tW, uint256 tI,) = _loadWallet($, to);
        uint8 code = _forcedCode(tW, tI);
        if (code != ReasonCodes.OK) revert TransferNotAllowed(from, to, value, code);
        fW = _takeFromWallet(from, fW, value);
        $.wallets[from] = fW;
        $.wallets[to] = tW.withBalance(tW.balance() + value);
        uint48 fId = fW.investorId();
        uint48 tId = tW.investorId();
        if (fId != tId) {
            uint256 s = $.supply;
            uint256 before = s;
            (fI, s) = _debitInvestor(fI, value, s);
            (tI, s) = _creditInvestor(tI, value, s);
            $.investors[fId] = fI;
            $.investors[tId] = tI;
            _storeSupply($, before, s);
        } else {
            $.investors[tId] = tI;
        }
        emit Transfer(from, to, value);
        emit ForcedTransfer(from, to, value, reasonCode);
    }

    /// @dev Debits `value` from a wallet word for an agent action, releasing frozen tokens where needed.
    function _takeFromWallet(address wallet, uint256 w, uint256 value) private returns (uint256) {
        uint256 bal = w.balance();
        if (value > bal) revert ERC20InsufficientBalance(wallet, bal, value);
        uint256 frozenAmount = w.frozenAmount();
        if (value > bal - frozenAmount) {
            uint256 keepFrozen = bal - value;
            w = w.withFrozenAmount(keepFrozen);
            emit TokensUnfrozen(wallet, frozenAmount - keepFrozen);
        }
        return w.withBalance(bal - value);
    }

    function _debitInvestor(uint256 inv, uint256 value, uint256 s) private pure returns (uint256, uint256) {
        uint256 bal = inv.investorBalance();
        inv = inv.withInvestorBalance(bal - value);
        if (bal == value && value != 0) {
            s -= ONE_HOLDER;
            if (inv & Packed.COUNTED_NON_ACCREDITED != 0) {
                s -= ONE_NON_ACCREDITED;
                inv &= ~Packed.COUNTED_NON_ACCREDITED;
            }
        }
        return (inv, s);
    }

    function _creditInvestor(uint256 inv, uint256 value, uint256 s) private view returns (uint256, uint256) {
        uint256 bal = inv.investorBalance();
        inv = inv.withInvestorBalance(bal + value);
        if (bal == 0 && value != 0) {
            s += ONE_HOLDER;
            if (!inv.isAccredited(block.timestamp)) {
                s += ONE_NON_ACCREDITED;
                inv |= Packed.COUNTED_NON_ACCREDITED;
            }
        }
        return (inv, s);
    }

    /// @dev Brings a holder's non-accredited mark in line with its accreditation now; non-holders carry no mark.
    function _recountNonAccredited(uint256 inv, uint256 s) private view returns (uint256, uint256) {
        bool counted = inv & Packed.COUNTED_NON_ACCREDITED != 0;
        bool shouldCount = inv.investorBalance() != 0 && !inv.isAccredited(block.timestamp);
        if (counted && !shouldCount) {
            inv &= ~Packed.COUNTED_NON_ACCREDITED;
            s -= ONE_NON_ACCREDITED;
        } else if (!counted && shouldCount) {
            inv |= Packed.COUNTED_NON_ACCREDITED;
            s += ONE_NON_ACCREDITED;
        }
        return (inv, s);
    }

    function _storeSupply(TokenStorage storage $, uint256 before, uint256 s) private {
        if (s != before) {
            $.supply = s;
            _emitCounts(before, s);
        }
    }

    function _emitCounts(uint256 before, uint256 s) private {
        if ((before ^ s) & COUNTS_MASK != 0) emit HolderCountsChanged(s.holders(), s.nonAccreditedHolders());
    }

    // ================================================================== internals: rules

    /**
     * @dev The wallet word and its investor's word. A wallet linked in the registry before this class was bound
     * is resolved through the registry (`pulled` = true; the caller persists the words when it writes).
     */
    function _loadWallet(TokenStorage storage $, address wallet)
        private
        view
        returns (uint256 w, uint256 inv, bool pulled)
    {
        w = $.wallets[wallet];
        uint48 id = w.investorId();
        if (id != 0) return (w, $.investors[id], false);
        uint256 attrs;
        (id, attrs) = $.registry.walletRecord(wallet);
        if (id == 0) return (w, 0, false);
        w = w.withInvestorId(id);
        inv = ($.investors[id] & ~Packed.ATTRS_MASK & ~Packed.COUNTRY_CACHE) | attrs | Packed.SYNCED;
        pulled = true;
    }

    function _transferCode(
        TokenStorage storage $,
        uint256 cfg,
        uint256 fW,
        uint256 fI,
        uint256 tW,
        uint256 tI,
        uint256 value,
        uint256 spenderState
    ) private view returns (uint8) {
        // 1. class state
        if (cfg & Packed.PAUSED != 0 || cfg.transfersLockedUntil() > block.timestamp) {
            return ReasonCodes.TRANSFER_FROZEN;
        }
        // 2. stop orders
        if (_isStopped(fW, fI) || _isStopped(tW, tI) || spenderState & SPENDER_STOPPED != 0) {
            return ReasonCodes.STOP_ORDER;
        }
        // 3. wallet resolution
        if (fW.investorId() == 0) return ReasonCodes.WALLET_NOT_WHITELISTED_FROM;
        if (tW.investorId() == 0) return ReasonCodes.WALLET_NOT_WHITELISTED_TO;
        if (spenderState & SPENDER_UNLINKED != 0) return ReasonCodes.WALLET_NOT_WHITELISTED_SPENDER;
        // 4. KYC, sender then recipient
        uint8 code = _kycCode(fI, ReasonCodes.KYC_MISSING_FROM, ReasonCodes.KYC_EXPIRED_FROM);
        if (code != 0) return code;
        code = _kycCode(tI, ReasonCodes.KYC_MISSING_TO, ReasonCodes.KYC_EXPIRED_TO);
        if (code != 0) return code;
        // 5. jurisdiction
        if (!_countryAllowed($, cfg, tI)) return ReasonCodes.JURISDICTION_BLOCKED;
        // 6. holding period, Reg S, unrestricted balance
        if (fI.lockupUntil() > block.timestamp) return ReasonCodes.HOLDING_PERIOD_144;
        if (_regSBlocks(cfg, tI)) return ReasonCodes.REG_S_DCP_US_PERSON;
        if (value > fW.balance() - fW.frozenAmount()) return ReasonCodes.INSUFFICIENT_UNRESTRICTED_BALANCE;
        // 7. accreditation
        code = _accreditationCode(cfg, tI);
        if (code != 0) return code;
        // 8. limits; a move between wallets of one investor changes neither its balance nor the counts
        if (fW.investorId() == tW.investorId()) return ReasonCodes.OK;
        bool fromExits = value != 0 && fI.investorBalance() == value;
        return _limitCode($, cfg, tI, value, fromExits, fromExits && fI & Packed.COUNTED_NON_ACCREDITED != 0);
    }

    /// @dev A `transferFrom` spender other than the owner must itself be a linked wallet under no stop order.
    function _spenderState(TokenStorage storage $, address spender) private view returns (uint256 state) {
        (uint256 w, uint256 inv,) = _loadWallet($, spender);
        if (_isStopped(w, inv)) state |= SPENDER_STOPPED;
        if (w.investorId() == 0) state |= SPENDER_UNLINKED;
    }

    function _mintCode(TokenStorage storage $, uint256 cfg, uint256 tW, uint256 tI, uint256 value)
        private
        view
        returns (uint8)
    {
        if (_isStopped(tW, tI)) return ReasonCodes.STOP_ORDER;
        if (tW.investorId() == 0) return ReasonCodes.WALLET_NOT_WHITELISTED_TO;
        uint8 code = _kycCode(tI, ReasonCodes.KYC_MISSING_TO, ReasonCodes.KYC_EXPIRED_TO);
        if (code != 0) return code;
        if (!_countryAllowed($, cfg, tI)) return ReasonCodes.JURISDICTION_BLOCKED;
        if (_regSBlocks(cfg, tI)) return ReasonCodes.REG_S_DCP_US_PERSON;
        code = _accreditationCode(cfg, tI);
        if (code != 0) return code;
        return _limitCode($, cfg, tI, value, false, false);
    }

    function _forcedCode(uint256 tW, uint256 tI) private view returns (uint8) {
        if (_isStopped(tW, tI)) return ReasonCodes.STOP_ORDER;
        if (tW.investorId() == 0) return ReasonCodes.WALLET_NOT_WHITELISTED_TO;
        return _kycCode(tI, ReasonCodes.KYC_MISSING_TO, ReasonCodes.KYC_EXPIRED_TO);
    }

    function _isStopped(uint256 w, uint256 inv) private pure returns (bool) {
        return w & Packed.WALLET_FROZEN != 0 || inv & Packed.INVESTOR_FROZEN != 0;
    }

    function _kycCode(uint256 inv, uint8 missing, uint8 expired) private view returns (uint8) {
        uint256 expiry = inv.kycExpiry();
        if (expiry == 0) return missing;
        if (expiry <= block.timestamp) return expired;
        return ReasonCodes.OK;
    }

    /**
     * @dev The jurisdiction rule for the recipient. The verdict is cached in the investor word with the epoch of
     * the class's country list; a list or rule change bumps the epoch, so a stale verdict is never used. The
     * cache saves the cold read of the country bitmap on every transfer. Country 0 (unknown) is always refused,
     * whatever the rule (compliance-rules.md §0: missing data fails closed; an unknown country may be an embargoed
     * one); under the OFF rule every recorded country passes.
     */
    function _countryAllowed(TokenStorage storage $, uint256 cfg, uint256 inv) private view returns (bool) {
        uint256 rule = cfg.countryRule();
        if (rule == Packed.COUNTRY_RULE_OFF) return inv.country() != 0;
        if (inv.cachedCountryEpoch() == cfg.countryEpoch()) return inv & Packed.COUNTRY_OK != 0;
        return _countryVerdict($, rule, inv);
    }

    /**
     * @dev The uncached verdict under an ON rule (allow- or deny-list); callers handle the OFF rule. Country 0
     * ("unknown", which the registry accepts) is never allowed, whatever the list holds: missing data fails
     * closed (compliance-rules.md §0), so an investor whose country was never recorded cannot pass a deny-list.
     * Every cached verdict comes from here (`_withCountryCache`, `_countryAllowed`) and a country change clears
     * the cache, so the cache never holds an "allowed" verdict for country 0. (A proxy upgraded from an
     * implementation without this check may hold such verdicts at the current epoch: bump the epoch after the
     * upgrade, e.g. `setCountryRule` with the current rule, so they are re-evaluated.)
     */
    function _countryVerdict(TokenStorage storage $, uint256 rule, uint256 inv) private view returns (bool) {
        uint256 c = inv.country();
        if (c == 0) return false;
        bool listed = ($.countries[c >> 8] >> (c & 0xff)) & 1 == 1;
        return rule == Packed.COUNTRY_RULE_ALLOW ? listed : !listed;
    }

    /// @dev `inv` with a current jurisdiction cache (unchanged when the rule is off or the cache is current).
    function _withCountryCache(TokenStorage storage $, uint256 cfg, uint256 inv) private view returns (uint256) {
        uint256 rule = cfg.countryRule();
        uint256 epoch = cfg.countryEpoch();
        if (rule == Packed.COUNTRY_RULE_OFF || inv.cachedCountryEpoch() == epoch) return inv;
        inv = (inv & ~Packed.COUNTRY_CACHE) | (epoch << Packed.COUNTRY_EPOCH_SHIFT);
        return _countryVerdict($, rule, inv) ? inv | Packed.COUNTRY_OK : inv;
    }

    /// @dev Invalidates every cached jurisdiction verdict (epoch 0 is never current: the first bump makes it 1).
    function _bumpCountryEpoch(TokenStorage storage $) private {
        uint256 cfg = $.config;
        uint256 epoch = (cfg.countryEpoch() + 1) & Packed.COUNTRY_EPOCH_MASK;
        if (epoch == 0) epoch = 1;
        $.config = (cfg & ~(Packed.COUNTRY_EPOCH_MASK << Packed.CONFIG_EPOCH_SHIFT)) | (epoch << Packed.CONFIG_EPOCH_SHIFT);
    }

    function _regSBlocks(uint256 cfg, uint256 tI) private view returns (bool) {
        return cfg & Packed.REG_S != 0 && tI & Packed.US_PERSON != 0 && block.timestamp < cfg.regSDistributionEnd();
    }

    function _accreditationCode(uint256 cfg, uint256 tI) private view returns (uint8) {
        if (cfg & Packed.REQUIRE_ACCREDITATION == 0) return ReasonCodes.OK;
        uint256 expiry = tI.accreditationExpiry();
        if (expiry == 0) return ReasonCodes.ACCREDITATION_REQUIRED;
        if (expiry <= block.timestamp) return ReasonCodes.ACCREDITATION_EXPIRED;
        return ReasonCodes.OK;
    }

    /// @dev Max balance, then the holder caps when the move raises a count (pre-trade guard, §1.6).
    function _limitCode(
        TokenStorage storage $,
        uint256 cfg,
        uint256 tI,
        uint256 value,
        bool fromExits,
        bool fromCountedNonAccredited
    ) private view returns (uint8) {
        uint256 toBalance = tI.investorBalance();
        uint256 maxBalance = cfg.maxBalance();
        // Written so that no value, however large, can overflow (a huge value is simply over the limit).
        if (maxBalance != 0 && (value > maxBalance || toBalance > maxBalance - value)) {
            return ReasonCodes.MAX_BALANCE_EXCEEDED;
        }
        if (value == 0 || toBalance != 0) return ReasonCodes.OK;
        bool raisesTotal = !fromExits;
        bool raisesNonAccredited = !tI.isAccredited(block.timestamp) && !fromCountedNonAccredited;
        if (!raisesTotal && !raisesNonAccredited) return ReasonCodes.OK;
        uint256 s = $.supply;
        if (raisesTotal && s.maxHolders() != 0 && s.holders() >= s.maxHolders()) {
            return ReasonCodes.HOLDER_LIMIT_TOTAL;
        }
        if (raisesNonAccredited && s.maxNonAccreditedHolders() != 0
                && s.nonAccreditedHolders() >= s.maxNonAccreditedHolders()) {
            return ReasonCodes.HOLDER_LIMIT_NON_ACCREDITED;
        }
        return ReasonCodes.OK;
    }

    // ================================================================== internals: settings

    function _approve(address owner, address spender, uint256 value) private {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _s().allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _setAddressFrozen(address wallet, bool freeze) private {
        if (wallet == address(0)) revert ZeroAddress();
        TokenStorage storage $ = _s();
        uint256 w = $.wallets[wallet];
        $.wallets[wallet] = freeze ? w | Packed.WALLET_FROZEN : w & ~Packed.WALLET_FROZEN;
        emit AddressFrozen(wallet, freeze, msg.sender);
    }

    function _freezePartial(address wallet, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        TokenStorage storage $ = _s();
        uint256 w = $.wallets[wallet];
        uint256 frozenAmount = w.frozenAmount();
        uint256 unfrozen = w.balance() - frozenAmount;
        if (amount > unfrozen) revert FreezeExceedsBalance(wallet, unfrozen, amount);
        $.wallets[wallet] = w.withFrozenAmount(frozenAmount + amount);
        emit TokensFrozen(wallet, amount);
    }

    function _unfreezePartial(address wallet, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        TokenStorage storage $ = _s();
        uint256 w = $.wallets[wallet];
        uint256 frozenAmount = w.frozenAmount();
        if (amount > frozenAmount) revert UnfreezeExceedsFrozen(wallet, frozenAmount, amount);
        $.wallets[wallet] = w.withFrozenAmount(frozenAmount - amount);
        emit TokensUnfrozen(wallet, amount);
    }

    function _setAccreditationRequired(bool required) private {
        TokenStorage storage $ = _s();
        $.config = required ? $.config | Packed.REQUIRE_ACCREDITATION : $.config & ~Packed.REQUIRE_ACCREDITATION;
        emit AccreditationRequirementSet(required);
    }

    function _setRegS(bool enabled, uint40 distributionEnd) private {
        TokenStorage storage $ = _s();
        uint256 cfg = ($.config & ~(Packed.U40 << 48) & ~Packed.REG_S) | (uint256(distributionEnd) << 48);
        $.config = enabled ? cfg | Packed.REG_S : cfg;
        emit RegSConfigured(enabled, distributionEnd);
    }

    function _setTransferLockup(uint40 lockedUntil) private {
        TokenStorage storage $ = _s();
        $.config = ($.config & ~(Packed.U40 << 8)) | (uint256(lockedUntil) << 8);
        emit TransferLockupSet(lockedUntil);
    }

    function _setMaxBalance(uint96 maxBalance) private {
        TokenStorage storage $ = _s();
        $.config = ($.config & ~(Packed.U96 << 96)) | (uint256(maxBalance) << 96);
        emit MaxBalanceSet(maxBalance);
    }

    function _setHolderCaps(uint32 maxHolders, uint32 maxNonAccreditedHolders) private {
        TokenStorage storage $ = _s();
        $.supply = ($.supply & ((1 << 160) - 1)) | (uint256(maxHolders) << 160)
            | (uint256(maxNonAccreditedHolders) << 192);
        emit HolderCapsSet(maxHolders, maxNonAccreditedHolders);
    }

    function _setCountryRule(uint8 rule) private {
        if (rule > Packed.COUNTRY_RULE_DENY) revert InvalidCountryRule(rule);
        TokenStorage storage $ = _s();
        $.config = ($.config & ~(uint256(3) << Packed.COUNTRY_RULE_SHIFT)) | (uint256(rule) << Packed.COUNTRY_RULE_SHIFT);
        _bumpCountryEpoch($);
        emit CountryRuleSet(rule);
    }

    function _setCountries(uint16[] calldata countries, bool listed) private {
        TokenStorage storage $ = _s();
        for (uint256 i; i < countries.length; ++i) {
            uint16 c = countries[i];
            if (c > 999) revert InvalidCountry(c);
            uint256 bit = 1 << (c & 0xff);
            uint256 word = $.countries[c >> 8];
            $.countries[c >> 8] = listed ? word | bit : word & ~bit;
        }
        _bumpCountryEpoch($);
        emit CountriesSet(countries, listed);
    }

    function _checkBatch(uint256 n, uint256 m) private pure {
        if (n == 0) revert EmptyBatch();
        if (m != n) revert ArrayLengthMismatch(n, m);
    }

    function _authorizeUpgrade(address) internal override onlyRole(UPGRADER_ROLE) {}
}
