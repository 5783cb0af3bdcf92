// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICoinsciousErrors
 * @notice Custom errors shared by the Coinscious contracts, named in the style of EIP-6093 and carrying the
 * arguments an operator needs to see what was wrong. Missing roles revert with OpenZeppelin's
 * `AccessControlUnauthorizedAccount(account, role)`; ERC-20 balance and allowance failures with the
 * EIP-6093 `ERC20*` errors.
 */
interface ICoinsciousErrors {
    /// @dev An address argument that must be set was the zero address.
    error ZeroAddress();
    /// @dev An amount argument that must be positive was zero.
    error ZeroAmount();
    /// @dev Two arrays of one batch call have different lengths.
    error ArrayLengthMismatch(uint256 expected, uint256 actual);
    /// @dev A batch call was given no items.
    error EmptyBatch();
    /// @dev Investor id 0 is reserved for "no investor".
    error ZeroInvestorId();
    /// @dev `registerInvestor` for an id that is already registered.
    error InvestorAlreadyRegistered(uint48 investorId);
    /// @dev The investor id is not registered.
    error UnknownInvestor(uint48 investorId);
    /// @dev The wallet is already linked (to `investorId`).
    error WalletAlreadyLinked(address wallet, uint48 investorId);
    /// @dev The wallet is not linked to any investor.
    error WalletNotLinked(address wallet);
    /// @dev The investor still has linked wallets and cannot be removed.
    error InvestorHasWallets(uint48 investorId, uint256 walletCount);
    /// @dev Country must be an ISO 3166-1 numeric code (0–999).
    error InvalidCountry(uint16 country);
    /// @dev A wallet that still holds tokens of `token` cannot be unlinked (it would break per-investor totals).
    error WalletHasBalance(address token, address wallet, uint256 balance);
    /// @dev A registry hook was called by someone other than the token's registry.
    error UnauthorizedRegistry(address caller);
    /// @dev The token class is already bound to the registry.
    error TokenClassAlreadyBound(address token);
}
