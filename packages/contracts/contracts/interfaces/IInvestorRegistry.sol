// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IInvestorRegistry
 * @notice The investor registry shared by every token class of one issuer: wallet → investor (several wallets
 * per investor) and, per investor, the attributes the transfer rules need.
 */
interface IInvestorRegistry {
    /// @notice One investor's attributes. Timestamps are Unix seconds; 0 means "never set".
    struct InvestorRecord {
        /// ISO 3166-1 numeric country code (840 = United States); 0 = unknown.
        uint16 country;
        /// KYC is valid while `block.timestamp < kycExpiry`; 0 = no KYC.
        uint40 kycExpiry;
        /// Accredited while `block.timestamp < accreditationExpiry`; 0 = not accredited.
        uint40 accreditationExpiry;
        /// The investor may not send tokens while `block.timestamp < lockupUntil` (Rule 144 / Reg S period).
        uint40 lockupUntil;
        /// US person under Regulation S, Rule 902(k).
        bool usPerson;
        /// Stop order on the investor: nothing moves to or from any of their wallets.
        bool frozen;
    }

    event InvestorRegistered(uint48 indexed investorId, InvestorRecord record);
    event InvestorUpdated(uint48 indexed investorId, InvestorRecord record);
    event InvestorRemoved(uint48 indexed investorId);
    event WalletLinked(address indexed wallet, uint48 indexed investorId);
    event WalletUnlinked(address indexed wallet, uint48 indexed investorId);
    event TokenClassBound(address indexed token);

    function investorOf(address wallet) external view returns (uint48);

    /// @notice The wallet's investor and that investor's packed attributes (see `Packed`), in one call.
    function walletRecord(address wallet) external view returns (uint48 investorId, uint256 attrs);

    function bindTokenClass(address token) external;
}

/**
 * @title IRegistryHooks
 * @notice What a token class implements so the registry can push investor changes into it; a transfer then
 * needs no call to the registry (the "push" design of benchmarks.md).
 */
interface IRegistryHooks {
    function onInvestorUpdated(uint48 investorId, uint256 attrs) external;

    function onWalletLinked(address wallet, uint48 investorId, uint256 attrs) external;

    function onWalletUnlinked(address wallet, uint48 investorId) external;
}
