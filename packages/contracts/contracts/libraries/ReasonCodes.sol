// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ReasonCodes
 * @notice The transfer-restriction codes the chain can decide, ERC-1404 compatible (`uint8`, 0 = success).
 * The numbers are the ones of the reason-code registry in the core package (compliance-rules.md §6.1);
 * a test compares this file with that registry, so they can never diverge. Codes are never renumbered.
 */
library ReasonCodes {
    uint8 internal constant OK = 0;
    uint8 internal constant TRANSFER_FROZEN = 10;
    uint8 internal constant STOP_ORDER = 11;
    uint8 internal constant WALLET_NOT_WHITELISTED_FROM = 20;
    uint8 internal constant WALLET_NOT_WHITELISTED_TO = 21;
    uint8 internal constant WALLET_NOT_WHITELISTED_SPENDER = 22;
    uint8 internal constant KYC_MISSING_FROM = 40;
    uint8 internal constant KYC_MISSING_TO = 41;
    uint8 internal constant KYC_EXPIRED_FROM = 44;
    uint8 internal constant KYC_EXPIRED_TO = 45;
    uint8 internal constant JURISDICTION_BLOCKED = 50;
    uint8 internal constant ACCREDITATION_REQUIRED = 60;
    uint8 internal constant ACCREDITATION_EXPIRED = 61;
    uint8 internal constant HOLDING_PERIOD_144 = 70;
    uint8 internal constant REG_S_DCP_US_PERSON = 100;
    uint8 internal constant HOLDER_LIMIT_TOTAL = 110;
    uint8 internal constant HOLDER_LIMIT_NON_ACCREDITED = 111;
    uint8 internal constant MAX_BALANCE_EXCEEDED = 112;
    uint8 internal constant INSUFFICIENT_UNRESTRICTED_BALANCE = 120;

    /// @notice The registry's title for `code`; "UNKNOWN" for a code the chain never returns.
    function message(uint8 code) internal pure returns (string memory) {
        if (code == OK) return "OK";
        if (code == TRANSFER_FROZEN) return "Transfers are frozen for this class";
        if (code == STOP_ORDER) return "Stop order on a party";
        if (code == WALLET_NOT_WHITELISTED_FROM) return "Sender wallet not linked to an investor";
        if (code == WALLET_NOT_WHITELISTED_TO) return "Recipient wallet not linked to an investor";
        if (code == WALLET_NOT_WHITELISTED_SPENDER) return "Spender wallet not linked to an investor";
        if (code == KYC_MISSING_FROM) return "Sender KYC missing";
        if (code == KYC_MISSING_TO) return "Recipient KYC missing";
        if (code == KYC_EXPIRED_FROM) return "Sender KYC expired";
        if (code == KYC_EXPIRED_TO) return "Recipient KYC expired";
        if (code == JURISDICTION_BLOCKED) return "Recipient jurisdiction blocked";
        if (code == ACCREDITATION_REQUIRED) return "Recipient must be accredited";
        if (code == ACCREDITATION_EXPIRED) return "Recipient accreditation expired";
        if (code == HOLDING_PERIOD_144) return "Holding period not met";
        if (code == REG_S_DCP_US_PERSON) return "Reg S: US person during distribution compliance period";
        if (code == HOLDER_LIMIT_TOTAL) return "Holder-of-record cap reached";
        if (code == HOLDER_LIMIT_NON_ACCREDITED) return "Non-accredited holder cap reached";
        if (code == MAX_BALANCE_EXCEEDED) return "Investor balance limit exceeded";
        if (code == INSUFFICIENT_UNRESTRICTED_BALANCE) return "Insufficient unrestricted balance";
        return "UNKNOWN";
    }
}
