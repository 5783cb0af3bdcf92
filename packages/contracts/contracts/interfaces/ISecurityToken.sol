// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ISecurityTokenEvents
 * @notice Events of `SecurityToken` beyond ERC-20's. Where ERC-3643 defines an event for the same fact
 * (`AddressFrozen`, `TokensFrozen`, `TokensUnfrozen`, `Paused`, `Unpaused`) the same signature is used, so
 * tools that understand T-REX understand these.
 */
interface ISecurityTokenEvents {
    event AddressFrozen(address indexed userAddress, bool indexed isFrozen, address indexed owner);
    event TokensFrozen(address indexed userAddress, uint256 amount);
    event TokensUnfrozen(address indexed userAddress, uint256 amount);
    event Paused(address account);
    event Unpaused(address account);
    /// @notice An agent moved `value` from `from` to `to` outside the transfer rules, for `reasonCode`
    /// (a forced-transfer reason of the core package). The ERC-20 `Transfer` event is emitted as well.
    event ForcedTransfer(address indexed from, address indexed to, uint256 value, uint8 indexed reasonCode);
    /// @notice The whole balance (and frozen state) of `lostWallet` moved to `newWallet`, both of `investorId`.
    event WalletRecovered(
        address indexed lostWallet, address indexed newWallet, uint48 indexed investorId, uint256 amount
    );
    /// @notice The class's holders of record (investors with a non-zero balance) or non-accredited holders changed.
    event HolderCountsChanged(uint256 holders, uint256 nonAccreditedHolders);
    event AccreditationRequirementSet(bool required);
    event RegSConfigured(bool enabled, uint40 distributionEnd);
    event TransferLockupSet(uint40 lockedUntil);
    event MaxBalanceSet(uint96 maxBalancePerInvestor);
    event HolderCapsSet(uint32 maxHolders, uint32 maxNonAccreditedHolders);
    event CountryRuleSet(uint8 rule);
    event CountriesSet(uint16[] countries, bool listed);
}

/**
 * @title ISecurityTokenErrors
 * @notice Errors of `SecurityToken` beyond the shared ones.
 */
interface ISecurityTokenErrors {
    /// @dev The transfer rules refused the move; `reasonCode` is what `canTransfer` returns (mint: `from` = 0).
    error TransferNotAllowed(address from, address to, uint256 value, uint8 reasonCode);
    /// @dev The total supply is capped at 2^96-1 base units (balances are packed in 96 bits).
    error SupplyCapExceeded(uint256 requestedSupply, uint256 cap);
    /// @dev Forced transfers need a non-zero reason code.
    error InvalidReasonCode(uint8 reasonCode);
    /// @dev A forced transfer from a wallet to itself (it would only release frozen tokens).
    error SameWallet(address wallet);
    /// @dev Recovery needs both wallets linked to the same investor.
    error WalletsNotSameInvestor(address lostWallet, address newWallet);
    /// @dev The lost wallet holds nothing.
    error NothingToRecover(address lostWallet);
    /// @dev Freezing more than the wallet's unfrozen balance.
    error FreezeExceedsBalance(address wallet, uint256 unfrozenBalance, uint256 amount);
    /// @dev Unfreezing more than is frozen.
    error UnfreezeExceedsFrozen(address wallet, uint256 frozen, uint256 amount);
    /// @dev Country rule must be 0 (off), 1 (allow-list) or 2 (deny-list).
    error InvalidCountryRule(uint8 rule);
    /// @dev The class is paused.
    error EnforcedPause();
    /// @dev The class is not paused.
    error ExpectedPause();
}
